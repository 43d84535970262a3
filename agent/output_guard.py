"""The output guard: a model reply that reproduces the system prompt or a configured secret is
never sent to the customer.

Why word runs and shingles rather than an exact match: a leaking model rarely copies cleanly.
It adds a preface ("Sure, my rules are: …"), changes case, drops punctuation, quotes a middle
part or stitches several parts together. Texts are compared as lower-cased word tokens (a
Chinese character counts as a word), so case, punctuation and spacing do not matter:
- a run of ``min_run`` consecutive words of a protected text in the reply is a leak;
- so is sharing ``min_shingles`` distinct 3-word shingles with it (a partial or lightly
  reworded copy: several short runs);
- a configured secret leaks when its words appear in order, contiguously.

Only the instruction part of the system prompt is protected: the help-centre passages that
follow it are meant to be quoted. A paraphrase in other words, or a translation, is not caught
(say so; the injection flag in the decision log is the other half of the defence).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

_TOKEN = re.compile(r"[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclass(frozen=True, slots=True)
class GuardVerdict:
    """Why a reply was withheld; recorded in the decision as ``output_guard``."""

    reason: str  # system_prompt | secret
    detail: str
    replaced_with: str = "offline"  # what the customer got instead

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def _grams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


class OutputGuard:
    def __init__(
        self,
        protected: list[str],
        secrets: list[str] | None = None,
        *,
        min_run: int = 8,
        min_shingles: int = 6,
    ) -> None:
        self._min_run = min_run
        self._min_shingles = min_shingles
        words = [tokens(p) for p in protected if p.strip()]
        self._runs = set().union(*(_grams(w, min_run) for w in words)) if words else set()
        self._shingles = set().union(*(_grams(w, 3) for w in words)) if words else set()
        self._secrets = [(s, tokens(s)) for s in (secrets or []) if tokens(s)]

    def check(self, reply: str) -> GuardVerdict | None:
        """None when the reply may be sent; otherwise why not."""
        words = tokens(reply)
        joined = " " + " ".join(words) + " "
        for _, secret in self._secrets:
            if " " + " ".join(secret) + " " in joined:
                detail = f"reply contains a configured secret ({len(secret)} words)"
                return GuardVerdict("secret", detail)
        run_hits = _grams(words, self._min_run) & self._runs
        if run_hits:
            first = " ".join(next(iter(sorted(run_hits))))
            return GuardVerdict(
                "system_prompt",
                f"{self._min_run}+ consecutive words of the system prompt (e.g. '{first}')",
            )
        shared = _grams(words, 3) & self._shingles
        if len(shared) >= self._min_shingles:
            return GuardVerdict(
                "system_prompt",
                f"{len(shared)} three-word phrases of the system prompt "
                f"(limit {self._min_shingles - 1})",
            )
        return None
