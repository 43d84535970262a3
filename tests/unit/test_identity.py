from __future__ import annotations

import pytest

from api.identity import Identity, resolve_identity, sign_identity, verify_identity
from domain.errors import Unauthorized


def test_a_signed_identity_round_trips() -> None:
    token = sign_identity("s3cret", "cust-42", {"tenure_years": 6})
    assert verify_identity("s3cret", token) == Identity("cust-42", {"tenure_years": 6})


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        sign_identity("other-secret", "cust-42", {}),
        sign_identity("s3cret", "cust-42", {}, ttl_s=-10),
        sign_identity("s3cret", "cust-42", {})[:-2] + "00",
    ],
)
def test_forged_expired_or_malformed_tokens_are_refused(token: str) -> None:
    with pytest.raises(Unauthorized):
        verify_identity("s3cret", token)


def test_with_a_secret_unsigned_claims_are_ignored() -> None:
    anon = resolve_identity("s3cret", None, "cust-42", {"churn_score": 1})
    assert anon == Identity()
    assert resolve_identity(None, None, "cust-42", {"a": 1}) == Identity("cust-42", {"a": 1})
