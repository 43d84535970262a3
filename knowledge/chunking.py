"""Split an :class:`Article` into :class:`Chunk`\\ s along its headings.

Each ``##``-level section (or deeper) becomes one chunk when it fits the size budget; longer
sections are split on paragraph, then sentence, boundaries with a small overlap so that a fact
cut at a boundary still appears whole in one chunk. Size is counted in "units": one per Latin
word, one per CJK character — roughly the model's word pieces, whose window is 256.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from domain.chinese import to_simplified
from knowledge.documents import Article

MAX_UNITS = 180
OVERLAP_UNITS = 30
MIN_UNITS = 12  # shorter sections are folded into the next one of the same article

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_UNIT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？；;])\s*")


@dataclass(frozen=True, slots=True)
class Chunk:
    """One indexed passage. ``embed_text`` is what the vectors are computed from."""

    chunk_id: str
    article_id: str
    title: str
    section: str
    text: str
    url: str
    language: str
    tags: tuple[str, ...]
    updated: str
    position: int
    content_hash: str
    article_hash: str
    source: str = ""

    @property
    def embed_text(self) -> str:
        head = f"{self.title} — {self.section}" if self.section else self.title
        # A traditional-character article is embedded as simplified, like the queries.
        return to_simplified(f"{head}\n{self.text}")


def units(text: str) -> int:
    return len(_UNIT.findall(text))


def split_sections(body: str) -> list[tuple[str, str]]:
    """(section heading, text) pairs; text before the first sub-heading has section ""."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    in_fence = False
    for line in body.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        m = None if in_fence else _HEADING.match(line)
        if m and len(m.group(1)) == 1 and not sections[-1][1] and sections[-1][0] == "":
            continue  # the article's own "# Title" line
        if m:
            sections.append((m.group(2).strip(), []))
        else:
            sections[-1][1].append(line)
    out = [(name, "\n".join(lines).strip()) for name, lines in sections]
    return [(name, text) for name, text in out if text]


def _pieces(text: str) -> list[str]:
    """Paragraphs, with over-long paragraphs broken into sentences."""
    pieces: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para:
            continue
        if units(para) <= MAX_UNITS:
            pieces.append(para)
            continue
        for sentence in _SENTENCE_END.split(para):
            sentence = sentence.strip()
            while units(sentence) > MAX_UNITS:  # no sentence breaks at all: hard cut
                found = _UNIT.findall(sentence)
                cut = sentence.find(found[MAX_UNITS]) if len(found) > MAX_UNITS else len(sentence)
                pieces.append(sentence[:cut].strip())
                sentence = sentence[cut:].strip()
            if sentence:
                pieces.append(sentence)
    return pieces


def split_text(text: str) -> list[str]:
    """Greedy packing of pieces up to MAX_UNITS, carrying ~OVERLAP_UNITS into the next window."""
    if units(text) <= MAX_UNITS:
        return [text.strip()]
    windows: list[str] = []
    current: list[str] = []
    size = 0
    for piece in _pieces(text):
        n = units(piece)
        if current and size + n > MAX_UNITS:
            windows.append("\n\n".join(current))
            carry: list[str] = []
            carried = 0
            for prev in reversed(current):
                if carried + units(prev) > OVERLAP_UNITS:
                    break
                carry.insert(0, prev)
                carried += units(prev)
            current, size = carry, carried
        current.append(piece)
        size += n
    if current:
        windows.append("\n\n".join(current))
    return windows


def _merge_small(sections: list[tuple[str, str]]) -> list[tuple[str, str]]:
    merged: list[tuple[str, str]] = []
    pending: tuple[str, str] | None = None
    for name, text in sections:
        if pending is not None:
            name = name or pending[0]
            text = f"{pending[1]}\n\n{text}"
            pending = None
        if units(text) < MIN_UNITS:
            pending = (name, text)
            continue
        merged.append((name, text))
    if pending is not None:
        if merged:
            name, text = merged[-1]
            merged[-1] = (name, f"{text}\n\n{pending[1]}")
        else:
            merged.append(pending)
    return merged


def chunk_article(article: Article) -> list[Chunk]:
    article_hash = article.content_hash
    chunks: list[Chunk] = []
    for section, text in _merge_small(split_sections(article.body)):
        for window in split_text(text):
            position = len(chunks)
            digest = hashlib.sha256(
                f"{article_hash}\x1f{section}\x1f{window}".encode()
            ).hexdigest()[:24]
            chunks.append(
                Chunk(
                    chunk_id=f"{article.language}/{article.article_id}#{position}",
                    article_id=article.article_id,
                    title=article.title,
                    section=section,
                    text=window,
                    url=article.url,
                    language=article.language,
                    tags=article.tags,
                    updated=article.updated,
                    position=position,
                    content_hash=digest,
                    article_hash=article_hash,
                    source=article.source,
                )
            )
    return chunks
