"""Repair of print-layout damage in text extracted from PDFs and page layouts.

Extracted text comes as blocks separated by blank lines.  Page and column
breaks cut sentences (even words) in two; photo captions and name cards
land in the middle of a sentence; QR prompts, print-run and editor lines,
photo credits and "see page N" lines are mixed in with the content.  The
functions here recognise those patterns from the shape of the text — line
length, final punctuation, the blank-line gap an image leaves behind,
whether a word straddles the break — never from the content of particular
files.

Nothing is thrown away: a block is either part of an article, or a caption
moved next to the sentence it interrupted, or layout material that the
source page lists under "版面信息".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..han import HAN_RANGES

#: characters that end a sentence (a block ending in one is complete)
SENTENCE_END = "。！？!?；;…”」』）)】"
#: strictly final marks: after these a paragraph is complete even if short
HARD_END = "。！？!?…"
_HAN = HAN_RANGES
_HAN_RE = re.compile(f"[{_HAN}]")

# Layout debris: patterns matched against a whole block (lines joined).
# Each is (name, regex); the name is shown on the source page.
DEBRIS_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(rx))
    for name, rx in (
        ("QR prompt", r"^(扫一扫|扫码|扫描二维码|长按(识别)?二维码)"),
        ("QR prompt", r"^关注\S{1,20}(公众号|微信|视频号|报|杂志|客户端)?$"),
        ("editor line", r"^(责任编辑|编辑|责编|校对|审校|审核|美编|值班编辑|终审|主编)\s*[:：/]"),
        ("contact line", r"^(联系电话|电话|传真|邮箱|电子邮箱|E-?mail|投稿邮箱)\s*[:：]"),
        ("address line", r"^(地址|通讯地址|社址)\s*[:：]"),
        ("print-run line", r"(共印|印数)\s*[:：]?\s*\d+\s*份"),
        ("distribution line", r"^(报|送|发|抄送|分送)\s*[:：]"),
        ("photo credit", r"^(本版|本期)?(图片|摄影|图|摄)\s*[/／:：]"),
        ("photo credit", r"^[（(]?(图源|图片来源|来源)\s*[:：].{0,40}[）)]?$"),
        ("see page", r"^[（(]?(相关报道|详见|更多报道|下转|上接|转第|接第|见第).{0,30}[版页][）)]?$"),
        ("see page", r"^[—–\-－]{1,3}\s*\d{1,3}\s*(版)?$"),
        ("page heading", r"^[#\s]*[●■◆▲]?\s*(导读|本期导读|今日导读|目录)$"),
    )
)

_PAGE_REF = DEBRIS_PATTERNS[-2][1]

#: a jump line (转版提示): ``（下转02版）`` / ``（转第3版）`` / ``（转02版）`` send the reader on, ``（上接01版）`` /
#: ``（接第1版）`` / ``（紧接01版）`` / ``（续1版）`` bring them back; ``way`` is the verb
JUMP = re.compile(r"[（(]\s*(?P<way>下转|转至|转|上接|紧接|承接|接|续)\s*第?\s*[0-9０-９一二三四五六七八九十]{1,3}\s*[版页面]?\s*[）)]")


#: a publisher's line in a masthead: ``…主办``, ``…主管``, ``…编印``, ``…办公室编``
SPONSOR = re.compile(r"主办$|主管$|编印$|出版$|(?:室|部|处|组|会|局|中心|院|社)编$")
#: other masthead lines by shape: the title in pinyin capitals, a serial number (CN 44-0158, ISSN 1000-0000)
MASTHEAD_LINE = re.compile(r"^[A-Z][A-Z\s·.-]{5,}$|\bCN\s?\d{2}\s?-\s?\d{4}|\bISSN\s?\d{4}-\d{3}[\dX]")

#: the opening of a news report: ``广东建设报讯 记者…``, ``新华社北京3月5日电``, ``…记者王明报道：``
DATELINE = re.compile(r"^(?P<pub>[^\s，。,:：]{2,14}?)(?:讯|电)\s*(?:[（(]?记者|$|\s)|^.{0,20}记者.{1,30}?报道\s*[:：]")


@dataclass
class RawBlock:
    """A run of non-empty lines as they stand in the file.

    Attributes:
        lines: the lines, stripped of surrounding whitespace.
        line: 1-based line number of the first line.
        gap: blank lines before the block (an image leaves 2 or more).
        marked: True when the extractor marked it as a Markdown heading (``## ``).
        level: the heading level of that mark (1 for ``# ``, a headline; 2 or more for a section head), 0 unmarked.
        caption: True when the extraction's shape says it is a photo caption or credit (see :mod:`urbankb.ingest.shapes`).
        running: True when the extraction's shape says it is running text, never a heading however short
            (a paragraph's half before a jump line or a column break, see :mod:`urbankb.ingest.shapes`).
    """

    lines: list[str]
    line: int
    gap: int
    marked: bool = False
    level: int = 0
    caption: bool = False
    running: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The lines joined as running text (see :func:`join_lines`)."""
        return join_lines(self.lines)


def split_blocks(text: str) -> list[RawBlock]:
    """Split text into blocks at blank lines, remembering line numbers and gaps.

    A leading Markdown heading marker (``#`` … ``######`` and a space) and a
    bold marker around a dateline (``**…报讯…:**``) are extraction markup:
    they are removed and remembered in :attr:`RawBlock.marked`.

    Args:
        text: decoded text with ``\\n`` line endings.

    Returns:
        Blocks in file order.
    """
    blocks: list[RawBlock] = []
    current: list[str] = []
    start = gap = 0
    pending_gap = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip().replace("\u3000", " ").strip()
        if not line:
            if current:
                blocks.append(RawBlock(current, start, gap))
                current = []
                pending_gap = 0
            pending_gap += 1
            continue
        if not current:
            start, gap = number, pending_gap
        current.append(line)
    if current:
        blocks.append(RawBlock(current, start, gap))
    for block in blocks:
        first = block.lines[0]
        heading = re.match(r"^(#{1,6})\s+(.+)$", first)
        if heading and len(block.lines) == 1:
            block.lines[0] = heading.group(2).strip()
            block.marked = True
            block.level = len(heading.group(1))
        bold = re.match(r"^\*\*(.{2,80}?[:：])\*\*(.*)$", block.lines[0])
        if bold and re.search(r"(报讯|记者|通讯员|电)", bold.group(1)):
            block.lines[0] = bold.group(1) + bold.group(2)
    return blocks


def join_lines(lines: list[str]) -> str:
    """Join lines of one block into running text.

    Chinese needs no space between lines; two Latin letters or digits meeting
    at a break get one space so English words stay apart.
    """
    out = ""
    for line in lines:
        out = join_text(out, line)
    return out


def join_text(left: str, right: str) -> str:
    """Join two pieces of text split by a line or page break (see :func:`join_lines`)."""
    if not left:
        return right
    if not right:
        return left
    if re.match(r"[A-Za-z0-9]", left[-1]) and re.match(r"[A-Za-z0-9]", right[0]):
        return left + " " + right
    return left + right


def debris_kind(text: str) -> str | None:
    """Name of the layout-debris pattern a block matches, or None.

    >>> debris_kind("扫一扫 关注广东建设报")
    'QR prompt'
    >>> debris_kind("(相关报道详见04、05版)")
    'see page'
    """
    compact = text.strip()
    for name, rx in DEBRIS_PATTERNS:
        if rx.search(compact):
            return name
    return None


def is_page_ref(text: str) -> bool:
    """True for a bare page reference such as ``—02``."""
    return bool(_PAGE_REF.search(text.strip()))


def has_han(text: str) -> bool:
    """True when the text contains at least one Han character."""
    return bool(_HAN_RE.search(text))


def ends_sentence(text: str) -> bool:
    """True when the text ends with sentence-final punctuation.

    A closing quote or bracket ends a sentence only when a final mark stands
    just inside it (``…。”``); ``…的“X干道”`` goes on after a break.
    """
    text = text.rstrip()
    if not text or text[-1] not in SENTENCE_END:
        return False
    if text[-1] in "”」』）)】":
        return len(text) > 1 and text[-2] in HARD_END + "；;"
    return True


#: part-of-speech tags (jieba) that cannot end a heading: numerals, measure
#: words, particles, prepositions, conjunctions
_OPEN_END_POS = ("m", "q", "u", "p", "c", "f")
#: that cannot start a sentence after a heading: a bare verb of saying, particles
_CONTINUATION_START_POS = ("u", "c")
_CONTINUATION_START = "，、。：；）)》”"


def is_fragment(left: str, right: str, tag) -> bool:
    """True when a short line without final punctuation is a piece of a sentence.

    Shapes that say so: a comma inside (headings do not have one), a word
    straddling the break (``多领`` | ``域``), a last word that needs
    something after it (``涵盖城市发展多个`` | ``维度``), or a next block that
    starts with punctuation or a reporting verb (``有关负责同志`` | ``表示，``).

    Args:
        left: the short block.
        right: the block after it ("" at the end of the text).
        tag: callable ``str -> list[tuple[str, str]]`` (jieba ``posseg`` pairs).
    """
    if re.search(r"[，,；;]", left):
        return True
    if not right:
        return False
    if right[0] in _CONTINUATION_START:
        return True
    if word_straddles(left, right, lambda t: [w for w, _ in tag(t)]):
        return True
    tail = tag(left[-6:])
    if tail and tail[-1][1].startswith(_OPEN_END_POS):
        return True
    head = tag(right[:6])
    if head and (head[0][1].startswith(_CONTINUATION_START_POS) or head[0][0] in _SAYING):
        return True
    return False


_SAYING = {"表示", "指出", "强调", "认为", "介绍", "说", "称", "提出", "透露", "坦言"}


def looks_like_heading(block: RawBlock, max_chars: int = 45) -> bool:
    """A short block without final punctuation: a title, section label or caption.

    Args:
        block: the block.
        max_chars: longest text counted as a heading (characters, spaces excluded).
    """
    if len(block.lines) > 3:
        return False
    text = block.text
    size = len(text.replace(" ", ""))
    if size == 0 or size > max_chars:
        return False
    if text[-1] in "。！？!?；;，,、：:":
        return False
    # a sentence inside means running text, not a heading
    return not any(mark in text[:-1] for mark in "。！？!?")


_NAME_RE = re.compile(rf"^(?:[{_HAN}]{{2,4}}|[{_HAN}]{{1,8}}(?:[·•・\-][{_HAN}]{{1,10}}){{1,4}})$")
#: 办 names an office only as 办公室/办公厅 or at a line's end (市政府办); inside a headline it is a verb (开办, 举办);
#: 部 after a numeral counts things (三百部)
_AFFILIATION_HINT = re.compile(
    r"(大学|学院|研究院|研究所|研究中心|规划院|设计院|政府|委员会|(?<![一二三四五六七八九十百千万两几\d])部|局|厅|署|办(?:公|$)|学会|协会|促进会|集团|公司|银行|"
    r"教授|院长|局长|部长|署长|主任|主席|书记|理事长|秘书长|会长|研究员|院士|大师|顾问|总监|主管|总经理|董事长|CEO|专家|学者)"
)


def is_person_name(text: str) -> bool:
    """True for a bare person name: 2–4 Han characters, or a transliterated name with ``·``."""
    return bool(_NAME_RE.match(text.replace(" ", "")))


def looks_like_affiliation(text: str) -> bool:
    """True for a job title / organisation line of a name card (no full sentence)."""
    return 2 <= len(text) <= 90 and "。" not in text and bool(_AFFILIATION_HINT.search(text))


def word_straddles(left: str, right: str, tokenize) -> bool:
    """True when segmenting across the break yields a word spanning it.

    Used to tell a fragment cut inside a word (``多领`` | ``域``) from a
    heading followed by a new paragraph.

    Args:
        left: text before the break.
        right: text after it.
        tokenize: callable ``str -> list[str]`` (a jieba tokenizer's ``lcut``).
    """
    tail, head = left[-4:], right[:4]
    if not tail or not head or not has_han(tail[-1]) or not has_han(head[0]):
        return False
    position = 0
    for token in tokenize(tail + head):
        end = position + len(token)
        if position < len(tail) < end and len(token) >= 2:
            return True
        position = end
    return False


_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_CJK_BEFORE = rf"[{_HAN}”’）》」』】、。，；：]"


def fix_punctuation(text: str) -> str:
    """Turn half-width punctuation inside Chinese text into full-width.

    ``,`` ``:`` ``;`` ``?`` ``!`` after a Han character (or Chinese closing
    punctuation) become ``，`` ``：`` ``；`` ``？`` ``！`` and swallow the
    spaces after them; ``(…)`` next to or around Han text becomes ``（…）``.
    Numbers (``1,000``), times (``10:30``), URLs and English sentences are
    left as they are.

    >>> fix_punctuation("城市, 拥有11万人口, 布局紧凑")
    '城市，拥有11万人口，布局紧凑'
    >>> fix_punctuation("巴黎市规划院 (APUR) 环境研究")
    '巴黎市规划院（APUR）环境研究'
    """

    def half(match: re.Match[str]) -> str:
        return match.group(1) + _HALF_TO_FULL[match.group(2)]

    text = re.sub(rf"({_CJK_BEFORE})\s*([,:;?!])(?!//)\s*", half, text)
    # a half-width mark followed by Han text (after a Latin word, a unit, a digit)
    text = re.sub(rf"([,;:?!])\s*(?=[{_HAN}“‘《（])", lambda m: _HALF_TO_FULL[m.group(1)], text)

    def paren(match: re.Match[str]) -> str:
        before, inner, after = match.group(1), match.group(2), match.group(3)
        if has_han(inner) or _HAN_RE.match(before or "") or _HAN_RE.match(after or ""):
            return f"{before}（{inner.strip()}）{after}"
        return match.group(0)

    text = re.sub(rf"([{_HAN}”]?)\s*\(([^()\n]{{1,80}})\)\s*([{_HAN}“]?)", paren, text)
    return text
