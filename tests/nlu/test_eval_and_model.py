"""The eval command on a tiny CSV, the taxonomy parser, and the intent model's fast path."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from agent.nlu.intent import IntentModel, IntentModelConfig
from agent.nlu.taxonomy import OUT_OF_SCOPE, parse_taxonomy
from domain.errors import ConfigurationError, InvalidInput
from evals.nlu import macro_f1, read_labelled_csv, run_intent_eval

TRAIN = """text,label
what's my balance,balance
how much money do I have,balance
show me my balance please,balance
查一下余额,balance
I lost my card,lost_card
my card was stolen,lost_card
can't find my card anywhere,lost_card
我的卡丢了,lost_card
"""
TEST = """text,label
how much is in my account,balance
someone stole my card,lost_card
余额多少,balance
卡丢了怎么办,lost_card
"""


def test_eval_on_tiny_csv(tmp_path: Path, embedder: object) -> None:
    (tmp_path / "train.csv").write_text(TRAIN, encoding="utf-8")
    (tmp_path / "test.csv").write_text(TEST, encoding="utf-8")
    result = run_intent_eval(tmp_path / "train.csv", tmp_path / "test.csv", embedder)  # type: ignore[arg-type]
    assert set(result) == {"accuracy", "macro_f1", "n_train", "n_test", "seconds"}
    assert (result["n_train"], result["n_test"]) == (8, 4)
    assert result["accuracy"] >= 0.75


def test_eval_command_prints_json(
    tmp_path: Path, embedder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import api.wiring
    from api.cli import app

    monkeypatch.setattr(api.wiring, "build_embedder", lambda settings: embedder)
    (tmp_path / "train.csv").write_text(TRAIN, encoding="utf-8")
    (tmp_path / "test.csv").write_text(TEST, encoding="utf-8")
    train, test = str(tmp_path / "train.csv"), str(tmp_path / "test.csv")
    out = CliRunner().invoke(app, ["eval", "nlu", "--train", train, "--test", test, "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["n_test"] == 4


def test_bad_csv(tmp_path: Path) -> None:
    (tmp_path / "bad.csv").write_text("sentence,intent\nhi,greet\n", encoding="utf-8")
    with pytest.raises(InvalidInput):
        read_labelled_csv(tmp_path / "bad.csv")


def test_macro_f1() -> None:
    assert macro_f1(["a", "a", "b"], ["a", "a", "b"]) == 1.0
    assert macro_f1(["a", "b"], ["b", "a"]) == 0.0


def test_taxonomy_parse_and_errors() -> None:
    tax = parse_taxonomy("""
version: 1
out_of_scope_examples: {en: ["tell me a joke"]}
intents:
  a: {description: A, flags: {latent: churn}, examples: {en: [x one, x two], zh: [一]}}
  b: {examples: [y one]}
""")
    texts, labels = tax.training_pairs()
    assert labels.count("a") == 3 and labels.count(OUT_OF_SCOPE) == 1
    assert tax.flags("a")["latent"] == "churn" and tax.flags("b")["escalate"] is False
    assert tax.digest and parse_taxonomy("intents: {a: {examples: [x]}, b: {examples: [y]}}").digest
    with pytest.raises(ConfigurationError):
        parse_taxonomy("intents: {a: {examples: []}, b: {examples: [y]}}")
    with pytest.raises(ConfigurationError):
        parse_taxonomy("version: 1")


def test_fast_path_matches_sklearn() -> None:
    rng = np.random.default_rng(0)
    texts = [f"message number {i} about {'cards' if i % 2 else 'loans'}" for i in range(40)]
    labels = [["card", "loan", "fx"][i % 3] for i in range(40)]
    emb = rng.normal(size=(40, 8)).astype(np.float32)
    model = IntentModel(IntentModelConfig(calibrate=True)).fit(texts, labels, emb)
    probs = model.probabilities(texts[:5], emb[:5])
    for i in range(5):
        pred = model.predict(texts[i], emb[i])
        assert pred.confidence == pytest.approx(float(probs[i].max()))
        assert pred.top[0][0] == model.classes[int(probs[i].argmax())]


def test_sample_shots_draws_per_label_and_depends_on_seed() -> None:
    from evals.nlu import sample_shots

    labels = ["a"] * 10 + ["b"] * 10 + ["c"] * 2
    rows = sample_shots(labels, 3, seed=0)
    picked = [labels[i] for i in rows]
    assert (picked.count("a"), picked.count("b"), picked.count("c")) == (3, 3, 2)
    assert rows == sample_shots(labels, 3, seed=0)
    assert any(sample_shots(labels, 3, seed=s) != rows for s in range(1, 6))


def test_eval_few_shot_reports_each_draw(tmp_path: Path, embedder: object) -> None:
    (tmp_path / "train.csv").write_text(TRAIN, encoding="utf-8")
    (tmp_path / "test.csv").write_text(TEST, encoding="utf-8")
    result = run_intent_eval(
        tmp_path / "train.csv",
        tmp_path / "test.csv",
        embedder,  # type: ignore[arg-type]
        shots=2,
        seeds=3,
    )
    assert result["n_train"] == 4 and result["shots"] == 2
    assert len(result["runs"]) == 3
    assert result["accuracy"] == round(sum(result["runs"]) / 3, 4)
    with pytest.raises(InvalidInput):
        run_intent_eval(tmp_path / "train.csv", tmp_path / "test.csv", embedder, shots=0)  # type: ignore[arg-type]
