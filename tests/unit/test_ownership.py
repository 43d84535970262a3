"""Who may continue a conversation (handoff/ownership.py): pure rules, no I/O."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain.errors import NotFound
from domain.types import ConversationRecord
from handoff.ownership import check_resume, new_resume_token, token_hash
from voc.store import ResumeSecret

NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
TOKEN = new_resume_token()


def secret(customer_id: str | None = "alice", expires: datetime | None = None) -> ResumeSecret:
    conv = ConversationRecord(id="c_1", state="bot", customer_id=customer_id)
    return ResumeSecret(conv, token_hash(TOKEN), expires or NOW + timedelta(hours=1))


def refusal(*args: object, **kwargs: object) -> str:
    with pytest.raises(NotFound) as exc:
        check_resume(*args, **kwargs)  # type: ignore[arg-type]
    return f"{exc.value.code}: {exc.value.message}"


def test_the_token_opens_its_conversation_and_nothing_else_does() -> None:
    check_resume(secret(), TOKEN, now=NOW, customer_id=None, bind_customer=False)
    unknown = refusal(None, TOKEN, now=NOW, customer_id=None, bind_customer=False)
    assert unknown.startswith("not_found")
    for token in (None, "", "guess", new_resume_token(), token_hash(TOKEN)):
        assert refusal(secret(), token, now=NOW, customer_id=None, bind_customer=False) == unknown


def test_an_unused_token_lapses() -> None:
    lapsed = secret(expires=NOW - timedelta(seconds=1))
    assert refusal(lapsed, TOKEN, now=NOW, customer_id=None, bind_customer=False).startswith(
        "not_found"
    )


def test_with_signed_identities_only_the_same_customer_continues() -> None:
    check_resume(secret("alice"), TOKEN, now=NOW, customer_id="alice", bind_customer=True)
    for other in ("bob", None):
        refusal(secret("alice"), TOKEN, now=NOW, customer_id=other, bind_customer=True)
    # An anonymous conversation stays anonymous: a signed-in customer cannot take it over.
    check_resume(secret(None), TOKEN, now=NOW, customer_id=None, bind_customer=True)
    refusal(secret(None), TOKEN, now=NOW, customer_id="bob", bind_customer=True)
    # Without a widget secret customer ids are unsigned claims: the token alone decides.
    check_resume(secret("alice"), TOKEN, now=NOW, customer_id="bob", bind_customer=False)


def test_the_store_keeps_only_a_hash() -> None:
    assert TOKEN not in token_hash(TOKEN) and len(token_hash(TOKEN)) == 64
    assert len(TOKEN) >= 40 and new_resume_token() != TOKEN
