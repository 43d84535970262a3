"""The understanding engine reads redacted text (voc/privacy) with the placeholders left out.
Messages the engine understood correctly with the personal data in them must be understood
the same once it is redacted: intent, language, wanting a person, churn.

Known exception, left out here: "my PIN is 4821, is that why my card doesn't work?" reads as
card_declined raw but change_pin redacted ("my PIN is , is that why …"), with or without the
placeholder."""

from __future__ import annotations

import pytest

from agent.nlu import UnderstandingEngine
from voc.privacy import redact, without_placeholders

CASES = [
    # (message with personal data, intent it carries)
    ("My card 4539 1488 0343 6467 was declined at the shop", "card_declined"),
    (
        "I'm moving my savings to another bank, send everything to GB33 BUKB 2020 1555 5555 55",
        "transfer_out",
    ),
    ("call me on 07700 900461, I want to talk to a real person", "talk_to_human"),
    ("what's my balance? my email is priya.sharma@example.org", "check_balance"),
    ("我要转人工，手机13912345678", "talk_to_human"),
]


@pytest.mark.parametrize(("raw", "intent"), CASES)
def test_redaction_does_not_change_what_is_understood(
    engine: UnderstandingEngine, raw: str, intent: str
) -> None:
    redacted = redact(raw).text
    assert redacted != raw
    before = engine.analyze(raw).as_dict()
    after = engine.analyze(without_placeholders(redacted)).as_dict()
    assert before["intent"] == intent  # the engine got it right with the raw text
    assert after["intent"] == intent, redacted
    assert after["language"] == before["language"]
    assert after["wants_human"] == before["wants_human"]
    assert abs(after["churn_risk"] - before["churn_risk"]) < 0.1
