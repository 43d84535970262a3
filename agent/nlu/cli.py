"""``warmline nlu ...`` sub-commands.

Mounted by api/cli.py as ``app.add_typer(nlu_app, name="nlu")``.

Heavy imports happen inside the commands, so building the CLI stays fast.
"""

from __future__ import annotations

import json as _json
from pathlib import Path
from typing import Annotated

import typer

nlu_app = typer.Typer(
    help="Understanding engine: train and try the intent/emotion/churn models.",
    no_args_is_help=True,
)

_CACHE_HELP = "where trained models are cached (keyed by taxonomy hash + embedding model)"


def _cache_default() -> Path:
    return Path(".data") / "nlu-cache"


@nlu_app.command("train")
def train(
    taxonomy: Annotated[
        Path | None, typer.Option("--taxonomy", help="intent taxonomy YAML")
    ] = None,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help=_CACHE_HELP)] = None,
    json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
) -> None:
    """Train (or load from cache) the taxonomy's models and print a summary."""
    from agent.nlu import UnderstandingEngine, default_taxonomy_path
    from knowledge.embedding_choice import build_embedder
    from knowledge.settings import KnowledgeSettings

    engine = UnderstandingEngine.load(
        taxonomy or default_taxonomy_path(),
        build_embedder(KnowledgeSettings()),
        cache_dir or _cache_default(),
    )
    s = engine.summary
    assert s is not None
    summary = {
        "intents": s.intents,
        "examples": s.examples,
        "seconds": s.seconds,
        "cached": s.cached,
        "cache_file": str(s.cache_file) if s.cache_file else None,
        "cv_accuracy": s.cv_accuracy,
        "temperature": round(s.temperature, 3),
    }
    if json:
        typer.echo(_json.dumps(summary))
        return
    source = "loaded from cache" if s.cached else "trained"
    typer.echo(f"{source}: {s.intents} intents, {s.examples} examples in {s.seconds}s")
    if s.cv_accuracy is not None:
        typer.echo(f"cross-validated accuracy {s.cv_accuracy:.3f}, temperature {s.temperature:.2f}")
    typer.echo(f"cache: {s.cache_file}")


@nlu_app.command("analyze")
def analyze(
    text: Annotated[str, typer.Argument(help="a customer message")],
    taxonomy: Annotated[
        Path | None, typer.Option("--taxonomy", help="intent taxonomy YAML")
    ] = None,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help=_CACHE_HELP)] = None,
) -> None:
    """Print the Signals (with explanations) for one message, as JSON."""
    from agent.nlu import UnderstandingEngine, default_taxonomy_path
    from knowledge.embedding_choice import build_embedder
    from knowledge.settings import KnowledgeSettings

    engine = UnderstandingEngine.load(
        taxonomy or default_taxonomy_path(),
        build_embedder(KnowledgeSettings()),
        cache_dir or _cache_default(),
    )
    typer.echo(_json.dumps(engine.analyze(text).as_dict(), ensure_ascii=False, indent=2))
