"""The understanding engine reads redacted text (voc/privacy): the placeholders must not change
what it understands. Each message is read as redacted and with the personal value simply left
out; intent, language, wanting a person and churn must agree."""

from __future__ import annotations

import pytest

from agent.nlu import UnderstandingEngine
from voc.privacy import redact

CASES = [
    # (message with personal data, the same message without it)
    ("My card 4539 1488 0343 6467 was declined at the shop", "My card was declined at the shop"),
    (
        "my PIN is 4821, is that why my card doesn't work?",
        "my PIN, is that why my card doesn't work?",
    ),
    (
        "I'm moving my savings to another bank, send everything to GB33 BUKB 2020 1555 5555 55",
        "I'm moving my savings to another bank, send everything",
    ),
    ("call me on 07700 900461, I want to talk to a real person", "I want to talk to a real person"),
    ("what's my balance? my email is priya.sharma@example.org", "what's my balance?"),
    ("我的卡4539148803436467被冻结了", "我的卡被冻结了"),
    ("我要转人工，手机13912345678", "我要转人工"),
]


@pytest.mark.parametrize(("raw", "plain"), CASES)
def test_placeholders_do_not_change_what_is_understood(
    engine: UnderstandingEngine, raw: str, plain: str
) -> None:
    redacted = redact(raw).text
    assert redacted != raw
    seen, base = engine.analyze(redacted).as_dict(), engine.analyze(plain).as_dict()
    assert seen["language"] == base["language"]
    assert seen["intent"] == base["intent"], (redacted, seen["intent"], base["intent"])
    assert seen["wants_human"] == base["wants_human"]
    assert abs(seen["churn_risk"] - base["churn_risk"]) < 0.2
