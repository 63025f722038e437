"""Static SVG bar charts, generated at build time (no JavaScript, work offline).

Charts are horizontal bars: labels stay readable on a phone however many
rows there are, and the SVG scales to the column width (``viewBox``, no
fixed size).  Colours come from the theme through ``currentColor`` and CSS
classes in ``urbankb.css``, so they follow light and dark mode.
"""

from __future__ import annotations

from html import escape

ROW = 26
LABEL_CHAR = 13  # width of one CJK character at font-size 13
WIDTH = 360


def _text_width(label: str) -> float:
    return sum(LABEL_CHAR if ord(c) > 0x2E7F else LABEL_CHAR * 0.6 for c in label)


def bar_chart(rows: list[tuple[str, int, str]], title: str, unit: str = "篇") -> str:
    """An inline ``<figure>`` with a horizontal bar chart.

    Args:
        rows: ``(label, value, href)``; ``href`` is used as given (an attribute-safe URL, as
            :class:`~urbankb.render.urls.Linker` gives it); an empty href means no link.
        title: the caption, also the SVG's accessible name.
        unit: appended to each value.

    Returns:
        HTML on one line (safe inside a Markdown page: no blank lines).
    """
    if not rows:
        return ""
    label_w = min(max(_text_width(label) for label, _, _ in rows) + 8, WIDTH * 0.45)
    value_w = 44
    bar_w = WIDTH - label_w - value_w
    top = max(v for _, v, _ in rows) or 1
    height = ROW * len(rows) + 6
    parts = [
        f'<svg class="kb-chart-svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="13">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value, href) in enumerate(rows):
        y = 3 + i * ROW
        w = max(1.0, bar_w * value / top) if value else 0.0
        shown = label
        while _text_width(shown) + 8 > label_w and len(shown) > 2:
            shown = shown[:-2] + "…"
        text = f'<text class="kb-chart-label" x="{label_w - 6:.0f}" y="{y + 17}" text-anchor="end">{escape(shown)}</text>'
        if href:
            text = f'<a href="{href}">{text}</a>'
        parts.append(
            f"<g><title>{escape(label)}：{value} {unit}</title>{text}"
            f'<rect class="kb-chart-bar" x="{label_w:.0f}" y="{y + 4}" width="{w:.1f}" height="{ROW - 8}" rx="2"/>'
            f'<text class="kb-chart-value" x="{label_w + w + 4:.1f}" y="{y + 17}">{value}</text></g>'
        )
    parts.append("</svg>")
    return f'<figure class="kb-chart">{"".join(parts)}<figcaption>{escape(title)}</figcaption></figure>'


def months_between(first: str, last: str) -> list[str]:
    """``YYYY-MM`` labels from ``first`` to ``last`` inclusive."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while (y, m) <= (int(last[:4]), int(last[5:7])):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline_rows(dates: list[str]) -> list[tuple[str, int, str]]:
    """Articles per month (per year when the span exceeds three years), empty periods included; undated last."""
    dated = sorted(d for d in dates if len(d) >= 7 and d[:4].isdigit() and d[5:7].isdigit())
    undated = len(dates) - len(dated)
    rows: list[tuple[str, int, str]] = []
    if dated:
        periods = months_between(dated[0][:7], dated[-1][:7])
        if len(periods) > 36:
            years = [str(y) for y in range(int(dated[0][:4]), int(dated[-1][:4]) + 1)]
            rows = [(y, sum(1 for d in dated if d.startswith(y)), "") for y in years]
        else:
            rows = [(p, sum(1 for d in dated if d.startswith(p)), "") for p in periods]
    if undated:
        rows.append(("未注明日期", undated, ""))
    return rows
