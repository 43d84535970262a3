"""Extractive answers quote whole sentences and whole list items that answer the question,
never a list fragment without its lead-in or a sentence that leans on one left out."""

from __future__ import annotations

from agent.empathy import choose_tone
from agent.extract import best_extract, parse
from agent.offline import OfflineResponder
from domain.types import Hit

DISPUTE = """You can raise a dispute if, for example:
- you were charged twice for the same thing;
- you were charged the wrong amount;
- goods or services you paid for never arrived;
- the goods were faulty or not as described.

If you didn't make the payment at all, this is fraud instead."""

STEPS = """1. Open the app and tap **Cards**.
2. Choose the card you want to freeze.
3. Tap **Freeze card**. You can unfreeze it the same way."""

CHARGEBACK = (
    "If you paid for something by card and there's a problem with it, we may be able to get "
    "your money back from the merchant's bank. This is called a chargeback. Parking at our "
    "branches is free on Sundays."
)


def test_a_list_item_is_quoted_with_its_lead_in() -> None:
    out = best_extract("I was charged twice for the same coffee", DISPUTE)
    assert out.startswith("You can raise a dispute if, for example:")
    assert "\n- you were charged twice for the same thing;" in out
    assert "never arrived" not in out  # items that do not answer stay out


def test_numbered_steps_are_quoted_whole_and_in_order() -> None:
    out = best_extract("how do I freeze my card", STEPS, heading="Freeze it in the app")
    lines = out.splitlines()
    assert lines[0] == "Freeze it in the app"  # a section opening with a list: its heading
    assert [line[:2] for line in lines[1:]] == ["1.", "2.", "3."]
    assert "**" not in out


def test_alternatives_are_never_quoted_half() -> None:
    text = (
        "You can pay early at any time. After an extra payment, you choose whether to:\n"
        "- shorten your loan, keeping the payment the same; or\n"
        "- lower your monthly payment, keeping the same end date."
    )
    out = best_extract("can I shorten my loan", text)
    assert "shorten your loan" in out and "lower your monthly payment" in out
    assert "choose whether to:" in out


def test_a_sentence_pointing_back_brings_the_one_before_it() -> None:
    out = best_extract("what is a chargeback", CHARGEBACK)
    assert out.startswith("If you paid for something by card")
    assert "This is called a chargeback." in out and "Parking" not in out


def test_nothing_in_common_quotes_from_the_beginning_not_the_middle() -> None:
    out = best_extract("zzz qqq", DISPUTE)
    assert out.startswith("You can raise a dispute")


def test_chinese_list_keeps_its_lead_in() -> None:
    text = "以下情况可以申请争议：\n- 同一笔消费被重复扣款；\n- 扣款金额不对；\n- 商品没收到。"
    out = best_extract("同一笔咖啡被重复扣款了", text, language="zh")
    assert out.startswith("以下情况可以申请争议：") and "重复扣款" in out
    assert "没有收到" not in out


def test_a_question_in_traditional_characters_finds_the_same_sentences() -> None:
    text = "以下情况可以申请争议：\n- 同一笔消费被重复扣款；\n- 扣款金额不对；\n- 商品没收到。"
    simplified = best_extract("同一笔咖啡被重复扣款了", text, language="zh")
    assert best_extract("同一筆咖啡被重複扣款了", text, language="zh") == simplified


def test_parse_links_items_to_their_lead_in() -> None:
    units = parse(DISPUTE)
    lead = units[0]
    assert lead.items and all(units[i].lead == 0 for i in lead.items)
    assert not units[-1].item and units[-1].lead is None


def _hit(section: str, text: str, score: float, article: str = "disputes") -> Hit:
    return Hit(f"{article}#{section}", article, "Disputes", section, text, score)


async def test_offline_answer_opens_with_the_acknowledgement_then_the_cited_help() -> None:
    signals = {"emotion": "frustrated", "emotion_intensity": 0.8}
    tone = choose_tone(signals, language="en", seed="c/1/0", previous_key=None, min_level=0.4)
    assert tone is not None
    answer = await OfflineResponder().answer(
        "charged twice for the same coffee, ridiculous",
        [_hit("When you can dispute", DISPUTE, 0.8)],
        language="en",
        transcript=[],
        tone=tone,
    )
    first, quote = answer.text.split("\n\n")
    assert first.startswith(tone.opening) and first.endswith("help centre says:")
    assert quote.startswith("You can raise a dispute") and quote.endswith("[1]")


async def test_a_second_passage_sharing_nothing_with_the_question_is_left_out() -> None:
    hits = [
        _hit("When you can dispute", DISPUTE, 0.80),
        _hit("Parking", "Parking at our branches is free on Sundays.", 0.78, article="branches"),
    ]
    answer = await OfflineResponder().answer(
        "charged twice for the same coffee", hits, language="en", transcript=[]
    )
    assert [c.article_id for c in answer.citations] == ["disputes"]
