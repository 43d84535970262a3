"""Retrieval evaluation: does the knowledge layer put a relevant passage in front of the agent?

Questions (YAML list of {id, question, language, kind: direct|paraphrase|unanswerable,
relevant: [article ids]}) are searched with the question's language filter, as the agent does.

- recall@k: share of answerable questions with a passage from a relevant article in the top k
  passages (passage ranks, not de-duplicated articles: the agent sees passages).
- MRR: mean of 1 / rank of the first relevant passage (0 when none in the top ``depth``).
- nothing-found precision / recall: of the questions flagged nothing_found, how many are truly
  unanswerable; of the unanswerable ones, how many were flagged.
- floor sweep: how those would change at other relevance floors (used to calibrate it).
"""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from domain.errors import InvalidInput

if TYPE_CHECKING:
    from knowledge.retriever import Retriever

DEFAULT_QUESTIONS = Path(__file__).parent / "data" / "retrieval_eval.yaml"
DEPTH = 10
KINDS = ("direct", "paraphrase", "unanswerable")


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    question: str
    language: str
    kind: str
    relevant: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    question: Question
    rank: int | None  # 1-based rank of the first relevant passage
    best_score: float
    nothing_found: bool
    top: tuple[str, ...]  # article ids of the returned passages


def load_questions(path: str | Path) -> list[Question]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise InvalidInput(f"{path}: expected a list of questions")
    out = []
    for row in data:
        kind = str(row.get("kind", ""))
        if kind not in KINDS:
            raise InvalidInput(f"{path}: question {row.get('id')} has unknown kind {kind!r}")
        out.append(
            Question(
                id=str(row["id"]),
                question=str(row["question"]),
                language=str(row.get("language", "en")),
                kind=kind,
                relevant=tuple(str(a) for a in row.get("relevant") or ()),
            )
        )
    return out


async def evaluate(questions: list[Question], retriever: Retriever) -> list[Outcome]:
    outcomes = []
    for q in questions:
        result = await retriever.search(q.question, language=q.language, limit=DEPTH)
        top = tuple(h.article_id for h in result.hits)
        rank = next((i + 1 for i, a in enumerate(top) if a in q.relevant), None)
        outcomes.append(Outcome(q, rank, result.best_score, result.nothing_found, top))
    return outcomes


def _ranking_metrics(outcomes: list[Outcome]) -> dict[str, float | int]:
    answerable = [o for o in outcomes if o.question.kind != "unanswerable"]
    n = len(answerable)
    if n == 0:
        return {"n": 0}

    def recall(k: int) -> float:
        return sum(1 for o in answerable if o.rank is not None and o.rank <= k) / n

    return {
        "n": n,
        "recall@1": round(recall(1), 4),
        "recall@5": round(recall(5), 4),
        "mrr": round(sum(1 / o.rank for o in answerable if o.rank) / n, 4),
        # answerable questions the floor would wrongly turn away
        "false_nothing_found": round(sum(o.nothing_found for o in answerable) / n, 4),
    }


def _nothing_found_metrics(outcomes: list[Outcome], flags: list[bool]) -> dict[str, float | int]:
    truth = [o.question.kind == "unanswerable" for o in outcomes]
    flagged = sum(flags)
    true_pos = sum(f and t for f, t in zip(flags, truth, strict=True))
    positives = sum(truth)
    return {
        "unanswerable": positives,
        "flagged": flagged,
        "precision": round(true_pos / flagged, 4) if flagged else 1.0,
        "recall": round(true_pos / positives, 4) if positives else 1.0,
    }


def floor_sweep(outcomes: list[Outcome], floors: list[float] | None = None) -> list[dict[str, Any]]:
    """Nothing-found precision/recall and answerable questions lost, per candidate floor."""
    rows = []
    for floor in floors or [round(0.10 + 0.025 * i, 3) for i in range(33)]:  # 0.1-0.9
        flags = [o.best_score < floor for o in outcomes]
        nf = _nothing_found_metrics(outcomes, flags)
        lost = sum(
            f and o.question.kind != "unanswerable" and o.rank is not None
            for f, o in zip(flags, outcomes, strict=True)
        )
        rows.append({"floor": floor, **nf, "answerable_lost": lost})
    return rows


def summarise(outcomes: list[Outcome]) -> dict[str, Any]:
    by_lang: dict[str, list[Outcome]] = defaultdict(list)
    by_kind: dict[str, list[Outcome]] = defaultdict(list)
    by_lang_kind: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_lang[o.question.language].append(o)
        by_kind[o.question.kind].append(o)
        by_lang_kind[f"{o.question.language}/{o.question.kind}"].append(o)
    report: dict[str, Any] = {
        "overall": _ranking_metrics(outcomes),
        "by_language": {k: _ranking_metrics(v) for k, v in sorted(by_lang.items())},
        "by_kind": {
            k: _ranking_metrics(v) for k, v in sorted(by_kind.items()) if k != "unanswerable"
        },
        "by_language_kind": {
            k: _ranking_metrics(v)
            for k, v in sorted(by_lang_kind.items())
            if not k.endswith("unanswerable")
        },
        "nothing_found": _nothing_found_metrics(outcomes, [o.nothing_found for o in outcomes]),
        "nothing_found_by_language": {
            k: _nothing_found_metrics(v, [o.nothing_found for o in v])
            for k, v in sorted(by_lang.items())
        },
        "floor_sweep": {k: floor_sweep(v) for k, v in sorted(by_lang.items())},
        "misses": [
            {
                "id": o.question.id,
                "question": o.question.question,
                "kind": o.question.kind,
                "relevant": list(o.question.relevant),
                "top": list(o.top[:3]),
                "best_score": round(o.best_score, 3),
                "nothing_found": o.nothing_found,
            }
            for o in outcomes
            if (o.question.kind == "unanswerable") != o.nothing_found
            or (o.question.kind != "unanswerable" and (o.rank is None or o.rank > 1))
        ],
    }
    return report


async def run_retrieval_eval(questions_path: str | Path, retriever: Retriever) -> dict[str, Any]:
    """Evaluate ``retriever`` (already ingested) on the labelled questions; returns the report."""
    questions = await asyncio.to_thread(load_questions, questions_path)
    return summarise(await evaluate(questions, retriever))


def format_report(report: dict[str, Any]) -> list[str]:
    def line(name: str, m: dict[str, Any]) -> str:
        if not m.get("n"):
            return f"{name:<18} (no answerable questions)"
        return (
            f"{name:<18} n={m['n']:<3} R@1={m['recall@1']:.3f} R@5={m['recall@5']:.3f} "
            f"MRR={m['mrr']:.3f} wrongly-refused={m['false_nothing_found']:.3f}"
        )

    out = [line("overall", report["overall"])]
    out += [line(f"lang {k}", v) for k, v in report["by_language"].items()]
    out += [line(f"kind {k}", v) for k, v in report["by_kind"].items()]
    out += [line(k, v) for k, v in report["by_language_kind"].items()]
    nf = report["nothing_found"]
    out.append(
        f"nothing-found      precision={nf['precision']:.3f} recall={nf['recall']:.3f} "
        f"(flagged {nf['flagged']}, unanswerable {nf['unanswerable']})"
    )
    for lang, m in report["nothing_found_by_language"].items():
        out.append(f"  {lang}: precision={m['precision']:.3f} recall={m['recall']:.3f}")
    return out


def retrieval_command(
    questions: Path | None = None, reingest: bool = True, as_json: bool = False
) -> None:
    """Typer-compatible command: ``app.command("retrieval")(retrieval_command)``."""
    import typer

    asyncio.run(_run_command(questions or DEFAULT_QUESTIONS, reingest, as_json, typer.echo))


async def _run_command(questions: Path, reingest: bool, as_json: bool, echo: Any) -> None:
    from knowledge.embedding_choice import build_embedder
    from knowledge.ingest import ingest_path
    from knowledge.retriever import build_retriever
    from knowledge.settings import KnowledgeSettings

    settings = KnowledgeSettings()
    embedder = build_embedder(settings)
    retriever = build_retriever(settings, embedder)
    try:
        if reingest:
            await ingest_path(settings.kb_path, retriever, embedder, prune=True)
        report = await run_retrieval_eval(questions, retriever)
    finally:
        await retriever.close()
    if as_json:
        echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for text in format_report(report):
            echo(text)
