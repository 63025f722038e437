"""The original-text view of a seed file (原文对照): the text as extracted beside the repaired articles.

The page is a table of rows, one per stretch of the file's lines that
starts where something in the repaired output starts (an article, a body
block, an introduction or layout block) or where a repair touched the text
(:attr:`~urbankb.model.Collection.repair_spans`).  The left cell shows those
lines exactly as extracted, with their numbers, each line marked with the
repairs that touched it; the right cell shows what the repair made of them.
So a joined break shows as a stretch whose right cell is empty but for
"joined to the paragraph above", a moved caption as its own row, a removed
layout line as a row that went to the layout material, a doubled paragraph
as a row that was dropped.

The text comes from :attr:`~urbankb.model.Collection.text` (kept by the
reader at read time and cached with the analysis); nothing here opens a file.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from ..model import Article, BlockKind, Collection

#: repair kind (as counted by :mod:`urbankb.ingest.structure`) -> (CSS class, short label shown on the line)
REPAIR_MARKS: dict[str, tuple[str, str]] = {
    "跨页或跨栏断开的段落重新接合": ("joined", "接合断行"),
    "图片说明移出句中": ("caption", "图片说明移出句中"),
    "发言人名片移出正文": ("card", "发言人名片"),
    "版面信息移出正文": ("layout", "版面信息移出"),
    "重复的栏目标题移出正文": ("layout", "重复标题移出"),
    "连续重复的段落保留一份": ("doubled", "重复段落删去"),
    "错位的首个小标题移回文首": ("moved", "小标题移回文首"),
}
#: what a layout block not recorded as a repair (masthead lines, a reader's running heads) is marked as
LAYOUT_MARK = ("layout", "版面信息移出")
#: legend: CSS class -> what it means
LEGEND = {
    "joined": "断开的段落重新接合（本行接到上一段末尾）",
    "caption": "图片说明从句中移出，放在段落之后",
    "card": "发言人名片：移为发言人与职务信息",
    "layout": "版面信息（刊头、页眉、二维码提示等）：移出正文",
    "doubled": "连续重复的段落：只保留一份，本段删去",
    "moved": "错位的小标题：移回文章开头",
}
BLOCK_NAMES = {BlockKind.PARAGRAPH: "段落", BlockKind.HEADING: "小标题", BlockKind.CAPTION: "图片说明"}


@dataclass
class Row:
    """One stretch of the original text and what the repair made of it.

    Attributes:
        first: first line (1-based).
        last: last line (inclusive).
        lines: ``(line number, text as extracted, [(CSS class, label), ...])`` per line.
        output: HTML snippets of the repaired items that start in this stretch.
    """

    first: int
    last: int
    lines: list[tuple[int, str, list[tuple[str, str]]]] = field(default_factory=list)
    output: list[str] = field(default_factory=list)


def line_marks(collection: Collection, n_lines: int) -> dict[int, list[tuple[str, str]]]:
    """The repairs that touched each line: line -> ``[(CSS class, label), ...]`` (distinct, in span order).

    Layout blocks of :attr:`~urbankb.model.Collection.layout` that no span
    covers (masthead lines, a reader's own layout material) mark their first
    line with :data:`LAYOUT_MARK` when it is a line of the text.
    """
    marks: dict[int, list[tuple[str, str]]] = {}

    def add(line: int, mark: tuple[str, str]) -> None:
        if 1 <= line <= n_lines and mark not in marks.setdefault(line, []):
            marks[line].append(mark)

    for kind, first, last in collection.repair_spans:
        mark = REPAIR_MARKS.get(kind, ("moved", kind))
        for line in range(first, last + 1):
            add(line, mark)
    for block in collection.layout:
        if not marks.get(block.line):
            add(block.line, LAYOUT_MARK)
    return marks


def _item(label: str, text: str, css: str) -> str:
    return f'<div class="kb-o-item kb-o-{css}"><span class="kb-o-kind">{html.escape(label)}</span>{html.escape(text, quote=False)}</div>'


def _outputs(collection: Collection, articles: list[Article]) -> list[tuple[int, str]]:
    """``(line, HTML)`` of every repaired item, in file order."""
    items: list[tuple[int, int, str]] = []
    for block in collection.intro:
        items.append((block.line, 0, _item("导语", block.text, "intro")))
    for block in collection.layout:
        items.append((block.line, 1, _item("版面信息（不在正文）", block.text, "layout")))
    for n, art in enumerate(articles, start=1):
        head = f"第 {n} 篇：{art.title}" + (f" — {art.speaker}" if art.speaker else "")
        items.append((art.line, 2, f'<div class="kb-o-article">{html.escape(head, quote=False)}</div>'))
        for block in art.blocks:
            items.append((block.line, 3, _item(BLOCK_NAMES.get(block.kind, str(block.kind)), block.text, str(block.kind))))
    for kind, first, _last in collection.repair_spans:
        if kind == "跨页或跨栏断开的段落重新接合":
            items.append((first, 4, '<div class="kb-o-note">↑ 接到上方的段落（断行已接合）</div>'))
        elif kind == "连续重复的段落保留一份":
            items.append((first, 4, '<div class="kb-o-note">✕ 与上一段重复，删去</div>'))
    items.sort(key=lambda item: (item[0], item[1]))
    return [(line, snippet) for line, _order, snippet in items]


def original_rows(collection: Collection, articles: list[Article]) -> list[Row]:
    """The rows of the original-text view of one seed file (see the module docstring).

    Args:
        collection: the seed file, with its :attr:`~urbankb.model.Collection.text`.
        articles: its articles, in file order.

    Returns:
        Rows covering every line of the text, in order; ``[]`` when the reader kept no text.
    """
    if not collection.text:
        return []
    lines = collection.text.split("\n")
    marks = line_marks(collection, len(lines))
    outputs = _outputs(collection, articles)
    starts = sorted(
        {
            1,
            *(line for line, _ in outputs if 1 <= line <= len(lines)),
            *(f for _k, f, _l in collection.repair_spans if 1 <= f <= len(lines)),
        }
    )
    rows = []
    for n, first in enumerate(starts):
        last = starts[n + 1] - 1 if n + 1 < len(starts) else len(lines)
        row = Row(first, last, [(i, lines[i - 1], marks.get(i, [])) for i in range(first, last + 1)])
        rows.append(row)
    at = {row.first: row for row in rows}
    for line, snippet in outputs:
        # an item whose line is outside the text (a reader's layout counted in pages) joins the first row
        at.get(line, rows[0]).output.append(snippet)
    # trailing blank lines of a stretch add nothing to read
    for row in rows:
        while len(row.lines) > 1 and not row.lines[-1][1].strip():
            row.lines.pop()
    return rows


def repair_counts(collection: Collection) -> list[tuple[str, str, int]]:
    """``(CSS class, kind, number of lines)`` per repair kind recorded on the file, for the legend."""
    counts: dict[str, int] = {}
    for kind, first, last in collection.repair_spans:
        counts[kind] = counts.get(kind, 0) + last - first + 1
    return [(REPAIR_MARKS.get(kind, ("moved", kind))[0], kind, n) for kind, n in sorted(counts.items())]
