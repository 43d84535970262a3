"""What redaction found: the kinds of personal data, their placeholders, and the result type.

A :class:`Finding` records the kind and where it was (a span of the original text), never the
value itself, so callers can act on it (e.g. warn a customer who shared a PIN) and auditors can
count it without the data travelling further.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field


class PiiKind(enum.StrEnum):
    CARD = "card"
    CVV = "cvv"
    EXPIRY = "expiry"
    IBAN = "iban"
    BANK_ACCOUNT = "bank_account"  # UK sort code and/or account number, labelled accounts
    CN_ID = "cn_id"  # Chinese resident identity card number
    PHONE = "phone"
    EMAIL = "email"
    PIN = "pin"  # PINs, passcodes and one-time codes stated as such
    PASSWORD = "password"


# Secrets a customer should never tell anyone, the bank included.
SECRET_KINDS = frozenset({PiiKind.PIN, PiiKind.PASSWORD, PiiKind.CVV})

_FIXED = {
    PiiKind.CVV: "[cvv]",
    PiiKind.EXPIRY: "[expiry]",
    PiiKind.BANK_ACCOUNT: "[sort code/account]",
    PiiKind.CN_ID: "[id number]",
    PiiKind.PHONE: "[phone]",
    PiiKind.EMAIL: "[email]",
    PiiKind.PIN: "[PIN]",
    PiiKind.PASSWORD: "[password]",
}


def placeholder(kind: PiiKind, last4: str = "") -> str:
    """The readable stand-in for one finding: ``[card •••• 4821]``, ``[email]``, …"""
    if kind in (PiiKind.CARD, PiiKind.IBAN):
        return f"[{kind.value} •••• {last4}]" if last4 else f"[{kind.value}]"
    return _FIXED[kind]


@dataclass(frozen=True, slots=True)
class Finding:
    """One piece of personal data: its kind and its span (``start``/``end``) in the original
    text. ``replacement`` is the placeholder written in its place."""

    kind: PiiKind
    start: int
    end: int
    replacement: str


@dataclass(frozen=True, slots=True)
class Redaction:
    text: str  # the text with every finding replaced by its placeholder
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def kinds(self) -> frozenset[PiiKind]:
        return frozenset(f.kind for f in self.findings)

    @property
    def shared_secret(self) -> bool:
        return bool(self.kinds & SECRET_KINDS)


def secrets_in(redacted_text: str) -> list[PiiKind]:
    """The secrets an already-redacted text shows were shared, read from their placeholders,
    so a later stage (the agent) can react without ever seeing the value."""
    return [k for k in (PiiKind.PIN, PiiKind.PASSWORD, PiiKind.CVV) if _FIXED[k] in redacted_text]


_PLACEHOLDER = re.compile(
    r"\[(?:card|iban) •••• [0-9A-Za-z]{1,4}\]|\[(?:"
    + "|".join(re.escape(p[1:-1]) for p in [*_FIXED.values(), "[card]", "[iban]"])
    + r")\]"
)


def without_placeholders(redacted_text: str) -> str:
    """The redacted text as if the values had been left out: what the understanding engine
    and the search read. Placeholders are words it never saw in training ("[PIN]" would
    otherwise pull "my PIN is [PIN], is that why my card doesn't work?" towards changing a
    PIN). A message that was nothing but personal data stays as it is."""
    stripped = " ".join(_PLACEHOLDER.sub("", redacted_text).split())
    return stripped or redacted_text
