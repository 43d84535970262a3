"""Detectors for contact details, bank account numbers and stated secrets.

Phone numbers: anything written in international form (+44, +1, +86, …), UK and Chinese
numbers in national form (leading 0, Chinese mobiles 1[3-9]…), and US numbers written with
their usual separators. Bare ten-digit runs are not taken for US numbers: too many order
numbers look like that. Bank accounts and secrets need their label ("sort code", "account
number", "my PIN is", "密码是"): a bare six-digit or four-digit number is not personal data.
"""

from __future__ import annotations

import re

from voc.privacy.findings import Finding, PiiKind, placeholder
from voc.privacy.numbers import labelled_otherwise

# Not inside a longer token or digit run ("9458 0515 6459 …" is one tracking number).
_L = r"(?<![0-9A-Za-z])(?<![0-9][ \-.])"
_R = r"(?![0-9A-Za-z])(?![ \-.][0-9])"
_I = r"(?<![0-9A-Za-z+])(?<![0-9][ \-.])"  # before an international prefix

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)

_PHONES: list[tuple[re.Pattern[str], int, int]] = [  # (pattern, fewest, most digits)
    # international form: +CC then 6–14 more digits with spaces, dashes, dots or (0)/(area)
    (re.compile(_I + r"\+\s?\d{1,3}(?:[ \-.]?\(?0?\)?)?(?:[ \-.]?\(?\d\)?){6,14}" + _R), 7, 15),
    (re.compile(_I + r"00\s?(?:44|86|1)(?:[ \-.]?\d){7,13}" + _R), 9, 15),
    # UK and Chinese landlines/mobiles in national form: 0 + 9–11 digits, area in brackets too
    (re.compile(_L + r"\(?0[1-9]\d{1,3}\)?(?:[ \-]?\d){6,8}" + _R), 10, 12),
    # Chinese mobiles: 1[3-9] and nine more digits, grouped 3-4-4 or not
    (re.compile(_L + r"1[3-9]\d(?:[ \-]?\d){8}" + _R), 11, 11),
    # US/NANP with separators: (212) 555-0143, 212-555-0143, 212.555.0143, 1-800-555-0199
    (
        re.compile(
            _L + r"(?:1[ \-.])?(?:\([2-9]\d{2}\)\s?|[2-9]\d{2}[ \-.])[2-9]\d{2}[ \-.]\d{4}" + _R
        ),
        10,
        11,
    ),
]

_SORT = r"(?:sort[\s_\-]?code|s/c)"
_ACCOUNT = r"(?:(?:bank\s+)?account[\s_\-]?(?:number|no\.?|num|#)?|acc(?:t|ount)?\.?\s*no\.?|a/c)"
_SORT_DIGITS = r"\d{2}[ \-]?\d{2}[ \-]?\d{2}"
_ACC_DIGITS = r"\d{6,10}"
_GLUE = r"[\s,;:.]*(?:and\s+|&\s*)?(?:(?:my|the)\s+)?"
_IS = r"\s*(?:is|:|=|-|#)?\s*"
_BANK = [
    re.compile(
        rf"\b{_SORT}{_IS}(?P<a>{_SORT_DIGITS})(?:{_GLUE}{_ACCOUNT}{_IS}(?P<b>{_ACC_DIGITS}))?" + _R,
        re.I,
    ),
    re.compile(
        rf"\b{_ACCOUNT}{_IS}(?P<a>{_ACC_DIGITS})(?:{_GLUE}{_SORT}{_IS}(?P<b>{_SORT_DIGITS}))?" + _R,
        re.I,
    ),
    re.compile(
        r"(?:银行)?(?:账号|账户|帐号|帐户|卡号)(?:是|为|：|:)?\s*(?P<a>\d(?:[ \-]?\d){5,18})" + _R
    ),
]

# Words that follow "password is" without being a password ("my password is wrong").
_NOT_A_PASSWORD = {
    "a", "an", "the", "my", "not", "no", "wrong", "incorrect", "correct", "right", "invalid",
    "too", "very", "still", "now", "also", "just", "same", "different", "weak", "strong",
    "long", "short", "fine", "ok", "okay", "case", "there", "here", "what", "gone", "lost",
    "missing", "required", "needed", "broken", "stuck", "new", "old", "please", "and", "or",
    "but", "for", "to", "of", "in", "on", "at", "it", "is", "that", "this", "being", "been",
    "reset", "change", "expired", "locked", "blocked", "forgotten", "sensitive",
}  # fmt: skip
_PW_VALUE = r"[\"'“‘]?(?P<v>[^\s,.;:!?)\"'“”‘’，。；！？][^\s\"'“”‘’，。；！？]{2,63})"
_PIN_VALUE = r"[\"'“‘]?(?P<v>\d(?:\s?\d){3,7})(?!\s?\d)"
_SECRETS: list[tuple[re.Pattern[str], PiiKind, bool]] = [
    # (pattern, kind, needs a connector such as "is" or ":" before a plain-word value)
    (
        re.compile(
            r"\b(?:pin(?:\s*(?:number|no\.?|code))?|passcode|pass\s+code|one[\s\-]time\s+"
            r"(?:pass)?code|otp|verification\s+code|security\s+pin)"
            r"(?:\s+(?:is|was|=))?\s*[:=\-]?\s*" + _PIN_VALUE,
            re.I,
        ),
        PiiKind.PIN,
        False,
    ),
    (
        re.compile(
            r"(?:PIN码?|pin码?|个人识别码|验证码|动态码|动态密码|短信码|(?:取款|支付|交易|银行卡|卡)密码)"
            r"\s*(?:是|为|：|:)?\s*(?P<v>\d{4,8})(?!\d)",
            re.I,
        ),
        PiiKind.PIN,
        False,
    ),
    (
        re.compile(
            r"\b(?:password|passwd|pwd|passphrase|pass\s*word)(?![\w\-])"
            r"(?P<c>(?:\s+(?:is|was|=|to|as))?\s*[:=]?)\s*" + _PW_VALUE,
            re.I,
        ),
        PiiKind.PASSWORD,
        True,
    ),
    (
        re.compile(r"密码\s*(?:是|为|：|:|=)?\s*(?P<v>[A-Za-z0-9!@#$%^&*._\-+=~]{3,64})"),
        PiiKind.PASSWORD,
        False,
    ),
]


def _password_like(value: str, connector: str) -> bool:
    word = value.rstrip(".,;:!?)").lower()
    if len(word) < 3 or word.startswith("["):
        return False  # too short, or already a placeholder
    if any(not c.isalpha() for c in word):
        return True  # hunter2, Tr0ub4dor&3: mixed characters are not English words
    if not connector.strip():
        return False  # "password reset", "password manager": only "password is/: X" counts
    return word not in _NOT_A_PASSWORD and not word.endswith(("ed", "ing", "ly"))


def find_contacts(text: str) -> list[Finding]:
    out: list[Finding] = []
    for m in _EMAIL.finditer(text):
        out.append(Finding(PiiKind.EMAIL, m.start(), m.end(), placeholder(PiiKind.EMAIL)))
    for rx in _BANK:
        for m in rx.finditer(text):
            has_b = "b" in rx.groupindex and m.group("b") is not None
            end = m.end("b") if has_b else m.end("a")
            out.append(
                Finding(PiiKind.BANK_ACCOUNT, m.start("a"), end, placeholder(PiiKind.BANK_ACCOUNT))
            )
    for rx, fewest, most in _PHONES:
        for m in rx.finditer(text):
            digits = sum(c.isdigit() for c in m.group(0))
            if fewest <= digits <= most and not labelled_otherwise(text, m.start()):
                out.append(Finding(PiiKind.PHONE, m.start(), m.end(), placeholder(PiiKind.PHONE)))
    for rx, kind, needs_connector in _SECRETS:
        for m in rx.finditer(text):
            value = m.group("v")
            # Trailing punctuation stays inside the redaction: it may be part of the password.
            if needs_connector and not _password_like(value, m.group("c")):
                continue
            start = m.start("v")
            out.append(Finding(kind, start, start + len(value), placeholder(kind)))
    return out
