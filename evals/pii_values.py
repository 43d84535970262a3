"""Generators of synthetic personal data with valid checksums, written independently of the
detector (own Luhn, mod-97 and ISO 7064 MOD 11-2 code), so the eval checks the detector rather
than agreeing with itself. Every value is made up; none belongs to anyone.
"""

from __future__ import annotations

import random
import string
from datetime import date, timedelta


def luhn_digit(body: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these get doubled once the check digit is appended
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return str((10 - total % 10) % 10)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


CARD_BRANDS: dict[str, tuple[list[str], list[int]]] = {
    # brand: (prefixes, lengths)
    "visa": (["4"], [16, 13, 19]),
    "mastercard": (["51", "52", "53", "54", "55", "2221", "2500", "2720"], [16]),
    "amex": (["34", "37"], [15]),
    "discover": (["6011", "65", "644"], [16]),
    "unionpay": (["62"], [16, 17, 18, 19]),
    "jcb": (["3528", "3555", "3589"], [16]),
    "diners": (["36", "300", "38"], [14]),
}


def card_number(rng: random.Random, brand: str, *, valid: bool = True) -> str:
    prefixes, lengths = CARD_BRANDS[brand]
    prefix, length = rng.choice(prefixes), rng.choice(lengths)
    body = prefix + _digits(rng, length - len(prefix) - 1)
    check = luhn_digit(body)
    if not valid:
        check = str((int(check) + rng.randint(1, 9)) % 10)
    return body + check


def format_card(rng: random.Random, number: str) -> str:
    style = rng.choice(["space", "dash", "none", "space"])
    if style == "none":
        return number
    sep = " " if style == "space" else "-"
    if len(number) == 15:  # Amex style 4-6-5
        return sep.join([number[:4], number[4:10], number[10:]])
    return sep.join(number[i : i + 4] for i in range(0, len(number), 4))


# (country, BBAN pattern): n = digit, a = upper-case letter, c = letter or digit
IBAN_FORMATS = {
    "GB": "aaaannnnnnnnnnnnnn",
    "DE": "nnnnnnnnnnnnnnnnnn",
    "FR": "nnnnnnnnnnnnnnnnnnnnnnn",
    "ES": "nnnnnnnnnnnnnnnnnnnn",
    "NL": "aaaannnnnnnnnn",
    "IT": "annnnnnnnnnnnnnnnnnnnnn",
    "IE": "aaaannnnnnnnnnnnnn",
    "BE": "nnnnnnnnnnnn",
    "CH": "nnnnnnnnnnnnnnnnn",
    "PL": "nnnnnnnnnnnnnnnnnnnnnnnn",
}


def _iban_check(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def iban(rng: random.Random, country: str, *, valid: bool = True) -> str:
    bban = "".join(
        rng.choice(string.digits if c == "n" else string.ascii_uppercase)
        for c in IBAN_FORMATS[country]
    )
    check = _iban_check(country, bban)
    if not valid:
        check = f"{(int(check) + rng.randint(1, 50)) % 97 + 2:02d}"
        if check == _iban_check(country, bban):
            check = f"{(int(check) + 1) % 97 + 2:02d}"
    return country + check + bban


def format_iban(rng: random.Random, value: str) -> str:
    style = rng.choice(["grouped", "compact", "grouped", "lower"])
    if style == "compact":
        return value
    grouped = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return grouped.lower() if style == "lower" else grouped


REGIONS = ["110105", "310115", "440305", "510104", "330106", "420106", "320102", "610113"]
_RIC_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def ric_check(body17: str) -> str:
    total = sum(int(d) * w for d, w in zip(body17, _RIC_WEIGHTS, strict=True))
    return "10X98765432"[total % 11]


def cn_id(rng: random.Random, *, valid: bool = True) -> str:
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
    body = rng.choice(REGIONS) + born.strftime("%Y%m%d") + _digits(rng, 3)
    check = ric_check(body)
    if not valid:
        check = rng.choice([c for c in "0123456789X" if c != check])
    return body + check


def phone(rng: random.Random, style: str) -> str:
    d = lambda n: _digits(rng, n)  # noqa: E731
    nanp = lambda: str(rng.randint(2, 9)) + d(2)  # noqa: E731
    cn_mobile = lambda: rng.choice(["13", "15", "17", "18", "19"]) + d(9)  # noqa: E731
    m = cn_mobile()
    return {
        "uk_mobile": f"07{d(3)} {d(6)}",
        "uk_mobile_compact": f"07{d(9)}",
        "uk_mobile_intl": f"+44 7{d(3)} {d(6)}",
        "uk_london": f"020 {d(4)} {d(4)}",
        "uk_london_intl": f"+44 (0)20 {d(4)} {d(4)}",
        "uk_regional": f"0161 {d(3)} {d(4)}",
        "uk_five": f"01632 {d(6)}",
        "us_paren": f"({nanp()}) {nanp()}-{d(4)}",
        "us_dash": f"{nanp()}-{nanp()}-{d(4)}",
        "us_dots": f"{nanp()}.{nanp()}.{d(4)}",
        "us_intl": f"+1 {nanp()} {nanp()} {d(4)}",
        "us_tollfree": f"1-800-{nanp()}-{d(4)}",
        "cn_mobile": m,
        "cn_mobile_grouped": f"{m[:3]} {m[3:7]} {m[7:]}",
        "cn_mobile_dashed": f"{m[:3]}-{m[3:7]}-{m[7:]}",
        "cn_mobile_intl": f"+86 {m[:3]} {m[3:7]} {m[7:]}",
        "cn_beijing": f"010-{d(8)}",
        "cn_shanghai": f"021-{d(4)} {d(4)}",
        "cn_shenzhen": f"(0755) {d(8)}",
        "cn_landline_intl": f"+86 10 {d(8)}",
    }[style]


PHONE_STYLES = [
    "uk_mobile", "uk_mobile_compact", "uk_mobile_intl", "uk_london", "uk_london_intl",
    "uk_regional", "uk_five", "us_paren", "us_dash", "us_dots", "us_intl", "us_tollfree",
    "cn_mobile", "cn_mobile_grouped", "cn_mobile_dashed", "cn_mobile_intl", "cn_beijing",
    "cn_shanghai", "cn_shenzhen", "cn_landline_intl",
]  # fmt: skip

_NAMES = ["jane", "li.wei", "sam_chen", "a.morgan", "wang.fang88", "tom+bank", "zhangsan"]
_DOMAINS = ["example.com", "mail.example.co.uk", "example.cn", "qq.example.com", "test.org"]


def email(rng: random.Random) -> str:
    return f"{rng.choice(_NAMES)}{rng.randint(1, 999)}@{rng.choice(_DOMAINS)}"


def sort_code(rng: random.Random) -> str:
    a, b, c = _digits(rng, 2), _digits(rng, 2), _digits(rng, 2)
    return rng.choice([f"{a}-{b}-{c}", f"{a}{b}{c}", f"{a} {b} {c}"])


def account_number(rng: random.Random) -> str:
    return _digits(rng, 8)


def pin(rng: random.Random) -> str:
    return _digits(rng, rng.choice([4, 4, 6]))


def password(rng: random.Random) -> str:
    word = rng.choice(["hunter", "Summer", "larkspur", "dragon", "Qwerty", "monkey", "abc"])
    return word + rng.choice([str(rng.randint(1, 9999)), "!", "#2024", "_x7", "123"])


def expiry(rng: random.Random) -> str:
    mm, yy = rng.randint(1, 12), rng.randint(25, 32)
    return rng.choice([f"{mm:02d}/{yy}", f"{mm:02d}/20{yy}"])


def cvv(rng: random.Random, amex: bool = False) -> str:
    return _digits(rng, 4 if amex else 3)
