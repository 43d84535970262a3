"""Which sentences of a help-centre passage answer the question, quoted so they read whole.

A passage is parsed into units: the sentences of its paragraphs and the items of its lists,
each list remembering its lead-in sentence ("You can raise a dispute if, for example:").
Units are scored by the terms they share with the question, with the same analysis as the
keyword side of retrieval (knowledge/sparse.py: stemmed English words, Chinese characters and
bigrams). The best unit is quoted with what it needs to make sense on its own:

- a list item with its lead-in, and with the rest of its list when the items are steps, few
  (three or fewer) or alternatives joined by "or" (under a heading, with the items before it);
- a lead-in with the items it introduces;
- a sentence that points back ("This is called a chargeback.") with the sentence before it.

Further units are added only if they answer nearly as well (at least 0.6 of the best score), up
to a length cap, and everything is quoted in reading order with list items on their own lines.
A passage sharing no term with the question is quoted from its beginning, never from the
middle. Every quoted character is article text (markup aside), so citations stay checkable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.sparse import SparseEncoder

_MARKUP = re.compile(r"\*\*|__|`|^#+\s*|^\s*[-*+]\s+", re.M)
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)")
_ITEM = re.compile(r"^\s*(?:([-*+])|(\d{1,2})[.)])\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“'(])|(?<=[。！？])")
_LEAD_END = re.compile(r"[:：]\s*$")
# A sentence with one of these in its first few words leans on the sentence before it
# ("This is called a chargeback.", "Pay it off before your switch date.").
_POINTS_BACK = re.compile(
    r"^(?:\S+\s+){0,3}(?:this|that|these|those|it|its|they|them|then|also|but|however|"
    r"otherwise|instead)\b|^(?:这|那|它|此|但|然后|另外|否则|同时)",
    re.I,
)
MAX_ITEMS = 6  # list items quoted under one lead-in
SHORT_LIST = 3  # a list this short is quoted whole: its items are read together
# Items joined by "or"/"and" are alternatives or parts of one answer, never quoted alone.
_JOINED = re.compile(r"\b(?:or|and)[;,.]?\s*$|(?:或者|或|以及|和)[；，。]?\s*$", re.I)


def to_plain(text: str) -> str:
    """Message text is plain text on the wire: drop Markdown emphasis, code ticks and links."""
    return _MARKUP.sub("", _LINK.sub(r"\1", text)).strip()


@lru_cache(maxsize=1)
def _encoder() -> SparseEncoder:
    return SparseEncoder("bigram")


def terms(text: str) -> frozenset[int]:
    """The question-side term ids of ``text`` (stop words dropped, English stemmed)."""
    return frozenset(_encoder().encode_query(text).indices) if text.strip() else frozenset()


@dataclass(slots=True)
class Unit:
    text: str  # plain text; a list item keeps its marker ("- ", "2. ")
    block: int  # units of one paragraph or list share a block
    item: bool = False
    numbered: bool = False
    lead: int | None = None  # an item's lead-in unit
    items: tuple[int, ...] = ()  # a lead-in's items
    heading: bool = False  # the section heading, standing in as a list's lead-in


def _plain_line(line: str) -> str:
    return to_plain(_LINK.sub(r"\1", line)).strip()


def parse(passage: str, heading: str = "") -> list[Unit]:
    """The passage's units. A section that opens with a list is introduced by its heading
    ("Larkspur Bank will never"), so its items are never quoted without a lead-in."""
    units: list[Unit] = []
    block = 0
    lines = passage.strip().splitlines()
    if heading.strip() and lines and _ITEM.match(lines[0]):
        # Quoted as it stands in the article (its own line, no colon added), so the quote
        # remains article text.
        units.append(Unit(_plain_line(heading), block, heading=True))
        block += 1
    for para in re.split(r"\n\s*\n", passage.strip()):
        prose: list[str] = []
        list_start: int | None = None
        for line in para.splitlines():
            m = _ITEM.match(line)
            if m:
                if list_start is None:
                    units.extend(_sentences(prose, block))
                    prose = []
                    list_start = len(units)
                marker = f"{m.group(2)}. " if m.group(2) else "- "
                body = marker + _plain_line(line[m.end() :])
                units.append(Unit(body, block, item=True, numbered=bool(m.group(2))))
            elif list_start is not None and line.startswith((" ", "\t")) and line.strip():
                units[-1].text += " " + _plain_line(line)  # an item's continuation line
            else:
                if list_start is not None:
                    _link_list(units, list_start)
                    list_start = None
                    block += 1
                prose.append(_plain_line(line))
        if list_start is not None:
            _link_list(units, list_start)
        units.extend(_sentences(prose, block))
        block += 1
    return [u for u in units if u.text.strip(" -")]


def _sentences(lines: list[str], block: int) -> list[Unit]:
    text = " ".join(line for line in lines if line)
    return [Unit(s.strip(), block) for s in _SENTENCE.split(text) if len(s.strip()) > 1]


def _link_list(units: list[Unit], start: int) -> None:
    """Tie the items from ``start`` to the sentence just before them when it introduces them."""
    if start == 0 or units[start - 1].item:
        return
    if not (units[start - 1].heading or _LEAD_END.search(units[start - 1].text)):
        return
    lead = units[start - 1]
    lead.items = tuple(range(start, len(units)))
    for i in lead.items:
        units[i].lead = start - 1


def _with_context(units: list[Unit], i: int) -> list[int]:
    """Unit ``i`` with what it needs to be read on its own."""
    u = units[i]
    out = [i]
    if u.item and u.lead is not None:
        out.append(u.lead)
        siblings = units[u.lead].items
        if (
            u.numbered
            or len(siblings) <= SHORT_LIST
            or any(_JOINED.search(units[j].text) for j in siblings)
        ):
            out.extend(siblings[:MAX_ITEMS])
        elif units[u.lead].heading:  # under a heading, an item read first looks like the first
            out.extend(j for j in siblings if j < i)
    elif u.item and u.numbered:  # steps without a lead-in: the neighbouring steps
        out.extend(j for j in range(len(units)) if units[j].block == u.block and units[j].item)
    if u.items:
        out.extend(u.items[:MAX_ITEMS])
    starts_low = u.text[:1].islower() and not u.item
    if (_POINTS_BACK.search(u.text) or starts_low) and i > 0 and units[i - 1].block == u.block:
        out.append(i - 1)
    return out


def _render(units: list[Unit], chosen: list[int], language: str) -> str:
    gap = "" if language == "zh" else " "
    out = ""
    for n, i in enumerate(sorted(set(chosen))):
        u = units[i]
        if n == 0:
            out = u.text
        elif u.item or units[sorted(set(chosen))[n - 1]].item:
            out += "\n" + u.text
        else:
            out += gap + u.text
    return out


def best_extract(
    question: str,
    passage: str,
    *,
    language: str = "en",
    heading: str = "",
    max_sentences: int = 3,
    max_chars: int = 480,
) -> str:
    """The passage's sentences that answer ``question``, whole and in reading order."""
    units = parse(passage, heading)
    if not units:
        return to_plain(passage)[:max_chars]
    scores = relevance(question, units)
    best = max(scores)
    if best < 1:
        order = list(range(len(units)))  # nothing in common: quote from the beginning
    else:
        order = sorted(
            (i for i, s in enumerate(scores) if s >= max(1.0, 0.6 * best)),
            key=lambda i: (-scores[i], i),
        )
    chosen: list[int] = []
    picked = 0
    for i in order:
        if i in chosen:
            continue
        group = [j for j in dict.fromkeys(_with_context(units, i)) if j not in chosen]
        size = sum(len(units[j].text) for j in chosen + group)
        if chosen and (picked >= max_sentences or size > max_chars):
            if best >= 1:
                continue  # a shorter, later unit may still fit
            break
        chosen.extend(_fit(units, group, max_chars, first=not chosen))
        picked += 1
    return _render(units, chosen, language)


def relevance(question: str, units: list[Unit]) -> list[float]:
    """Shared terms with the question; the passage's first sentence wins a tie. (The term
    analysis reads traditional characters simplified, like the help centre.)"""
    q = terms(question)
    return [len(q & terms(u.text)) + (0.5 if i == 0 else 0.0) for i, u in enumerate(units)]


def _fit(units: list[Unit], group: list[int], max_chars: int, *, first: bool) -> list[int]:
    """The group within the cap, whole items only. The first group keeps the unit that earned
    it and its lead-in, then the other items in order while they fit; a later group that does
    not fit whole is left out (half a list of alternatives misleads)."""
    if not first:
        return group if sum(len(units[j].text) for j in group) <= max_chars else []
    keep = group[:2]
    size = sum(len(units[j].text) for j in keep)
    for j in sorted(group[2:]):
        if size + len(units[j].text) > max_chars:
            break
        keep.append(j)
        size += len(units[j].text)
    return keep
