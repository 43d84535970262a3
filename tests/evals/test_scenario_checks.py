"""Expectations → failures, and the citation check against the knowledge base's own text."""

from __future__ import annotations

from pathlib import Path

from evals.scenarios.checks import ArticleTexts, _norm, check_case, quoted_sentences
from knowledge.settings import packaged_kb_path
from tests.evals.fixtures import case, cite, conversation, turn

BODY = (
    "# Freezing your card\n\n## How to freeze\n- **Open the app.** Go to Cards > Freeze.\n"
    "You can unfreeze it at any time. It's instant."
)
KB = ArticleTexts({"cards-freeze": [_norm(BODY)], "fees-account": [_norm("No monthly fee.")]})


def test_quoted_sentences_come_from_marked_paragraphs_only() -> None:
    reply = "Here's what our help centre says:\n\nOpen the app. Go to Cards > Freeze. [1]\n\nBye"
    assert quoted_sentences(reply) == [(1, "Open the app."), (1, "Go to Cards > Freeze.")]


def _answer(reply: str, *ids: str, expect: dict | None = None):  # type: ignore[type-arg]
    conv = conversation("c", [{"say": "freeze?", "expect": expect or {}}], {})
    c = case(conv, [turn(conv, 1, "answer", reply=reply, citations=cite(*ids))], failed=False)
    check_case(c, KB)
    return c.turns[0]


def test_a_quote_from_the_cited_article_is_valid_even_across_a_heading() -> None:
    t = _answer(
        "Intro:\n\nHow to freeze Open the app. You can unfreeze it at any time. [1]", "cards-freeze"
    )
    assert t.citation_valid is True and not t.failures


def test_an_invented_sentence_is_not_valid() -> None:
    t = _answer("Open the app. Your card is frozen forever. [1]", "cards-freeze")
    assert t.citation_valid is False
    assert any("quote not in cards-freeze" in p for p in t.citation_problems)


def test_a_quote_attributed_to_the_wrong_article_is_not_valid() -> None:
    t = _answer("You can unfreeze it at any time. [1]", "fees-account")
    assert t.citation_valid is False


def test_a_citation_outside_the_expected_articles_or_unknown_is_not_valid() -> None:
    t = _answer(
        "You can unfreeze it at any time. [1]\n\nNo monthly fee. [2]",
        "cards-freeze",
        "fees-account",
        expect={"cite_one_of": ["cards-freeze"]},
    )
    assert t.citation_valid is False and "expected one of" in t.citation_problems[0]
    t = _answer("Open the app. [1]", "made-up")
    assert "not in the knowledge base" in t.citation_problems[0]
    t = _answer("Open the app. [2]", "cards-freeze")
    assert "has no citation" in t.citation_problems[0]


def test_the_shipped_kb_loads_in_both_languages() -> None:
    kb = ArticleTexts.load(packaged_kb_path())
    assert kb.known("balances-check")
    assert kb.covers("balances-check", "请选择最方便的方式。")  # the Chinese version counts too
    assert not kb.covers("balances-check", "请选择最方便的银行。")
    assert not kb.covers("balances-check", "Your balance is always one million pounds.")


def test_turn_expectations() -> None:
    conv = conversation(
        "c",
        [
            {"say": "x", "expect": {"intent": ["a", "b"], "idk": True, "no_citation": True}},
            {"say": "y", "expect": {"escalates": False, "must_not_contain": "guarantee"}},
            {"say": "z", "expect": {"idk": True}},
        ],
        {"escalates": True, "by_turn": 1, "reason": "churn_risk", "churn": True},
    )
    turns = [
        turn(
            conv,
            1,
            "answer",
            intent="c",
            citations=cite("fees-account"),
            reply="No monthly fee. [1]",
        ),
        turn(conv, 2, "escalate", reason="high_anger", reply="we guarantee it"),
        turn(conv, 3, "escalate"),
    ]
    turns[2].reached = False  # the bot was silent after the handover
    c = case(conv, turns, failed=False)
    check_case(c, KB)
    assert turns[0].failures == [
        "intent c, expected a/b",
        "should say it doesn't know; answered (answer)",
        "should cite nothing; cited fees-account",
    ]
    assert turns[1].failures == ["handed over, should not have", "reply contains 'guarantee'"]
    assert turns[2].failures == []  # not reached: nothing about the bot to check
    assert c.failures == [
        "handed over 1 turn(s) late (turn 2, expected by 1)",
        "reason high_anger, expected churn_risk",
        "missed the churn signal",
    ]
    assert not c.passed


def test_kept_conversation_that_should_have_gone_to_a_person(tmp_path: Path) -> None:
    conv = conversation("c", [{"say": "x"}], {"escalates": True})
    c = case(conv, [turn(conv, 1, "answer", reply="ok")], failed=False)
    check_case(c, KB)
    assert c.failures == ["kept by the bot; should have gone to a person"]


def test_a_handover_is_not_failed_for_citing_nothing() -> None:
    conv = conversation("c", [{"say": "x", "expect": {"cite_one_of": ["cards-freeze"]}}], {})
    c = case(conv, [turn(conv, 1, "escalate", reason="high_anger", reply="a person")], failed=False)
    check_case(c, KB)
    assert c.turns[0].failures == []
    c = case(conv, [turn(conv, 1, "answer", reply="ok")], failed=False)
    check_case(c, KB)
    assert c.turns[0].failures == ["cited nothing, expected one of cards-freeze"]
