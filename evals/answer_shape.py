"""How extractive answers read, from a ``warmline eval run --json`` file (issue 11, item 5).

Every cited answer's quotes (the text before each ``[n]``) are located in their article and
counted: quotes that open on a list item (its lead-in left out), open lowercase, open in the
middle of an article sentence, or share no term with the question. Citation validity comes
from the run itself. Usage::

    warmline eval run evals/suites/demo_bank.yaml --json > run.json
    python -m evals.answer_shape run.json
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.extract import terms, to_plain
from knowledge.ingest import IngestSummary, discover, load_articles

_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])\s+")
_MARK = re.compile(r"\s*\[(\d+)\]\s*$")
_ENDS_SENTENCE = re.compile(r"[.!?。！？:：;；]$")
ANSWERED = ("answer", "answer_and_probe")


@dataclass(slots=True)
class Shape:
    answers: int = 0
    citation_valid: int = 0
    quotes: int = 0
    not_located: int = 0
    opens_on_item: int = 0
    opens_lowercase: int = 0
    opens_mid_sentence: int = 0
    shares_no_term: int = 0
    total_chars: int = 0
    examples: list[str] = field(default_factory=list)


def article_lines(kb: Path) -> dict[str, list[str]]:
    lines: dict[str, list[str]] = {}
    for a in load_articles(discover(kb), IngestSummary()):
        lines.setdefault(a.article_id, []).extend(a.body.splitlines())
    return lines


def _locate(lines: list[str], quote: str) -> tuple[str, int] | None:
    """The article line the quote starts in and where in that line's plain text."""
    head = quote.rstrip(":：")[:24]
    for line in lines:
        at = to_plain(_ITEM.sub("", line)).find(head)
        if at >= 0:
            return line, at
    return None


def measure(run: dict[str, Any], lines: dict[str, list[str]]) -> Shape:
    s = Shape()
    for case in run["cases"]:
        for t in case["turns"]:
            if t["action"] not in ANSWERED or not t["citations"]:
                continue
            s.answers += 1
            s.citation_valid += bool(t["citation_valid"])
            s.total_chars += len(t["reply"] or "")
            for para in (t["reply"] or "").split("\n\n"):
                m = _MARK.search(para)
                if m:
                    cited = t["citations"][int(m.group(1)) - 1]["article_id"]
                    _count(s, case["id"], t, _MARK.sub("", para).strip(), lines.get(cited, []))
    return s


def _count(s: Shape, case_id: str, turn: dict[str, Any], quote: str, lines: list[str]) -> None:
    s.quotes += 1
    first = _ITEM.sub("", quote.splitlines()[0]) if quote else ""
    found = _locate(lines, first)
    if found is None:
        s.not_located += 1
        return
    line, at = found
    on_item = bool(_ITEM.match(line))
    mid = at > 0 and not _ENDS_SENTENCE.search(to_plain(_ITEM.sub("", line))[:at].rstrip())
    lower = first[:1].islower()
    s.opens_on_item += on_item
    s.opens_mid_sentence += mid
    s.opens_lowercase += lower
    s.shares_no_term += not (terms(turn["text"]) & terms(quote))
    if (on_item or mid or lower) and len(s.examples) < 10:
        s.examples.append(f"{case_id}#{turn['n']}: {turn['text'][:50]!r} -> {quote[:80]!r}")


def main(argv: list[str]) -> None:
    run = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    kb = Path(argv[1]) if len(argv) > 1 else Path("knowledge/demo_kb")
    s = measure(run, article_lines(kb))
    print(f"answered turns {s.answers}, citation valid {s.citation_valid}/{s.answers}")
    print(f"mean answer length {s.total_chars // max(1, s.answers)} characters")
    print(
        f"quotes {s.quotes} (not located {s.not_located}): open on a list item "
        f"{s.opens_on_item}, open lowercase {s.opens_lowercase}, open mid-sentence "
        f"{s.opens_mid_sentence}, share no term with the question {s.shares_no_term}"
    )
    for example in s.examples:
        print("  ", example)


if __name__ == "__main__":
    main(sys.argv[1:])
