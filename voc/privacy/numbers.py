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
# Card brands by first digits, with the lengths they issue (Visa, Amex, Diners, JCB,
# Mastercard, Discover/UnionPay/Maestro). A 17-digit number starting with 4 is no Visa card.
_BRANDS = [
    (re.compile(r"^4"), {13, 16, 19}),
    (re.compile(r"^3[47]"), {15}),
    (re.compile(r"^3[0689]"), {14, 15, 16, 17, 18, 19}),
    (re.compile(r"^35"), {16, 17, 18, 19}),
    (re.compile(r"^(?:5[1-5]|2[2-7])"), {16}),
    (re.compile(r"^6"), {16, 17, 18, 19}),
]
# Labels that say a number is something else ("order 4539…", "流水号 …").
_NOT_A_CARD = re.compile(
    r"(?:\b(?:order|ref|reference|tracking|transaction|txn|invoice|parcel)\b"
    r"|订单|单号|流水号|交易号|快递)"
    r"[^0-9]{0,12}$",
    re.I,
)
# A run that continues a previous alphanumeric group ("FR66 6417 …", "9458 0515 …") is part of
# something longer, not a number on its own.
_CONTINUES = re.compile(r"[0-9A-Za-z]*\d[0-9A-Za-z]*[ \-]$")

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
    text: str,
    starts: list[tuple[int, int]],
    min_len: int,
    max_len: int,
    groups: list[tuple[int, int]] | None = None,
) -> list[tuple[int, int, str]]:
    """Sub-runs beginning at one of ``starts`` and ending at a later group of ``groups``,
    whose compact length fits, longest first, then leftmost."""
    groups = groups or starts
    found = []
    for first in starts:
        i = groups.index(first)
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
    return (
        digits.isdigit()
        and any(rx.match(digits) and len(digits) in sizes for rx, sizes in _BRANDS)
        and luhn.is_valid(digits)
    )


def labelled_otherwise(text: str, start: int) -> bool:
    """The number at ``start`` is introduced as an order, reference, tracking number, …"""
    return bool(_NOT_A_CARD.search(text[max(0, start - 24) : start]))


def _standalone(text: str, start: int) -> bool:
    before = text[max(0, start - 24) : start]
    return not _CONTINUES.search(before) and not labelled_otherwise(text, start)


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
        groups = _groups(m)
        for start, end, compact in _sub_runs(text, groups, 15, 34):
            if not _taken(spans, start, end) and _iban_ok(compact):
                add(PiiKind.IBAN, start, end, compact[-4:])
                break
    for m in re.finditer(_EDGE_L + r"\d+(?:[ \-]\d+)*[ \-]?[Xx]?" + _EDGE_R, text):
        groups = _groups(m)
        if not _standalone(text, m.start()):
            continue
        for start, end, compact in _sub_runs(text, groups[:1], 18, 18, groups):
            if not _taken(spans, start, end) and _cn_id_ok(compact):
                add(PiiKind.CN_ID, start, end)
    for m in _DIGIT_RUN.finditer(text):
        groups = _groups(m)
        if not _standalone(text, m.start()):
            continue
        # A card starts where the run starts; what follows it may be its expiry and CVV.
        for start, end, compact in _sub_runs(text, groups[:1], 13, 19, groups):
            if not _taken(spans, start, end) and _card_ok(compact):
                add(PiiKind.CARD, start, end, compact[-4:])
                break
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
