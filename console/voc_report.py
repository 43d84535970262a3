"""The VOC report as one self-contained HTML file (no scripts, no CDN; opens from disk).

Every text from the store is escaped: customer words are data, never markup. Charts are inline
SVG bar charts drawn from the report's own tables.
"""

from __future__ import annotations

from html import escape

from voc.insight import Cell, InsightReport, Table

CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#1d2433;
padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.meta{color:#5b6475;margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.card{border:1px solid #d8dde6;border-radius:8px;padding:10px 12px;background:#f8f9fb}
.card b{display:block;font-size:22px}.card span{color:#5b6475;font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{border-bottom:1px solid #e3e6ec;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f7;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#5b6475;font-size:12px}.empty{color:#8a92a3;font-style:italic}
svg text{font:11px system-ui,sans-serif;fill:#1d2433}
"""

CHARTS = {
    "volume": ("day", "conversations"),
    "handoff_reasons": ("reason", "handoffs"),
    "emotions": ("emotion", "messages"),
    "intents": ("intent", "messages"),
    "ces_distribution": ("score", "answers"),
}


def _cell(value: Cell) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def bar_chart(table: Table, label_col: str, value_col: str, *, width: int = 640) -> str:
    """Horizontal bars, one per row: an SVG a browser draws without any script."""
    li, vi = table.columns.index(label_col), table.columns.index(value_col)
    data = [(_cell(r[li]), float(r[vi] or 0)) for r in table.rows][:30]
    if not data:
        return ""
    top = max(v for _, v in data) or 1.0
    bar_h, gap, label_w = 16, 6, 160
    height = len(data) * (bar_h + gap) + gap
    parts = [
        f'<svg role="img" aria-label="{escape(table.title)}" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for i, (label, value) in enumerate(data):
        y = gap + i * (bar_h + gap)
        w = max(1.0, (width - label_w - 60) * value / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 12}" text-anchor="end">{escape(label[:28])}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#3b6fd8">'
            f"<title>{escape(label)}: {value:g}</title></rect>"
            f'<text x="{label_w + w + 4:.1f}" y="{y + 12}">{value:g}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def table_html(table: Table) -> str:
    if not table.rows:
        return '<p class="empty">No data in this window.</p>'
    head = "".join(f"<th>{escape(c)}</th>" for c in table.columns)
    body = []
    for row in table.rows:
        cells = "".join(
            f'<td class="n">{escape(_cell(v))}</td>'
            if isinstance(v, int | float)
            else f"<td>{escape(_cell(v))}</td>"
            for v in row
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(report: InsightReport) -> str:
    cards = "".join(
        f'<div class="card"><span>{escape(h.label)}</span><b>{escape(h.value)}</b>'
        f"<span>{escape(h.detail)}</span></div>"
        for h in report.headlines
    )
    sections = []
    for t in report.tables:
        chart = bar_chart(t, *CHARTS[t.name]) if t.name in CHARTS else ""
        note = f'<p class="note">{escape(t.note)}</p>' if t.note else ""
        sections.append(
            f'<section id="{escape(t.name)}"><h2>{escape(t.title)}</h2>{note}{chart}'
            f"{table_html(t)}</section>"
        )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>Warmline VOC report {report.since} – {report.until}</title>"
        f"<style>{CSS}</style></head><body>"
        "<h1>Voice of the customer</h1>"
        f'<p class="meta">{report.since} – {report.until} · generated '
        f"{report.generated_at:%Y-%m-%d %H:%M} UTC</p>"
        f'<div class="cards">{cards}</div>{"".join(sections)}</body></html>'
    )
