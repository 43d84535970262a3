"""Signed customer identity for the widget.

When ``WARMLINE_WIDGET_SECRET`` is set, the host app (which knows who is signed in) signs the
customer id and profile; the widget passes the token in ``hello.identity``. Unsigned ids and
profiles are then ignored, so nobody can write into another customer's history or fake a
profile that jumps the queue. Token: ``base64url(JSON {"customer_id", "profile", "exp"})``,
a dot, and the hex HMAC-SHA256 of that first part with the secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any

from domain.errors import Unauthorized


@dataclass(frozen=True, slots=True)
class Identity:
    customer_id: str | None = None
    profile: dict[str, Any] = field(default_factory=dict)


def sign_identity(secret: str, customer_id: str, profile: dict[str, Any], ttl_s: int = 3600) -> str:
    """What a host app's server does (shown here for tests and as reference code)."""
    body = json.dumps(
        {"customer_id": customer_id, "profile": profile, "exp": int(time.time()) + ttl_s},
        separators=(",", ":"),
        sort_keys=True,
    ).encode()
    part = base64.urlsafe_b64encode(body).decode().rstrip("=")
    mac = hmac.new(secret.encode(), part.encode(), hashlib.sha256).hexdigest()
    return f"{part}.{mac}"


def verify_identity(secret: str, token: str) -> Identity:
    try:
        part, mac = token.rsplit(".", 1)
    except ValueError:
        raise Unauthorized("identity token is malformed") from None
    expected = hmac.new(secret.encode(), part.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(mac, expected):
        raise Unauthorized("identity token signature does not match")
    try:
        data = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (ValueError, TypeError):
        raise Unauthorized("identity token is malformed") from None
    if not isinstance(data, dict) or int(data.get("exp", 0)) < time.time():
        raise Unauthorized("identity token has expired")
    profile = data.get("profile") or {}
    customer_id = data.get("customer_id")
    if not isinstance(profile, dict) or not isinstance(customer_id, str):
        raise Unauthorized("identity token is malformed")
    return Identity(customer_id=customer_id[:128], profile=profile)


def resolve_identity(
    secret: str | None, token: Any, claimed_id: str | None, claimed_profile: dict[str, Any]
) -> Identity:
    """Without a secret (demo), the claimed id/profile stand. With one, only a valid token
    counts; no token means an anonymous customer."""
    if not secret:
        return Identity(claimed_id, claimed_profile)
    if token is None:
        return Identity()
    if not isinstance(token, str) or len(token) > 8192:
        raise Unauthorized("identity must be a token string")
    return verify_identity(secret, token)
