"""Small hand-written inline SVG charts for the report (no library, no script, opens offline)."""

from __future__ import annotations

from html import escape

FONT = 'font-family="system-ui,sans-serif" font-size="12"'


def _svg(width: int, height: int, body: list[str], label: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" class="chart">'
        f"<title>{escape(label)}</title>{''.join(body)}</svg>"
    )


def confusion_matrix(
    rows: list[str], cols: list[str], counts: dict[str, dict[str, int]], label: str
) -> str:
    """Expected (rows) × what the agent did (columns); darker = more conversations; the
    diagonal (right call, right reason) is green, the rest red."""
    cell, left, top = 46, 130, 110
    width, height = left + cell * len(cols) + 70, top + cell * len(rows) + 10
    peak = max([v for r in counts.values() for v in r.values()] or [1])
    body = [
        f'<text x="{left}" y="14" {FONT} font-weight="600">agent handed over for →</text>',
        f'<text x="4" y="{top - 8}" {FONT} font-weight="600">expected ↓</text>',
    ]
    for j, c in enumerate(cols):
        x = left + j * cell + cell / 2
        body.append(
            f'<text x="{x}" y="{top - 8}" {FONT} transform="rotate(-45 {x} {top - 8})">'
            f"{escape(c)}</text>"
        )
    for i, r in enumerate(rows):
        y = top + i * cell
        body.append(f'<text x="4" y="{y + cell / 2 + 4}" {FONT}>{escape(r)}</text>')
        for j, c in enumerate(cols):
            n = counts.get(r, {}).get(c, 0)
            right = r == c or (r == "any" and c != "none")
            hue = "22,163,74" if right else "220,38,38"
            alpha = 0.08 + 0.82 * n / peak if n else 0.03
            x = left + j * cell
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" rx="3" '
                f'fill="rgba({hue},{alpha:.2f})" data-count="{n}"/>'
            )
            if n:
                body.append(
                    f'<text x="{x + cell / 2 - 1}" y="{y + cell / 2 + 4}" {FONT} '
                    f'text-anchor="middle">{n}</text>'
                )
    return _svg(width, height, body, label)


def bars(items: list[tuple[str, float | None, str]], label: str) -> str:
    """Horizontal bars 0–100 %: (name, value or None, annotation)."""
    row, left, span = 26, 130, 260
    width, height = left + span + 90, row * len(items) + 24
    body = [
        f'<line x1="{left}" y1="4" x2="{left}" y2="{height - 16}" stroke="#999"/>',
        f'<text x="{left}" y="{height - 2}" {FONT}>0%</text>',
        f'<text x="{left + span}" y="{height - 2}" {FONT} text-anchor="end">100%</text>',
    ]
    for i, (name, value, note) in enumerate(items):
        y = 6 + i * row
        body.append(f'<text x="4" y="{y + 14}" {FONT}>{escape(name)}</text>')
        w = max(1.0, span * (value or 0))
        colour = "#2563eb" if value is not None else "#bbb"
        body.append(
            f'<rect x="{left}" y="{y}" width="{w:.1f}" height="18" rx="2" fill="{colour}"/>'
        )
        text = "n/a" if value is None else f"{value:.0%}"
        body.append(
            f'<text x="{left + w + 6:.1f}" y="{y + 14}" {FONT}>{text} {escape(note)}</text>'
        )
    return _svg(width, height, body, label)


def histogram(values: list[float], label: str, *, bins: int = 12, unit: str = "ms") -> str:
    """Counts of ``values`` in equal-width bins, with the axis in ``unit``."""
    width, height, left, bottom = 460, 200, 36, 30
    plot_w, plot_h = width - left - 10, height - bottom - 10
    if not values:
        return _svg(width, 40, [f'<text x="4" y="20" {FONT}>no turns</text>'], label)
    lo, hi = 0.0, max(values) * 1.0001 or 1.0
    step = (hi - lo) / bins
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int((v - lo) / step))] += 1
    peak = max(counts)
    bw = plot_w / bins
    body = [
        f'<line x1="{left}" y1="{10 + plot_h}" x2="{width - 10}" y2="{10 + plot_h}" '
        'stroke="#999"/>',
        f'<text x="4" y="16" {FONT}>{peak}</text>',
        f'<text x="{left}" y="{height - 8}" {FONT}>0</text>',
        f'<text x="{width - 10}" y="{height - 8}" {FONT} text-anchor="end">'
        f"{hi:.0f} {escape(unit)}</text>",
    ]
    for i, n in enumerate(counts):
        h = plot_h * n / peak
        body.append(
            f'<rect x="{left + i * bw + 1:.1f}" y="{10 + plot_h - h:.1f}" width="{bw - 2:.1f}" '
            f'height="{max(h, 0.5):.1f}" fill="#7c3aed"><title>{lo + i * step:.0f}–'
            f"{lo + (i + 1) * step:.0f} {escape(unit)}: {n}</title></rect>"
        )
    return _svg(width, height, body, label)
