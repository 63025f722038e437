"""Recognise how a PDF extractor laid out a text, and rebuild its paragraphs.

The seeds come one paragraph per line.  Other extractors keep the printed
lines: ``pdftotext`` (poppler) writes every line of a column as a line of
text (10–40 characters in a newspaper column), puts no blank line between
paragraphs and a form feed at each page; pdfminer.six does the same and, on
loosely set pages, a blank line after every printed line.  This module tells
the shapes apart from the text itself and turns printed lines back into the
blocks :mod:`urbankb.ingest.structure` expects (one paragraph, heading or
caption per block), taking out on the way what the page, not the article,
printed:

- running heads and footers, found by repetition across pages at the top or
  bottom of a page (digits ignored: ``城市周报 2025年第11期``, ``第 3 版``),
  and page numbers by their shape (``— 3 —``, ``-2-``, ``3/8``);
- jump lines (``（下转02版）``, ``（上接第1版）``), also when the extractor
  glued them to the last line of a paragraph;
- photo captions and credits (``…现场 记者 张三 摄``): a short unpunctuated
  block that interrupts an unfinished sentence, or a block ending in a credit.

Paragraph ends are read off the geometry that survives in the text: the line
width of a column (Chinese characters are all one em wide), a short last line
after a sentence end, the two-em indent of a first line, and blank lines
(pdftotext's block boundaries).  No word lists of particular files.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..model import Block, BlockKind
from .layout import DATELINE, DEBRIS_PATTERNS, JUMP, MASTHEAD_LINE, SPONSOR, RawBlock, ends_sentence, is_person_name, looks_like_affiliation

#: blank lines an image leaves (see :data:`urbankb.ingest.structure.IMAGE_GAP`); given to a caption block
CAPTION_GAP = 3
#: non-blank lines a text needs before its shape is judged
MIN_LINES = 8
#: lines that stop mid-sentence a text needs before their widths say anything
MIN_OPEN_LINES = 8
#: the most the widths of printed lines that stop mid-sentence may vary (standard deviation / mean)
MAX_WIDTH_SPREAD = 0.4
#: lines at the top and at the bottom of a page searched for running heads and footers
BAND = 3

_PAGE_NUMBER = re.compile(r"^(?:[—–\-－~·•\s]*\d{1,3}[—–\-－~·•\s]*|第\s*\d{1,3}\s*[版页]|\d{1,3}\s*/\s*\d{1,3}|[Pp](?:age|\.)\s*\d{1,3})$")
#: an entry of a contents box (导读) on a line of its own: a headline and the page it is on
_CONTENTS_LINE = re.compile(r"^[^。！？!?，,；;]{4,40}?\s*(?:0?\d{1,2}|第\s*\d{1,2}\s*)\s*版$")
#: the ways of a jump line (:data:`urbankb.ingest.layout.JUMP`) that send the reader on to another page
_JUMP_OUT = ("下转", "转至", "转")
#: a jump line printed without brackets on a line of its own: ``下转第2版``, ``上接第1版``
_BARE_JUMP = re.compile(r"^(?P<way>下转|转至|转|上接|紧接|承接|接|续)\s*第?\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[版页面]$")
_CREDIT = re.compile(r"(?:摄|供图|摄影|制图|绘图)\s*$|^(?:图片?|摄影|供图)\s*[:：/／]|^[▲△↑]|^图[为①②③④⑤⑥⑦⑧⑨\d]")


#: quotation marks of ambiguous width (Unicode) that a Chinese font sets one em wide
_WIDE_QUOTES = "“”‘’"


@dataclass
class Line:
    """One printed line of an extracted text.

    Attributes:
        text: the line, surrounding whitespace and form feeds removed.
        number: 1-based line number in the file.
        page: 1-based page, counted by form feeds.
        blank: blank lines directly before it.
        printed: the line as printed when something was taken out of it (a jump line), else ``""``.
        jumped: True when a jump line (``（上接01版）``, ``（下转02版）``) stood alone right above it (taken out as layout).
        jumped_in: True when that line was a jump-in line (``上接``): a paragraph jumped out of an earlier page goes on here.
        jumps_out: True when a jump-out line (``（下转02版）``) followed it, alone or glued to its end: its
            paragraph goes on on another page, after a jump-in line (:attr:`jumped`).
    """

    text: str
    number: int
    page: int
    blank: int
    printed: str = ""
    jumped: bool = False
    jumped_in: bool = False
    jumps_out: bool = False

    @property
    def width(self) -> float:
        """Printed width in ems (see :func:`text_width`), of the line as printed."""
        return text_width(self.printed or self.text)


@dataclass
class Reshaped:
    """Printed lines turned into blocks.

    Attributes:
        blocks: one paragraph, heading, caption or card per block, in reading order.
        layout: lines the page printed (running heads, page numbers, jump lines), with their file lines.
        shape: ``"printed lines"`` or ``"printed lines, blank between"`` (pdfminer on loose pages).
    """

    blocks: list[RawBlock]
    layout: list[Block]
    shape: str


def text_width(text: str) -> float:
    """Width of ``text`` in ems: wide (CJK, full-width) characters 1, others ½, spaces ignored.

    >>> text_width("2025年第11期")
    6.0
    """
    width = 0.0
    for ch in text:
        if ch.isspace():
            continue
        width += 1.0 if unicodedata.east_asian_width(ch) in "WF" or ch in _WIDE_QUOTES else 0.5
    return width


def printed_lines(text: str) -> list[Line]:
    """The non-blank lines of ``text`` with their line numbers, pages (form feeds) and blank lines before."""
    lines: list[Line] = []
    page, blank = 1, 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            # pdftotext puts the form feed before a page's first line, pdfminer after a page's last
            before, _, _ = raw.partition("\f")
            if before.strip():
                lines.append(Line(before.strip().replace("\u3000", " "), number, page, blank))
                blank = 0
            page += raw.count("\f")
            raw = raw.rsplit("\f", 1)[1]
        line = raw.replace("\u3000", " ").strip()
        if not line:
            blank += 1
            continue
        lines.append(Line(line, number, page, blank))
        blank = 0
    return lines


def is_printed_lines(lines: list[Line]) -> bool:
    """Whether the text keeps its printed lines (rather than one paragraph per line).

    A printed line of running text mostly stops mid-sentence: of the lines
    at least 12 ems wide, 3 in 4 or more end without a sentence mark in every
    extraction measured, against at most 3 in 5 in the seeds (one paragraph
    per line, some cut by page breaks).  Between the two, lines that follow
    one another without blank lines (a column) decide.  And the lines that
    stop mid-sentence are about one width, their column's (:data:`MAX_WIDTH_SPREAD`).
    """
    if len(lines) < MIN_LINES:
        return False
    long = [line for line in lines if line.width >= 12]
    if len(long) < MIN_LINES // 2:
        return False
    open_lines = [line.width for line in long if not ends_sentence(line.text) and line.text[-1] not in "：:"]
    open_share = len(open_lines) / len(long)
    # the lines a column breaks mid-sentence are all about as wide as the column; pieces of
    # paragraphs cut at random places are not (coefficient of variation ≤ 0.35 in every
    # extraction measured, ≥ 0.8 in the seeds)
    if len(open_lines) < MIN_OPEN_LINES or statistics.pstdev(open_lines) / statistics.mean(open_lines) > MAX_WIDTH_SPREAD:
        return False
    contiguous = sum(1 for line in lines[1:] if not line.blank) / (len(lines) - 1)
    return open_share >= 0.7 or (open_share >= 0.5 and contiguous >= 0.5)


def reshape(text: str) -> Reshaped | None:
    """Blocks rebuilt from a text that keeps its printed lines, or None when it does not (leave it as it is).

    See the module docstring for what is recognised.  Every character of the
    text ends up either in a block or in :attr:`Reshaped.layout`.
    """
    lines = printed_lines(text)
    if not is_printed_lines(lines):
        return None
    spaced = sum(1 for line in lines[1:] if line.blank) / (len(lines) - 1) > 0.6
    layout: list[Block] = []
    lines = _take_layout(lines, layout)
    if not lines:
        return Reshaped([], layout, "printed lines")
    blocks = _paragraphs(lines, spaced)
    return Reshaped(blocks, sorted(layout, key=lambda b: b.line), "printed lines, blank between" if spaced else "printed lines")


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _name_part(text: str) -> str:
    """``text`` without spaces, digits and the date and issue words around them (``城市周报 2025年第11期`` → ``城市周报``)."""
    return re.sub(r"\s+|(?:总?第)?\d+\s*[年月日期版页号]?|[·•|｜/]", "", text)


def _take_layout(lines: list[Line], layout: list[Block]) -> list[Line]:
    """``lines`` without running heads, page numbers and jump lines (which go to ``layout``)."""
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        by_page[line.page].append(i)
    band: set[int] = set()
    for indices in by_page.values():
        band.update(indices[:BAND])
        band.update(indices[-BAND:])
    # pdfminer may put a page's head anywhere in its text: a short line standing alone counts as in the band
    for i, line in enumerate(lines):
        alone = line.blank > 0 and (i + 1 == len(lines) or lines[i + 1].blank > 0 or lines[i + 1].page != line.page)
        if alone and len(line.text) <= 30 and not re.search(r"[。！？!?，,；;]", line.text):
            band.add(i)
    pages_of: dict[str, set[int]] = defaultdict(set)
    for i in band:
        line = lines[i]
        if len(line.text) <= 40 and not ends_sentence(line.text):
            pages_of[_key(line.text)].add(line.page)
    repeated = {key for key, pages in pages_of.items() if len(pages) >= 2}
    # the publication's name on page 1 comes back as the running head of later pages
    first_page = _name_part("".join(lines[i].text for i in by_page[lines[0].page][:BAND])) if lines else ""
    heads: set[int] = set()
    numbers: set[int] = set()
    for i in band:
        key, page = _key(lines[i].text), lines[i].page
        name = _name_part(lines[i].text)
        named = page != lines[0].page and len(name) >= 4 and not ends_sentence(lines[i].text) and name in first_page
        if _PAGE_NUMBER.match(lines[i].text):
            numbers.add(i)
        if key in repeated or named or i in numbers:
            heads.add(i)
    # a short label beside a page number in the band is part of the page head (版名: 综合, 要闻)
    for i in sorted(band - heads):
        near = {i - 1, i + 1} & numbers
        label = len(lines[i].text) <= 8 and not re.search(r"[。！？!?，,、；;：:]", lines[i].text) and not _card_name(lines, i)
        if near and label and all(lines[j].page == lines[i].page for j in near):
            heads.add(i)
        elif label and _between_layout(lines, i, heads):
            heads.add(i)
    # a first page that opens with a masthead (a sponsor's or publisher's line, an issue number in its head band)
    first = by_page[lines[0].page] if lines else []
    mastheaded = any(SPONSOR.search(lines[i].text) or _ISSUE_NUMBER.search(lines[i].text) for i in first[: 2 * BAND])
    kept: list[Line] = []
    jumped = jumped_in = after_text = False
    for i, line in enumerate(lines):
        if jumped and kept and i not in heads:
            line.jumped, jumped = True, False
        if jumped_in and i not in heads and not _bare_label(line.text):
            # past a section label set under the jump line (综合): the continuation is what follows it
            line.jumped_in, jumped_in = True, False
        isolated = line.blank > 0 and (i + 1 == len(lines) or lines[i + 1].blank > 0 or lines[i + 1].page != line.page)
        text = line.text
        masthead = line.page == lines[0].page and i in band and len(text) <= 40 and (SPONSOR.search(text) or MASTHEAD_LINE.search(text))
        # past the first sentence (the masthead's own lines are above it, for the masthead finder)
        masthead = masthead or (line.page == lines[0].page and mastheaded and after_text and _masthead_only(text))
        if i in heads or (_PAGE_NUMBER.match(text) and (isolated or _own_number(line))) or _CONTENTS_LINE.match(text) or masthead:
            layout.append(Block(BlockKind.PARAGRAPH, text, line.number))
            if (_own_number(line) or masthead) and i + 1 < len(lines) and lines[i + 1].page == line.page:
                # a page number or masthead line set among a column's lines: the blank lines around it part what it stood between
                lines[i + 1].blank = max(lines[i + 1].blank, line.blank)
            continue
        if any(rx.search(text) for name, rx in DEBRIS_PATTERNS if name != "page heading") and (isolated or len(text) <= 20):
            layout.append(Block(BlockKind.PARAGRAPH, text, line.number))
            way = JUMP.search(text) or _BARE_JUMP.match(text)
            if way and way.group("way") in _JUMP_OUT and kept:
                kept[-1].jumps_out = True
            elif way:
                jumped_in = True
            continue
        jumps = list(JUMP.finditer(text))
        if jumps:
            for m in jumps:
                layout.append(Block(BlockKind.PARAGRAPH, m.group().strip(), line.number))
            out = any(m.group("way") in _JUMP_OUT for m in jumps)
            text = JUMP.sub("", text).strip()
            if not text:
                if out and kept:
                    kept[-1].jumps_out = True
                jumped, jumped_in = True, not out
                continue
            glued_in = any(m.group("way") not in _JUMP_OUT and m.start() == 0 for m in jumps)
            line = Line(text, line.number, line.page, line.blank, printed=line.text, jumped_in=glued_in, jumps_out=out)
        kept.append(line)
        after_text = after_text or bool(re.search(r"[。！？!?]", line.text))
    return kept


#: an issue number in a masthead: 第8期, 总第312期, 2025年第11期
_ISSUE_NUMBER = re.compile(r"第\s*\d+\s*期")


def _masthead_only(text: str) -> bool:
    """A line that can only be a masthead's: a bare printed date (``2025年3月30日 星期日``) or issue number (``第5期``).

    pdftotext may set such a line of a masthead's right-hand side among a later column's lines of page 1,
    far from the band at the page's head.
    """
    compact = re.sub(r"\s+|星期[一二三四五六日天]", "", text)
    date = re.fullmatch(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日", compact)
    return len(compact) <= 20 and bool(date or re.fullmatch(r"(?:总?第\d+期)+", compact))


def _own_number(line: Line) -> bool:
    """Whether ``line`` (a page-number shape: ``-1-``, ``第 3 页``) prints its own page's number (pages count form
    feeds from 1): a page number pdftotext set among a column's lines instead of at the page's foot."""
    digits = re.findall(r"\d+", line.text)
    return len(digits) == 1 and int(digits[0]) == line.page


def _bare_label(text: str) -> bool:
    """A short line with no punctuation at all (a section or page label: 综合, 要闻)."""
    return len(text) <= 8 and not re.search(r"[。！？!?，,、；;：:“”\"]", text)


def _between_layout(lines: list[Line], i: int, heads: set[int]) -> bool:
    """Whether ``lines[i]`` stands between a running head and a jump line of its page, or a jump line and the
    page's end (a section label, 版名, set in the page head): nothing of an article is next to it."""

    def layout_side(j: int) -> str:
        if j < 0 or j >= len(lines) or lines[j].page != lines[i].page:
            return "edge"
        if j in heads:
            return "head"
        return "jump" if JUMP.fullmatch(lines[j].text.strip()) or _BARE_JUMP.match(lines[j].text) else ""

    sides = {layout_side(i - 1), layout_side(i + 1)}
    return "" not in sides and "jump" in sides


def _column_widths(lines: list[Line], window: int = 6) -> list[float]:
    """The full width of the column each line is set in: the commonest width among its neighbours (ems)."""
    widths = [round(line.width * 2) / 2 for line in lines]
    out: list[float] = []
    for i in range(len(lines)):
        lo, hi = max(0, i - window), min(len(lines), i + window + 1)
        counts = Counter(w for w in widths[lo:hi] if w >= 6)
        if not counts:
            out.append(widths[i])
            continue
        top = max(counts.values())
        out.append(max(w for w, c in counts.items() if c == top))
    return out


#: a line starting with one of these goes on with the sentence above it
_CONTINUES = "。，、；：！？!?,;:）)」』”’》"
#: a line shorter than this share of its column's width is short whatever surrounds it
SHORT_SHARE = 0.7
#: how much shorter than its column a paragraph's first line may be, in ems: the two-em indent, and one em
#: more when a line-break rule (no closing mark at a line's start) carried the last character down with the mark
INDENT_SLACK = 3.25


def _is_label(lines: list[Line], i: int, full: list[float], spaced: bool) -> bool:
    """Whether ``lines[i]`` is a short line with no sentence punctuation: a heading, caption, name card or label.

    Short means under :data:`SHORT_SHARE` of the column, or a little short and
    set off by blank lines on both sides (pdftotext's block boundaries).  The
    first line of a paragraph is a little short too (a two-em indent) but runs
    on into a full line of the same column.
    """
    line = lines[i]
    text = line.text
    if line.width >= full[i] - 1.25 or re.search(r"[。！？!?；;，,、：:]$", text) or re.search(r"[。！？!?]", text):
        return False
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    joined_after = nxt is not None and not nxt.blank and nxt.page == line.page
    if joined_after and nxt.text[0] in _CONTINUES:
        return False  # the next line goes on with the sentence (…业 | 。)
    if _CLAUSE.search(text) and not _affiliation(text) and _runs_on_from(lines, i):
        return False  # a clause of the sentence the line above left open (…推 | 动城市更新，加快)
    if line.width < SHORT_SHARE * full[i]:
        return True
    if nxt is not None and nxt.page == line.page and full[i] - 2.75 <= line.width and nxt.width >= full[i + 1] - 2.25:
        return False
    before = i == 0 or lines[i - 1].page != line.page or (line.blank > 0 and not spaced)
    after = nxt is None or nxt.page != line.page or (nxt.blank > 0 and not spaced)
    return before and after


def _runs_on_from(lines: list[Line], i: int) -> bool:
    """Whether ``lines[i]`` is set right under running text that stops mid-sentence: the extractor put the two
    lines in one block (no blank line between, one page), so the sentence goes on into this line."""
    if i == 0 or lines[i].blank or lines[i].page != lines[i - 1].page:
        return False
    above = lines[i - 1].text
    return not ends_sentence(above) and bool(_PUNCTUATED.search(above))


#: a block of pdftotext (lines between blank lines) this short, without a sentence inside, is one label
LABEL_RUN_LINES, LABEL_RUN_CHARS = 3, 60
#: a caption set beside a photo in a narrow column takes more lines
CAPTION_RUN_LINES = 6


def _runs(lines: list[Line], spaced: bool) -> list[list[int]]:
    """Indexes of ``lines`` grouped into the extractor's blocks: lines between blank lines or page changes.

    In the spaced shape (a blank line after every printed line) blank lines say nothing: every line is its own run.
    """
    runs: list[list[int]] = []
    for i, line in enumerate(lines):
        if not runs or line.blank > 0 or line.page != lines[i - 1].page or _card_name(lines, i):
            runs.append([i])
        else:
            runs[-1].append(i)
    return runs


def _card_name(lines: list[Line], i: int) -> bool:
    """Whether ``lines[i]`` is the name line of a name card: a bare name over an affiliation line."""
    nxt = lines[i + 1] if i + 1 < len(lines) else None
    return nxt is not None and is_person_name(lines[i].text) and _affiliation(nxt.text)


def _affiliation(text: str) -> bool:
    """A name card's affiliation line: short, naming an organisation or a title (…大学, …院长), no quotes, digits or sentence marks."""
    return len(text) <= 40 and not re.search(r"[“”\"。，,！？\d]", text) and looks_like_affiliation(text)


def _label_run(lines: list[Line], run: list[int], full: list[float]) -> str:
    """``"caption"`` for a short block ending in a photo credit, ``"label"`` for another short block with no
    sentence in it and no line as wide as its column (two lines of running text are not a label), else ``""``."""
    text = "".join(lines[i].text for i in run)
    if len(run) <= CAPTION_RUN_LINES and len(text) <= 80 and _CREDIT.search(text):
        return "caption"
    if len(run) > LABEL_RUN_LINES or len(run) == 1 or len(text) > LABEL_RUN_CHARS:
        return ""
    if re.search(r"[。！？!?；;]", text) or re.search(r"[，,、：:]$", text) or any(lines[i].width >= full[i] - 1.25 for i in run):
        return ""
    if any(DATELINE.match(lines[i].text) for i in run[1:]):
        return ""  # a report's dateline under its headline opens running text
    return "label"


def _wrapped_tail(lines: list[Line], run: list[int], nxt: list[int], full: list[float], labels: list[bool]) -> int | None:
    """The index of a headline group's last few characters that pdftotext set apart, or None.

    A subtitle wider than its column wraps into a full line with no punctuation at the end of a short
    run of headline lines; pdftotext may put a blank line before its last characters (a line of at most
    a quarter of the column), which open the next run above the body.
    """
    if not 2 <= len(run) <= LABEL_RUN_LINES or len(nxt) < 2 or any(not labels[i] for i in run[:-1]):
        return None
    last, tail = run[-1], nxt[0]
    text = "".join(lines[i].text for i in run) + lines[tail].text
    return (
        tail
        if (
            lines[last].width >= full[last] - 1.25
            and not _PUNCTUATED.search(lines[last].text)
            and not _PUNCTUATED.search(lines[tail].text)
            and lines[tail].page == lines[last].page
            and lines[tail].width <= full[tail] / 4
            and len(text) <= LABEL_RUN_CHARS
        )
        else None
    )


def _paragraphs(lines: list[Line], spaced: bool) -> list[RawBlock]:
    """Group printed lines into blocks: paragraphs, and labels (headings, captions, cards) on their own."""
    full = _column_widths(lines)
    # a credit line (``… 记者 张三 摄``) ends a caption: it stands on its own like a label
    labels = [_is_label(lines, i, full, spaced) or bool(_CREDIT.search(line.text) and len(line.text) <= 80) for i, line in enumerate(lines)]
    whole: dict[int, str] = {}
    # lines that follow one another without a blank line are one block of the extractor's, even
    # in the spaced shape (pdfminer sets a loose line alone, a headline box's lines together)
    runs = _runs(lines, spaced)
    for n, run in enumerate(runs):
        kind = _label_run(lines, run, full)
        tail = _wrapped_tail(lines, run, runs[n + 1] if n + 1 < len(runs) else [], full, labels)
        if not kind and tail is not None:
            kind, run = "label", [*run, tail]
        if kind:
            whole[run[0]] = kind
            for i in run[1:]:
                whole[i] = "inside"
    blocks: list[RawBlock] = []
    current: list[Line] = []
    running: set[int] = set()  # ids of blocks of running text (full lines): never a heading or caption
    index = {id(line): i for i, line in enumerate(lines)}

    spans: dict[int, tuple[int, int]] = {}  # id(block) -> indexes of its first and last line

    def flush() -> None:
        if current:
            first = current[0]
            block = RawBlock([line.text for line in current], first.number, first.blank)
            if not all(labels[index[id(line)]] for line in current) and not whole.get(index[id(first)]):
                running.add(id(block))
            spans[id(block)] = (index[id(first)], index[id(current[-1])])
            blocks.append(block)
            current.clear()

    for i in range(len(lines)):
        if _card_name(lines, i):
            labels[i] = True
    for i, line in enumerate(lines):
        if whole.get(i) == "inside":
            if current:
                current.append(line)
            continue
        brk = (line.blank > 0 and not spaced) or (i > 0 and line.page != lines[i - 1].page)
        prev = current[-1] if current else None
        if i in whole:
            flush()
            if whole[i] == "label":
                blocks.extend(_label_elements(lines, i, whole))
                continue
            current.append(line)
            continue  # the run is one block: it ends at the next line outside it
        if prev is not None and DATELINE.match(line.text) and not ends_sentence(prev.text):
            # a report's dateline: the unfinished lines above it are its headline (and subtitle),
            # also a headline line cut off from them as running text just before (…集中 | 开工)
            while blocks and _headline_piece(blocks[-1], current[0]):
                piece = blocks.pop()
                current[:0] = [
                    Line(text, piece.line + n, current[0].page, piece.gap if n == 0 else 0) for n, text in enumerate(piece.lines)
                ]
            _headline_blocks(current, blocks)
            current.clear()
            prev = None
        if prev is not None:
            indented = full[i] - INDENT_SLACK <= line.width <= full[i] - 1.25 and not labels[i]
            ended = ends_sentence(prev.text)
            short_prev = prev.width < full[i - 1] - 1.25
            in_run = whole.get(i - 1) is not None
            # a blank line or a new page inside an unfinished sentence is a column or page break
            # a new block of the extractor's going on with an unfinished sentence: kept apart for
            # _reading_order, which finds the paragraph it goes on with (not always the one above)
            broken = (
                line.blank > 0 and not spaced and line.page == prev.page and not ended and _continues(lines, i, full, spaced)
            ) or prev.jumps_out
            # two columns set one after the other without a blank line: a full line stopping mid-sentence,
            # then a line indented as a paragraph's first between two full ones
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            seam = (
                not spaced
                and not ended
                and not short_prev
                and indented
                and line.text[0] not in _CONTINUES
                and nxt is not None
                and not nxt.blank
                and nxt.width >= full[i + 1] - 1.25
                and _PUNCTUATED.search(line.text) is not None
                and not ends_sentence(line.text)
                and line.text[1:2] not in _CONTINUES
                and not re.search(r"[0-9A-Za-z…]", line.text + prev.text[-1])
                and not _CREDIT.search(prev.text)
            )
            if in_run or labels[i] or labels[i - 1] or (ended and (brk or short_prev or indented)) or broken or seam:
                flush()
        current.append(line)
    flush()
    if not spaced:  # a blank line after every printed line says nothing of where a block of the extractor's begins
        blocks = _reading_order(blocks, lines, full, spaced, running, spans)
    _mark_interlopers(blocks, running)
    return blocks


def _continues(lines: list[Line], i: int, full: list[float], spaced: bool) -> bool:
    """Whether the block starting at ``lines[i]`` goes on with a paragraph set elsewhere: it opens a block of the
    extractor's (after a blank line or a page change) with a line as wide as its column (a paragraph's own first line
    is indented two ems) or with a mark that cannot open a sentence, and is no report's dateline."""
    line = lines[i]
    if i == 0:
        return False
    opens = line.page != lines[i - 1].page or (line.blank > 0 and not spaced) or line.jumped or line.jumped_in
    nxt = lines[i + 1] if i + 1 < len(lines) and lines[i + 1].page == line.page and not lines[i + 1].blank else None
    # as wide as its column, and not two ems narrower than the line under it (a first line's indent)
    full_width = (line.width >= full[i] - 1.25 and (nxt is None or line.width > nxt.width - 1.75)) or line.text[0] in _CONTINUES
    # under a jump-in line, a paragraph's last line alone (…材料。 over an indented first line)
    rest = line.jumped_in and ends_sentence(line.text) and (nxt is None or nxt.width < full[i + 1] - 1.25)
    return opens and (full_width or rest) and not DATELINE.match(line.text) and not _CREDIT.search(line.text)


def _open_end(block: RawBlock) -> bool:
    """Whether ``block`` is running text that stops mid-sentence (a lone unpunctuated line is a label, not a paragraph)."""
    text = block.text
    return not ends_sentence(text) and bool(_PUNCTUATED.search(text)) and not _CREDIT.search(text)


#: running text has punctuation in it; a headline set over two narrow lines has none
_PUNCTUATED = re.compile(r"[，,、；;：:。！？]")
#: the marks that end a clause inside a sentence: a line holding one under an unfinished sentence goes on with it
_CLAUSE = re.compile(r"[，,；;]")


def _reading_order(
    blocks: list[RawBlock], lines: list[Line], full: list[float], spaced: bool, running: set[int], spans: dict[int, tuple[int, int]]
) -> list[RawBlock]:
    """``blocks`` with each continuation moved to the paragraph it continues, when the extractor set it elsewhere.

    pdftotext reads a box of several columns column by column but may put the
    next box between them, and sets a jumped article's continuation (上接…版) on
    its page: a paragraph then stops mid-sentence before an article's headline, and
    a run of running text later opens with a line as wide as its column (see
    :func:`_continues`).  Each such run (up to the next heading, caption or
    label) goes on with the running text right above it when that is open (only a
    caption or label stands between them; :func:`_mark_interlopers` sees to those),
    else after the open paragraph that was left longest, first in, first out:
    columns and jumps are read in the order the articles began.
    """
    open_ends: list[tuple[int, int]] = []  # (position where the paragraph's article began, block position)
    chain: dict[int, int] = {}  # block position -> position where its paragraph's article began
    after: dict[int, list[int]] = defaultdict(list)
    moved: set[int] = set()
    jumped_out: set[int] = set()  # block positions of open ends followed by a jump-out line
    starts = [
        j
        for j, block in enumerate(blocks)
        if id(block) in running and _continues(lines, spans[id(block)][0], full, spaced) and _PUNCTUATED.search(block.text)
    ]
    k = 0
    while k < len(blocks):
        block = blocks[k]
        if id(block) not in running:
            k += 1
            continue
        first, _last = spans[id(block)]
        run = [k]
        if _continues(lines, first, full, spaced) and _PUNCTUATED.search(block.text):
            while (
                run[-1] + 1 < len(blocks)
                and not lines[spans[id(blocks[run[-1]])][1]].jumps_out
                and id(blocks[run[-1] + 1]) in running
                and not _continues(lines, spans[id(blocks[run[-1] + 1])][0], full, spaced)
            ):
                run.append(run[-1] + 1)
            above = next((j for j in range(k - 1, -1, -1) if id(blocks[j]) in running), None)
            page = lines[first].page
            same_page = [end for end in open_ends if lines[spans[id(blocks[end[1]])][1]].page == page]
            # as many continuations still to come on the page as paragraphs left open on it: they pair up in order
            if sum(1 for j in starts if j >= k and lines[spans[id(blocks[j])][0]].page == page) < len(same_page):
                same_page = []
            choice = _anchor(open_ends, above, jumped_out, lines[first].jumped_in, same_page)
            if choice:
                key, anchor = choice
                open_ends.remove((key, anchor))
                # past the labels set between the two halves too when a heading follows the run: they
                # are the next article's (a kicker over its headline), not captions of this one
                kicker = (
                    anchor + 1 < k
                    and run[-1] + 1 < len(blocks)
                    and id(blocks[run[-1] + 1]) not in running
                    and not _CREDIT.search(blocks[run[-1] + 1].text)
                )
                if anchor != above or kicker:
                    after[anchor].extend(run)
                    moved.update(run)
                chain.update(dict.fromkeys(run, key))
        for j in run:
            chain.setdefault(j, j)
        end = run[-1]
        last = spans[id(blocks[end])][1]
        jumps = lines[last].jumps_out and not ends_sentence(blocks[end].text)
        # a line ending in a narrow character (a digit: …每秒1) may stop half an em shorter still
        narrow = 0.5 if text_width(lines[last].text[-1]) < 1 else 0.0
        if (_open_end(blocks[end]) and lines[last].width >= full[last] - 1.25 - narrow) or jumps:
            # stopped mid-sentence at a full line: the column (or page) ran out, the paragraph goes on elsewhere
            open_ends.append((chain[end], end))
            blocks[end].running = True
            if lines[last].jumps_out:
                jumped_out.add(end)
        k = end + 1
    if not moved:
        return blocks
    out: list[RawBlock] = []

    def emit(j: int) -> None:
        out.append(blocks[j])
        for m in after.get(j, ()):
            emit(m)

    for j in range(len(blocks)):
        if j not in moved:
            emit(j)
    return out


def _anchor(
    open_ends: list[tuple[int, int]], above: int | None, jumped_out: set[int], jumped_in: bool, same_page: list[tuple[int, int]]
) -> tuple[int, int] | None:
    """The open end (article start, block position) a continuation goes on with, or None.

    After a jump-in line (``上接``) the paragraphs that jumped out (``下转``) come
    first, elsewhere the others: a jumped paragraph goes on on its page, not in
    the next column.  Among those, on the page the continuation is on, the one
    whose article began first (pdftotext reads a column down through several
    articles, then the next column: the paragraphs left open go on in the order
    they were left); else, at the top of a new page, the running text right above
    when it is open; else the one whose article began first.

    Args:
        open_ends: (article start, block position) of each paragraph left open at a full line.
        above: block position of the running text right above the continuation.
        jumped_out: block positions of open ends followed by a jump-out line.
        jumped_in: whether a jump-in line stands above the continuation.
        same_page: the open ends left on the continuation's page.
    """
    fitting = [end for end in open_ends if (end[1] in jumped_out) == jumped_in] or (open_ends if jumped_in else [])
    here = [end for end in fitting if end in same_page and not jumped_in]
    if len(here) > 1 or (jumped_in and fitting):
        return min(here or fitting)
    in_place = next((end for end in fitting if end[1] == above), None)
    return in_place or (min(fitting) if fitting else None)


def _label_elements(lines: list[Line], start: int, whole: dict[int, str]) -> list[RawBlock]:
    """The blocks of a short run that starts at ``lines[start]``: one per element (kicker, headline, subtitle).

    A headline wrapped over two lines has its longer line first; a line longer
    than the one above it starts a new element (a short kicker over its
    headline, a headline over a longer subtitle).
    """
    run = [start]
    while run[-1] + 1 < len(lines) and whole.get(run[-1] + 1) == "inside":
        run.append(run[-1] + 1)
    if all(_affiliation(lines[i].text) for i in run):
        # a name card's affiliation over two lines (北京航空航天大学 / 交通科学与工程学院副院长) is one block
        return [RawBlock([lines[i].text for i in run], lines[start].number, lines[start].blank)]
    return [RawBlock([x.text for x in piece], piece[0].number, piece[0].blank) for piece in _elements([lines[i] for i in run])]


def _elements(run: list[Line]) -> list[list[Line]]:
    """Headline lines grouped into elements: a line longer than the one above starts a new one
    (a short kicker over its headline, a headline over a longer subtitle); a wrapped headline has its longer line first."""
    pieces: list[list[Line]] = []
    for line in run:
        if pieces and line.width <= pieces[-1][-1].width + 1:
            pieces[-1].append(line)
        else:
            pieces.append([line])
    return pieces


def _headline_piece(block: RawBlock, nxt: Line) -> bool:
    """Whether ``block`` ends right above ``nxt`` and could be part of its headline: at most two lines, no sentence in it."""
    return (
        len(block.lines) <= 2
        and block.line + len(block.lines) == nxt.number
        and not block.marked
        and not block.caption
        and not re.search(r"[。！？!?；;]", block.text)
    )


def _headline_blocks(heads: list[Line], blocks: list[RawBlock]) -> None:
    """Headline lines as marked level-1 blocks, one per element (see :func:`_elements`)."""
    for piece in _elements(heads):
        blocks.append(RawBlock([x.text for x in piece], piece[0].number, piece[0].blank, marked=True, level=1))


#: a section head's enumerator: 一、 （一） 1. 1、 第一，
_ENUMERATED = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十]{1,3}[，,、])"
)


def _mark_interlopers(blocks: list[RawBlock], running: set[int] | frozenset = frozenset()) -> None:
    """Say what each short block is, for the repair and the splitting into articles.

    - a block ending in a photo credit, or a short block with no clause mark
      (:data:`_CLAUSE`) that stands between an unfinished sentence and its
      continuation, is a caption (:attr:`RawBlock.caption`; the repair moves it out of the sentence);
    - a speaker's name card (name line, affiliation line) gets the gap the card finder looks for;
    - any other short unpunctuated block after a finished paragraph (or at the
      start) is a heading (:attr:`RawBlock.marked`): level 2 when it is an
      enumerated section head (``一、…``), else level 1 (a headline, kicker or subtitle).
    """
    for k, block in enumerate(blocks):
        text = block.text
        if len(block.lines) <= CAPTION_RUN_LINES and len(text) <= 80 and _CREDIT.search(text):
            block.caption = True
            continue
        if is_person_name(block.lines[0]) and (len(block.lines) > 1 or (k + 1 < len(blocks) and _affiliation(blocks[k + 1].text))):
            block.gap = max(block.gap, 2)
            continue
        if (
            id(block) in running
            or len(block.lines) > LABEL_RUN_LINES
            or re.search(r"[。！？!?；;]", text)
            or ends_sentence(text)
            or len(text) > LABEL_RUN_CHARS
        ):
            continue
        before = blocks[k - 1] if k else None
        opens_report = any(DATELINE.match(b.text) for b in blocks[k + 1 : k + 3])
        if (
            before is not None
            and not ends_sentence(before.text)
            and (len(before.lines) >= 2 or len(before.text) > 30)
            and not before.marked
            and not opens_report
        ):
            # between an unfinished sentence and its continuation: a caption (above a dateline: a headline),
            # unless it holds a clause of its own (…， …): then it is that sentence going on
            if k + 1 < len(blocks) and not _CLAUSE.search(text):
                block.caption = True
            continue
        card = (is_person_name(text) and k + 1 < len(blocks) and _affiliation(blocks[k + 1].text)) or (
            k > 0 and is_person_name(blocks[k - 1].text) and _affiliation(text)
        )
        if k + 1 < len(blocks) and not card:
            block.marked = True
            block.level = 2 if _ENUMERATED.match(text) else 1
