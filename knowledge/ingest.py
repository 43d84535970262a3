"""Ingest a folder (or one file) of articles into a :class:`Retriever`, incrementally.

The index itself is the manifest: every point carries its article's content hash and source
path, so a re-run compares hashes and only re-embeds articles that changed. With ``prune`` (off
unless asked for) a folder ingest makes the index mirror that folder: articles whose source file
was under the folder and is no longer there are removed; articles from anywhere else stay. Bad
files (binary, empty, undecodable, malformed front matter) are reported and skipped; they never
stop the run and never remove what the index already holds for them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from domain.errors import Forbidden, InvalidInput
from knowledge.chunking import Chunk, chunk_article
from knowledge.documents import SUPPORTED_SUFFIXES, Article, DocumentError, load_article
from knowledge.embedder import encode_passages

if TYPE_CHECKING:
    from knowledge.embedder import Embedder
    from knowledge.retriever import Retriever

log = logging.getLogger(__name__)
EMBED_BATCH = 64
PROGRESS_MIN_CHUNKS = 200  # show a progress bar only on runs long enough to need one


@dataclass(frozen=True, slots=True)
class Skip:
    path: str
    reason: str


@dataclass
class IngestSummary:
    added: list[str] = field(default_factory=list)  # "language/article_id"
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    chunks_written: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": len(self.unchanged),
            "removed": self.removed,
            "skipped": [{"path": s.path, "reason": s.reason} for s in self.skipped],
            "chunks_written": self.chunks_written,
            "seconds": round(self.seconds, 2),
        }

    def lines(self) -> list[str]:
        out = [
            f"added {len(self.added)}, updated {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}, removed {len(self.removed)}, "
            f"skipped {len(self.skipped)} — {self.chunks_written} chunks written "
            f"in {self.seconds:.1f}s"
        ]
        out += [f"  + {a}" for a in self.added]
        out += [f"  ~ {a}" for a in self.updated]
        out += [f"  - {a}" for a in self.removed]
        out += [f"  ! {s.path}: {s.reason}" for s in self.skipped]
        return out


def ingest_target(requested: str | None, default: Path, roots: Sequence[Path]) -> Path:
    """The folder or file a request asks to ingest, checked: a usable path (no NUL, control or
    bidi-format characters, no over-long names) that exists inside one of ``roots``.

    Raises :class:`InvalidInput` for a malformed or missing path and :class:`Forbidden` for one
    outside the roots (a client never gets an OS error or a traceback).
    """
    if requested is not None:
        bad = next((c for c in requested if unicodedata.category(c) in {"Cc", "Cf"}), None)
        if bad is not None:
            raise InvalidInput(f"path contains a control character (U+{ord(bad):04X})")
        if any(len(part.encode()) > 255 for part in Path(requested).parts):
            raise InvalidInput("path has a name longer than 255 bytes")
    try:
        path = (Path(requested) if requested else default).resolve()
        allowed = any(path.is_relative_to(root.resolve()) for root in roots)
        exists = path.exists()
    except OSError as exc:
        raise InvalidInput(f"path is not usable ({os.strerror(exc.errno or 22)})") from None
    except ValueError:
        raise InvalidInput("path is not usable") from None
    if not allowed:
        raise Forbidden("that folder is outside the allowed knowledge-base roots")
    if not exists:
        raise InvalidInput(f"path {path} does not exist on the server")
    return path


def discover(path: Path) -> list[Path]:
    """Every file under ``path`` (hidden files and folders excluded), sorted."""
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise InvalidInput(f"no such file or folder: {path}")
    return sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def load_articles(files: Iterable[Path], summary: IngestSummary) -> list[Article]:
    """Parse files; unreadable ones and duplicate ids go to ``summary.skipped``."""
    articles: list[Article] = []
    seen: dict[tuple[str, str], str] = {}
    for path in files:
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            summary.skipped.append(Skip(str(path), f"unsupported file type {path.suffix or '-'}"))
            continue
        try:
            article = load_article(path)
        except DocumentError as exc:
            summary.skipped.append(Skip(str(path), str(exc).split(": ", 1)[-1]))
            continue
        except OSError as exc:
            summary.skipped.append(Skip(str(path), f"cannot read ({exc.strerror})"))
            continue
        except Exception as exc:  # a parser bug on one odd file must not stop the run
            log.warning("knowledge ingest: cannot parse %s", path, exc_info=True)
            summary.skipped.append(Skip(str(path), f"cannot parse ({type(exc).__name__})"))
            continue
        key = (article.language, article.article_id)
        if key in seen:
            summary.skipped.append(
                Skip(str(path), f"duplicate id {article.article_id!r} (also in {seen[key]})")
            )
            continue
        seen[key] = str(path)
        articles.append(article)
    return articles


async def ingest_path(
    path: str | Path,
    retriever: Retriever,
    embedder: Embedder,
    *,
    prune: bool = False,
    progress: bool | None = None,
) -> IngestSummary:
    """Bring the index in line with the articles under ``path``.

    ``prune`` (folders only) removes indexed articles that came from this folder (their source
    path is under it) and are no longer in it — except those whose file is still there but
    failed to parse this time. Ingesting a subfolder never touches articles from elsewhere.
    ``progress``: tqdm bar on stderr; None shows it only for long runs.
    """
    loop = asyncio.get_running_loop()
    started = loop.time()
    root = Path(path)
    is_folder = await asyncio.to_thread(root.is_dir)
    summary = IngestSummary()
    files = await asyncio.to_thread(discover, root)
    articles = await asyncio.to_thread(load_articles, files, summary)
    indexed = await retriever.articles()

    to_write: list[tuple[Article, list[Chunk], bool]] = []  # (article, chunks, was indexed)
    for article in articles:
        key = (article.language, article.article_id)
        label = f"{article.language}/{article.article_id}"
        record = indexed.get(key)
        if record is not None and record.article_hash == article.content_hash:
            summary.unchanged.append(label)
            continue
        chunks = chunk_article(article)
        if not chunks:
            summary.skipped.append(Skip(article.source, "no text to index"))
            continue
        (summary.updated if record is not None else summary.added).append(label)
        to_write.append((article, chunks, record is not None))

    await _write(to_write, retriever, embedder, summary, progress)

    if prune and is_folder and not articles and indexed:
        # A folder with no readable article at all is far more likely a wrong path or a
        # failed sync than a deliberate "delete everything".
        log.warning("knowledge ingest: %s has no readable articles; not pruning", root)
        summary.skipped.append(Skip(str(root), "no readable articles: prune skipped"))
    elif prune and is_folder:
        present = {(a.language, a.article_id) for a in articles}
        skipped_sources = {s.path for s in summary.skipped}
        candidates = [
            rec
            for key, rec in indexed.items()
            if key not in present and rec.source not in skipped_sources
        ]
        gone = await asyncio.to_thread(
            lambda: [rec for rec in candidates if _is_under(rec.source, root)]
        )
        for rec in gone:
            await retriever.delete_articles([rec.article_id], language=rec.language)
            summary.removed.append(f"{rec.language}/{rec.article_id}")

    summary.seconds = loop.time() - started
    log.info("knowledge ingest: %s", summary.lines()[0])
    return summary


def _is_under(source: str, root: Path) -> bool:
    """Whether an indexed article's source file lies inside ``root`` (both resolved, so a
    relative and an absolute spelling of the same folder agree). No source: not ours to prune."""
    if not source:
        return False
    try:
        return Path(source).resolve().is_relative_to(root.resolve())
    except (OSError, ValueError):
        return False


async def _write(
    to_write: list[tuple[Article, list[Chunk], bool]],
    retriever: Retriever,
    embedder: Embedder,
    summary: IngestSummary,
    progress: bool | None,
) -> None:
    total = sum(len(chunks) for _, chunks, _ in to_write)
    if total == 0:
        return
    show = progress if progress is not None else total >= PROGRESS_MIN_CHUNKS
    from tqdm import tqdm

    bar = tqdm(total=total, unit="chunk", desc="embedding", disable=not show)
    try:
        group: list[tuple[Article, list[Chunk], bool]] = []
        for item in to_write:
            group.append(item)
            if sum(len(c) for _, c, _ in group) >= EMBED_BATCH:
                await _write_group(group, retriever, embedder, summary, bar)
                group = []
        if group:
            await _write_group(group, retriever, embedder, summary, bar)
    finally:
        bar.close()


async def _write_group(
    group: list[tuple[Article, list[Chunk], bool]],
    retriever: Retriever,
    embedder: Embedder,
    summary: IngestSummary,
    bar: Any,
) -> None:
    """Embed a few articles' chunks in one batch, then replace each article in the index."""
    flat = [c for _, chunks, _ in group for c in chunks]
    vectors = await asyncio.to_thread(encode_passages, embedder, [c.embed_text for c in flat])
    offset = 0
    for article, chunks, was_indexed in group:
        if was_indexed:  # old chunks go: an article that got shorter must not keep its tail
            await retriever.delete_articles([article.article_id], language=article.language)
        await retriever.upsert_chunks(chunks, vectors[offset : offset + len(chunks)])
        offset += len(chunks)
        summary.chunks_written += len(chunks)
        bar.update(len(chunks))
