"""``warmline eval run``: load suites, run them, print figures, write the report; exit code."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from evals.scenarios.schema import load_suites
from evals.scenarios.verdict import HEADLINE, Scored, compare, dumps, score

if TYPE_CHECKING:
    from api.settings import Settings
    from knowledge.embedder import Embedder

EXIT_OK, EXIT_THRESHOLD = 0, 1  # bad input is 2, as everywhere in the CLI


def _fmt(metric: str, v: float | None) -> str:
    if v is None:
        return "n/a"
    return f"{v:.0f}" if metric.endswith("_ms") else f"{v:.1%}"


def summary_lines(s: Scored) -> list[str]:
    langs = list(s.languages)
    head = f"{'':28}{'all':>9}" + "".join(f"{lang:>9}" for lang in langs)
    lines = [
        f"{s.overall.conversations} conversations, {s.overall.turns} turns in "
        f"{s.run.duration_s:.1f}s (set-up {s.run.setup_s:.1f}s)",
        head,
    ]
    for metric, label, _ in HEADLINE:
        row = f"{label:28}{_fmt(metric, s.overall.value(metric)):>9}"
        row += "".join(f"{_fmt(metric, s.languages[lang].value(metric)):>9}" for lang in langs)
        lines.append(row)
    lines.append("escalation recall by reason (expected → handed over):")
    for r in s.overall.per_reason:
        if r.expected or r.escalated_as:
            lines.append(
                f"  {r.reason:18} recall {_fmt('', r.recall):>7}  right reason "
                f"{_fmt('', r.reason_accuracy):>7}  precision {_fmt('', r.precision):>7}"
            )
    for t in s.thresholds:
        mark = {True: "PASS", False: "FAIL", None: "n/a "}[t.passed]
        sign = "≥" if t.op == "min" else "≤"
        lines.append(
            f"{mark} {t.suite}: {t.metric} {_fmt(t.metric, t.value)} {sign} "
            f"{_fmt(t.metric, t.limit)}"
        )
    if s.comparison:
        c = s.comparison
        lines.append(f"vs {c.baseline}: {len(c.regressed)} regressed, {len(c.improved)} improved")
        lines += [f"  regressed: {x.id}" for x in c.regressed]
        lines += [f"  improved:  {x.id}" for x in c.improved]
    failed = [c for c in s.run.cases if not c.passed]
    lines.append(f"{len(failed)} conversation(s) with failures:")
    for case in failed:
        lines.append(f"  {case.id}: {'; '.join(case.all_failures)[:200]}")
    return lines


def run_command(
    paths: list[Path],
    settings: Settings,
    *,
    as_json: bool = False,
    report: Path | None = None,
    baseline: Path | None = None,
    limit: int | None = None,
    progress: bool = True,
    embedder: Embedder | None = None,
    understander: Any = None,
    kb_cache: Path | None = None,
) -> tuple[int, str]:
    """Run the suites; return (exit code, what to print on stdout)."""
    from evals.scenarios.runner import run_suites
    from evals.scenarios.sandbox import kb_cache_dir

    suites = load_suites(paths)  # bad files fail before any model loads
    run = asyncio.run(
        run_suites(
            suites,
            settings,
            embedder=embedder,
            understander=understander,
            limit=limit,
            progress=progress,
            kb_cache=kb_cache or kb_cache_dir(settings),
        )
    )
    scored = score(run)
    if baseline is not None:
        scored.comparison = compare(scored, baseline)
    if report is not None:
        from evals.scenarios.report import write_report

        write_report(scored, report)
    out = dumps(scored) if as_json else "\n".join(summary_lines(scored))
    return (EXIT_OK if scored.passed else EXIT_THRESHOLD), out
