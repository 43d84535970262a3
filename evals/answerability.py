"""Does the agent know when the help centre doesn't know? ``warmline eval answerability``.

Unanswerable near-topic questions (evals/data/answerability.yaml: products the bank doesn't
offer, other companies' accounts, a shared keyword asking something else) and the answerable
questions of evals/data/retrieval_eval.yaml go through the deployment's understanding and
retrieval, as the agent's retrieve step does. Each question is scored twice from one search:

- **floor**: "nothing found" from the retriever's relevance floor alone (the old decision), and
  the retriever's own passage order;
- **judge**: :mod:`agent.answerability` — the floor, or the answerability verdict (intent ↔
  article agreement, out of scope, another provider's name) — and its re-ranked order.

Reported per split (dev: looked at while building; heldout: scored at the end) and language:
precision and recall of "I don't know", R@1/R@5 of answerable questions, recall per category.
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
from evals.retrieval import DEFAULT_QUESTIONS as RETRIEVAL_QUESTIONS
from evals.retrieval import load_questions

if TYPE_CHECKING:
    from agent.answerability import AnswerabilityJudge
    from agent.ports import Understander
    from knowledge.retriever import Retriever

DEFAULT_UNANSWERABLE = Path(__file__).parent / "data" / "answerability.yaml"
DEPTH = 10
SPLITS = ("dev", "heldout")


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    question: str
    language: str
    category: str  # product | other | keyword | retrieval_eval | answerable | second_topic
    split: str
    relevant: tuple[str, ...]  # empty: unanswerable

    @property
    def answerable(self) -> bool:
        return bool(self.relevant)


@dataclass(frozen=True, slots=True)
class Scored:
    case: Case
    idk_floor: bool  # the retriever's relevance floor alone
    idk_judge: bool  # floor or answerability verdict
    rank_floor: int | None  # 1-based rank of the first relevant passage, retriever order
    rank_judge: int | None  # same, re-ranked by intent agreement
    intent: str
    reasons: tuple[str, ...]
    top_floor: str
    top_judge: str


def load_cases(unanswerable: str | Path, answerable: str | Path) -> list[Case]:
    rows = yaml.safe_load(Path(unanswerable).read_text(encoding="utf-8"))
    if not isinstance(rows, list):
        raise InvalidInput(f"{unanswerable}: expected a list of questions")
    cases = []
    for row in rows:
        split = str(row.get("split", ""))
        if split not in SPLITS:
            raise InvalidInput(f"{unanswerable}: {row.get('id')} has split {split!r}")
        cases.append(
            Case(
                str(row["id"]),
                str(row["question"]),
                str(row.get("language", "en")),
                str(row.get("category", "other")),
                split,
                tuple(str(a) for a in row.get("relevant") or ()),  # second_topic rows: answerable
            )
        )
    for q in load_questions(answerable):
        # Odd-numbered ids (q001, q003, ...) are dev, even held-out (see answerability.yaml).
        digits = "".join(ch for ch in q.id if ch.isdigit())
        split = "dev" if digits and int(digits) % 2 == 1 else "heldout"
        category = "retrieval_eval" if q.kind == "unanswerable" else "answerable"
        cases.append(Case(q.id, q.question, q.language, category, split, q.relevant))
    return cases


def _rank(articles: list[str], relevant: tuple[str, ...]) -> int | None:
    return next((i + 1 for i, a in enumerate(articles) if a in relevant), None)


async def score(
    cases: list[Case], understander: Understander, retriever: Retriever, judge: AnswerabilityJudge
) -> list[Scored]:
    from domain.query import normalize_query

    out = []
    for case in cases:
        query = normalize_query(case.question)  # as the agent's turn reads it (customer_query)
        signals = (await asyncio.to_thread(understander.analyze, query)).as_dict()
        result = await retriever.search(query, language=case.language, limit=DEPTH)
        assessed = judge.assess(query, signals, result)
        before = [h.article_id for h in result.hits]
        after = [h.article_id for h in assessed.hits]
        out.append(
            Scored(
                case,
                idk_floor=bool(result.nothing_found),
                idk_judge=bool(result.nothing_found) or not assessed.verdict.answerable,
                rank_floor=_rank(before, case.relevant),
                rank_judge=_rank(after, case.relevant),
                intent=str(signals.get("intent")),
                reasons=assessed.verdict.reasons,
                top_floor=before[0] if before else "",
                top_judge=after[0] if after else "",
            )
        )
    return out


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def _idk(rows: list[Scored], judge: bool) -> dict[str, Any]:
    flags = [r.idk_judge if judge else r.idk_floor for r in rows]
    truth = [not r.case.answerable for r in rows]
    tp = sum(f and t for f, t in zip(flags, truth, strict=True))
    return {
        "unanswerable": sum(truth),
        "answerable": len(rows) - sum(truth),
        "flagged": sum(flags),
        "precision": _ratio(tp, sum(flags)),
        "recall": _ratio(tp, sum(truth)),
        "answerable_refused": _ratio(sum(flags) - tp, len(rows) - sum(truth)),
    }


def _ranking(rows: list[Scored], judge: bool) -> dict[str, Any]:
    ans = [r for r in rows if r.case.answerable]
    ranks = [r.rank_judge if judge else r.rank_floor for r in ans]

    def recall(k: int) -> float | None:
        return _ratio(sum(1 for x in ranks if x is not None and x <= k), len(ranks))

    return {"n": len(ans), "recall@1": recall(1), "recall@5": recall(5)}


def summarise(scored: list[Scored]) -> dict[str, Any]:
    groups: dict[str, list[Scored]] = defaultdict(list)
    for r in scored:
        for key in (r.case.split, f"{r.case.split}/{r.case.language}"):
            groups[key].append(r)
    report: dict[str, Any] = {"groups": {}}
    for key in sorted(groups):
        rows = groups[key]
        second = [r for r in rows if r.case.category == "second_topic"]
        by_cat: dict[str, list[Scored]] = defaultdict(list)
        for r in rows:
            if not r.case.answerable:
                by_cat[r.case.category].append(r)
        report["groups"][key] = {
            "idk_floor": _idk(rows, judge=False),
            "idk_judge": _idk(rows, judge=True),
            "ranking_floor": _ranking(rows, judge=False),
            "ranking_judge": _ranking(rows, judge=True),
            "second_topic_floor": _ranking(second, judge=False),
            "second_topic_judge": _ranking(second, judge=True),
            "recall_by_category": {
                c: {
                    "n": len(v),
                    "floor": _ratio(sum(r.idk_floor for r in v), len(v)),
                    "judge": _ratio(sum(r.idk_judge for r in v), len(v)),
                }
                for c, v in sorted(by_cat.items())
            },
        }
    report["errors"] = [
        {
            "id": r.case.id,
            "split": r.case.split,
            "question": r.case.question,
            "answerable": r.case.answerable,
            "intent": r.intent,
            "top": r.top_judge,
            "rank": r.rank_judge,
            "reasons": list(r.reasons),
        }
        for r in scored
        if r.idk_judge != (not r.case.answerable) or (r.case.answerable and r.rank_judge != 1)
    ]
    return report


def format_report(report: dict[str, Any]) -> list[str]:
    def pct(x: float | None) -> str:
        return "  n/a" if x is None else f"{x:.3f}"

    out = []
    for key, g in report["groups"].items():
        out.append(f"[{key}]")
        for name in ("floor", "judge"):
            m, r = g[f"idk_{name}"], g[f"ranking_{name}"]
            out.append(
                f"  {name:<5} idk precision={pct(m['precision'])} recall={pct(m['recall'])} "
                f"answerable refused={pct(m['answerable_refused'])}  "
                f"R@1={pct(r['recall@1'])} R@5={pct(r['recall@5'])} "
                f"(unanswerable {m['unanswerable']}, answerable {m['answerable']})"
            )
        cats = ", ".join(
            f"{c} {pct(v['floor'])}→{pct(v['judge'])}" for c, v in g["recall_by_category"].items()
        )
        out.append(f"  idk recall by category (floor→judge): {cats}")
        a, b = g["second_topic_floor"], g["second_topic_judge"]
        if a["n"]:
            out.append(
                f"  passing second topic (n={a['n']}): R@1 {pct(a['recall@1'])}→"
                f"{pct(b['recall@1'])}, R@5 {pct(a['recall@5'])}→{pct(b['recall@5'])}"
            )
    return out


def answerability_command(
    split: str = "all", as_json: bool = False, unanswerable: Path | None = None
) -> None:
    """Typer-compatible: ``eval_app.command("answerability")(answerability_command)``."""
    import typer

    if split not in (*SPLITS, "all"):
        raise typer.BadParameter("split must be dev, heldout or all")
    asyncio.run(_run(unanswerable or DEFAULT_UNANSWERABLE, split, as_json, typer.echo))


async def _run(unanswerable: Path, split: str, as_json: bool, echo: Any) -> None:
    from api.settings import Settings
    from api.wiring import build_answerability
    from evals.scenarios.sandbox import eval_services, kb_cache_dir

    cases = [
        c
        for c in await asyncio.to_thread(load_cases, unanswerable, RETRIEVAL_QUESTIONS)
        if split == "all" or c.split == split
    ]
    base = Settings()
    async with eval_services(base, kb_cache=kb_cache_dir(base), progress=False) as services:
        judge = await asyncio.to_thread(
            build_answerability, services.settings, services.understander
        )
        if judge is None:
            raise InvalidInput("the understander has no taxonomy to judge answerability with")
        report = summarise(await score(cases, services.understander, services.retriever, judge))
    if as_json:
        echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for line in format_report(report):
            echo(line)
