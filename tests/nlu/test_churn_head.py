"""Churn head (issue 11): wording no cue lists, exit fees, the full intent posterior,
conversation-level accumulation, and the profile never probing a routine question alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from agent.nlu import UnderstandingEngine
from agent.nlu.churn import assess_churn
from agent.nlu.churn_model import ChurnHeadReading
from agent.policy import TurnFacts, decide
from agent.settings import PolicySettings
from domain.types import (
    CustomerHistory,
    Evidence,
    PriorTurn,
    Role,
    Signals,
    UnderstandingContext,
)
from evals.churn import run_churn_eval

SETTINGS = PolicySettings()


def _conversation(engine: UnderstandingEngine, turns: list[str], text: str) -> Signals:
    """Each earlier turn analysed first and recorded with its intent, as the agent does."""
    prior: list[PriorTurn] = []
    for turn in turns:
        s = engine.analyze(turn, UnderstandingContext(prior_turns=list(prior)))
        prior.append(PriorTurn(Role.CUSTOMER, turn, s.emotion, s.emotion_intensity, s.intent))
    return engine.analyze(text, UnderstandingContext(prior_turns=prior))


def _action(signals: Signals) -> str:
    facts = TurnFacts(signals=signals.as_dict(), intent_flags={})
    return decide(facts, SETTINGS).action


@pytest.mark.parametrize(
    "text",
    [
        "remove my account",
        "get rid of my account",
        "quit this account",
        "close my mortgage",
        "is there an early termination fee on my loan",
        "what's the exit fee",
        "cancellation fee for ending my contract early",
        "提前还贷有违约金吗",
    ],
)
def test_leaving_in_unlisted_words_and_exit_fees(engine: UnderstandingEngine, text: str) -> None:
    assert engine.analyze(text).churn_risk >= 0.5


@pytest.mark.parametrize(
    "text",
    [
        "cancel a transfer",
        "close the app",
        "cancel my card order",
        "customer service hours",
        "switch to dark mode",
        "transfer money to my savings",
        "close this chat",
        "取消转账",
        "关闭app",
    ],
)
def test_hard_negatives_stay_low(engine: UnderstandingEngine, text: str) -> None:
    assert engine.analyze(text).churn_risk < 0.35


def test_evidence_names_the_model_and_the_posterior(engine: UnderstandingEngine) -> None:
    s = engine.analyze("get rid of my account")
    details = [e.detail for e in s.churn_evidence if e.source == "model"]
    assert any(d.startswith("churn head") for d in details)
    assert any("on exit intents" in d for d in details)


@pytest.mark.parametrize(
    ("turns", "text"),
    [
        (
            ["what's my current balance"],
            "ok and how do I transfer all of it out to my account at a different bank?",
        ),
        (["我的余额是多少"], "那我怎么把钱全部转到另一家银行的账户"),
        (
            [],
            "Honestly I've had enough of the fees here, which documents do I need to move my "
            "salary account?",
        ),
    ],
)
def test_the_seed_stories_escalate(
    engine: UnderstandingEngine, turns: list[str], text: str
) -> None:
    s = _conversation(engine, turns, text)
    assert s.churn_risk >= SETTINGS.churn_escalate
    assert _action(s) == "escalate"


def test_latent_question_then_moving_money_accumulates() -> None:
    head = ChurnHeadReading(0.3, [Evidence("model", "churn head 0.30", 0.3)])
    common = dict(
        word_cues=[],
        conversation=[],
        history=[],
        profile=[],
        intent="transfer_out",
        intent_confidence=0.4,
        intent_flags={},
        intent_churn_prior=0.0,
        head=head,
    )
    alone = assess_churn(**common)  # type: ignore[arg-type]
    after_balance = assess_churn(**common, earlier_latent=["check_balance"])  # type: ignore[arg-type]
    assert after_balance.risk > alone.risk
    assert any(e.source == "conversation" for e in after_balance.evidence)


def test_contract_end_alone_never_probes_a_routine_question(engine: UnderstandingEngine) -> None:
    soon = (datetime.now(UTC) + timedelta(days=20)).date().isoformat()
    ctx = UnderstandingContext(profile={"contract_end": soon})
    s = engine.analyze("How do I freeze my card?", ctx)
    assert any(e.source == "profile" for e in s.churn_evidence)  # the prior is raised ...
    assert _action(s) == "answer"  # ... but no retention probe is appended
    leaning = engine.analyze("thinking about my options elsewhere, what's my balance", ctx)
    assert leaning.churn_risk > s.churn_risk


def test_heldout_eval_reports_precision_recall_calibration(
    engine: UnderstandingEngine, tmp_path: Path
) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(
        "churn:\n  en: ['please remove my account']\n  zh: ['我要销户']\n"
        "negatives:\n  en: ['close the app']\n  zh: ['取消转账']\n"
        "conversations:\n"
        "  - {turns: ['balance?'], text: 'send it all to another bank', label: 1}\n",
        encoding="utf-8",
    )
    report = run_churn_eval(engine, path)
    assert set(report.by_language) == {"en", "zh"}
    assert report.overall.n == 4 and report.overall.n_positive == 2
    assert report.overall.bins and sum(b.n for b in report.overall.bins) == 4
    assert 0.0 <= report.overall.brier <= 1.0
    assert report.conversations is not None and report.conversations.n == 1


def test_balance_question_with_history_is_related_and_probes(engine: UnderstandingEngine) -> None:
    # A balance question is latent churn: with repeated balance checks in the history it is not
    # "an unrelated routine question", so the probe stays (the profile-only rule must not eat it).
    ctx = UnderstandingContext(history=CustomerHistory(balance_checks_30d=5))
    s = engine.analyze("balance please", ctx)
    assert any("latent churn" in e.detail for e in s.churn_evidence if e.source == "model")
    assert _action(s) in {"answer_and_probe", "escalate"}


@pytest.mark.parametrize(
    "text",
    [
        "please end this online banking session",
        "sign me out on my old tablet",
        "cancel the standing order I pay my gym with",
        "把旧手机从登录设备里删掉",
    ],
)
def test_sessions_and_other_objects_stay_low(engine: UnderstandingEngine, text: str) -> None:
    assert engine.analyze(text).churn_risk < SETTINGS.churn_probe


@pytest.mark.parametrize(
    "text",
    [
        "I was about to close everything but your colleague sorted it, so I'm keeping the account",
        "那天想销户，不过后来问题都解决了，账户继续用",
    ],
)
def test_settled_intentions_are_not_flagged(engine: UnderstandingEngine, text: str) -> None:
    # Given up or resolved: not churn (< 0.5), never handed to retention.
    s = engine.analyze(text)
    assert s.churn_risk < 0.5
    assert _action(s) != "escalate"


def test_churn_only_in_the_third_turn_escalates(engine: UnderstandingEngine) -> None:
    s = _conversation(
        engine,
        ["how do I order a new card", "ok thanks"],
        "actually forget it, I'm taking all my money to another bank",
    )
    assert _action(s) == "escalate"


def test_a_settled_intention_discounts_the_earlier_turn(engine: UnderstandingEngine) -> None:
    turns = ["I want to close my account"]
    still = _conversation(engine, turns, "what's my balance?")
    settled = _conversation(engine, turns, "never mind, it's sorted now. what's my balance?")
    assert settled.churn_risk < still.churn_risk
    assert _action(settled) != "escalate"
    assert any("now settled" in e.detail for e in settled.churn_evidence)


def test_calibration_holds_out_whole_templates() -> None:
    from agent.nlu.churn_corpus import generate_grouped

    data = generate_grouped()
    assert len(data.texts) == len(data.labels) == len(data.groups)
    families = {g.split("/")[0] for g in data.groups}
    # the hard families are there, with both labels
    assert {"session-en", "resolved-zh", "gone-en", "still-en", "cancel-thing-en"} <= families
    still = {y for y, g in zip(data.labels, data.groups, strict=True) if g.startswith("still")}
    assert still == {1}  # "it's fixed but I'm leaving anyway": a resolved word is not a veto


def test_earlier_turns_in_traditional_characters_are_read_simplified(
    engine: UnderstandingEngine,
) -> None:
    from agent.nlu.churn import conversation_evidence

    def read(text: str) -> list[float]:
        prior = [PriorTurn(Role.CUSTOMER, text)]
        bundle = engine.bundle
        ev = conversation_evidence(
            engine.churn_cues, prior, [], False, bundle.churn_head, bundle.exit_intents
        )
        return [e.weight for e in ev]

    assert read("我要銷戶，錢全部轉到別家銀行") == read("我要销户，钱全部转到别家银行")
    assert read("我要銷戶，錢全部轉到別家銀行")  # and it counts
