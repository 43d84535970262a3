"""Detectors for checksummed numbers: payment cards (with the CVV/expiry beside them), IBANs
and Chinese resident ID numbers. Checksums come from python-stdnum.

A number written with separators is matched as a run of digit groups; every group-aligned
sub-run is tried, longest first, so a card number followed by its CVV ("4111 1111 1111 1111
123") is still found. A run that fails its checksum is left alone: order numbers, references
and transaction ids that merely look long are not personal data.
"""

from __future__ import annotations

import datetime as dt
import re

from stdnum import iban as std_iban
from stdnum import luhn
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from voc.privacy.findings import Finding, PiiKind, placeholder

_EDGE_L = r"(?<![0-9A-Za-z])"
_EDGE_R = r"(?![0-9A-Za-z])"

# Groups of digits joined by one space or dash.
_DIGIT_RUN = re.compile(_EDGE_L + r"\d+(?:[ \-]\d+)*" + _EDGE_R)
# Letters-and-digits groups starting with a country code and check digits.
_IBAN_RUN = re.compile(_EDGE_L + r"[A-Za-z]{2}\d{2}(?:[ \-]?[A-Za-z0-9]){10,32}" + _EDGE_R)
_CARD_IIN = re.compile(r"^(?:3[47]|3[0689]|35|4|5[1-5]|2[2-7]|6)")  # brands' first digits

_LABEL_CVV = re.compile(
    r"(?:\b(?:cvv2?|cvc2?|csc|cid|security\s+code)|安全码|校验码)\s*(?:is|:|：|是|为|-)?\s*"
    r"(\d{3,4})" + _EDGE_R,
    re.I,
)
_LABEL_EXPIRY = re.compile(
    r"(?:\b(?:exp(?:iry|ires|iration)?(?:\s+date)?|valid\s+(?:thru|through|until)|good\s+thru)"
    r"|有效期(?:至|到)?)\.?\s*(?:is|:|：|是|为|-)?\s*"
    r"((?:0[1-9]|1[0-2])\s?[/\-]\s?(?:\d{2}|20\d{2}))" + _EDGE_R,
    re.I,
)
# Unlabelled expiry/CVV count only directly after a card number ("4111… 04/27 123").
_EXP = r"(?:0[1-9]|1[0-2])\s?/\s?(?:20)?\d{2}"
_SEP = r"[\s,;:|\-]*"
_AFTER_CARD = (
    re.compile(rf"{_SEP}(?P<expiry>{_EXP})(?:{_SEP}(?P<cvv>\d{{3,4}}))?(?![0-9A-Za-z/])"),
    re.compile(rf"{_SEP}(?P<cvv>\d{{3,4}})(?:{_SEP}(?P<expiry>{_EXP}))?(?![0-9A-Za-z/])"),
)


def _groups(match: re.Match[str]) -> list[tuple[int, int]]:
    """(start, end) of each alphanumeric group inside a separated run."""
    return [
        (match.start() + m.start(), match.start() + m.end())
        for m in re.finditer(r"[0-9A-Za-z]+", match.group(0))
    ]


def _sub_runs(
    text: str, groups: list[tuple[int, int]], min_len: int, max_len: int
) -> list[tuple[int, int, str]]:
    """Group-aligned sub-runs whose compact length fits, longest first, then leftmost."""
    found = []
    for i in range(len(groups)):
        compact = ""
        for j in range(i, len(groups)):
            compact += text[groups[j][0] : groups[j][1]]
            if len(compact) > max_len:
                break
            if len(compact) >= min_len:
                found.append((groups[i][0], groups[j][1], compact))
    found.sort(key=lambda r: (-len(r[2]), r[0]))
    return found


def _card_ok(digits: str) -> bool:
    return digits.isdigit() and bool(_CARD_IIN.match(digits)) and luhn.is_valid(digits)


def _cn_id_ok(number: str) -> bool:
    """18-character resident ID: check digit and a real birth date. The issuing-place table is
    not consulted, so a valid number from a newer or unlisted county is still caught."""
    number = number.upper()
    if len(number) != 18 or not number[:17].isdigit():
        return False
    if number[-1] != ric.calc_check_digit(number):
        return False
    try:
        born = ric.get_birth_date(number)
    except ValidationError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date.today()


def _iban_ok(candidate: str) -> bool:
    try:
        std_iban.validate(candidate.upper(), check_country=False)
    except ValidationError:
        return False
    return True


def _taken(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def find_numbers(text: str) -> list[Finding]:
    """Cards (and the expiry/CVV right after them), Chinese IDs and IBANs."""
    out: list[Finding] = []
    spans: list[tuple[int, int]] = []

    def add(kind: PiiKind, start: int, end: int, last4: str = "") -> None:
        out.append(Finding(kind, start, end, placeholder(kind, last4)))
        spans.append((start, end))

    for m in _IBAN_RUN.finditer(text):
        for start, end, compact in _sub_runs(text, _groups(m), 15, 34):
            if not _taken(spans, start, end) and _iban_ok(compact):
                add(PiiKind.IBAN, start, end, compact[-4:])
                break
    for m in re.finditer(_EDGE_L + r"\d+(?:[ \-]\d+)*[ \-]?[Xx]?" + _EDGE_R, text):
        for start, end, compact in _sub_runs(text, _groups(m), 18, 18):
            if not _taken(spans, start, end) and _cn_id_ok(compact):
                add(PiiKind.CN_ID, start, end)
    for m in _DIGIT_RUN.finditer(text):
        groups = _groups(m)
        while groups:
            hit = next(
                (
                    r
                    for r in _sub_runs(text, groups, 13, 19)
                    if not _taken(spans, r[0], r[1]) and _card_ok(r[2])
                ),
                None,
            )
            if hit is None:
                break
            add(PiiKind.CARD, hit[0], hit[1], hit[2][-4:])
            groups = [g for g in groups if not (hit[0] <= g[0] < hit[1])]
    for f in [f for f in out if f.kind == PiiKind.CARD]:
        for rx in _AFTER_CARD:
            near = rx.match(text, f.end)
            if near is None:
                continue
            for kind in (PiiKind.EXPIRY, PiiKind.CVV):
                s, e = near.span(kind.value)
                if s >= 0 and not _taken(spans, s, e):
                    add(kind, s, e)
            break
    for rx, kind in ((_LABEL_EXPIRY, PiiKind.EXPIRY), (_LABEL_CVV, PiiKind.CVV)):
        for m in rx.finditer(text):
            if not _taken(spans, m.start(1), m.end(1)):
                add(kind, m.start(1), m.end(1))
    return out
