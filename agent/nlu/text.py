"""Cheap text helpers shared by the detectors: language by script, normalisation, clauses.

Language is decided by script, not by a model: a message with a meaningful share of CJK
ideographs is Chinese. That is all Warmline needs to pick lexicons and reply language.

Traditional characters never reach these helpers from the engine: ``analyze`` reads
``domain.query.normalize_query(text)``, which simplifies them (``domain.chinese.to_simplified``,
the one place Warmline converts; use it for any other text that enters from outside).
"""

from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
# Clause boundaries: negation and intensity scope stops at these.
_CLAUSE_SPLIT = re.compile(r"[.!?;,，。！？；\n]+|\bbut\b|但是|可是|不过")


def detect_language(text: str) -> str:
    """'zh' when the Chinese part outweighs the Latin part, else 'en'."""
    cjk = len(_CJK.findall(text))
    if cjk == 0:
        return "en"
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    # A Chinese word averages about 1.5 characters: compare words with words.
    return "zh" if cjk / 1.5 > latin_words else "en"


def normalize(text: str) -> str:
    """NFKC (full-width -> ASCII), collapse whitespace, lower-case; keeps emoji and punctuation."""
    text = unicodedata.normalize("NFKC", text)
    # Curly apostrophes would otherwise defeat patterns like "don't".
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", text).strip().lower()


def clauses(text: str) -> list[str]:
    return [c.strip() for c in _CLAUSE_SPLIT.split(text) if c and c.strip()]


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def has_latin(text: str) -> bool:
    return bool(_LATIN.search(text))
