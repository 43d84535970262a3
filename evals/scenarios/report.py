"""The eval report: one self-contained HTML file (inline CSS and SVG, no script, no CDN).

Every piece of customer or agent text goes through ``html.escape``: a transcript is data.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from evals.scenarios import svg
from evals.scenarios.metrics import ANY, NONE
from evals.scenarios.results import CaseResult, TurnResult
from evals.scenarios.schema import REASONS
from evals.scenarios.verdict import HEADLINE, Comparison, Scored, ThresholdCheck

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#1f2937;
padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:6px 0}td,th{padding:4px 8px;border-bottom:1px solid #eee;
text-align:left;vertical-align:top}th{background:#f6f6f6}
.num{text-align:right;font-variant-numeric:tabular-nums}.pass{color:#15803d;font-weight:600}
.fail{color:#b91c1c;font-weight:600}.na{color:#6b7280}.badge{display:inline-block;padding:2px 10px;
border-radius:10px;color:#fff}.badge.pass{background:#15803d}.badge.fail{background:#b91c1c}
.charts{display:flex;flex-wrap:wrap;gap:24px}.charts figure{margin:0}
figcaption{font-weight:600;margin-bottom:4px}
details{border:1px solid #e5e7eb;border-radius:6px;margin:6px 0;padding:4px 10px}
details.failed{border-left:4px solid #b91c1c}details.passed{border-left:4px solid #15803d}
summary{cursor:pointer}.why{color:#b91c1c;margin:2px 0 0 18px;padding:0}
.turn{border-top:1px dashed #ddd;padding:6px 0}.say{white-space:pre-wrap;background:#eef2ff;
padding:4px 8px;border-radius:6px}.reply{white-space:pre-wrap;background:#f0fdf4;padding:4px 8px;
border-radius:6px}.trace{font-size:12px;color:#374151}.trace td{padding:2px 6px}
.muted{color:#6b7280}
"""


def _pct(metric: str, v: float | None) -> str:
    if v is None:
        return "n/a"
    return f"{v:.0f}" if metric.endswith("_ms") else f"{v:.1%}"


def _status(check: ThresholdCheck | None) -> str:
    if check is None:
        return '<td class="na">—</td><td></td>'
    sign = "≥" if check.op == "min" else "≤"
    cls = {True: "pass", False: "fail", None: "na"}[check.passed]
    word = {True: "pass", False: "FAIL", None: "n/a"}[check.passed]
    limit = _pct(check.metric, check.limit)
    return f'<td class="num">{sign} {limit}</td><td class="{cls}">{word}</td>'


def _headline(s: Scored) -> str:
    langs = list(s.languages)
    checks = {t.metric: t for t in s.thresholds}  # one suite per threshold name is the norm
    head = "".join(f'<th class="num">{escape(lang)}</th>' for lang in langs)
    delta_head = '<th class="num">Δ vs baseline</th>' if s.comparison else ""
    rows = []
    for metric, label, higher in HEADLINE:
        cells = "".join(
            f'<td class="num">{_pct(metric, s.languages[lang].value(metric))}</td>'
            for lang in langs
        )
        delta = ""
        if s.comparison:
            before, after = s.comparison.deltas.get(metric, (None, None))
            delta = f'<td class="num">{_delta(metric, before, after, higher)}</td>'
        rows.append(
            f'<tr data-metric="{metric}"><td>{escape(label)}</td>'
            f'<td class="num"><b>{_pct(metric, s.overall.value(metric))}</b></td>{cells}'
            f"{_status(checks.get(metric))}{delta}</tr>"
        )
    return (
        f'<table class="headline"><tr><th>figure</th><th class="num">all</th>{head}'
        f'<th class="num">threshold</th><th></th>{delta_head}</tr>{"".join(rows)}</table>'
    )


def _delta(metric: str, before: float | None, after: float | None, higher: bool) -> str:
    if before is None or after is None:
        return '<span class="na">n/a</span>'
    d = after - before
    if abs(d) < 1e-9:
        return '<span class="na">±0</span>'
    cls = "pass" if (d > 0) == higher else "fail"
    text = f"{d:+.0f}" if metric.endswith("_ms") else f"{d * 100:+.1f} pts"
    return f'<span class="{cls}">{text}</span>'


def _charts(s: Scored) -> str:
    m = s.overall
    rows = [NONE, ANY, *REASONS]
    rows = [r for r in rows if r in m.reason_confusion]
    cols = [NONE, *REASONS]
    matrix = svg.confusion_matrix(rows, cols, m.reason_confusion, "escalation confusion matrix")
    reason_bars = svg.bars(
        [(r.reason, r.recall, f"({r.caught}/{r.expected})") for r in m.per_reason if r.expected],
        "escalation recall by reason",
    )
    hist = svg.histogram(m.latencies_ms, "per-turn latency")
    return (
        '<div class="charts">'
        f'<figure id="chart-confusion"><figcaption>Escalation: expected vs done</figcaption>'
        f"{matrix}</figure>"
        f'<figure id="chart-recall"><figcaption>Escalation recall by expected reason'
        f"</figcaption>{reason_bars}</figure>"
        f'<figure id="chart-latency"><figcaption>Per-turn latency (p50 '
        f"{_pct('latency_p50_ms', m.latency_p50_ms)} ms, p95 "
        f"{_pct('latency_p95_ms', m.latency_p95_ms)} ms)</figcaption>{hist}</figure></div>"
    )


def _comparison(c: Comparison) -> str:
    def changes(title: str, items: list, cls: str) -> str:  # type: ignore[type-arg]
        if not items:
            return f"<p class='muted'>{escape(title)}: none</p>"
        lis = "".join(
            f"<li><a href='#case-{escape(x.id)}'>{escape(x.id)}</a>: "
            f"{escape('; '.join(x.failures_after or x.failures_before))}</li>"
            for x in items
        )
        return f"<h3 class='{cls}'>{escape(title)} ({len(items)})</h3><ul>{lis}</ul>"

    extra = ""
    if c.new:
        extra += f"<p class='muted'>new cases: {escape(', '.join(c.new))}</p>"
    if c.missing:
        extra += f"<p class='muted'>not in this run: {escape(', '.join(c.missing))}</p>"
    return (
        f'<section id="baseline"><h2>Compared with {escape(c.baseline)}</h2>'
        + changes("Regressed (passed before, fail now)", c.regressed, "fail")
        + changes("Improved (failed before, pass now)", c.improved, "pass")
        + extra
        + "</section>"
    )


def _turn(t: TurnResult) -> str:
    parts = [
        f'<div class="turn" data-turn="{t.n}"><div class="say"><b>Customer {t.n}:</b> '
        f"{escape(t.text)}</div>"
    ]
    if not t.reached:
        why = (
            "a person owns the chat: the bot stayed silent"
            if t.action is None
            else f"the turn failed: {escape(str(t.action))}"
        )
        parts.append(f'<p class="muted">{why}</p>')
    else:
        parts.append(f'<div class="reply"><b>Bot:</b> {escape(t.reply or "")}</div>')
        trig = "".join(
            f"<li><b>{escape(tr.name)}</b>: {escape(tr.detail)}"
            + (f" — {escape('; '.join(tr.evidence))}" if tr.evidence else "")
            + "</li>"
            for tr in t.triggers
        )
        hits = ", ".join(
            f"{escape(h.article_id)} › {escape(h.section)} ({h.score:.2f})" for h in t.hits
        )
        cites = ", ".join(escape(c.article_id) for c in t.citations)
        lat = "n/a" if t.latency_ms is None else f"{t.latency_ms:.0f} ms"
        rows = [
            (
                "decision",
                f"{escape(str(t.action))}" + (f" ({escape(t.reason)})" if t.reason else ""),
            ),
            (
                "signals",
                f"intent {escape(str(t.intent))} ({t.intent_confidence:.2f}); emotion "
                f"{escape(str(t.emotion))} ({t.emotion_intensity:.2f}); language "
                f"{escape(str(t.language))}; churn risk {t.churn_risk:.2f}; wants a person "
                f"{'yes' if t.wants_human else 'no'} ({t.wants_human_score:.2f})",
            ),
            ("churn evidence", escape("; ".join(t.churn_evidence)) or "—"),
            ("triggers", f"<ul>{trig}</ul>" if trig else "none fired"),
            ("hits", hits or "—"),
            ("cited", cites or "—"),
            ("latency", lat),
        ]
        if t.citation_problems:
            rows.append(("citation check", escape("; ".join(t.citation_problems))))
        parts.append(
            '<table class="trace">'
            + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows)
            + "</table>"
        )
    if t.failures:
        parts.append(
            '<ul class="why">' + "".join(f"<li>{escape(f)}</li>" for f in t.failures) + "</ul>"
        )
    parts.append("</div>")
    return "".join(parts)


def _case(c: CaseResult) -> str:
    state = "passed" if c.passed else "failed"
    esc = (
        f"handed over at turn {c.escalation_turn} ({c.escalation_reason})"
        if c.escalated
        else "kept by the bot"
    )
    failures = "".join(f"<li>{escape(f)}</li>" for f in c.failures)
    outcome = "pass" if c.passed else f"{len(c.all_failures)} failure(s)"
    note = f"<p>{escape(c.conversation.note)}</p>" if c.conversation.note else ""
    expect = escape(
        "; ".join(
            f"{k}: {_word(v)}"
            for k, v in c.conversation.expect.model_dump(exclude_defaults=True).items()
        )
        or "nothing at conversation level"
    )
    return (
        f'<details class="case {state}" id="case-{escape(c.id)}" data-case="{escape(c.id)}">'
        f"<summary><b>{escape(c.id)}</b> · {escape(c.language)} · "
        f"{escape(', '.join(c.conversation.tags))} · {escape(esc)} · "
        f'<span class="{"pass" if c.passed else "fail"}">{outcome}</span></summary>'
        f"{note}<p class='muted'>expected: {expect}</p>"
        + (f'<ul class="why">{failures}</ul>' if failures else "")
        + "".join(_turn(t) for t in c.turns)
        + "</details>"
    )


def _word(v: object) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, list):
        return " or ".join(str(x) for x in v)
    return str(v)


def render(s: Scored) -> str:
    run = s.run
    names = ", ".join(x.name for x in run.suites)
    verdict = "pass" if s.passed else "fail"
    agent = ", ".join(f"{k} {v}" for k, v in run.agent.items())
    cases = sorted(run.cases, key=lambda c: c.passed)  # failures first, suite order kept
    failed = sum(not c.passed for c in run.cases)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Warmline eval: {escape(names)}</title><style>{CSS}</style></head><body>"
        f"<h1>Warmline scenario eval: {escape(names)} "
        f'<span class="badge {verdict}" id="verdict">{verdict.upper()}</span></h1>'
        f"<p class='muted'>{s.overall.conversations} conversations, {s.overall.turns} turns, "
        f"run {escape(run.started_at)} in {run.duration_s:.0f} s · agent: {escape(agent)}</p>"
        f"<h2>Headline figures</h2>{_headline(s)}"
        f"<h2>Charts</h2>{_charts(s)}"
        + (_comparison(s.comparison) if s.comparison else "")
        + f"<h2>Conversations ({failed} with failures, shown first)</h2>"
        + "".join(_case(c) for c in cases)
        + "</body></html>"
    )


def write_report(s: Scored, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(s), encoding="utf-8")
