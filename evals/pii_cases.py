"""Turns the templates into labelled cases: every slot filled by a generator, every personal
value's span recorded with its kind. Deterministic for a given seed."""

from __future__ import annotations

import random
import re
import string
from collections.abc import Callable
from dataclasses import dataclass

from evals import pii_values as gen
from evals.pii_templates import NEGATIVE, POSITIVE


@dataclass(frozen=True, slots=True)
class Span:
    kind: str  # a voc.privacy PiiKind value
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    spans: tuple[Span, ...]  # empty for a negative
    template: str
    split: str


_SLOT = re.compile(r"\{(\w+)\}")
# Slot name -> kind of personal data it holds. (The sort code and account share one kind.)
_KINDS = {
    "card": "card",
    "cvv": "cvv",
    "expiry": "expiry",
    "iban": "iban",
    "cn_id": "cn_id",
    "phone": "phone",
    "email": "email",
    "sort": "bank_account",
    "account": "bank_account",
    "pin": "pin",
    "password": "password",
}


def _positive_values(rng: random.Random) -> dict[str, str]:
    brand = rng.choice(sorted(gen.CARD_BRANDS))
    card = gen.card_number(rng, brand)
    return {
        "card": gen.format_card(rng, card),
        "cvv": gen.cvv(rng, amex=brand == "amex"),
        "expiry": gen.expiry(rng),
        "iban": gen.format_iban(rng, gen.iban(rng, rng.choice(sorted(gen.IBAN_FORMATS)))),
        "cn_id": gen.cn_id(rng),
        "phone": gen.phone(rng, rng.choice(gen.PHONE_STYLES)),
        "email": gen.email(rng),
        "sort": gen.sort_code(rng),
        "account": gen.account_number(rng),
        "pin": gen.pin(rng),
        "password": gen.password(rng),
    }


def _order(rng: random.Random) -> str:
    d = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    return rng.choice(
        [
            f"{rng.randint(1, 9)}{d(8)}",
            f"ORD-2024{d(4)}-{d(4)}",
            f"{rng.randint(1, 4)}{d(2)}-{d(7)}-{d(7)}",
            f"2024{d(14)}",  # Chinese shops: date-prefixed, 18 digits
            f"{rng.randint(1, 9)}{d(18)}",  # Chinese shops: 19 digits
        ]
    )


def _negative_values(rng: random.Random) -> dict[str, Callable[[], str]]:
    d = lambda n: "".join(rng.choice(string.digits) for _ in range(n))  # noqa: E731
    return {
        "order": lambda: _order(rng),
        "amount": lambda: rng.choice(
            [
                f"£{rng.randint(1, 9)},{d(3)}.{d(2)}",
                f"${rng.randint(10, 99)},{d(3)}",
                f"€{rng.randint(1, 999)}.{d(2)}",
                f"¥{rng.randint(1, 99)},{d(3)}",
                f"{rng.randint(100, 99999)}.{d(2)}元",
                f"{rng.randint(1, 9)},{d(3)},{d(3)}",
                f"{rng.randint(10, 99)} {d(3)} {d(3)}",
            ]
        ),
        "date": lambda: rng.choice(
            [
                f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/20{rng.randint(10, 30)}",
                f"20{rng.randint(10, 30)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.20{rng.randint(10, 30)}",
                f"20{rng.randint(10, 30)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                f"{rng.randint(1, 28)} March 20{rng.randint(10, 30)}",
            ]
        ),
        "time": lambda: rng.choice(
            [f"{rng.randint(0, 23):02d}:{rng.choice(['00', '30'])}", "20:00:00", "8.30pm"]
        ),
        "year": lambda: str(rng.randint(1960, 2026)),
        "ref": lambda: rng.choice([f"REF-2024-{d(6)}", f"LB{d(8)}", d(8), f"{d(2)}-{d(2)}-{d(2)}"]),
        "tracking": lambda: rng.choice(
            [
                f"1Z{d(3)}AA{d(10)}",
                f"AB{d(9)}GB",
                "94" + " ".join([d(2), *(d(4) for _ in range(4)), d(2)]),
                f"{d(4)} {d(4)} {d(4)}",
                f"SF{d(13)}",
                d(13),
            ]
        ),
        "txn": lambda: rng.choice(
            [
                f"TX{d(2)}F3A{d(4)}C",
                f"{d(8)}-4F89-11D3-9A0C-{d(4)}E82C{d(2)}",
                f"FT{d(5)}ABCD{d(1)}",
            ]
        ),
        "bad_card": lambda: gen.format_card(
            rng, gen.card_number(rng, rng.choice(sorted(gen.CARD_BRANDS)), valid=False)
        ),
        "bad_iban": lambda: gen.format_iban(
            rng, gen.iban(rng, rng.choice(sorted(gen.IBAN_FORMATS)), valid=False)
        ),
        "bad_id": lambda: gen.cn_id(rng, valid=False),
    }


def _fill(template: str, values: Callable[[str], str]) -> tuple[str, list[Span]]:
    out, spans, pos = [], [], 0
    length = 0
    for m in _SLOT.finditer(template):
        literal = template[pos : m.start()]
        out.append(literal)
        length += len(literal)
        value = values(m.group(1))
        if m.group(1) in _KINDS:
            spans.append(Span(_KINDS[m.group(1)], length, length + len(value)))
        out.append(value)
        length += len(value)
        pos = m.end()
    out.append(template[pos:])
    return "".join(out), spans


def build_cases(*, seed: int = 7, per_template: int = 12) -> list[Case]:
    """Positives and hard negatives for both splits, ``per_template`` fills per template."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for split in ("dev", "heldout", "fresh"):
        for template in POSITIVE[split]:
            for _ in range(per_template):
                values = _positive_values(rng)
                text, spans = _fill(template, values.__getitem__)
                cases.append(Case(text, tuple(spans), template, split))
        for template in NEGATIVE[split]:
            for _ in range(per_template):
                makers = _negative_values(rng)
                text, _ = _fill(template, lambda slot, m=makers: m[slot]())  # type: ignore[misc]
                cases.append(Case(text, (), template, split))
    return cases
