"""Replace personal data in text with typed placeholders. Pure: no I/O, no state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from voc.privacy.contact import find_contacts
from voc.privacy.findings import Finding, PiiKind, Redaction
from voc.privacy.numbers import find_numbers

# When two findings overlap, the more specific (checksummed, then labelled) one wins.
_PRIORITY = [
    PiiKind.CARD,
    PiiKind.IBAN,
    PiiKind.CN_ID,
    PiiKind.CVV,
    PiiKind.EXPIRY,
    PiiKind.PIN,
    PiiKind.PASSWORD,
    PiiKind.BANK_ACCOUNT,
    PiiKind.EMAIL,
    PiiKind.PHONE,
]


def find(text: str) -> list[Finding]:
    """Every piece of personal data in ``text``, non-overlapping, in reading order."""
    candidates = find_numbers(text) + find_contacts(text)
    candidates.sort(key=lambda f: (_PRIORITY.index(f.kind), -(f.end - f.start), f.start))
    chosen: list[Finding] = []
    for f in candidates:
        if all(f.end <= c.start or c.end <= f.start for c in chosen):
            chosen.append(f)
    return sorted(chosen, key=lambda f: f.start)


def apply(text: str, findings: list[Finding] | tuple[Finding, ...]) -> str:
    parts, pos = [], 0
    for f in findings:
        parts += [text[pos : f.start], f.replacement]
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)


def redact(text: str) -> Redaction:
    """``text`` with its personal data replaced, and what was found (kinds and spans only)."""
    findings = find(text)
    if not findings:
        return Redaction(text)
    return Redaction(apply(text, findings), tuple(findings))


def redact_text(text: str) -> str:
    return redact(text).text


def redact_value(key: str, value: str) -> Redaction:
    """Redact one named field. The field's name lends its context, so ``{"pin": "4821"}`` or
    ``{"sort_code": "20-00-00"}`` is caught although the value alone is a bare number."""
    prefix = f"{key.replace('_', ' ')}: "
    findings = [
        Finding(f.kind, f.start - len(prefix), f.end - len(prefix), f.replacement)
        for f in find(prefix + value)
        if f.start >= len(prefix)
    ]
    return Redaction(apply(value, findings), tuple(findings)) if findings else Redaction(value)


def redact_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of a JSON-like mapping (e.g. a customer profile) with every string redacted."""

    def walk(key: str, value: Any) -> Any:
        if isinstance(value, str):
            return redact_value(key, value).text
        if isinstance(value, Mapping):
            return {k: walk(str(k), v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(key, v) for v in value]
        return value

    return {k: walk(str(k), v) for k, v in data.items()}
