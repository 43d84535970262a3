"""``warmline kb …`` commands. The lead's CLI mounts ``kb_app`` (``app.add_typer(kb_app,
name="kb")``); each command builds its own settings, embedder and retriever."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from knowledge.settings import KnowledgeSettings

if TYPE_CHECKING:
    from knowledge.embedder import Embedder
    from knowledge.ingest import IngestSummary

kb_app = typer.Typer(help="Knowledge base: ingest articles, try searches.", no_args_is_help=True)

# Set by the application's CLI (``api/cli.py``) to put each ingest on the audit record; this
# package cannot reach the VOC store itself.
IngestHook = Callable[[Path, "IngestSummary"], Awaitable[None]]
_after_ingest: IngestHook | None = None


def on_ingest(hook: IngestHook | None) -> None:
    global _after_ingest
    _after_ingest = hook


async def _ingest(path: Path, prune: bool, as_json: bool) -> None:
    from knowledge.embedding_choice import build_embedder
    from knowledge.ingest import ingest_path
    from knowledge.retriever import build_retriever

    settings = KnowledgeSettings()
    embedder = build_embedder(settings)
    retriever = build_retriever(settings, embedder)
    try:
        summary = await ingest_path(path, retriever, embedder, prune=prune)
        total = await retriever.count()
    finally:
        await retriever.close()
    if _after_ingest is not None:
        await _after_ingest(path, summary)
    if as_json:
        typer.echo(json.dumps({**summary.as_dict(), "chunks_in_index": total}, indent=2))
        return
    for line in summary.lines():
        typer.echo(line)
    typer.echo(f"index now holds {total} chunks ({settings.resolved_backend} backend)")


@kb_app.command("ingest")
def ingest(
    path: Annotated[
        Path | None, typer.Argument(help="Folder or file; default: WARMLINE_KB_PATH")
    ] = None,
    prune: Annotated[
        bool,
        typer.Option(
            "--prune/--no-prune",
            help="Remove indexed articles that came from this folder and are no longer in it "
            "(articles from other folders are never touched)",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON")] = False,
) -> None:
    """Ingest Markdown/HTML/text articles; only changed articles are re-embedded."""
    target = path or KnowledgeSettings().kb_path
    if not target.exists():
        raise typer.BadParameter(f"{target} does not exist", param_hint="PATH")
    asyncio.run(_ingest(target, prune, as_json))


async def _search(query: str, language: str | None, tags: list[str] | None, limit: int) -> None:
    from knowledge.embedding_choice import build_embedder
    from knowledge.retriever import build_retriever

    settings = KnowledgeSettings()
    embedder = build_embedder(settings)
    retriever = build_retriever(settings, embedder)
    try:
        result = await retriever.search(query, language=language, tags=tags, limit=limit)
    finally:
        await retriever.close()
    verdict = "NOTHING FOUND" if result.nothing_found else "found"
    typer.echo(
        f"{verdict} (best relevance {result.best_score:.3f}; floors: cosine "
        f"{result_floor(settings, embedder, language):.2f}, lexical {settings.lexical_floor:.2f})"
    )
    for hit, fused in zip(result.hits, result.fused_scores, strict=False):
        typer.echo(
            f"  rrf={fused:.3f} rel={hit.score:.3f} {hit.chunk_id} — {hit.title} / {hit.section}"
        )


@kb_app.command("search")
def search(
    query: str,
    language: Annotated[str | None, typer.Option("--language", "-l")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n")] = 5,
) -> None:
    """Run one hybrid search against the index and show the hits."""
    asyncio.run(_search(query, language, tag, limit))


@kb_app.command("eval")
def evaluate(
    questions: Annotated[Path | None, typer.Option(help="Labelled questions (YAML)")] = None,
    reingest: Annotated[bool, typer.Option(help="Ingest WARMLINE_KB_PATH first")] = True,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Retrieval evaluation (same as ``warmline eval retrieval``)."""
    from evals.retrieval import retrieval_command

    retrieval_command(questions=questions, reingest=reingest, as_json=as_json)


def result_floor(settings: KnowledgeSettings, embedder: Embedder, language: str | None) -> float:
    from knowledge.embedder import embedder_floor

    if settings.relevance_floor is not None:
        return settings.relevance_floor
    return embedder_floor(embedder, language or "en")
