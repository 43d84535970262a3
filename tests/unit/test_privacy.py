"""The write-time redactor (voc/privacy): what it replaces, what it leaves, and its helpers."""

from __future__ import annotations

import dataclasses
import logging
import os
import stat
from pathlib import Path

import pytest

from agent.policy import TurnFacts, decide
from agent.settings import PolicySettings
from voc.privacy import PiiKind, redact, redact_fields, secrets_in
from voc.privacy.files import secure_data_dir
from voc.privacy.logs import RedactingFilter, install_log_redaction

POSITIVES = [
    # (text, kinds found, placeholder that must appear)
    ("card 4111 1111 1111 1111 cvv 123 exp 04/27", {"card", "cvv", "expiry"}, "[card •••• 1111]"),
    ("4539-1488-0343-6467 04/27 123", {"card", "expiry", "cvv"}, "[expiry]"),
    ("My IBAN is GB82 WEST 1234 5698 7654 32", {"iban"}, "[iban •••• 5432]"),
    ("iban de89370400440532013000 please", {"iban"}, "[iban •••• 3000]"),
    ("sort code 20-00-00 account 12345678", {"bank_account"}, "[sort code/account]"),
    ("我的身份证号是11010519491231002X", {"cn_id"}, "[id number]"),
    ("call +44 7700 900123 or (212) 555-0143", {"phone"}, "[phone]"),
    ("手机138 0013 8000，座机010-12345678", {"phone"}, "[phone]"),
    ("email jane.doe+bank@example.co.uk", {"email"}, "[email]"),
    ("my PIN is 4821", {"pin"}, "my PIN is [PIN]"),
    ("PIN码 1234", {"pin"}, "PIN码 [PIN]"),
    ("password: hunter2", {"password"}, "password: [password]"),
    ("密码是abc123", {"password"}, "密码是[password]"),
]

NEGATIVES = [
    "Where is order 123456789? I paid £1,234.56 on 2024-03-15",
    "the branch shuts at 20:00 and the receipt says 20-00-00",
    "I've banked with you since 1998",
    "card 4111 1111 1111 1112 was declined",  # fails Luhn
    "IBAN GB82 WEST 1234 5698 7654 33",  # fails mod-97
    "身份证 110105194912310021 填错了吗",  # fails the check digit
    "tracking 1Z999AA10123456784, transaction TX-9F3A2B7C",
    "order 4539148803436467 has not arrived",  # an order number, labelled as one
    "my PIN is blocked and my password is not working",
    "I forgot my password, how do I reset my PIN?",
    "密码忘了怎么办",
    "reset my login password,reset_password",  # a line of the NLU test CSV
    "  - id: self-password-en",  # a line of the scenario suite
]


@pytest.mark.parametrize(("text", "kinds", "marker"), POSITIVES)
def test_personal_data_is_replaced_by_a_typed_placeholder(
    text: str, kinds: set[str], marker: str
) -> None:
    result = redact(text)
    assert {f.kind.value for f in result.findings} == kinds
    assert marker in result.text
    for f in result.findings:
        assert text[f.start : f.end] not in result.text  # the raw value is gone


@pytest.mark.parametrize("text", NEGATIVES)
def test_look_alikes_are_left_alone(text: str) -> None:
    result = redact(text)
    assert result.findings == () and result.text == text


def test_findings_say_what_and_where_but_never_the_value() -> None:
    text = "my PIN is 4821"
    result = redact(text)
    assert result.shared_secret and result.kinds == {PiiKind.PIN}
    for f in result.findings:
        assert "4821" not in repr(dataclasses.astuple(f))
    assert redact(result.text).findings == ()  # redacting twice changes nothing


def test_profile_fields_lend_their_name_as_context() -> None:
    profile = {"name": "Priya", "pin": "4821", "sort_code": "20-00-00", "tenure_months": 30,
               "contact": {"phone": "07700 900461", "emails": ["p@example.org"]}}  # fmt: skip
    clean = redact_fields(profile)
    assert clean["name"] == "Priya" and clean["tenure_months"] == 30
    assert clean["pin"] == "[PIN]" and clean["sort_code"] == "[sort code/account]"
    assert clean["contact"] == {"phone": "[phone]", "emails": ["[email]"]}


def test_the_agent_learns_a_secret_was_shared_from_the_placeholder_only() -> None:
    assert secrets_in(redact("my PIN is 4821 and cvv 123").text) == [PiiKind.PIN, PiiKind.CVV]
    assert secrets_in("what is my balance") == []


def test_a_shared_secret_adds_a_notice_but_does_not_hand_over() -> None:
    signals = {"intent": "card_pin", "intent_confidence": 0.9, "churn_risk": 0.0}
    decision = decide(TurnFacts(signals=signals, shared_secrets=("pin",)), PolicySettings())
    assert decision.action == "answer"
    fired = decision.as_dict()["triggers"]
    assert [t["name"] for t in fired] == ["shared_secret"]
    assert fired[0]["evidence"] == [{"source": "words", "kind": "pin"}]


def test_the_log_filter_redacts_messages_arguments_tracebacks_and_tokens(
    tmp_path: Path,
) -> None:
    logger = logging.getLogger("warmline.test.privacy")
    handler = logging.FileHandler(tmp_path / "log.txt", encoding="utf-8")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        install_log_redaction()
        assert any(isinstance(f, RedactingFilter) for f in handler.filters)
        logger.warning("customer said %r", "my card is 4111 1111 1111 1111")
        logger.warning("GET /ws/console?token=abc123secret HTTP/1.1")
        try:
            raise ValueError("bad email jane@example.com")
        except ValueError:
            logger.exception("failed for %s", "+44 7700 900123")
    finally:
        logger.removeHandler(handler)
        handler.close()
    written = (tmp_path / "log.txt").read_text(encoding="utf-8")
    for raw in ("4111 1111 1111 1111", "abc123secret", "jane@example.com", "7700 900123"):
        assert raw not in written
    assert "[card •••• 1111]" in written and "ValueError: bad email [email]" in written


def test_data_files_are_created_and_tightened_owner_only(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "nlu-cache").mkdir(parents=True)
    (data / "nlu-cache" / "model.pkl").write_bytes(b"x")
    os.chmod(data / "nlu-cache" / "model.pkl", 0o644)
    (data / "notes.txt").write_text("someone else's file")
    os.chmod(data / "notes.txt", 0o644)
    secure_data_dir(data, [data / "warmline.db", data / "checkpoints.db"])

    def mode(p: Path) -> int:
        return stat.S_IMODE(p.stat().st_mode)

    assert mode(data) == 0o700
    assert mode(data / "warmline.db") == mode(data / "checkpoints.db") == 0o600
    assert mode(data / "nlu-cache") == 0o700 and mode(data / "nlu-cache" / "model.pkl") == 0o600
    assert mode(data / "notes.txt") == 0o644  # not Warmline's: left alone
