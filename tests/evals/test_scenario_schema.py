"""The suite format: the shipped suite parses; a bad file is one clear line and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from domain.errors import InvalidInput
from evals.scenarios.schema import Profile, load_suite, load_suites

DEMO = Path("evals/suites/demo_bank.yaml")
ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_suite_parses_and_covers_what_the_issue_asks() -> None:
    suite = load_suite(ROOT / DEMO)
    convs = suite.conversations
    assert len(convs) >= 80
    assert {c.language for c in convs} == {"en", "zh"}
    tags = {t for c in convs for t in c.tags}
    assert {"routine", "churn", "hard-negative", "emotion", "unanswerable", "human"} <= tags
    stories = {"history", "profile", "context", "combined", "issue-11"}
    assert stories <= tags
    says = {t.say for c in convs for t in c.turns}
    assert "ok and how do I transfer all of it out to my account at a different bank?" in says
    assert suite.thresholds.items()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: x\nconversations: [", "not valid YAML"),
        ("name: x\nconversations: []", "conversations: List should have at least 1 item"),
        (
            "name: x\nconversations:\n - id: a\n   language: fr\n   turns: [{say: hi}]",
            "conversations.0.language",
        ),
        (
            "name: x\nconversations:\n - id: a\n   language: en\n   turns: [{say: hi}]\n"
            "   expect: {escalates: yes, reason: bored}",
            "conversations.0.expect.reason.0",
        ),
        (
            "name: x\nconversations:\n - id: a\n   language: en\n   turns: [{say: hi}]\n"
            "   expect: {by_turn: 3}",
            "by_turn 3 is past the last turn",
        ),
        (
            "name: x\nconversations:\n - id: a\n   language: en\n   turns: [{say: hi}]\n"
            "   history: [{intents: [check_balance]}]",
            "history needs a customer_id",
        ),
        (
            "name: x\nthresholds: {min_happiness: 1}\nconversations:\n - id: a\n   language: en\n"
            "   turns: [{say: hi}]",
            "thresholds.min_happiness",
        ),
    ],
)
def test_bad_suites_say_where(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidInput) as err:
        load_suite(path)
    assert err.value.code == "bad_suite"
    assert message in str(err.value)


def test_the_same_id_in_two_suites_is_refused(tmp_path: Path) -> None:
    one = "name: {n}\nconversations:\n - id: a\n   language: en\n   turns: [{{say: hi}}]\n"
    (tmp_path / "1.yaml").write_text(one.format(n="one"))
    (tmp_path / "2.yaml").write_text(one.format(n="two"))
    with pytest.raises(InvalidInput, match="in two suites"):
        load_suites([tmp_path / "1.yaml", tmp_path / "2.yaml"])


def test_profile_contract_end_is_relative_to_the_run() -> None:
    p = Profile(contract_end_in_days=10, tenure_years=2)
    assert p.as_dict(date(2026, 1, 1)) == {"contract_end": "2026-01-11", "tenure_years": 2}


def test_cli_bad_suite_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nconversations: [{id: a}]", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "WARMLINE_DATA_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "eval", "run", str(bad)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error (bad_suite): ")
    assert "conversations.0.language: Field required" in proc.stderr
    assert "Traceback" not in proc.stderr
