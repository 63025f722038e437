"""The ``.pdf`` reader: characters with positions and sizes → lines → blocks in reading order → seed text.

A PDF holds what the text repair otherwise has to guess: where each
character stands, how large it is, where the images are.  This reader uses
that to hand :func:`~urbankb.ingest.structure.parse_text` the best text it
can: one paragraph per block, headlines marked ``# ``, section heads
``## ``, running heads, page numbers, captions and masthead lines taken out
(they go to the source page as layout material).

The steps, each a small function below:

1. characters (``pdfplumber`` ``page.chars``: text, ``x0``/``x1``/``top``/``bottom``
   in PDF points from the top left, ``size``, ``fontname``) → :class:`Line` objects
   (:func:`page_lines`);
2. the columns of a page from the x-projection of body-size lines
   (:func:`find_columns`), lines grouped into :class:`TextBlock` objects
   within a column (:func:`group_blocks`);
3. blocks in reading order (:func:`reading_order`: T. M. Breuel's ordering
   constraints, "High Performance Document Layout Analysis", SDIUT 2003,
   resolved by a topological sort);
4. each block classified by size and position (:func:`classify`; display type is
   relative to the body: :func:`is_display`), then the blocks of each page put in
   article order (:func:`article_order`): a headline group owns the column stretches
   below it, down to the next headline or rule line / box side (``page.rects``,
   ``page.lines``), and the unheaded stretches its body runs on into (a headline's
   top parts those too: :func:`extend_heads`; each run cut mid-paragraph goes on in
   the next column: :func:`flow_on`); within a region its columns left to right;
5. a continuation (``（上接01版）``) moved after the jump line (``（下转02版）``) it
   goes on from, matched by shape (:func:`follow_jumps`);
6. paragraphs cut at first-line indents and joined across column and page
   breaks (:func:`paragraphs`);
7. the seed text built (:func:`build_text`); the masthead's issue number, date
   and paper name go onto the collection (:func:`masthead_fields`).

Radical code points (``⽣⻓`` for 生长, which some fonts map their glyphs
to) are mapped back to unified ideographs (:func:`unify_radicals`), the horizontal bar such a
font maps its dash to back to the em dash (:func:`unify_dashes`).

PyMuPDF is never used (AGPL); pdfplumber (MIT) runs pdfminer.six underneath.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Block, BlockKind, Issue
from . import Reader, register
from .decode import MAX_DOCUMENT_BYTES, SeedError
from .layout import JUMP, ends_sentence, is_person_name, join_text, looks_like_affiliation
from .radicals import unify_radicals, unify_radicals_by_paragraph
from .structure import ParsedFile, Segmenter, iso_date, parse_text

__all__ = ["PdfReader", "cid_share", "unify_dashes"]

# -- radicals ------------------------------------------------------------------


def unify_dashes(text: str) -> str:
    """``text`` with U+2015 HORIZONTAL BAR as U+2014 EM DASH (``2024―2035年`` → ``2024—2035年``).

    CJK fonts draw both with one glyph, and a PDF's Unicode map (Chromium with Noto CJK) may give
    that glyph as U+2015, which Chinese text does not use: its dash (破折号, GB/T 15834) is U+2014.
    """
    return text.replace("\u2015", "\u2014")


# -- unusable text -------------------------------------------------------------

_CID = re.compile(r"\(cid:\d+\)")


def cid_share(text: str) -> float:
    """The share (0–1) of the characters of ``text`` that are ``(cid:N)`` placeholders.

    pdfminer writes ``(cid:N)`` for a glyph whose font has no Unicode map; each
    placeholder counts as one character, whitespace is not counted.  0.0 for empty text.

    >>> cid_share("(cid:12)(cid:40)城")
    0.6666666666666666
    """
    cids = len(_CID.findall(text))
    rest = len(re.sub(r"\s", "", _CID.sub("", text)))
    return cids / (cids + rest) if cids + rest else 0.0


#: a page whose characters are more than this share ``(cid:N)`` has no usable text
MAX_CID_SHARE = 0.3


def page_list(pages: Iterable[int]) -> str:
    """``[1, 2, 3, 5]`` → ``"1–3, 5"`` (1-based page numbers, runs as ranges)."""
    pages = sorted(set(pages))
    runs: list[list[int]] = []
    for p in pages:
        if runs and p == runs[-1][-1] + 1:
            runs[-1].append(p)
        else:
            runs.append([p])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


# -- lines ---------------------------------------------------------------------


@dataclass
class Line:
    """One line of text on a page: characters on one baseline without a column gap.

    Coordinates are PDF points from the page's top left (pdfplumber's ``x0``,
    ``x1``, ``top``, ``bottom``); ``size`` is the median font size in points;
    ``bold`` is True when most characters are in a bold font; ``spacing`` is
    the median gap between characters in em.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int
    spacing: float = 0.0

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _line_text(chars: list[dict]) -> str:
    """The text of one line's characters (sorted by x): no spaces between wide (CJK) characters;
    one space between other characters where the PDF shows a gap (≥ 0.2 em) or a space character."""
    out: list[str] = []
    prev = None
    gap_seen = False
    for c in chars:
        t = c["text"]
        if not t.strip():
            gap_seen = True
            continue
        if prev is not None and out:
            gap = c["x0"] - prev["x1"]
            visible = gap_seen or gap > 0.2 * max(c["size"], 1.0)
            if visible and not _wide(out[-1][-1]) and not _wide(t[0]):
                out.append(" ")
        out.append(t)
        prev, gap_seen = c, False
    return "".join(out)


def _make_line(chars: list[dict], page: int) -> Line:
    chars.sort(key=lambda c: c["x0"])
    ink = [c for c in chars if c["text"].strip()]
    sizes = [c["size"] for c in ink]
    size = statistics.median(sizes)
    bold = sum(bool(re.search(r"bold|heavy|black|semibold|demi", c["fontname"], re.I)) for c in ink) * 2 > len(ink)
    gaps = [(b["x0"] - a["x1"]) / size for a, b in zip(ink, ink[1:], strict=False)]
    return Line(
        text=_line_text(chars),
        x0=min(c["x0"] for c in ink),
        x1=max(c["x1"] for c in ink),
        top=min(c["top"] for c in ink),
        bottom=max(c["bottom"] for c in ink),
        size=size,
        bold=bold,
        page=page,
        spacing=statistics.median(gaps) if gaps else 0.0,
    )


#: characters further apart than this (in em of the larger one) are in different columns
COLUMN_GAP_EM = 1.2


def page_lines(chars: list[dict], page: int) -> list[Line]:
    """The lines of a page from pdfplumber's ``page.chars`` (upright characters only).

    Characters are taken left to right; each joins the line whose vertical
    centre is within half its size and whose right end is at most
    :data:`COLUMN_GAP_EM` em to its left (a wider gap is a column gutter).  A
    character drawn twice at the same place (fake bold) is kept once.
    Radical code points are kept (:func:`unify_radicals` runs on the finished text).
    """
    open_lines: list[list[dict]] = []
    done: list[list[dict]] = []
    for c in sorted((c for c in chars if c.get("upright", True) and c["text"]), key=lambda c: c["x0"]):
        size = max(c["size"], 1.0)
        cy = (c["top"] + c["bottom"]) / 2
        best = None
        still_open = []
        for ln in open_lines:
            last = ln[-1]
            if c["x0"] - last["x1"] > COLUMN_GAP_EM * max(size, last["size"]):
                done.append(ln)
                continue
            still_open.append(ln)
            lcy = (last["top"] + last["bottom"]) / 2
            if abs(lcy - cy) < 0.5 * max(size, last["size"]) and c["x0"] > last["x0"] - 0.1 * size:
                if best is None or abs(lcy - cy) < abs((best[-1]["top"] + best[-1]["bottom"]) / 2 - cy):
                    best = ln
        open_lines = still_open
        if best is None:
            open_lines.append([c])
        elif abs(c["x0"] - best[-1]["x0"]) < 0.1 * size and c["text"] == best[-1]["text"]:
            continue  # overprinted (fake bold)
        else:
            best.append(c)
    done.extend(open_lines)
    lines = [_make_line(ln, page) for ln in done if any(c["text"].strip() for c in ln)]
    return sorted((ln for ln in lines if ln.text.strip()), key=lambda ln: (ln.top, ln.x0))


# -- columns and blocks ----------------------------------------------------------


def body_size(lines: Iterable[Line]) -> float:
    """The body text size (points): the size carrying the most characters (rounded to 0.5 pt)."""
    weight: Counter = Counter()
    for ln in lines:
        weight[round(ln.size * 2) / 2] += len(ln.text)
    return weight.most_common(1)[0][0] if weight else 10.0


def find_columns(lines: list[Line], body: float) -> list[tuple[float, float]]:
    """The columns of a page, left to right, as ``(x0, x1)`` in points.

    From the x-projection of the body-size lines (at least 4 characters): a
    column is a run of x positions (1 pt bins) covered by more than 8 % of
    the most-covered position; the gaps between runs are gutters.  A page
    without body lines is one column spanning its text.
    """
    rows = [ln for ln in lines if abs(ln.size - body) <= 0.1 * body and len(ln.text) >= 4]
    if not rows:
        return [(min(ln.x0 for ln in lines), max(ln.x1 for ln in lines))] if lines else []
    left = int(min(ln.x0 for ln in rows))
    cover = [0] * (int(max(ln.x1 for ln in rows)) - left + 2)
    for ln in rows:
        for x in range(int(ln.x0) - left, int(ln.x1) - left + 1):
            cover[x] += 1
    limit = max(cover) * 0.08
    columns: list[tuple[float, float]] = []
    start = None
    for x, n in enumerate(cover + [0]):
        if n > limit and start is None:
            start = x
        elif n <= limit and start is not None:
            columns.append((start + left, x + left))
            start = None
    # a gutter narrower than half an em is spacing, not a column break
    merged: list[tuple[float, float]] = []
    for col in columns:
        if merged and col[0] - merged[-1][1] < 0.5 * body:
            merged[-1] = (merged[-1][0], col[1])
        else:
            merged.append(col)
    return merged


@dataclass
class TextBlock:
    """Lines of one size and weight, one under the other in the same columns.

    ``span`` is the first and last column index covered; ``kind`` is set by
    :func:`classify`: ``body``, ``headline``, ``kicker``, ``subtitle``,
    ``section``, ``running`` (running head or page number), ``caption`` or ``masthead``.
    """

    lines: list[Line]
    span: tuple[int, int]
    left: float
    kind: str = "body"

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)

    @property
    def x1(self) -> float:
        return max(ln.x1 for ln in self.lines)

    @property
    def top(self) -> float:
        return self.lines[0].top

    @property
    def bottom(self) -> float:
        return self.lines[-1].bottom

    @property
    def size(self) -> float:
        return statistics.median(ln.size for ln in self.lines)

    @property
    def bold(self) -> bool:
        return self.lines[0].bold

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def text(self) -> str:
        out = ""
        for ln in self.lines:
            out = join_text(out, ln.text)
        return out


def _span(line: Line, columns: list[tuple[float, float]]) -> tuple[int, int]:
    hit = [i for i, (a, b) in enumerate(columns) if min(b, line.x1) - max(a, line.x0) > 0.3 * min(b - a, line.x1 - line.x0)]
    if not hit:
        centre = (line.x0 + line.x1) / 2
        nearest = min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - centre))
        return nearest, nearest
    return hit[0], hit[-1]


#: a figure's box: ``(x0, top, x1, bottom)`` in points
Box = tuple[float, float, float, float]


def _between(figures: list[Box], upper: Line, lower: Line) -> bool:
    return any(f[1] >= upper.bottom - 1 and f[3] <= lower.top + 1 and f[0] < lower.x1 and f[2] > lower.x0 for f in figures)


def _beside(last: Line, ln: Line) -> bool:
    """Whether ``ln`` and ``last`` share no x position (a float and the text wrapping round it, whose lines interleave)."""
    return min(last.x1, ln.x1) <= max(last.x0, ln.x0)


def side_lines(lines: list[Line], spans: list[tuple[int, int]]) -> set[int]:
    """The ``id`` of every line of ``lines`` (sorted by top) standing beside another line of the same
    columns (``spans``, per line): no shared x position, some shared height.  In one column only a
    float and the text wrapping round it stand so (a name card floated left of a talk)."""
    out: set[int] = set()
    for i, ln in enumerate(lines):
        for j in range(i + 1, len(lines)):
            other = lines[j]
            if other.top >= ln.bottom:
                break
            if spans[i] == spans[j] and _beside(ln, other) and min(ln.bottom, other.bottom) > max(ln.top, other.top):
                out.update((id(ln), id(other)))
    return out


def group_blocks(lines: list[Line], columns: list[tuple[float, float]], figures: list[Box], body: float) -> list[TextBlock]:
    """Group a page's lines (sorted by top) into blocks: a line joins the block above it in the
    same columns (display type 1.2 × ``body`` and up: any block it overlaps in x,
    as a centred two-line headline) when it has the same size (±10 %) and weight,
    no figure lies between them and the gap above it is under 0.9 of its size
    (more is a paragraph or section break).  A block that the line cannot join is passed over for
    the one before it when its last line shares no x position with the line (:func:`_beside`) or
    stands beside another line (:func:`side_lines`): the lines of a float and of the text wrapping
    round it interleave."""
    spans = [_span(ln, columns) for ln in lines]
    side = side_lines(lines, spans)
    blocks: list[TextBlock] = []
    for ln, span in zip(lines, spans, strict=True):
        target = None
        for blk in reversed(blocks):
            last = blk.lines[-1]
            display = min(ln.size, last.size) >= 1.2 * body and min(blk.x1, ln.x1) > max(blk.x0, ln.x0)
            if blk.span != span and not display:
                continue
            gap = ln.top - last.bottom
            if -0.3 * ln.size <= gap < 0.9 * ln.size and abs(ln.size - last.size) <= 0.1 * ln.size and ln.bold == last.bold:
                if not _between(figures, last, ln):
                    target = blk
                break
            if not (_beside(last, ln) or id(last) in side):
                break
        if target is None:
            left = columns[span[0]][0] if columns and span[0] == span[1] else ln.x0
            blocks.append(TextBlock([ln], span, left))
        else:
            target.lines.append(ln)
    for blk in blocks:
        if blk.span[0] != blk.span[1]:
            blk.left = blk.x0
    return blocks


def floats_in(a: TextBlock, b: TextBlock) -> bool:
    """Whether ``a`` is a float set in ``b``: it is narrower than ``b``, starts within ``b``'s height
    and ``b``'s lines on ``a``'s height (one at least) share no x position with it (the text wraps round it)."""
    if not b.top - 0.5 * a.size <= a.top < b.bottom or a.x1 - a.x0 >= b.x1 - b.x0:
        return False
    level = [ln for ln in b.lines if min(ln.bottom, a.bottom) > max(ln.top, a.top)]
    return bool(level) and all(min(ln.x1, a.x1) <= max(ln.x0, a.x0) for ln in level)


def reading_order(blocks: list[TextBlock]) -> list[TextBlock]:
    """Blocks of one page in reading order.

    Breuel's constraints (SDIUT 2003, section 5): ``a`` comes before ``b`` when
    their x ranges overlap and ``a`` is above ``b`` (a float set in ``b`` comes before it:
    :func:`floats_in`); or when ``a`` is wholly
    left of ``b`` and no block ``c`` whose vertical centre lies between theirs
    overlaps both in x (such a ``c`` — a headline across the columns — separates
    the two rows).  The partial order is resolved by a topological sort that
    takes, among the blocks free to go next, the leftmost-topmost.
    """
    n = len(blocks)
    shrink = 1.0
    after: list[set[int]] = [set() for _ in range(n)]
    pred = [0] * n

    def overlap(a: TextBlock, b: TextBlock) -> bool:
        return min(a.x1, b.x1) - max(a.x0, b.x0) > shrink

    for i, a in enumerate(blocks):
        for j, b in enumerate(blocks):
            if i == j:
                continue
            before = False
            if floats_in(a, b) or floats_in(b, a):
                before = floats_in(a, b)
            elif overlap(a, b):
                before = (a.top, a.x0) < (b.top, b.x0)
            elif a.x1 <= b.x0 + shrink:
                lo, hi = sorted(((a.top + a.bottom) / 2, (b.top + b.bottom) / 2))
                before = not any(
                    k not in (i, j) and lo < (c.top + c.bottom) / 2 < hi and overlap(c, a) and overlap(c, b) for k, c in enumerate(blocks)
                )
            if before and j not in after[i]:
                after[i].add(j)
                pred[j] += 1
    order: list[TextBlock] = []
    free = [i for i in range(n) if pred[i] == 0]
    done = set()
    while len(order) < n:
        if not free:  # a cycle (overlapping blocks): take the topmost left
            free = [min((i for i in range(n) if i not in done), key=lambda i: (blocks[i].top, blocks[i].x0))]
        pick = min(free, key=lambda i: (blocks[i].span[0], blocks[i].top))
        free.remove(pick)
        done.add(pick)
        order.append(blocks[pick])
        for j in after[pick]:
            pred[j] -= 1
            if pred[j] == 0 and j not in done:
                free.append(j)
    return order


# -- classification ------------------------------------------------------------------


@dataclass
class Page:
    """One page as the reader sees it: its number (1-based), size in points, figure boxes, columns,
    blocks in reading order, its rule lines and box sides (:func:`page_rules`) and its boxes
    holding text (:func:`text_boxes`)."""

    number: int
    width: float
    height: float
    figures: list[Box]
    columns: list[tuple[float, float]]
    blocks: list[TextBlock] = field(default_factory=list)
    rules: list[Box] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)


#: the outer share of the page height where running heads and page numbers stand
MARGIN_BAND = 0.1
_NUMBER_SHAPE = re.compile(
    r"^[-—–－~·•\s]*(?:第\s*)?[0-9０-９]{1,4}\s*[页頁版]?(?:\s*[/／共]\s*[0-9０-９]{1,4}\s*[页頁]?)?[-—–－~·•\s]*$|^(?:page|p\.)\s*\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?$",
    re.I,
)


def is_number_shape(text: str) -> bool:
    """Whether ``text`` is a page number's shape: ``3``, ``— 3 —``, ``-2-``, ``第 3 页``, ``第2版``, ``3 / 10``, ``Page 3``.

    >>> [is_number_shape(t) for t in ("— 3 —", "第2版", "第 3 页", "2024年")]
    [True, True, True, False]
    """
    return bool(_NUMBER_SHAPE.match(text.strip()))


def _norm(text: str) -> str:
    return re.sub(r"\d+", "0", re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))


def _in_band(blk: TextBlock, page: Page) -> bool:
    return blk.top < MARGIN_BAND * page.height or blk.bottom > (1 - MARGIN_BAND) * page.height


#: a page's section label in the running-head line is at most this long (characters)
PAGE_LABEL_CHARS = 8


def _periodical_line(line: Line, body: float) -> bool:
    """A line in type smaller than ``body`` that prints an issue number or a date: a periodical's
    running head (``城市建设工作简报 2025年第29期``), which a bulletin prints on the pages after the
    first only, so it repeats on no other page's band."""
    return line.size < 0.95 * body and bool(_ISSUE_NUMBER.search(line.text) or iso_date(line.text))


#: a running head is set this small or smaller (× body size: 小五 over 五号 is 0.86); a kicker (0.95) is larger
RUNNING_SIZE = 0.9


def _outermost_small_line(blk: TextBlock, page: Page, body: float) -> bool:
    """Whether ``blk`` is a running head printed on this page only (a two-page compilation's second page):
    one line of at most 30 characters, no sentence end and no jump line's shape, in type at most
    :data:`RUNNING_SIZE` × ``body`` (points), in the top or bottom :data:`MARGIN_BAND` with no other
    block further out, no figure near (a caption) and no headline right under it (a kicker)."""
    text = blk.text.strip()
    if len(blk.lines) != 1 or len(text) > 30 or ends_sentence(text) or blk.size > RUNNING_SIZE * body or jump_kind(blk):
        return False
    others = [b for b in page.blocks if b is not blk]
    if blk.top < MARGIN_BAND * page.height:
        outermost = not any(b.top < blk.top for b in others)
    elif blk.bottom > (1 - MARGIN_BAND) * page.height:
        outermost = not any(b.bottom > blk.bottom for b in others)
    else:
        return False
    heads = [b for b in others if is_display(b, body)]
    return outermost and not any(_near(blk, f, 1.5 * body) for f in page.figures) and not any(_kicker_place(blk, h) for h in heads)


def mark_running(pages: list[Page], body: float) -> None:
    """Running heads and page numbers: blocks of at most three lines in the top or bottom
    :data:`MARGIN_BAND` each of whose lines, digits normalised, stands in the band of another
    page too, has a page number's shape (:func:`is_number_shape`) or is a periodical's running
    head (:func:`_periodical_line`, in type smaller than ``body``, points); and a one-line block of at most
    :data:`PAGE_LABEL_CHARS` characters on the same line of the band as such a block (the page's
    section label printed between the date and the page number: ``综合``); and a small line alone
    at the page's top or foot (:func:`_outermost_small_line`)."""
    seen: dict[str, set[int]] = defaultdict(set)
    for page in pages:
        for blk in page.blocks:
            if _in_band(blk, page):
                for ln in blk.lines:
                    seen[_norm(ln.text)].add(page.number)
    for page in pages:
        for blk in page.blocks:
            if len(blk.lines) <= 3 and _in_band(blk, page):
                if all(len(seen[_norm(ln.text)]) > 1 or is_number_shape(ln.text) or _periodical_line(ln, body) for ln in blk.lines):
                    blk.kind = "running"
        for blk in page.blocks:
            if blk.kind == "body" and _outermost_small_line(blk, page, body):
                blk.kind = "running"
        running = [b for b in page.blocks if b.kind == "running"]
        for blk in page.blocks:
            label = len(blk.lines) == 1 and len(blk.text.strip()) <= PAGE_LABEL_CHARS and _in_band(blk, page)
            if label and blk.kind != "running" and any(min(r.bottom, blk.bottom) - max(r.top, blk.top) > 0.5 * blk.size for r in running):
                blk.kind = "running"


def _near(blk: TextBlock, box: Box, reach: float) -> bool:
    x0, top, x1, bottom = box
    h_overlap = min(blk.x1, x1) - max(blk.x0, x0)
    v_overlap = min(blk.bottom, bottom) - max(blk.top, top)
    below = -reach / 2 <= blk.top - bottom <= reach
    above = -reach / 2 <= top - blk.bottom <= reach
    beside = v_overlap > 0 and (0 <= blk.x0 - x1 <= reach or 0 <= x0 - blk.x1 <= reach)
    return (h_overlap > 0.5 * min(blk.x1 - blk.x0, x1 - x0) and (below or above)) or beside


def _inside(blk: TextBlock, box: Box) -> bool:
    cx, cy = (blk.x0 + blk.x1) / 2, (blk.top + blk.bottom) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _kicker_place(blk: TextBlock, head: TextBlock) -> bool:
    """Whether ``blk`` stands right above ``head`` (within 0.8 of the larger size, overlapping in x)."""
    return -0.2 * head.size <= head.top - blk.bottom <= 0.8 * max(head.size, blk.size) and min(blk.x1, head.x1) > max(blk.x0, head.x0)


def mark_captions(page: Page, body: float) -> None:
    """Captions: blocks in type smaller than ``body`` lying within 1.5 body sizes under, above or
    beside a figure (an image or a filled rectangle), of at most three lines (more beside it:
    :func:`_caption_lines`), and any text inside a figure's box; never a block in a kicker's
    place above a headline (short: :func:`_short_head`)."""
    heads = [b for b in page.blocks if is_display(b, body)]
    for blk in page.blocks:
        if blk.kind != "body" or (_short_head(blk) and any(_kicker_place(blk, h) for h in heads)):
            continue
        if is_name_card(blk) or _card_of(blk, page.blocks, body):
            # a speaker's name card, often boxed or set small beside the talk: the talk's metadata, not a caption
            blk.kind = "card"
            continue
        if any(_inside(blk, f) for f in page.figures):
            blk.kind = "caption"
        elif blk.size < 0.95 * body and any(_near(blk, f, 1.5 * body) and _caption_lines(blk, f, body) for f in page.figures):
            blk.kind = "caption"


#: a caption set beside a figure may run to this many lines (a narrow column of small type)
SIDE_CAPTION_LINES = 8


def _caption_lines(blk: TextBlock, box: Box, body: float) -> bool:
    """Whether ``blk`` has a caption's length for its place by ``box``: at most three lines, or,
    beside the figure (left or right of it, its lines within the figure's height ± ``body``),
    at most :data:`SIDE_CAPTION_LINES`."""
    if len(blk.lines) <= 3:
        return True
    beside = blk.x0 >= box[2] - 1 or blk.x1 <= box[0] + 1
    return beside and len(blk.lines) <= SIDE_CAPTION_LINES and blk.top >= box[1] - body and blk.bottom <= box[3] + body


def _plain(text: str) -> str:
    """``text`` with radical code points as ideographs (:func:`unify_radicals`), for the shape tests
    on names and affiliations (the finished text is unified paragraph by paragraph later)."""
    return unify_radicals(text, simplified=True)


def is_name_card(blk: TextBlock) -> bool:
    """A block whose first line is a bare person name over one or two affiliation lines (…大学, …院长)."""
    lines = [_plain(ln.text) for ln in blk.lines]
    return 2 <= len(lines) <= 3 and is_person_name(lines[0]) and looks_like_affiliation("".join(lines[1:])) and "。" not in "".join(lines)


#: a name card's affiliation set small under the name is at most this long (characters)
CARD_AFFILIATION_CHARS = 40


def _card_of(blk: TextBlock, blocks: list[TextBlock], body: float) -> bool:
    """Whether ``blk`` is the name line or the affiliation of a name card set as two blocks,
    both in type no larger than the body (a kicker over a headline is larger): a bare person name
    over at most three lines without a sentence end, quotes or digits that read as an affiliation
    (:func:`~urbankb.ingest.layout.looks_like_affiliation`) or are set smaller than ``body``
    (points) and at most :data:`CARD_AFFILIATION_CHARS` long."""
    if blk.size > 1.1 * body:
        return False

    def below(upper: TextBlock, lower: TextBlock) -> bool:
        return 0 <= lower.top - upper.bottom <= 2 * upper.size and min(upper.x1, lower.x1) > max(upper.x0, lower.x0)

    def affiliation(b: TextBlock) -> bool:
        # by its words (…大学, …院长), or by shape: a short line or two in type smaller than the body
        text = _plain("".join(ln.text for ln in b.lines))
        small = b.size < 0.95 * body and len(text) <= CARD_AFFILIATION_CHARS
        return len(b.lines) <= 3 and b.size <= 1.1 * body and not re.search(r"[。“”\d]", text) and (small or looks_like_affiliation(text))

    def name(b: TextBlock) -> bool:
        return len(b.lines) == 1 and b.size <= 1.1 * body and is_person_name(_plain(b.lines[0].text))

    if name(blk):
        return any(b is not blk and affiliation(b) and below(blk, b) for b in blocks)
    return affiliation(blk) and any(b is not blk and name(b) and below(b, blk) for b in blocks)


#: display type starts here (× body size): headlines
HEADLINE_SIZE = 1.5
#: display type in a bold face starts here (× body size): a lesser headline (四号 over 五号 body), which a
#: section head (bold body type, 小四 at most: ≤ 1.15 ×) never reaches
BOLD_HEADLINE_SIZE = 1.25


def is_display(blk: TextBlock, body: float) -> bool:
    """Whether ``blk`` is set in display type (a headline's): at least :data:`HEADLINE_SIZE` × ``body``
    (points), or at least :data:`BOLD_HEADLINE_SIZE` × ``body`` in a bold face."""
    return blk.size >= HEADLINE_SIZE * body or (blk.bold and blk.size >= BOLD_HEADLINE_SIZE * body)


def mark_masthead(page: Page, body: float) -> None:
    """Masthead lines at the very top of page 1: the blocks of at most five short lines lying wholly
    above the page's first headline (display type, ≥ :data:`HEADLINE_SIZE` × ``body``, in the
    top 40 % of the page), except the one in its kicker's place; with no such headline, the
    first blocks before any body text that are spaced (characters ≥ 0.4 em apart) or larger than body."""
    heads = [b for b in page.blocks if b.kind == "body" and b.size >= HEADLINE_SIZE * body and b.top < 0.4 * page.height]
    if len(heads) <= 1:  # the paper's name alone in display type: the headlines under it may be lesser (bold)
        heads = [b for b in page.blocks if b.kind == "body" and is_display(b, body) and b.top < 0.4 * page.height]
    heads.sort(key=lambda b: b.top)
    if len(heads) > 1 and heads[0].size > 1.15 * max(b.size for b in heads[1:]):
        heads[0].kind = "masthead"  # the paper's name: larger than any headline
        heads = heads[1:]
    if heads:
        first = min(heads, key=lambda b: b.top)
        for blk in page.blocks:
            short = len(blk.lines) <= 5 and all(len(ln.text) <= 40 for ln in blk.lines)
            if blk.kind == "body" and blk.bottom < first.top and short and not _kicker_place(blk, first):
                blk.kind = "masthead"
        return
    for blk in page.blocks:
        if blk.kind != "body":
            continue
        if abs(blk.size - body) <= 0.1 * body and len(blk.text) > 4:
            break
        if blk.size > body and (blk.lines[0].spacing >= 0.4 or blk.size >= HEADLINE_SIZE * body) and blk.top < 0.25 * page.height:
            blk.kind = "masthead"


def _short_head(blk: TextBlock) -> bool:
    text = blk.text
    return len(blk.lines) <= 2 and len(text) <= 30 and not ends_sentence(text) and text[-1] not in "，,、：:"


def mark_heads(page: Page, body: float) -> None:
    """Headlines (display type, ≥ :data:`HEADLINE_SIZE` × ``body``, at most 4 lines);
    a block short (:func:`_short_head`), in a size other than body's (or bold) and below the
    headline's, right above it (within 0.8 of its size, overlapping in x), is its kicker; such a
    block just after it in reading order and right under it its subtitle; short blocks in bold body type or a little larger than body are section heads."""
    blocks = [b for b in page.blocks if b.kind not in ("running", "caption", "masthead")]
    for blk in blocks:
        if is_display(blk, body) and len(blk.lines) <= 4 and len(blk.text) <= 80:
            blk.kind = "headline"
    for i, blk in enumerate(blocks):
        if blk.kind != "headline":
            continue
        # kicker and subtitle by place (in reading order either may come after a column beside it): the subtitle is
        # the topmost block right under the headline (or, with none there, the next in order)
        kickers = [(j, "kicker") for j, other in enumerate(blocks) if _kicker_place(other, blk)]
        under = sorted((j for j, other in enumerate(blocks) if _kicker_place(blk, other)), key=lambda j: blocks[j].top)
        for j, role in [*kickers, (under[0] if under else i + 1, "subtitle")]:
            if 0 <= j < len(blocks) and blocks[j].kind == "body":
                other = blocks[j]
                place = _kicker_place(other, blk) if role == "kicker" else _kicker_place(blk, other)
                distinct = abs(other.size - body) > 0.03 * body or other.bold
                if _short_head(other) and distinct and other.size < blk.size * 0.95 and place:
                    other.kind = role
    for blk in blocks:
        if blk.kind == "body" and _short_head(blk):
            size_up = 1.05 * body < blk.size and not is_display(blk, body)
            if size_up or (blk.bold and abs(blk.size - body) <= 0.15 * body):
                blk.kind = "section"


# -- article regions -------------------------------------------------------------------

#: a rule is at most this thick (points); a thicker rectangle is a box or a figure
RULE_WIDTH = 3.0


def page_rules(page, lines: list[Line]) -> list[Box]:
    """The rule lines and box sides of a pdfplumber page as thin boxes ``(x0, top, x1, bottom)`` in points.

    A rule is a rectangle or line (``page.rects``, ``page.lines``) at most :data:`RULE_WIDTH`
    thick and 15 pt long or more; a box is a stroked rectangle holding a line of text
    (a photo's frame holds none), each of its four sides a rule.
    """
    out: list[Box] = []
    for o in [*page.rects, *page.lines]:
        x0, top, x1, bottom = o["x0"], o["top"], o["x1"], o["bottom"]
        if min(x1 - x0, bottom - top) <= RULE_WIDTH and max(x1 - x0, bottom - top) >= 15:
            out.append((x0, top, x1, bottom))
    for x0, top, x1, bottom in text_boxes(page, lines):
        out += [(x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)]
    return out


def text_boxes(page, lines: list[Line]) -> list[Box]:
    """The stroked rectangles of a pdfplumber page (``page.rects``) thicker than :data:`RULE_WIDTH`
    each way that hold a line of text (a photo's frame holds none), as boxes in points."""
    out: list[Box] = []
    for o in page.rects:
        x0, top, x1, bottom = o["x0"], o["top"], o["x1"], o["bottom"]
        if o.get("stroke") and min(x1 - x0, bottom - top) > RULE_WIDTH:
            if any(x0 <= ln.x0 and ln.x1 <= x1 and top <= ln.cy <= bottom for ln in lines):
                out.append((x0, top, x1, bottom))
    return out


def _side_of(rule: Box, box: Box) -> bool:
    x0, top, x1, bottom = box
    sides = ((x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom))
    return any(all(abs(a - b) <= 1.0 for a, b in zip(rule, side, strict=True)) for side in sides)


def parting_rules(page: Page) -> list[Box]:
    """The rules of ``page`` that part articles: all but the sides of an inset box, a box holding
    no headline (a name card or a note set in the text, not a framed article)."""
    insets = [box for box in page.boxes if not any(b.kind == "headline" and _inside(b, box) for b in page.blocks)]
    return [r for r in page.rules if not any(_side_of(r, box) for box in insets)]


@dataclass
class Region:
    """The area of one article on a page: its headline group and the column cells it owns.

    ``group`` is the kicker, headline and subtitle blocks; ``cells`` are ``(column index,
    top, bottom)`` in points, the column's stretch from the group down to the next headline
    group or rule across it.
    """

    group: list[TextBlock]
    cells: list[tuple[int, float, float]] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(b.top for b in self.group)

    @property
    def head(self) -> TextBlock:
        return next(b for b in self.group if b.kind == "headline")

    def columns(self, page: Page) -> set[int]:
        """The indexes of the columns of ``page`` the group stands over: each column a group block
        overlaps by at least 15 % of the column's width (a headline centred over three columns
        reaches into the outer two only in part)."""
        return {c for c, (x0, x1) in enumerate(page.columns) for b in self.group if min(b.x1, x1) - max(b.x0, x0) >= 0.15 * (x1 - x0)} or {
            c for b in self.group for c in range(b.span[0], b.span[1] + 1)
        }


def headline_groups(page: Page) -> list[Region]:
    """One :class:`Region` (cells still empty) per headline of ``page``, with the kicker right
    above it and the subtitle right under it (:func:`_kicker_place`)."""
    regions = []
    for head in (b for b in page.blocks if b.kind == "headline"):
        group = [b for b in page.blocks if b.kind == "kicker" and _kicker_place(b, head)]
        group += [head] + [b for b in page.blocks if b.kind == "subtitle" and _kicker_place(head, b)]
        regions.append(Region(group))
    return regions


def _crosses(rule: Box, column: tuple[float, float]) -> bool:
    """Whether a horizontal ``rule`` runs across at least half of ``column``."""
    horizontal = rule[3] - rule[1] <= RULE_WIDTH and rule[2] - rule[0] > RULE_WIDTH
    return horizontal and min(rule[2], column[1]) - max(rule[0], column[0]) >= 0.5 * (column[1] - column[0])


def column_cells(page: Page, regions: list[Region]) -> list[list[tuple[float, float, Region | None]]]:
    """Per column, its stretches ``(top, bottom, owner)`` from the page top down: a stretch
    starts at the page top, at a rule parting articles across the column (:func:`parting_rules`,
    :func:`_crosses`), under a jump line
    ``（下转02版）`` or at a headline group over the column (whose region owns it: ``owner``; else ``None``)."""
    out = []
    for c, column in enumerate(page.columns):
        marks: list[tuple[float, Region | None]] = [(0.0, None)]
        marks += [((r[1] + r[3]) / 2, None) for r in parting_rules(page) if _crosses(r, column)]
        marks += [(reg.top, reg) for reg in regions if c in reg.columns(page)]
        # the text under a jump line (（下转02版）) is another article's: the stretch ends there
        marks += [(b.bottom, None) for b in page.blocks if b.span[0] == c and jump_kind(b) == "to"]
        marks.sort(key=lambda m: m[0])
        ends = [m[0] for m in marks[1:]] + [page.height + 1]
        out.append([(y, end, owner) for (y, owner), end in zip(marks, ends, strict=True) if end > y])
    return out


def extend_heads(page: Page, regions: list[Region], cells: list[list[tuple[float, float, Region | None]]]) -> None:
    """A headline group's top parts the unheaded columns to the right of its own (where the articles
    above and beside it run on), as far as each column's stretch there is under no headline and no
    text block of that column stands across that height (a block across it is an article running
    round the headline, not parted by it).  Changes ``cells``: such a stretch is split in two, both
    still without owner."""
    for reg in sorted(regions, key=lambda r: r.top):
        y = reg.top
        for c in range(max(reg.columns(page)) + 1, len(cells)):
            n = next((n for n, (top, bottom, _) in enumerate(cells[c]) if top < y < bottom), None)
            if n is None:
                break
            top, bottom, owner = cells[c][n]
            if owner is not None or any(b.top < y < b.bottom for b in _content(page, c, top, bottom)):
                break
            cells[c][n : n + 1] = [(top, y, None), (y, bottom, None)]


def _content(page: Page, c: int, top: float, bottom: float) -> list[TextBlock]:
    """The blocks in the text (not layout material) whose first column is ``c`` and whose centre is between ``top`` and ``bottom``."""
    return [b for b in page.blocks if b.span[0] == c and top <= (b.top + b.bottom) / 2 < bottom and b.kind not in REMOVED]


def _walled(page: Page, c: int, top: float, bottom: float) -> bool:
    """Whether a vertical rule stands in the gutter left of column ``c`` over part of ``top``–``bottom``."""
    left, right = page.columns[c - 1][1], page.columns[c][0]
    return any(
        r[2] - r[0] <= RULE_WIDTH and left - 2 <= r[0] <= right + 2 and min(r[3], bottom) - max(r[1], top) > RULE_WIDTH
        for r in parting_rules(page)
    )


def _heads(reg: Region, blk: TextBlock) -> bool:
    """Whether ``reg``'s headline group stands right over ``blk`` (at most one headline size above
    it, overlapping it in x): ``blk`` is the region's lead, not text run on from elsewhere."""
    bottom = max(b.bottom for b in reg.group)
    over = any(min(b.x1, blk.x1) > max(b.x0, blk.x0) for b in reg.group)
    return over and -0.5 * reg.head.size <= blk.top - bottom <= reg.head.size


def _foot(page: Page, stretches: list[tuple[float, float, Region | None]], c: int) -> tuple[TextBlock, Region] | None:
    """The last text block of column ``c`` (lowest) and the region owning it, when it is body text
    ending without a sentence end (the paragraph runs on into the next column); else ``None``."""
    found = [(b, owner) for top, bottom, owner in stretches for b in _content(page, c, top, bottom)]
    if not found:
        return None
    blk, owner = max(found, key=lambda f: f[0].bottom)
    if owner is None or blk.kind != "body" or jump_kind(blk) is not None or ends_sentence(blk.text):
        return None
    return blk, owner


def _lowest(page: Page, stretches: list[tuple[float, float, Region | None]], c: int) -> tuple[TextBlock, Region] | None:
    """The last text block of column ``c`` (lowest) and the region owning it (the article read last on
    the page, which text opening the next page without a headline goes on); ``None`` when no region owns
    it or it is a jump line (``（下转第2版）``: the jump lines say where the text goes on)."""
    found = [(b, owner) for top, bottom, owner in stretches for b in _content(page, c, top, bottom)]
    if not found:
        return None
    blk, owner = max(found, key=lambda f: f[0].bottom)
    return (blk, owner) if owner is not None and jump_kind(blk) is None else None


#: the kinds of a headline group and what stands with it before the text (a talk's name card)
HEAD_KINDS = ("headline", "kicker", "subtitle", "card")


def _stranded(page: Page, stretches: list[tuple[float, float, Region | None]], c: int) -> tuple[TextBlock, Region] | None:
    """The lowest text block of column ``c`` and its region when it belongs to the region's headline
    group (or is its name card), with none of its text under it there: the text starts in the next
    column; else ``None``."""
    found = [(b, owner) for top, bottom, owner in stretches for b in _content(page, c, top, bottom)]
    if not found:
        return None
    blk, owner = max(found, key=lambda f: f[0].bottom)
    return (blk, owner) if owner is not None and blk.kind in HEAD_KINDS else None


def _opens_with_text(page: Page, c: int, top: float, bottom: float) -> bool:
    """Whether the first block of column ``c`` between ``top`` and ``bottom`` is body text (no jump line) or a talk's name card."""
    content = _content(page, c, top, bottom)
    first = min(content, key=lambda b: b.top) if content else None
    return first is not None and first.kind in ("body", "card") and jump_kind(first) is None


def _runs_out(page: Page, stretches: list[tuple[float, float, Region | None]], c: int) -> list[tuple[TextBlock, Region]]:
    """The blocks of column ``c`` that end an article's run in it, top down, with their regions: each
    block of an owned stretch that is the column's last or followed in the column by text of another
    region (or of none) or by a rule parting articles (:func:`parting_rules`), when it is body text
    ending without a sentence end (the paragraph runs on into the next column)."""
    found = sorted(((b, owner) for top, bottom, owner in stretches for b in _content(page, c, top, bottom)), key=lambda f: f[0].top)
    rules = [(r[1] + r[3]) / 2 for r in parting_rules(page) if _crosses(r, page.columns[c])]
    out = []
    for n, (blk, owner) in enumerate(found):
        nxt = found[n + 1] if n + 1 < len(found) else None
        last = nxt is None or nxt[1] is not owner or any(blk.bottom <= y <= nxt[0].top for y in rules)
        if last and owner is not None and blk.kind == "body" and jump_kind(blk) is None and not ends_sentence(blk.text):
            out.append((blk, owner))
    return out


def _band(page: Page, c: int, blk: TextBlock) -> tuple[float, float]:
    """The heights (points) between the rules parting articles across column ``c`` next above and below ``blk``."""
    rules = [(r[1] + r[3]) / 2 for r in parting_rules(page) if _crosses(r, page.columns[c])]
    return max((y for y in rules if y <= blk.top), default=0.0), min((y for y in rules if y >= blk.bottom), default=page.height + 1)


def flow_on(page: Page, cells: list[list[tuple[float, float, Region | None]]], c: int) -> None:
    """Each paragraph cut where an article's run in column ``c - 1`` ends (:func:`_runs_out`: at the
    column's foot, or over another article's headline or a rule) goes on at the first stretch of
    column ``c`` (top down) between the same rules across column ``c - 1`` (:func:`_band`), not taken
    by a paragraph above, that starts with body text in its type, unindented (mid-paragraph), no jump
    line and not right under its own headline (:func:`_heads`): that stretch goes to the cut
    paragraph's region, whatever headline stands above it (a page title over the columns) or none.
    When a headline group stands at the foot of column ``c - 1`` with no text under it
    (:func:`_stranded`), its text is the lowest stretch of column ``c`` under no headline that starts
    above the group with body text (indented or not).  Changes ``cells``."""
    feet = _runs_out(page, cells[c - 1], c - 1)
    lowest = _foot(page, cells[c - 1], c - 1)
    stranded = _stranded(page, cells[c - 1], c - 1) if lowest is None else None
    if stranded is not None:
        head, region = stranded
        free = [
            n
            for n, (top, bottom, owner) in enumerate(cells[c])
            if owner is None and top < head.top and _opens_with_text(page, c, top, bottom)
        ]
        if free and not _walled(page, c, cells[c][free[-1]][0], cells[c][free[-1]][1]):
            top, bottom, _ = cells[c][free[-1]]
            cells[c][free[-1]] = (top, bottom, region)
    taken: set[int] = set()
    for last, region in feet:
        upper, lower = _band(page, c - 1, last)
        for n, (top, bottom, owner) in enumerate(cells[c]):
            content = [b for b in _content(page, c, top, bottom) if upper <= b.top < lower]
            if n in taken or not content:
                continue
            first = min(content, key=lambda b: b.top)
            same_type = first.kind == "body" and abs(first.size - last.size) <= 0.1 * last.size and jump_kind(first) is None
            if same_type and not _indented(first.lines[0], first) and (owner is None or not _heads(owner, first)):
                taken.add(n)
                if not _walled(page, c, top, bottom):
                    cells[c][n] = (top, bottom, region)
                break


def adopt_orphans(page: Page, cells: list[list[tuple[float, float, Region | None]]]) -> None:
    """Give a column stretch under no headline to the article on its left: the region owning the
    stretch of the column to the left that overlaps it most (an article whose body runs on into a
    column its headline does not reach), when no vertical rule parts them, the region starts above
    the stretch's first block and that block is no continuation line (``（上接01版）``).
    Columns are taken left to right, so a body may run on over several; in each, a paragraph cut
    at the foot of the column before goes on first (:func:`flow_on`).  Changes ``cells``."""
    for c in range(1, len(cells)):
        flow_on(page, cells, c)
        for n, (top, bottom, owner) in enumerate(cells[c]):
            content = _content(page, c, top, bottom)
            if owner is not None or not content or jump_kind(min(content, key=lambda b: b.top)) == "from":
                continue
            first = min(b.top for b in content)
            best, most = None, 0.0
            for ltop, lbottom, lowner in cells[c - 1]:
                shared = min(bottom, lbottom) - max(top, ltop)
                if (
                    lowner is not None
                    and shared > most
                    and lowner.top <= first
                    and not _walled(page, c, max(top, ltop), min(bottom, lbottom))
                ):
                    best, most = lowner, shared
            if best is not None:
                cells[c][n] = (top, bottom, best)


def _rows(regions: list[Region]) -> list[Region]:
    """Regions in the order of their headlines: top to bottom, groups whose tops are within half
    a headline size of each other as one row, left to right."""
    rows: list[list[Region]] = []
    for reg in sorted(regions, key=lambda r: r.top):
        if rows and reg.top - rows[-1][0].top < 0.5 * rows[-1][0].head.size:
            rows[-1].append(reg)
        else:
            rows.append([reg])
    return [reg for row in rows for reg in sorted(row, key=lambda r: r.head.x0)]


def article_order(page: Page) -> list[TextBlock]:
    """The blocks of a classified page in article order.

    Each headline group (:func:`headline_groups`) owns the column stretches below it over the
    columns it spans, down to the next headline group or rule across the column
    (:func:`column_cells`), and the stretches under no headline to their right that its body runs
    on into (:func:`adopt_orphans`).  A region's blocks come as its group, then its columns left
    to right, each top to bottom; regions in the order of their headlines (:func:`_rows`), except
    that the one whose text is cut at the foot of the last column (:func:`_foot`), or else the one
    ending lowest there (:func:`_lowest`), comes last, as it goes on at the top of the next page.
    Masthead, running heads and the blocks above every headline come first, other blocks in no
    region after the region before them in the page's reading order (:func:`reading_order`).
    """
    regions = headline_groups(page)
    if not regions or not page.columns:
        return page.blocks
    cells = column_cells(page, regions)
    extend_heads(page, regions, cells)
    adopt_orphans(page, cells)
    owner: dict[int, Region] = {}
    for reg in regions:
        for b in reg.group:
            owner[id(b)] = reg
    for c, stretches in enumerate(cells):
        for top, bottom, reg in stretches:
            for b in _content(page, c, top, bottom):
                if reg is not None:
                    owner.setdefault(id(b), reg)
    first_top = min(r.top for r in regions)
    lead: list[TextBlock] = []
    tails: dict[int, list[TextBlock]] = defaultdict(list)
    last = None
    for b in page.blocks:
        reg = owner.get(id(b))
        if reg is not None:
            last = reg
        elif last is None or b.kind in ("masthead", "running") or b.bottom <= first_top:
            lead.append(b)
        else:
            tails[id(last)].append(b)
    out = lead
    place = {id(b): n for n, b in enumerate(page.blocks)}  # reading order: top down in a column, a float before the text beside it
    rows = _rows(regions)
    foot = _foot(page, cells[-1], len(cells) - 1) or _lowest(page, cells[-1], len(cells) - 1)
    if foot is not None:  # the text cut at the foot of the last column goes on on the next page: its article last
        rows = [r for r in rows if r is not foot[1]] + [foot[1]]
    for reg in rows:
        body = [b for b in page.blocks if owner.get(id(b)) is reg and b not in reg.group]
        out += reg.group + sorted(body, key=lambda b: (b.span[0], place[id(b)])) + tails[id(reg)]
    return out


# -- jump lines ------------------------------------------------------------------------

#: a jump line: ``（下转02版）`` (the article goes on there) or ``（上接01版）`` (it comes from there)
_JUMP_LINE = re.compile(rf"^(?:{JUMP.pattern})$")


def jump_kind(blk: TextBlock) -> str | None:
    """``"to"`` for a one-line body block shaped ``（下转02版）``/``（转第3版）``, ``"from"`` for
    ``（上接01版）``/``（接第1版）``/``（紧接01版）``/``（续1版）`` (:data:`~urbankb.ingest.layout.JUMP`),
    also printed without the brackets (``下转第2版``), else ``None``."""
    if blk.kind != "body" or len(blk.lines) != 1:
        return None
    text = blk.text.strip()
    m = _JUMP_LINE.match(text) or _JUMP_LINE.match(f"（{text}）")
    return None if m is None else ("to" if "转" in m["way"] else "from")


def _continuations(stream: list[tuple[Page, TextBlock]]) -> list[list[int]]:
    """Index runs of ``stream``, each a continuation: a ``from`` jump line and the blocks after it
    on its page up to the next jump line ``from``, headline group, masthead or bottom margin band."""
    runs: list[list[int]] = []
    for i, (page, blk) in enumerate(stream):
        if jump_kind(blk) == "from":
            runs.append([i])
        elif runs and stream[runs[-1][0]][0] is page and runs[-1][-1] == i - 1:
            stop = blk.kind in ("headline", "kicker", "subtitle", "masthead") or blk.top > (1 - MARGIN_BAND) * page.height
            if not stop:
                runs[-1].append(i)
    return runs


def _finished_before(stream: list[tuple[Page, TextBlock]], i: int, body: float) -> bool | None:
    """Whether the body text before ``stream[i]`` (a jump line) ends a sentence; ``None`` when a headline comes first."""
    for _page, blk in reversed(stream[:i]):
        if blk.kind in ("headline", "kicker", "subtitle"):
            return None
        if blk.kind == "body" and abs(blk.size - body) <= 0.1 * body and jump_kind(blk) is None:
            return ends_sentence(blk.text)
    return None


def follow_jumps(pages: list[Page], body: float) -> list[tuple[Page, TextBlock]]:
    """All blocks with their pages in reading order, each continuation (``（上接01版）`` and what
    follows it, :func:`_continuations`) moved right after the jump line ``（下转02版）`` on an earlier
    page that it goes on from.  They are matched by shape, in order: a continuation starting
    unindented goes on from a jump after unfinished body text (no sentence end), an indented one
    from a jump after a finished sentence; a continuation that fits no jump stays where it is."""
    stream = [(page, blk) for page in pages for blk in page.blocks]
    jumps = [(i, _finished_before(stream, i, body)) for i, (_p, b) in enumerate(stream) if jump_kind(b) == "to"]
    moved: dict[int, list[int]] = {}
    taken: set[int] = set()
    for run in _continuations(stream):
        page = stream[run[0]][0].number
        text = next((stream[j][1] for j in run[1:] if stream[j][1].kind == "body"), None)
        if text is None:
            continue
        indented = _indented(text.lines[0], text)
        fit = next(
            (i for i, done in jumps if i not in moved and done is not None and done == indented and stream[i][0].number < page), None
        )
        if fit is not None:
            moved[fit] = run
            taken.update(run)
    out: list[tuple[Page, TextBlock]] = []

    def emit(i: int) -> None:
        out.append(stream[i])
        for j in moved.get(i, ()):
            emit(j)

    for i in range(len(stream)):
        if i not in taken:
            emit(i)
    return out


# -- paragraphs and text -------------------------------------------------------------


@dataclass
class Paragraph:
    """A piece of the text built: its kind (a :class:`TextBlock` kind), text, page, and
    whether its first line is indented and whether it is the first/last of its block."""

    kind: str
    text: str
    page: int
    indented: bool = False
    #: False for text in other than body type (a jump line, a byline): never joined to the next
    joinable: bool = True
    #: the type size in points (masthead lines only; 0.0 otherwise)
    size: float = 0.0


def _indented(line: Line, blk: TextBlock) -> bool:
    return line.x0 - blk.left >= 1.0 * line.size


#: a line alone beside a float is indented when it starts this far (em) right of the float (a float's
#: gutter is about 1.5 em, a first-line indent 2 em more)
FLOAT_INDENT_EM = 2.5


def _float_edge(ln: Line, blk: TextBlock, page: Page | None) -> float | None:
    """The right edge (points) of the rightmost block of ``page`` in ``blk``'s first column standing
    wholly left of ``ln`` on its height (a float the text wraps round: a name card); ``None`` for none."""
    if page is None:
        return None
    edges = [
        o.x1
        for o in page.blocks
        if o is not blk and o.span[0] == blk.span[0] and o.x1 <= ln.x0 and min(o.bottom, ln.bottom) - max(o.top, ln.top) > 0.3 * ln.size
    ]
    return max(edges, default=None)


def line_indents(blk: TextBlock, page: Page | None = None) -> list[bool]:
    """Per line of ``blk``, whether it starts with a first-line indent: ≥ 1 em right of its left margin.

    The margin is ``blk.left`` (the column's left edge), except for lines beside a float
    (:func:`_float_edge`): the leftmost start of the lines beside the same float, or, for a line
    alone there, the float's edge plus :data:`FLOAT_INDENT_EM` − 1 em."""
    edges = [_float_edge(ln, blk, page) for ln in blk.lines]
    out = []
    for ln, edge in zip(blk.lines, edges, strict=True):
        if edge is None:
            out.append(_indented(ln, blk))
            continue
        beside = [o.x0 for o, e in zip(blk.lines, edges, strict=True) if e == edge]
        left = min(beside) if len(beside) > 1 else edge + (FLOAT_INDENT_EM - 1.0) * ln.size
        out.append(ln.x0 - left >= 1.0 * ln.size)
    return out


def split_paragraphs(blk: TextBlock, right: float, page: Page | None = None) -> list[Paragraph]:
    """The paragraphs of a body block: a new one starts at a first-line indent (≥ 1 em
    from the column's left edge, or from the text's edge beside a float on ``page``: :func:`line_indents`;
    Chinese typesetting indents 2 em) or after a line that ends a sentence well short (1.5 em) of
    ``right``, the column's right edge."""
    paras: list[list[tuple[Line, bool]]] = []
    for ln, indent in zip(blk.lines, line_indents(blk, page), strict=True):
        prev = paras[-1][-1][0] if paras else None
        new = prev is None or indent or (ends_sentence(prev.text) and prev.x1 < right - 1.5 * prev.size)
        if new:
            paras.append([(ln, indent)])
        else:
            paras[-1].append((ln, indent))
    out = []
    for lines in paras:
        text = ""
        for ln, _ in lines:
            text = join_text(text, ln.text)
        out.append(Paragraph("body", text, blk.page, lines[0][1]))
    return out


#: kinds taken out of the text into the layout material
REMOVED = ("running", "caption", "masthead", "jump")


def _aside(para: Paragraph) -> bool:
    """A short line in other than body type (a jump line such as a continuation note): the
    paragraph it interrupts goes on past it."""
    return para.kind == "body" and not para.joinable and len(para.text) <= 20


def paragraphs(pages: list[Page], body: float) -> list[Paragraph]:
    """All paragraphs in reading order (continuations after their jump lines: :func:`follow_jumps`),
    a paragraph cut by a column or page break joined:
    a body paragraph that starts a block without an indent continues the body paragraph
    before it (layout material skipped) when that one ends without a sentence end; only
    text in ``body`` type (±10 %, points) is joined, across short lines in other type
    between (:func:`_aside`).  Masthead blocks come line by line, with their sizes; jump lines
    (:func:`jump_kind`) as kind ``jump``, layout material."""
    out: list[Paragraph] = []
    for page, blk in follow_jumps(pages, body):
        if blk.kind == "masthead":
            out.extend(Paragraph("masthead", ln.text, blk.page, size=ln.size) for ln in blk.lines)
            continue
        if jump_kind(blk) is not None:
            out.append(Paragraph("jump", blk.text, blk.page, joinable=False))
            continue
        if blk.kind != "body" or abs(blk.size - body) > 0.1 * body:
            text = "\n".join(ln.text for ln in blk.lines) if blk.kind == "card" else blk.text
            out.append(Paragraph("body" if blk.kind == "body" else blk.kind, text, blk.page, joinable=False))
            continue
        right = page.columns[blk.span[1]][1] if page.columns and blk.span[0] == blk.span[1] else blk.x1
        for n, para in enumerate(split_paragraphs(blk, right, page)):
            prev = next((p for p in reversed(out) if p.kind not in REMOVED and not _aside(p)), None)
            joins = prev is not None and prev.kind == "body" and prev.joinable and not ends_sentence(prev.text)
            if n == 0 and not para.indented and joins:
                prev.text = join_text(prev.text, para.text)
            else:
                out.append(para)
    return out


def build_text(paras: list[Paragraph]) -> tuple[str, list[Block]]:
    """The seed text (one paragraph per block, blank lines between, ``# `` headlines,
    ``## `` section heads) and the layout material taken out: ``Block`` objects whose
    ``line`` is the page number (masthead lines as headings, the rest as paragraphs)."""
    parts: list[str] = []
    layout: list[Block] = []
    for p in paras:
        if p.kind in REMOVED:
            layout.append(Block(BlockKind.HEADING if p.kind == "masthead" else BlockKind.PARAGRAPH, p.text, p.page))
        elif p.kind == "headline":
            parts.append("# " + p.text)
        elif p.kind == "section":
            parts.append("## " + p.text)
        elif p.kind == "card":
            parts.append("\n" + p.text)  # name line over affiliation lines, set off as the card finder expects
        else:
            parts.append(p.text)
    return "\n\n".join(parts) + "\n", layout


# -- masthead ----------------------------------------------------------------------

#: an issue number as a masthead prints it: ``第3587期``, ``总第120期``, ``2025年第17期``
_ISSUE_NUMBER = re.compile(r"(?:\d{4}\s*年\s*)?总?第\s*\d+\s*期")


def masthead_fields(paras: list[Paragraph]) -> dict[str, str]:
    """The collection metadata a periodical's masthead prints: ``{"issue", "date", "publication"}``.

    From the masthead lines (:func:`mark_masthead`, kind ``masthead``): ``issue`` the first
    issue number (``第3587期``, spaces removed), ``date`` the first date as ISO
    (:func:`~urbankb.ingest.structure.iso_date`), ``publication`` the line in the largest
    type when it is a name (Han, at most 20 characters, no digits).  Empty when the masthead
    prints neither an issue number nor a date (a programme's title block is no periodical's
    masthead); a field not found is ``""``.
    """
    lines = [p for p in paras if p.kind == "masthead"]
    issue = next((re.sub(r"\s+", "", m.group()) for p in lines if (m := _ISSUE_NUMBER.search(p.text))), "")
    date = next((d for p in lines if (d := iso_date(p.text))), "")
    if not issue and not date:
        return {}
    name = max(lines, key=lambda p: p.size).text.strip()
    named = len(name) <= 20 and re.search(r"[\u4e00-\u9fff]", name) and not re.search(r"\d", name)
    return {"issue": issue, "date": date, "publication": name if named else ""}


def fill_collection(parsed: ParsedFile, fields: dict[str, str]) -> None:
    """Put the masthead ``fields`` (:func:`masthead_fields`) on the parse: ``issue`` and ``date``
    where the collection's are empty; ``publication`` over the collection's (the printed name
    beats one read off a dateline such as ``本刊讯``).  Articles left with the collection's
    former value (or none) get the new one, and so does the collection title parse_text made from it
    (``<publication>：<title> 等 N 篇``, or a newspaper page's ``<publication> <issue> 版面（N 篇）``)."""
    collection = parsed.collection
    page_title = _PAGE_TITLE.fullmatch(collection.title)
    for key, value in fields.items():
        old = getattr(collection, key)
        if not value or (old and key != "publication"):
            continue
        setattr(collection, key, value)
        if key == "publication" and old and collection.title.startswith(f"{old}："):
            collection.title = value + collection.title[len(old) :]  # parse_text's "<publication>：<title> 等 N 篇"
        for art in parsed.articles:
            if getattr(art, key) in ("", old):
                setattr(art, key, value)
    if page_title and fields:
        named = " ".join(p for p in (collection.publication or collection.id, collection.issue or collection.date) if p)
        collection.title = f"{named} {page_title['count']}"


#: parse_text's title for a newspaper page: ``滨河周刊 第12期 版面（4 篇）``
_PAGE_TITLE = re.compile(r".*? (?P<count>版面（\d+ 篇）)")


# -- the reader --------------------------------------------------------------------


def _figures(page) -> list[Box]:
    """Images and filled rectangles of a pdfplumber page larger than 15 pt each way and
    smaller than half the page (a page background is no figure), as boxes."""
    area = page.width * page.height
    boxes = [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in page.images]
    boxes += [(o["x0"], o["top"], o["x1"], o["bottom"]) for o in page.rects if o.get("fill")]
    return [b for b in boxes if b[2] - b[0] >= 15 and b[3] - b[1] >= 15 and (b[2] - b[0]) * (b[3] - b[1]) < 0.5 * area]


class _QuietPdfminer:
    """Silence pdfminer's font warnings while a file is read (they are about the font
    files, not the text, and would flood the build log)."""

    def __enter__(self):
        self.logger = logging.getLogger("pdfminer")
        self.level = self.logger.level
        self.logger.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        self.logger.setLevel(self.level)


def extract_pages(data: bytes, seed: str) -> tuple[list[Page], dict[str, list[int]]]:
    """The pages of a PDF with lines and blocks (unclassified, in reading order), and the
    pages left out: ``{"no text": [...], "cid": [...]}`` (1-based page numbers).

    Raises:
        SeedError: pdfplumber/pdfminer cannot open or parse the file (damaged,
            encrypted), with their reason.
    """
    import pdfplumber  # imported when a PDF is read: builds without one do not load it
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    pages: list[Page] = []
    bad: dict[str, list[int]] = {"no text": [], "cid": []}
    raw: list[tuple[tuple[int, float, float], list[Line], list[Box], tuple[list[Box], list[Box]]]] = []
    try:
        with _QuietPdfminer(), pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                chars = page.chars
                ink = "".join(c["text"] for c in chars)
                if not ink.strip():
                    bad["no text"].append(page.page_number)
                    continue
                if cid_share(ink) > MAX_CID_SHARE:
                    bad["cid"].append(page.page_number)
                    continue
                chars = [c for c in chars if not _CID.fullmatch(c["text"])]
                lines = page_lines(chars, page.page_number)
                rules = (page_rules(page, lines), text_boxes(page, lines))
                raw.append(((page.page_number, page.width, page.height), lines, _figures(page), rules))
    except (PdfminerException, MalformedPDFException, PSException, ValueError, KeyError, TypeError) as exc:
        reason = str(exc).strip() or type(exc).__name__
        raise SeedError(seed, f"not a readable PDF (damaged or encrypted?): {reason}") from None
    body = body_size(ln for _, lines, _, _ in raw for ln in lines)
    for (number, width, height), lines, figures, rules in raw:
        columns = find_columns(lines, body)
        page = Page(number, width, height, figures, columns, rules=rules[0], boxes=rules[1])
        page.blocks = reading_order(group_blocks(lines, columns, figures, body))
        pages.append(page)
    return pages, bad


def _bad_reasons(bad: dict[str, list[int]]) -> list[str]:
    reasons = []
    if bad["no text"]:
        reasons.append(f"no text layer on pages {page_list(bad['no text'])} (a scanned PDF?); OCR it first")
    if bad["cid"]:
        reasons.append(f"the fonts on pages {page_list(bad['cid'])} have no Unicode map (text comes out as (cid:N))")
    return reasons


def classify(pages: list[Page]) -> float:
    """Set every block's kind (running heads, captions, masthead, headlines, kickers,
    subtitles, section heads; the rest stays ``body``), then put each page's blocks in
    article order (:func:`article_order`); returns the body size in points."""
    body = body_size(ln for p in pages for b in p.blocks for ln in b.lines)
    mark_running(pages, body)
    for page in pages:
        mark_captions(page, body)
        if page is pages[0]:
            mark_masthead(page, body)
        mark_heads(page, body)
        page.blocks = article_order(page)
    return body


@register
class PdfReader(Reader):
    """A PDF with a text layer (see the module docstring for the method).

    The layout material handed to :func:`~urbankb.ingest.structure.parse_text` is a
    list of :class:`~urbankb.model.Block` whose ``line`` is the **page number**
    (1-based), not a line of the text: a PDF has no lines of its own.
    """

    extensions = (".pdf",)
    max_bytes = MAX_DOCUMENT_BYTES  # photos make documents large; the text is read page by page

    def read(self, path: Path, data: bytes, segmenter: Segmenter) -> ParsedFile:
        """The articles of a PDF.

        Raises:
            SeedError: damaged or encrypted (pdfplumber's reason), or no page with
                usable text (no text layer: scanned; fonts without a Unicode map).
        """
        pages, bad = extract_pages(data, path.name)
        reasons = _bad_reasons(bad)
        if not pages:
            raise SeedError(path.name, "; ".join(reasons) or "the PDF has no pages")
        paras = paragraphs(pages, classify(pages))
        for p, text in zip(paras, unify_radicals_by_paragraph([p.text for p in paras]), strict=True):
            p.text = unify_dashes(text)
        text, layout = build_text(paras)
        parsed = parse_text(text, path.name, segmenter, layout=layout)
        fill_collection(parsed, masthead_fields(paras))
        parsed.encoding = ""
        for reason in reasons:
            parsed.issues.append(Issue(path.name, 0, f"{reason}; those pages are left out"))
        return parsed
