"""Answerability: intent ↔ article agreement, out of scope, another provider, re-ranking."""

from __future__ import annotations

from dataclasses import dataclass, field

from agent.answerability import AnswerabilityConfig, AnswerabilityJudge, IntentMap, Question
from agent.nlu.taxonomy import default_taxonomy_path, load_taxonomy
from domain.types import Hit
from knowledge.documents import Article
from knowledge.settings import packaged_kb_path
from knowledge.sparse import SparseEncoder
from knowledge.vocabulary import KbVocabulary

MAP = IntentMap(
    articles={
        "freeze_card": ("cards-freeze", "cards-lost-stolen"),
        "lost_or_stolen_card": ("cards-lost-stolen",),
        "switch_away": ("switching-away",),
        "loan_application": (),
    },
    names_others=frozenset({"switch_away", "switch_in"}),
    other_accounts=frozenset({"switch_in"}),
    competitors=("revolut", "支付宝"),
)


def hit(article: str, score: float = 0.6) -> Hit:
    return Hit(f"{article}#0", article, article, "", "text", score)


def question(text: str, *posterior: tuple[str, float], language: str = "en") -> Question:
    return Question(text, language, posterior[0][0] if posterior else "out_of_scope", posterior)


def vocabulary() -> KbVocabulary:
    articles = [
        Article("cards-freeze", "Freezing your card", "Tap Freeze card in the app.", "en"),
        Article("cards-freeze", "冻结银行卡", "在应用中点击冻结银行卡。", "zh"),
    ]
    return KbVocabulary.from_articles(articles, SparseEncoder())


def test_agreeing_intent_and_article_is_answerable() -> None:
    judge = AnswerabilityJudge(MAP)
    v = judge.judge(
        question("how do I freeze my card", ("freeze_card", 0.9)),
        [hit("cards-freeze")],
        lexical=False,
    )
    assert v.answerable and v.agreement == 0.9


def test_confident_intent_pointing_elsewhere_needs_high_relevance() -> None:
    judge = AnswerabilityJudge(MAP)
    q = question("how do I freeze my card", ("freeze_card", 0.9))
    assert not judge.judge(q, [hit("switching-away", 0.45)], lexical=False).answerable
    assert judge.judge(q, [hit("switching-away", 0.8)], lexical=False).answerable


def test_intent_without_articles_and_out_of_scope_are_unanswerable() -> None:
    judge = AnswerabilityJudge(MAP)
    loan = question("what's your loan APR", ("loan_application", 0.8))
    oos = question("who won the football", ("out_of_scope", 0.7), ("freeze_card", 0.25))
    assert not judge.judge(loan, [hit("cards-freeze", 0.9)], lexical=False).answerable
    assert "out of scope" in judge.judge(oos, [hit("cards-freeze")], lexical=False).reasons[0]


def test_another_providers_name_only_where_it_does_not_belong() -> None:
    judge = AnswerabilityJudge(MAP)
    revolut = question("how do I freeze my Revolut card", ("freeze_card", 0.9))
    leaving = question("I'm moving my account to Revolut", ("switch_away", 0.9))
    alipay = question("怎么冻结支付宝", ("freeze_card", 0.9), language="zh")
    assert not judge.judge(revolut, [hit("cards-freeze")], lexical=False).answerable
    assert judge.judge(leaving, [hit("switching-away")], lexical=False).answerable
    assert not judge.judge(alipay, [hit("cards-freeze")], lexical=True).answerable


def test_vocabulary_finds_names_and_foreign_chinese_terms() -> None:
    voc = vocabulary()
    en = voc.unknown("How do I freeze my PayPal card? Freezing helps.", "en")
    assert en.names == ("PayPal",) and "Freezing" not in en.words
    assert voc.unknown("冻结银行卡", "zh").cjk_share == 0.0
    assert voc.unknown("花呗逾期", "zh").cjk_share == 1.0
    judge = AnswerabilityJudge(MAP, voc)
    q = question("How do I freeze my PayPal card?", ("freeze_card", 0.9))
    assert not judge.judge(q, [hit("cards-freeze")], lexical=False).answerable


def test_rerank_prefers_the_article_the_intent_points_at() -> None:
    judge = AnswerabilityJudge(MAP, config=AnswerabilityConfig(rerank_weight=0.05))
    hits = [hit("switching-away"), hit("cards-lost-stolen"), hit("cards-freeze")]
    fused = [0.16, 0.15, 0.14]
    # freeze .14 + .05 x .6 = .17; lost .15 + .05 x (.6 + .3) = .195; switching .16 + 0
    order = judge.rerank(hits, fused, [("freeze_card", 0.6), ("lost_or_stolen_card", 0.3)])
    assert [h.article_id for h in order] == ["cards-lost-stolen", "cards-freeze", "switching-away"]
    assert judge.rerank(hits, fused, []) == hits  # no intent: the retriever's order


@dataclass
class _Result:
    hits: list[Hit]
    nothing_found: bool = False
    best_score: float = 0.6
    fused_scores: list[float] = field(default_factory=list)


def test_assess_reads_signals_as_the_agent_state_carries_them() -> None:
    judge = AnswerabilityJudge(MAP)
    signals = {
        "language": "en",
        "intent": "freeze_card",
        "top_intents": [{"intent": "freeze_card", "confidence": 0.8}],
    }
    result = _Result([hit("switching-away"), hit("cards-freeze")], fused_scores=[0.16, 0.15])
    a = judge.assess("freeze my card", signals, result)
    assert a.hits[0].article_id == "cards-freeze" and a.verdict.answerable


def test_demo_taxonomy_maps_every_intent_to_existing_articles() -> None:
    taxonomy = load_taxonomy(default_taxonomy_path())
    known = {p.stem for p in (packaged_kb_path() / "en").glob("*.md")}
    for name, spec in taxonomy.intents.items():
        assert spec.articles is not None, f"{name} declares no articles"
        assert set(spec.articles) <= known, f"{name}: {set(spec.articles) - known}"
    mapped = IntentMap.from_taxonomy(taxonomy)
    assert "switch_away" in mapped.names_others and "freeze_card" not in mapped.names_others


def test_someone_elses_account_is_refused_unless_the_intent_is_about_one() -> None:
    judge = AnswerabilityJudge(MAP, vocabulary())
    close = question("How do I freeze my Zorblax card?", ("freeze_card", 0.9))
    move = question("How do I move my Zorblax account to you?", ("switch_in", 0.9))
    place = question("I lost my card in Zorblax yesterday", ("freeze_card", 0.9))
    assert not judge.judge(close, [hit("cards-freeze")], lexical=False).answerable
    assert judge.judge(move, [hit("cards-freeze")], lexical=False).answerable
    assert judge.judge(place, [hit("cards-freeze")], lexical=False).answerable


def test_asking_for_a_product_no_article_mentions() -> None:
    judge = AnswerabilityJudge(MAP, vocabulary())
    gold = question("Do you offer gold bars?", ("freeze_card", 0.9))
    card = question("Can I freeze my card in the app?", ("freeze_card", 0.9))
    zh = question("你们有黄金吗？", ("freeze_card", 0.9), language="zh")
    assert "gold" in judge.judge(gold, [hit("cards-freeze")], lexical=False).reasons[0]
    assert judge.judge(card, [hit("cards-freeze")], lexical=False).answerable
    assert not judge.judge(zh, [hit("cards-freeze", 0.9)], lexical=True).answerable


def test_eval_loads_both_halves_and_scores_idk_per_split() -> None:
    from evals.answerability import (
        DEFAULT_UNANSWERABLE,
        Case,
        Scored,
        load_cases,
        summarise,
    )
    from evals.retrieval import DEFAULT_QUESTIONS

    cases = load_cases(DEFAULT_UNANSWERABLE, DEFAULT_QUESTIONS)
    for lang in ("en", "zh"):
        unanswerable = [c for c in cases if c.language == lang and c.category != "answerable"]
        unanswerable = [c for c in unanswerable if not c.answerable]
        assert len(unanswerable) >= 40
        assert {c.split for c in unanswerable} == {"dev", "heldout"}

    def row(answerable: bool, said_idk: bool) -> Scored:
        case = Case("x", "q", "en", "other", "dev", ("a",) if answerable else ())
        return Scored(case, False, said_idk, 1, 1, "i", (), "a", "a")

    report = summarise([row(False, True), row(False, False), row(True, True), row(True, False)])
    idk = report["groups"]["dev/en"]["idk_judge"]
    assert (idk["precision"], idk["recall"], idk["answerable_refused"]) == (0.5, 0.5, 0.5)


def test_foreign_chinese_wording_alone_does_not_refuse_an_agreeing_intent() -> None:
    judge = AnswerabilityJudge(MAP, vocabulary())
    zh = question("花呗逾期", ("freeze_card", 0.9), language="zh")
    assert judge.judge(zh, [hit("cards-freeze", 0.9)], lexical=True).answerable
    assert not judge.judge(zh, [hit("switching-away", 0.9)], lexical=True).answerable


def test_vocabulary_learns_ingested_articles_and_unmapped_articles_need_only_relevance() -> None:
    voc = vocabulary()
    judge = AnswerabilityJudge(MAP, voc)
    q = question("Do you offer pet photo cards?", ("freeze_card", 0.9))
    assert not judge.judge(q, [hit("pets-on-cards", 0.7)], lexical=False).answerable
    voc.learn([Article("pets-on-cards", "Pet photo cards", "A pet photo card costs £4.", "en")])
    # freeze_card (0.9) does not point at pets-on-cards, but no intent declares that article:
    # no disagreement (the retriever's relevance floor still applies).
    assert judge.judge(q, [hit("pets-on-cards", 0.3)], lexical=False).answerable
