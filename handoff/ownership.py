"""Who may continue a conversation: whoever holds its resume secret (and, when the host app
signs identities, only the customer it was started for).

A new conversation gets a random secret, handed to the client once in ``welcome``; the store
keeps only its SHA-256. The secret has an idle lifetime: each successful resume extends it,
a conversation left alone longer than that cannot be continued. It is not rotated on use: a
client whose socket dies between the server rotating it and ``welcome`` arriving (a crash, a
deploy, a flaky network) would be locked out of its own chat.

Every refusal is the same ``not_found`` as for an id that never existed, so a guess learns
nothing, not even whether the id is real.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from domain.errors import NotFound
from voc.store import ResumeSecret

# An unknown id is still compared against something, so both paths cost the same.
_NO_HASH = "0" * 64


def new_resume_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def refused() -> NotFound:
    return NotFound("no conversation with this id and resume token", code="not_found")


def check_resume(
    secret: ResumeSecret | None,
    token: str | None,
    *,
    now: datetime,
    customer_id: str | None,
    bind_customer: bool,
) -> None:
    """Raise :func:`refused` unless ``token`` opens this conversation now.

    ``bind_customer`` (a widget secret is configured, so ``customer_id`` is the signed one):
    the conversation must also belong to that customer; an anonymous one only to anonymous.
    """
    presented = token_hash(token) if token else ""
    stored = secret.token_hash if secret and secret.token_hash else _NO_HASH
    ok = hmac.compare_digest(presented, stored)
    if secret is None or not ok:
        raise refused()
    if secret.expires_at is not None and secret.expires_at < now:
        raise refused()
    if bind_customer and secret.conversation.customer_id != customer_id:
        raise refused()
