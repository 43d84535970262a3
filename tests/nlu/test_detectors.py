"""Rule detectors on their own (no model): fast, both languages, hard negatives included."""

from __future__ import annotations

import pytest

from agent.nlu.churn import ChurnCueMatcher, history_evidence, noisy_or, profile_evidence
from agent.nlu.emotion import EmotionReader, trajectory
from agent.nlu.human import detect_wants_human
from agent.nlu.text import detect_language
from domain.types import CustomerHistory


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("what's my balance", "en"),
        ("我卡里还有多少钱", "zh"),
        ("APP又闪退", "zh"),
        ("my 支付宝 account", "en"),
        ("", "en"),
    ],
)
def test_language_by_script(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    "text",
    [
        "can I speak to an actual person",
        "get me a human",
        "OPERATOR",
        "live agent pls",
        "let me talk to your manager",
        "I don't want a chatbot, I want a person",
        "转人工",
        "人工客服",
        "我要人工",
        "找个真人跟我说话",
        "叫你们主管出来",
        "接人工！！！",
    ],
)
def test_wants_human_positives(text: str) -> None:
    score, evidence, _ = detect_wants_human(text)
    assert score >= 0.7, evidence


@pytest.mark.parametrize(
    "text",
    [
        "what are your customer service hours",
        "what's the phone number for customer services",
        "how do I make a person-to-person transfer",
        "is this a bot?",
        "I spoke to a human yesterday and they said the refund takes 5 days",
        "客服电话是多少",
        "人工智能是什么",
        "人工客服几点上班",
        "你是机器人吗",
        "我想给个人账户转账",
        "你回答得很清楚，不用转人工了",
    ],
)
def test_wants_human_hard_negatives(text: str) -> None:
    score, evidence, _ = detect_wants_human(text)
    assert score < 0.7, evidence


@pytest.fixture(scope="module")
def cues() -> ChurnCueMatcher:
    return ChurnCueMatcher()


@pytest.mark.parametrize(
    "text",
    [
        "I'm moving everything to another bank",
        "I want to close my account",
        "I'm switching to Monzo",
        "taking my business elsewhere",
        "我要销户",
        "卡里的钱全部转到别的银行去",
        "携号转网",
        "不想用你们了",
    ],
)
def test_churn_words_fire(cues: ChurnCueMatcher, text: str) -> None:
    assert max((w for _, w, _ in cues.match(text)), default=0.0) >= 0.6


@pytest.mark.parametrize(
    "text",
    [
        "I closed the app and reopened it",
        "cancel the transfer I just made",
        "switch on notifications",
        "how do I close the popup on the home screen",
        "switch my statements to paperless please",
        "我把应用关了又打开就好了",
        "刚才那笔转账帮我取消一下，转错了",
        "怎么开启消息通知",
    ],
)
def test_churn_hard_negatives(cues: ChurnCueMatcher, text: str) -> None:
    assert max((w for _, w, _ in cues.match(text)), default=0.0) < 0.3


def test_counter_cues_lower_risk(cues: ChurnCueMatcher) -> None:
    assert cues.counter("I lost my card and want to cancel it")
    assert cues.counter("卡丢了要注销重新办一张")


def test_noisy_or_combines_weak_evidence() -> None:
    assert noisy_or([]) == 0.0
    assert noisy_or([0.8]) == pytest.approx(0.8)
    assert noisy_or([0.3, 0.3]) == pytest.approx(0.51)


def test_history_and_profile_evidence_name_their_source() -> None:
    ev = history_evidence(
        CustomerHistory(
            balance_checks_30d=5, payoff_checks_30d=2, complaints_30d=1, unresolved_handoffs=1
        )
    )
    assert {e.source for e in ev} == {"history"} and len(ev) == 4
    from datetime import UTC, datetime

    now = datetime(2025, 1, 1, tzinfo=UTC)
    prof = profile_evidence({"contract_end": "2025-01-31", "tenure_months": 3}, now)
    assert {e.source for e in prof} == {"profile"}
    assert any("contract ends in 30 days" in e.detail for e in prof)
    assert profile_evidence({"contract_end": "2026-06-01"}, now) == []


@pytest.mark.parametrize(
    ("text", "emotion"),
    [
        ("THIS IS A DISGRACE. YOU TOOK MY MONEY", "angry"),
        ("great, just great, declined again 🙄", "frustrated"),
        ("I'm really worried someone stole my money", "anxious"),
        ("I don't understand this fee", "confused"),
        ("thanks, that fixed it!", "satisfied"),
        ("my husband passed away", "sad"),
        ("垃圾银行，气死我了🤬", "angry"),
        ("APP又闪退，每次都这样，烦死了", "frustrated"),
        ("急死了，钱还没到", "anxious"),
        ("没看懂这个手续费", "confused"),
        ("太好了，谢谢！", "satisfied"),
        ("失业了，好难过", "sad"),
        ("what's the sort code", "neutral"),
        ("周六网点几点开门", "neutral"),
    ],
)
def test_emotion_lexicon_both_languages(text: str, emotion: str) -> None:
    reading = EmotionReader().read(text, detect_language(text))
    assert reading.emotion == emotion, reading.evidence
    assert (reading.intensity > 0) == (emotion != "neutral")


@pytest.mark.parametrize(
    ("text", "emotion"),
    [
        # General feeling words in everyday social-media text, nothing to do with banking.
        ("honestly i feel so unloved lately", "sad"),
        ("been feeling gloomy all week, cant shake it", "sad"),
        ("i feel guilty for skipping the gym again", "sad"),
        ("im pretty aggravated with everyone today", "frustrated"),
        ("i was appalled by how they treated her", "angry"),
        ("i resent being treated like this", "angry"),
        ("feeling so pressured before my exams", "anxious"),
        ("i feel uneasy walking home at night", "anxious"),
        ("so thrilled and grateful for my friends", "satisfied"),
        # ... and the same vocabulary used literally in banking stays neutral or on topic.
        ("I live alone, can my sister use my card?", "neutral"),
        ("I hate to bother you but where is my card", "neutral"),
        ("payment failure on my transfer", "neutral"),
        ("is the blue card or the green card cheaper?", "neutral"),
        ("my account is restricted, how do I lift it", "neutral"),
        ("the rate is too low on this savings account", "neutral"),
        ("the app is broken", "frustrated"),
        ("i'm not feeling anxious about it anymore", "neutral"),
        ("my card is damaged, can I get a new one", "neutral"),
        ("my account is empty", "neutral"),
        ("I'm off to the branch", "neutral"),
        ("i feel so ugly and unwanted today", "sad"),
        ("something feels off with this email", "anxious"),
        # Chinese everyday posts, and characters that are literal in banking.
        ("今天好累，什么都不想做", "sad"),
        ("压力好大，晚上睡不着", "anxious"),
        ("讨厌这种天气", "angry"),
        ("哈哈哈今天真开心", "satisfied"),
        ("累计消费多少", "neutral"),
        ("恐怕要等到明天", "neutral"),
        # Weibo-style emoticon tags are Chinese posts' emoji.
        ("又扣钱了[怒]", "angry"),
        ("[泪]卡被吞了", "sad"),
        ("谢谢客服[哈哈]", "satisfied"),
    ],
)
def test_general_feeling_vocabulary(text: str, emotion: str) -> None:
    reading = EmotionReader().read(text, detect_language(text))
    assert reading.emotion == emotion, reading.evidence


def test_intensity_rises_with_caps_and_exclamations() -> None:
    reader = EmotionReader()
    calm = reader.read("this is annoying", "en")
    loud = reader.read("THIS IS SO ANNOYING!!!", "en")
    assert loud.emotion == calm.emotion == "frustrated"
    assert loud.intensity > calm.intensity


def test_negation_flips_or_cancels() -> None:
    reader = EmotionReader()
    assert reader.read("I'm not happy with this", "en").emotion == "frustrated"
    assert reader.read("I'm not worried", "en").emotion == "neutral"
    assert reader.read("我不满意", "zh").emotion == "frustrated"


def test_trajectory() -> None:
    assert trajectory([], 0.5) == "steady"
    assert trajectory([0.1, 0.2], 0.7) == "rising"
    assert trajectory([0.8, 0.6], 0.1) == "falling"
    assert trajectory([0.3, 0.3], 0.32) == "steady"


def test_sarcasm_frames_match_whole_words() -> None:
    reader = EmotionReader()
    # "fee" inside "feel" once turned sincere praise into sarcasm.
    assert reader.read("i love the new app, i feel so much safer", "en").emotion != "frustrated"
    assert reader.read("great, charged another fee", "en").emotion == "frustrated"
