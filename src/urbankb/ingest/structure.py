"""Find the articles in one extracted text file and their metadata.

A file can hold one article, a newspaper page of several reports (each
starting at a dateline such as ``广东建设报讯 记者…报道``), or a compilation
of speeches (each with a title and a speaker's name card).  The layout is
read off the text's own signals: datelines, name cards, bylines
(``文/…``), mastheads (``第 6 期``, a printed date, ``…主办``) and the
short unpunctuated lines that titles and section labels are.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from ..model import Article, Block, BlockKind, Collection, Issue
from .layout import (
    DATELINE,
    MASTHEAD_LINE,
    SPONSOR,
    RawBlock,
    debris_kind,
    ends_sentence,
    fix_punctuation,
    is_fragment,
    is_page_ref,
    is_person_name,
    join_lines,
    join_text,
    looks_like_affiliation,
    looks_like_heading,
    split_blocks,
)
from .shapes import reshape


class Segmenter(Protocol):
    """What the layout repair needs from a segmenter (:class:`urbankb.nlp.Analyzer` is one)."""

    def cut(self, text: str) -> list[str]: ...

    def tag(self, text: str) -> list[tuple[str, str]]: ...


_DATELINE = DATELINE
_REPORTERS = re.compile(
    r"((?:记者|通讯员|实习生|特约记者)[^:：。]{1,60}?)报道|[（(]\s*((?:记者|通讯员|实习生|特约记者)[^）)。]{1,40})[）)]"
)
_ROLE = re.compile(r"(特约记者|记者|通讯员|实习生)\s*([^记通实特]+)")
_BYLINE = re.compile(r"^(?:文|作者|撰文|文字|文图|图文)\s*[/／:：|]\s*(?P<names>.{2,40})$")
_ISSUE = re.compile(r"第\s*\d+\s*期|总第\s*\d+\s*期|\d{4}\s*年\s*第\s*\d+\s*期")
_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*日)?")
#: blank lines an image leaves in extracted text (captions sit between such gaps)
IMAGE_GAP = 3
#: the span kind of a speaker's name card taken out of the text (the speaker and affiliation fields hold it; not counted as a repair)
CARD_REPAIR = "发言人名片移出正文"
#: an entry of a contents box (导读): a headline with the page it is on
_CONTENTS_ENTRY = re.compile(r"(?:\d{1,2}|第\s*\d{1,2}\s*)\s*[版页]\s*$")
_SPONSOR = SPONSOR
_MASTHEAD_LINE = MASTHEAD_LINE


@dataclass
class ParsedFile:
    """What a reader found in one file.

    Attributes:
        articles: the articles, in file order.
        collection: the file as a whole (its source page).
        issues: warnings and errors, each naming the file and line.
        repairs: how many of each layout repair were made.
        encoding: the text encoding the file was read in (``"utf-8"`` …), ``""`` for a binary format.
    """

    articles: list[Article]
    collection: Collection
    issues: list[Issue] = field(default_factory=list)
    repairs: Counter = field(default_factory=Counter)
    encoding: str = ""


def iso_date(text: str) -> str:
    """First date in ``text`` as ISO ``YYYY-MM-DD`` (or ``YYYY-MM``), else ``""``."""
    m = _DATE.search(text)
    if not m:
        return ""
    y, mo, d = int(m["y"]), int(m["m"]), m["d"]
    if not 1 <= mo <= 12:
        return ""
    if d and 1 <= int(d) <= 31:
        return f"{y:04d}-{mo:02d}-{int(d):02d}"
    return f"{y:04d}-{mo:02d}"


def split_names(text: str) -> list[str]:
    """Split a list of names (``韩庆文 唐培峰``, ``张三、李四``) into names."""
    return [n for n in re.split(r"[\s、，,;；/]+", text.strip()) if n]


def parse_reporters(text: str) -> tuple[list[str], list[str]]:
    """Reporters and correspondents named in a dateline.

    >>> parse_reporters("广东建设报讯 记者姜兴贵、通讯员岳建轩报道:日前")
    (['姜兴贵'], ['岳建轩'])
    >>> parse_reporters("本报讯（记者 陈立新 通讯员 何静）日前")
    (['陈立新'], ['何静'])
    """
    reporters: list[str] = []
    correspondents: list[str] = []
    m = _REPORTERS.search(text[:120])
    if not m:
        return reporters, correspondents
    for role, names in _ROLE.findall(m.group(1) or m.group(2)):
        target = correspondents if role == "通讯员" else reporters
        target.extend(split_names(names))
    return reporters, correspondents


class _File:
    """Working state while one file is taken apart."""

    def __init__(self, seed: str, blocks: list[RawBlock], segmenter: Segmenter):
        self.seed = seed
        self.stem = seed.rsplit(".", 1)[0]
        self.blocks = blocks
        self.segmenter = segmenter
        self.role: dict[int, str] = {}  # block index -> debris/masthead/card/byline
        self.layout: list[Block] = []
        self.repairs: Counter = Counter()
        #: what each repair touched: (kind, first line, last line), in the order made
        self.spans: list[tuple[str, int, int]] = []
        self.issues: list[Issue] = []
        self.collection = Collection(id=self.stem, seed=seed, title="")
        #: True when headline blocks are marked (a PDF's sizes, a printed-line text's shape): articles may start at them
        self.headlines = False
        #: True when the marks come from type sizes (a PDF reader), so they outrank name cards in finding talks
        self.sized = False

    def repaired(self, kind: str, block: RawBlock, counted: bool = True) -> None:
        """Count a repair of ``kind`` and record the lines of ``block`` it touched."""
        if counted:
            self.repairs[kind] += 1
        self.spans.append((kind, block.line, block.line + max(len(block.lines), 1) - 1))

    # -- classification --------------------------------------------------
    def mark_debris(self) -> None:
        blocks = self.blocks
        after_contents = False
        for i, block in enumerate(blocks):
            text = block.text
            kind = debris_kind(text)
            if kind == "page heading":
                after_contents = True
            elif after_contents and _DATELINE.search(text):
                after_contents = False
            if kind is None and i + 1 < len(blocks) and is_page_ref(blocks[i + 1].text) and len(text) <= 60:
                kind = "teaser for another page"
            if kind is None and after_contents and self.headlines and not _CONTENTS_ENTRY.search(text):
                # printed-line texts and PDFs: the box ends at the first line that is not an entry (``标题 01版``)
                after_contents = False
            if kind is None and after_contents:
                kind = "contents of the issue"
            if kind:
                self.role[i] = "debris"
                self.layout.append(Block(BlockKind.PARAGRAPH, text, block.line))
                self.repaired("版面信息移出正文", block)

    def mark_masthead(self) -> None:
        """Issue number, printed date and publisher lines at the top of the file."""
        head = [i for i in range(min(len(self.blocks), 10)) if i not in self.role]
        last = -1
        lone: list[int] = []  # masthead lines an extractor set after the first running text (a date beside a column)
        for pos, i in enumerate(head):
            text = self.blocks[i].text
            if _running_text(text):
                # the masthead ends at the first paragraph: what is after it is an article, whatever line follows
                rest = [j for j in head[pos + 1 :] if _masthead_only(self.blocks[j].text)]
                lone.extend(rest)
                break
            if _ISSUE.search(text) and len(text) < 40:
                self.collection.issue = re.sub(r"\s+", "", fix_punctuation(text))
                # the name printed above the issue number (a publisher's line 「…编」 is not the name)
                names = [
                    head[p]
                    for p in range(pos - 1, -1, -1)
                    if len(self.blocks[head[p]].text) <= 20 and not _SPONSOR.search(self.blocks[head[p]].text)
                ]
                if names:
                    self.collection.publication = self.blocks[names[0]].text
                last = pos
            elif _DATE.fullmatch(text.replace(" ", "")) or (_DATE.match(text) and len(text) < 20):
                self.collection.date = iso_date(text)
                last = pos
            elif (_SPONSOR.search(text) and len(text) < 40) or _MASTHEAD_LINE.search(text):
                last = pos
        for i in lone:
            self.collection.date = self.collection.date or iso_date(self.blocks[i].text)
        for i in [*head[: last + 1], *lone]:
            self.role[i] = "masthead"
            self.layout.append(Block(BlockKind.HEADING, self.blocks[i].text, self.blocks[i].line))

    def mark_cards(self) -> list[tuple[int, str, str]]:
        """Speaker name cards: (block index, name, affiliation)."""
        cards = []
        blocks = self.blocks
        for i, block in enumerate(blocks):
            if i in self.role or block.gap < 2 or not is_person_name(block.lines[0]):
                continue
            if len(block.lines) > 1:
                affiliation = join_lines(block.lines[1:])
                extra = None
            elif i + 1 < len(blocks) and looks_like_affiliation(blocks[i + 1].text):
                affiliation = blocks[i + 1].text
                extra = i + 1
            else:
                continue
            if not looks_like_affiliation(affiliation):
                continue
            self.role[i] = "card"
            self.repaired(CARD_REPAIR, block, counted=False)
            if extra is not None:
                self.role[extra] = "card"
                self.repaired(CARD_REPAIR, blocks[extra], counted=False)
            cards.append((i, block.lines[0], fix_punctuation(affiliation)))
        return cards

    def content(self) -> list[int]:
        return [i for i in range(len(self.blocks)) if i not in self.role]

    def heading_like(self, i: int) -> bool:
        return looks_like_heading(self.blocks[i]) or (self.blocks[i].marked and len(self.blocks[i].text) <= 80)

    # -- segmentation ------------------------------------------------------
    def titles_before(self, order: list[int], pos: int, limit: int = 2, max_chars: int = 60) -> list[int]:
        """Heading-like blocks directly before ``order[pos]`` (file order)."""
        found: list[int] = []
        p = pos - 1
        while p >= 0 and len(found) < limit:
            block = self.blocks[order[p]]
            text = block.text
            # a block set off by an image's blank lines is a caption, not a title
            caption = block.gap >= IMAGE_GAP and not block.marked
            if (self.heading_like(order[p]) or (len(text) <= max_chars and text[-1] not in "。！？")) and not caption:
                found.insert(0, order[p])
                p -= 1
            else:
                break
        return found

    def parse(self) -> list[Article]:
        self.mark_debris()
        self.mark_masthead()
        cards = self.mark_cards()
        order = self.content()
        datelines = [p for p, i in enumerate(order) if _DATELINE.search(self.blocks[i].text)]
        heads = self.headline_groups(order) if self.headlines else []
        if len(cards) >= 2 and not (self.sized and len(heads) >= 2):
            return self.parse_compilation(order, cards)
        if len(heads) >= 2 or (heads and not datelines):
            articles = self.parse_headlines(order, heads)
            self.attach_cards(order, heads, articles, cards)
            return articles
        if datelines:
            return self.parse_news(order, datelines)
        return self.parse_single(order)

    def headline_groups(self, order: list[int]) -> list[list[int]]:
        """Runs of headline blocks (level 1 marks: kicker, headline, subtitle) directly followed by body text, as positions in ``order``.

        Only in texts whose headings the reader or the shape marked
        (:attr:`headlines`): a PDF's headline sizes, or the short blocks of
        printed-line extractions set off after a finished paragraph.
        """
        groups: list[list[int]] = []
        run: list[int] = []
        for pos, i in enumerate(order):
            block = self.blocks[i]
            if block.marked and block.level == 1:
                run = [*run[-2:], pos]  # a headline group is at most kicker, headline, subtitle: earlier marks are labels
                continue
            if run and not block.marked and not block.caption:
                groups.append(self._with_neighbours(order, run))
            run = []
        return groups

    def _with_neighbours(self, order: list[int], run: list[int]) -> list[int]:
        """A headline group with the unmarked kicker above it and subtitle below it that a PDF reader
        leaves as plain blocks (smaller than the headline, larger than the body)."""
        if len(run) != 1:
            return run
        group = list(run)
        before, after = run[0] - 1, run[-1] + 1
        if before >= 0 and self._neighbour(order[before]):
            group.insert(0, before)
        if after + 1 < len(order) and self._neighbour(order[after]) and not self.heading_like(order[after + 1]):
            group.append(after)
        return group

    def _neighbour(self, i: int) -> bool:
        block = self.blocks[i]
        text = block.text
        return (
            not block.marked
            and not block.caption
            and self.role.get(i) is None
            and looks_like_heading(block, 30)
            and not re.search(r"[。！？!?]", text)
            and not _DATELINE.search(text)
        )

    def parse_headlines(self, order: list[int], heads: list[list[int]]) -> list[Article]:
        """Articles that each start at a headline group: (kicker,) headline (, subtitle)."""
        self.collection_intro(order[: heads[0][0]])
        self.collection.kind = "page" if len(heads) > 1 else "single"
        articles = []
        for n, group in enumerate(heads):
            end = heads[n + 1][0] if n + 1 < len(heads) else len(order)
            body = order[group[-1] + 1 : end]
            kicker, title, subtitle = self.pick_headline([order[p] for p in group])
            first = next((i for i in body if not self.blocks[i].marked), None)
            art = self.article(len(articles) + 1, title, body, line=self.blocks[order[group[0]]].line)
            art.kicker, art.subtitle = kicker, subtitle
            if first is not None and _DATELINE.search(self.blocks[first].text):
                art.reporters, art.correspondents = parse_reporters(self.blocks[first].text)
                art.authors = art.reporters + art.correspondents
                m = _DATELINE.search(self.blocks[first].text)
                if m and m.group("pub"):
                    art.publication = m.group("pub")
                    self.collection.publication = self.collection.publication or art.publication
            articles.append(art)
        return articles

    def attach_cards(self, order: list[int], heads: list[list[int]], articles: list[Article], cards: list[tuple[int, str, str]]) -> None:
        """Give each article the speaker of the name card printed inside it (a compilation whose titles the reader marked)."""
        starts = [order[group[0]] for group in heads]
        for index, name, affiliation in cards:
            n = sum(1 for s in starts if s < index) - 1
            if 0 <= n < len(articles) and not articles[n].speaker:
                articles[n].speaker, articles[n].affiliation = name, affiliation
        if cards:
            self.collection.kind = "compilation"

    def pick_headline(self, group: list[int]) -> tuple[str, str, str]:
        """(kicker, title, subtitle) of a headline group, from the order and length of its lines.

        Three lines are kicker, title, subtitle.  Of two, a second that starts
        with a dash, or a first that is longer than 8 characters, makes a title
        and subtitle; a short first line over a longer one is a kicker (引题).
        """
        texts = [fix_punctuation(self.blocks[i].text) for i in group]
        marked = [n for n, i in enumerate(group) if self.blocks[i].marked]
        if len(marked) == 1 and len(texts) > 1:
            # the reader marked the headline (a PDF's type size): what stands above is the kicker, below the subtitle
            m = marked[0]
            return " ".join(texts[:m]), texts[m], " ".join(texts[m + 1 :])
        if len(texts) == 1:
            return "", texts[0], ""
        if len(texts) >= 3:
            return texts[0], texts[1], " ".join(texts[2:])
        first, second = texts
        if second.startswith(("——", "—", "--")) or len(first) > 8 or len(first) >= len(second):
            return "", first, second
        return first, second, ""

    def parse_compilation(self, order: list[int], cards: list[tuple[int, str, str]]) -> list[Article]:
        """Speeches: each starts at the title nearest above its name card."""
        self.collection.kind = "compilation"
        # a short line naming a speaker inside the talks is a photo caption (梁宏远在论坛上发言)
        for i in order:
            block = self.blocks[i]
            if (
                self.headlines
                and not block.caption
                and looks_like_heading(block)
                and any(name in block.text and block.text != name for _i, name, _a in cards)
            ):
                block.caption, block.marked, block.level = True, False, 0
        starts: list[int] = []
        for index, _name, _aff in cards:
            pos = next(p for p, i in enumerate(order) if i > index) if index < order[-1] else len(order)
            title_pos = None
            for back in range(pos - 1, max(pos - 6, (starts[-1] if starts else -1)), -1):
                if self.heading_like(order[back]):
                    title_pos = back
                    break
            starts.append(title_pos if title_pos is not None else pos)
        self.collection_intro(order[: starts[0]])
        articles = []
        for n, (start, (_i, name, affiliation)) in enumerate(zip(starts, cards, strict=True)):
            end = starts[n + 1] if n + 1 < len(starts) else len(order)
            body = order[start:end]
            title = fix_punctuation(self.blocks[body[0]].text) if body and self.heading_like(body[0]) else f"{name}的发言"
            if body and self.heading_like(body[0]):
                body = body[1:]
            art = self.article(len(articles) + 1, title, body, line=self.blocks[order[start]].line)
            art.speaker, art.affiliation = name, affiliation
            articles.append(art)
        return articles

    def parse_news(self, order: list[int], datelines: list[int]) -> list[Article]:
        """Reports: each starts at its dateline, with the titles printed above it."""
        starts = []
        titles = []
        for pos in datelines:
            found = self.titles_before(order, pos)
            titles.append(found)
            starts.append(pos - len(found))
        self.collection_intro(order[: starts[0]])
        self.collection.kind = "page" if len(starts) > 1 else "single"
        articles = []
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(order)
            found = titles[n]
            body = order[start + len(found) : end]
            title, kicker = self.pick_title(found)
            art = self.article(len(articles) + 1, title, body, line=self.blocks[order[start]].line)
            art.kicker = kicker
            first = self.blocks[order[datelines[n]]].text
            art.reporters, art.correspondents = parse_reporters(first)
            art.authors = art.reporters + art.correspondents
            m = _DATELINE.search(first)
            if m and m.group("pub"):
                art.publication = m.group("pub")
                self.collection.publication = self.collection.publication or art.publication
            articles.append(art)
        return articles

    def pick_title(self, found: list[int]) -> tuple[str, str]:
        """(title, kicker): the marked heading wins, else the last line above the text."""
        if not found:
            return "", ""
        marked = [i for i in found if self.blocks[i].marked]
        main = marked[-1] if marked else found[-1]
        kicker = " ".join(fix_punctuation(self.blocks[i].text) for i in found if i != main)
        return fix_punctuation(self.blocks[main].text), kicker

    def parse_single(self, order: list[int]) -> list[Article]:
        """One article: title above the byline, or the first heading of the file."""
        bylines = [p for p, i in enumerate(order) if _BYLINE.match(self.blocks[i].text)]
        authors: list[str] = []
        subtitle = ""
        if bylines:
            pos = bylines[0]
            authors = split_names(_BYLINE.match(self.blocks[order[pos]].text)["names"])
            self.role[order[pos]] = "byline"
            found = self.titles_before(order, pos)
            title, kicker = self.pick_title(found)
            before = order[: pos - len(found)]
            after = order[pos + 1 :]
            if any(not self.heading_like(i) for i in before):
                # the title block was printed after the body: what follows the
                # byline are the section labels of the layout
                body = before + self.labels_after_body(before, after)
            else:
                self.collection_intro(before)
                body = after
            byline_text = self.blocks[order[pos]].text
        else:
            lead = next((p for p, i in enumerate(order[:4]) if self.heading_like(i)), None)
            if lead is None:
                title, kicker, body = "", "", order
            else:
                self.collection_intro(order[:lead])
                title, kicker = fix_punctuation(self.blocks[order[lead]].text), ""
                body = order[lead + 1 :]
                if body and self.blocks[body[0]].text.startswith("——"):
                    subtitle, body = self.blocks[body[0]].text, body[1:]
            byline_text = ""
        art = self.article(1, title, body, line=self.blocks[order[0]].line if order else 1)
        art.kicker, art.subtitle, art.authors = kicker, subtitle, authors
        art.byline = byline_text
        return [art]

    def labels_after_body(self, body: list[int], after: list[int]) -> list[int]:
        """Section labels printed after a displaced title block.

        Labels that repeat a heading of the body are layout repeats (kept on
        the source page); labels before the first repeat are the opening
        section heading, which the body lacks: they go to its top.
        """
        body_texts = {self.blocks[i].text for i in body}
        opening: list[int] = []
        rest: list[int] = []
        seen_repeat = False
        for i in after:
            if self.blocks[i].text in body_texts:
                seen_repeat = True
                self.role[i] = "debris"
                self.layout.append(Block(BlockKind.HEADING, self.blocks[i].text, self.blocks[i].line))
                self.repaired("重复的栏目标题移出正文", self.blocks[i])
            elif not seen_repeat and self.heading_like(i):
                opening.append(i)
            else:
                rest.append(i)
        if opening:
            self.repairs["错位的首个小标题移回文首"] += 1
            for i in opening:
                self.repaired("错位的首个小标题移回文首", self.blocks[i], counted=False)
            body[:0] = opening
        return rest

    def collection_intro(self, indices: list[int]) -> None:
        """Blocks before the first article: compilation title, subtitle, editor's note."""
        for i in indices:
            text = fix_punctuation(self.blocks[i].text)
            if not self.collection.title and self.heading_like(i):
                self.collection.title = text
            elif text.startswith("——") and not self.collection.subtitle:
                self.collection.subtitle = text
            else:
                kind = BlockKind.HEADING if self.heading_like(i) else BlockKind.PARAGRAPH
                self.collection.intro.append(Block(kind, text, self.blocks[i].line))
                if not self.collection.date and kind is BlockKind.PARAGRAPH:
                    self.collection.date = iso_date(text)

    # -- body repair -----------------------------------------------------
    def article(self, n: int, title: str, indices: list[int], line: int) -> Article:
        blocks = self.repair(indices)
        if not title:
            title = _fallback_title(blocks) or self.stem
            self.issues.append(Issue(self.seed, line, f"no title found; using {title!r}"))
        return Article(id=f"{self.stem}-{n}", seed=self.seed, title=title, blocks=blocks, line=line)

    def repair(self, indices: list[int]) -> list[Block]:
        """Rejoin cut paragraphs, move captions out of sentences, drop doubled paragraphs."""
        out: list[Block] = []
        pending: list[Block] = []  # captions waiting for the sentence they interrupt to end
        open_para: Block | None = None
        blocks = [self.blocks[i] for i in indices]

        def close() -> None:
            nonlocal open_para
            if open_para is not None:
                open_para.text = fix_punctuation(open_para.text)
                out.append(open_para)
                open_para = None
            if pending:
                out.extend(pending)
                pending.clear()

        for k, block in enumerate(blocks):
            text = block.text
            short = looks_like_heading(block) and not block.running
            # a caption is a label: one with a comma in it is a piece of a sentence
            caption = block.caption or (
                block.gap >= 2 and (short or is_person_name(text)) and not block.marked and not re.search(r"[，,；;]", text)
            )
            if open_para is not None:
                if caption:
                    pending.append(Block(BlockKind.CAPTION, fix_punctuation(text), block.line))
                    self.repaired("图片说明移出句中", block)
                    continue
                if not block.marked:
                    open_para.text = join_text(open_para.text, text)
                    self.repaired("跨页或跨栏断开的段落重新接合", block)
                    if ends_sentence(open_para.text):
                        close()
                    continue
                close()
            if caption:
                out.append(Block(BlockKind.CAPTION, fix_punctuation(text), block.line))
                continue
            nxt = blocks[k + 1].text if k + 1 < len(blocks) else ""
            if block.marked or (short and not is_fragment(text, nxt, self.segmenter.tag)):
                text = fix_punctuation(text)
                if out and out[-1].kind is BlockKind.HEADING and out[-1].line >= 0 and _adjacent(out[-1], block):
                    out[-1].text = f"{out[-1].text} {text}"
                else:
                    out.append(Block(BlockKind.HEADING, text, block.line))
                continue
            para = Block(BlockKind.PARAGRAPH, text, block.line)
            if ends_sentence(text):
                para.text = fix_punctuation(text)
                out.append(para)
            else:
                open_para = para
        close()
        # a paragraph printed twice in a row: keep one
        deduped: list[Block] = []
        raw = {b.line: b for b in blocks}
        for block in out:
            if deduped and block.kind is deduped[-1].kind and _norm(block.text) == _norm(deduped[-1].text):
                self.repaired("连续重复的段落保留一份", raw.get(block.line) or RawBlock([block.text], block.line, 0))
                self.issues.append(Issue(self.seed, block.line, "paragraph printed twice in a row; kept once"))
                continue
            deduped.append(block)
        # a trailing heading with nothing under it is a label, not a section
        return deduped


def _running_text(text: str) -> bool:
    """A block of running text (a sentence inside, or longer than any masthead line): the masthead is above it."""
    return len(text) > 40 or bool(re.search(r"[。！？!?]", text))


def _masthead_only(text: str) -> bool:
    """A line that can only be the masthead's: a bare printed date (``2025年3月30日 星期日``) or issue number (``第5期``).

    An extractor may set such a line of a masthead's right-hand column among the first column's lines.
    """
    compact = re.sub(r"\s+|星期[一二三四五六日天]", "", text)
    return len(compact) <= 20 and bool(_DATE.fullmatch(compact) or re.fullmatch(r"(?:总?第\d+期)+", compact))


def _adjacent(heading: Block, block: RawBlock) -> bool:
    """True when a heading block directly precedes ``block`` (two-line section labels)."""
    return 0 < block.line - heading.line <= 3


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _fallback_title(blocks: list[Block]) -> str:
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH:
            first = re.split(r"[。！？]", block.text)[0]
            return first[:30] + ("…" if len(first) > 30 else "")
    return ""


def parse_text(text: str, seed: str, segmenter: Segmenter, layout: list[Block] | None = None) -> ParsedFile:
    """Find the articles in the text of one ``.txt`` seed.

    Args:
        text: decoded text (``\\n`` line endings).
        seed: file name, used for ids and messages.
        segmenter: used to tell a sentence cut by a break from a heading
            (see :func:`~urbankb.ingest.layout.is_fragment`).
        layout: layout material a reader already took out of ``text`` (a PDF's
            running heads and captions found by position); listed on the source page with the rest.

    Returns:
        The articles (ids ``<stem>-1``, ``<stem>-2``…), the file's
        :class:`~urbankb.model.Collection` with its layout material, the
        warnings found, and counts of each kind of repair.
    """
    reshaped = reshape(text)
    state = _File(seed, reshaped.blocks if reshaped else split_blocks(text), segmenter)
    state.headlines = reshaped is not None or layout is not None
    state.sized = layout is not None
    state.layout.extend(layout or ())
    if reshaped:
        state.layout.extend(reshaped.layout)
        state.repairs["版面信息移出正文"] += len(reshaped.layout)
        state.spans.extend(("版面信息移出正文", b.line, b.line) for b in reshaped.layout)
    articles = state.parse()
    collection = state.collection
    collection.layout = sorted(state.layout, key=lambda b: b.line)
    collection.article_ids = [a.id for a in articles]
    collection.text = text
    collection.repair_spans = sorted(state.spans, key=lambda s: (s[1], s[2], s[0]))
    if not collection.title:
        if len(articles) == 1:
            collection.title = articles[0].title
        else:
            source = collection.publication or collection.id
            if collection.kind == "page":
                # a newspaper page is named as a page (its articles' 出处), not after one of its articles
                collection.title = " ".join(p for p in (source, collection.issue or collection.date) if p) + f" 版面（{len(articles)} 篇）"
            else:
                collection.title = f"{source}：{articles[0].title} 等 {len(articles)} 篇"
    for art in articles:
        art.collection = collection.id
        art.publication = art.publication or collection.publication
        art.issue = art.issue or collection.issue
        art.date = art.date or collection.date
    if not any(a.blocks for a in articles):
        kept = _everything(state.blocks)
        if kept:
            # nothing looked like an article: the whole text becomes one, so that nothing is lost
            state.issues.append(Issue(seed, kept[0].line, "no article found in the file's layout; all of its text is kept as one article"))
            art = Article(id=f"{state.stem}-1", seed=seed, title=collection.title or state.stem, blocks=kept, line=kept[0].line)
            art.collection, art.publication, art.issue, art.date = collection.id, collection.publication, collection.issue, collection.date
            articles = [art]
            collection.article_ids = [art.id]
            collection.intro = []
        else:
            state.issues.append(Issue(seed, 0, "no article text found", "error"))
    return ParsedFile(articles, collection, state.issues, state.repairs)


def _everything(blocks: list[RawBlock]) -> list[Block]:
    """Every block of a file as a paragraph, in file order (the fallback when no article is found)."""
    return [Block(BlockKind.PARAGRAPH, fix_punctuation(b.text), b.line) for b in blocks if b.text.strip()]
