"""Repair the words a request for a person is made of: keyboard slips, SMS shorthand and
traditional Chinese characters, so the wants-a-person rules read "can i tlak to a persn",
"need 2 spk 2 sum1" and "轉人工" as they read the plain forms.

Why a repair and not more patterns: the misspellings are open-ended, the key words are few.
A token is replaced by a key word when it is one edit away (a swap, drop, extra or wrong letter;
two edits for words of eight letters or more) and is not itself a common English word close to
a key word ("stuff" is not "staff", "walk" is not "talk"; the list below holds every such word in
the bundled MiniLM's 30k-word vocabulary). The repaired text feeds one feature of the head; the
head's other features read the text as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

KEY_WORDS = (
    "talk", "speak", "person", "people", "agent", "human", "representative", "operator",
    "someone", "somebody", "manager", "supervisor", "customer", "service", "staff", "connect",
    "transfer", "advisor", "adviser", "employee", "reception", "concierge", "please", "actual",
)  # fmt: skip
# Real words one edit from a key word (two for long ones), from MiniLM's vocabulary: never repaired.
_NEAR_WORDS = """walk tall task tank tale talks taluk stalk tack peak speaks spear sneak steak
    persons pearson persona peoples agents argent humans humane hunan representatives representation
    operation operated operate operates operators operatic moderator managed manage manages
    managers superior supervision supervised supervisors supervisory supervise customers custom
    customs customary custer services serviced stuff stiff connects transform transfers pleased
    lease pleas advisory advisors advised advise advisers advises factual employed employees
    employer employers employ employs exception recreation perception receptor inception
    rejection receptions deception redemption recession retention converge"""
_KNOWN_NEAR = frozenset(_NEAR_WORDS.split())
_SHORTHAND = {
    "u": "you", "2": "to", "pls": "please", "plz": "please", "pl0x": "please", "sum1": "someone",
    "some1": "someone", "ppl": "people", "tlk": "talk", "spk": "speak", "wanna": "want to",
    "r": "are", "ur": "your", "rn": "now", "hooman": "human", "hooman's": "human", "sb": "somebody",
    "rep": "representative", "reps": "representative", "ppls": "people", "hmn": "human",
    "agt": "agent", "cs": "customer service", "csr": "customer service representative",
}  # fmt: skip
_TRAD = str.maketrans(
    "轉個們經員務話說讓幫請聯電這給處時間幾點沒還費帳賬戶號碼錢銀機專來為會樣問麼門裡後對別邊見聽懂難廳櫃檯臺負責領導該應",
    "转个们经员务话说让帮请联电这给处时间几点没还费帐账户号码钱银机专来为会样问么门里后对别边见听懂难厅柜台台负责领导该应",
)
_WORD = re.compile(r"[a-z0-9']+")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    replaces = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return deletes | swaps | replaces | inserts


@lru_cache(maxsize=1)
def _slips() -> tuple[dict[str, str], dict[str, str]]:
    """(every string one edit from a key word -> that word; every string two deletions or
    fewer from a long key word -> that word). Built once, ~15k entries."""
    table: dict[str, str] = {}
    for key in KEY_WORDS:
        for slip in _edits1(key):
            if slip not in _KNOWN_NEAR and slip not in KEY_WORDS:
                table.setdefault(slip, key)
    deletes = {d: key for key in KEY_WORDS if len(key) >= 8 for d in _deletes2(key)}
    return table, deletes


def _deletes2(word: str) -> set[str]:
    once = {word[:i] + word[i + 1 :] for i in range(len(word))}
    return {word} | once | {w[:i] + w[i + 1 :] for w in once for i in range(len(w))}


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (edits, with adjacent swaps counting one)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _repair_word(word: str) -> str:
    if word in _SHORTHAND:
        return _SHORTHAND[word]
    if len(word) < 4 or word in KEY_WORDS or word in _KNOWN_NEAR or not word.isalpha():
        return word
    slips, long_deletes = _slips()
    if word in slips:
        return slips[word]
    if len(word) >= 7:  # two slips in a long word ("reprsentitive")
        for near in _deletes2(word):
            key = long_deletes.get(near)
            if key is not None and _distance(word, key) <= 2:
                return key
    return word


def repair(norm: str) -> str:
    """``norm`` (already normalised: lower case, NFKC) with slips, shorthand and traditional
    characters repaired."""
    return _WORD.sub(lambda m: _repair_word(m.group(0)), norm.translate(_TRAD))
