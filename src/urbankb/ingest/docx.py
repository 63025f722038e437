"""Word documents (``.docx``): paragraphs, headings by style, one or several articles.

Read with python-docx (https://python-docx.readthedocs.io): the body is
walked in document order, tables included (each cell's paragraphs, so no
text is lost), and each paragraph's role is read off its style, never off
its wording:

* title: the ``Title`` style (Chinese Word and WPS also write ``标题``);
* heading level *n*: the style ``Heading n`` / ``标题 n``, or an outline
  level (``w:outlineLvl``, 0-based) on the paragraph or on its style or the
  styles it is based on;
* caption: the ``Caption`` style (``题注``); subtitle: ``Subtitle`` (``副标题``).

``Block.line`` is the paragraph's 1-based index in the document: every
paragraph counts, empty ones and those inside table cells included, in
reading order.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph

from ..model import Article, Block, BlockKind, Collection
from . import Reader, register
from .decode import MAX_DOCUMENT_BYTES, SeedError
from .layout import is_person_name, looks_like_affiliation
from .structure import ParsedFile, Segmenter, split_names

#: a first paragraph at most this long and not ending a sentence can be the title of an unstyled document
TITLE_CHARS = 40
#: a speaker's name card under a talk's heading is at most this long
CARD_CHARS = 80

_HEADING_NAME = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)
_TITLE_NAMES = frozenset({"title", "标题"})
_CAPTION_NAMES = frozenset({"caption", "题注"})
_SUBTITLE_NAMES = frozenset({"subtitle", "副标题"})
#: an enumerated heading (一、 （一） 1. 第二章 …) labels a section of one article, not a new article
_ENUMERATED = re.compile(r"^(?:[（(]?[一二三四五六七八九十百零〇\d]{1,4}[）)、.．]|第[一二三四五六七八九十百零〇\d]{1,4}[章节部篇])")
_SENTENCE_END = "。！？!?…"
_LABEL = re.compile(r"^[^\s:：]{1,5}[:：]\s*")


@dataclass
class _Para:
    """One non-empty paragraph: its 1-based index in the document, its text, and its role."""

    index: int
    text: str
    role: str  # "title", "heading", "caption", "subtitle" or "body"
    level: int = 0  # heading level (1-9); 0 for a title


@register
class DocxReader(Reader):
    """A Word document (see :func:`read_docx`)."""

    extensions = (".docx",)
    max_bytes = MAX_DOCUMENT_BYTES  # photos make documents large; the text is read page by page

    def read(self, path: Path, data: bytes, segmenter: Segmenter) -> ParsedFile:
        return read_docx(path, data)


def read_docx(path: Path, data: bytes) -> ParsedFile:
    """Read a ``.docx`` file into one article, or several for a compilation.

    The document's ``Title`` paragraphs, or else its ``Heading 1``
    paragraphs, start articles when at least two of them are each followed
    by body text (enumerated headings such as ``一、…`` are sections, never
    articles); ``Heading 1`` under a ``Title`` makes the title the
    collection's and the text between them its introduction.  Otherwise the
    document is one article, titled by its ``Title``, its first ``Heading 1``,
    ``core_properties.title``, its first short paragraph, or the file stem, in
    that order.  Deeper headings are ``HEADING`` blocks, captions ``CAPTION``
    blocks.  Under each heading of a compilation, a first short line that is
    a name card (a person's name and an affiliation) gives the speaker.

    The date is ``core_properties.created`` (else ``.modified``) as an ISO
    date, in UTC as Word stores it; ``core_properties.author`` is the author
    of a single article (of a compilation, it is the compiler, not the
    speakers, and is not used).

    Raises:
        SeedError: the file is not a readable ``.docx`` (python-docx's reason), or holds no text.
    """
    import docx  # imported when a Word file is read: python-docx is not loaded by builds without one
    from docx.opc.exceptions import PackageNotFoundError

    seed = path.name
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise SeedError(seed, f"not a readable Word document (.docx): {exc}") from None
    paras = document_paragraphs(document)
    if not paras:
        raise SeedError(seed, "the Word document holds no text")
    props = document.core_properties
    stamp = props.created or props.modified
    date = stamp.date().isoformat() if stamp else ""
    stem = path.stem
    starts, head = article_starts(paras)
    collection = Collection(id=stem, seed=seed, title="", date=date)
    articles: list[Article] = []
    if starts:
        collection.kind = "compilation"
        title_para = next((p for p in paras[:head] if p.role == "title"), None)
        collection.title = title_para.text if title_para else (props.title or "").strip() or stem
        collection.intro = [_block(p) for p in paras[:head] if p is not title_para]
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(paras)
            art = _article(f"{stem}-{n + 1}", seed, paras[start].text, paras[start + 1 : end], paras[start].index)
            _take_card(art)
            articles.append(art)
    else:
        title, body = single_title(paras, (props.title or "").strip(), stem)
        art = _article(f"{stem}-1", seed, title, body, paras[0].index)
        art.authors = split_names(props.author) if props.author and props.author.strip() else []
        articles.append(art)
        collection.title = title
    for art in articles:
        art.date, art.collection = date, stem
    collection.article_ids = [a.id for a in articles]
    if not any(a.blocks for a in articles):
        raise SeedError(seed, "the Word document holds headings but no body text")
    return ParsedFile(articles, collection, [], Counter(), "")


def document_paragraphs(document) -> list[_Para]:
    """The non-empty paragraphs of ``document`` in reading order, table cells included, with their roles."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[_Para] = []
    count = 0

    def visit(items) -> None:
        nonlocal count
        for item in items:
            if isinstance(item, Paragraph):
                count += 1
                text = paragraph_text(item.text)
                if text:
                    role, level = paragraph_role(item)
                    out.append(_Para(count, text, role, level))
            elif isinstance(item, Table):
                seen: set = set()  # the cell elements themselves (kept alive, so never confused)
                for row in item.rows:
                    for cell in row.cells:
                        if cell._tc in seen:  # a merged cell is repeated in each grid position it covers
                            continue
                        seen.add(cell._tc)
                        visit(cell.iter_inner_content())

    visit(document.iter_inner_content())
    return out


def paragraph_text(text: str) -> str:
    """A paragraph's text as written, each line (``w:br``) trimmed of spaces and ``\\u3000``
    indents, runs of spaces inside made one space; empty lines dropped.

    >>> paragraph_text("\\u3000\\u3000城市更新　 行动\\n  ")
    '城市更新 行动'
    """
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def paragraph_role(paragraph: Paragraph) -> tuple[str, int]:
    """``(role, heading level)`` of a paragraph from its own outline level or its style chain (see the module notes)."""
    own = paragraph._p.xpath("./w:pPr/w:outlineLvl/@w:val")
    if own and own[0].isdigit() and int(own[0]) < 9:
        return "heading", int(own[0]) + 1
    style = paragraph.style
    depth = 0
    while style is not None and depth < 20:
        name = " ".join((style.name or "").split()).lower()
        if name in _TITLE_NAMES:
            return "title", 0
        if m := _HEADING_NAME.fullmatch(name):
            return "heading", max(1, int(m.group(1)))
        if name in _CAPTION_NAMES:
            return "caption", 0
        if name in _SUBTITLE_NAMES:
            return "subtitle", 0
        level = style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
        if level and level[0].isdigit():
            return ("heading", int(level[0]) + 1) if int(level[0]) < 9 else ("body", 0)
        style, depth = style.base_style, depth + 1
    return "body", 0


def article_starts(paras: list[_Para]) -> tuple[list[int], int]:
    """Where articles start (positions in ``paras``), and where the first one starts; ``[]`` for one article.

    Titles split first, else level-1 headings; each must be followed by body
    text before the next, at least two must be, and enumerated headings do not count.
    """
    for is_top in (lambda p: p.role == "title", lambda p: p.role == "heading" and p.level == 1):
        tops = [i for i, p in enumerate(paras) if is_top(p)]
        if len(tops) < 2 or any(_ENUMERATED.match(paras[i].text) for i in tops):
            continue
        bounded = tops + [len(paras)]
        with_body = [any(p.role == "body" for p in paras[s + 1 : e]) for s, e in zip(bounded, bounded[1:], strict=False)]
        if sum(with_body) >= 2:
            return tops, tops[0]
    return [], 0


def single_title(paras: list[_Para], core_title: str, stem: str) -> tuple[str, list[_Para]]:
    """The title of a one-article document and its body (the title paragraph taken out)."""
    for is_title in (lambda p: p.role == "title", lambda p: p.role == "heading" and p.level == 1):
        found = next((p for p in paras if is_title(p)), None)
        if found is not None:
            return found.text, [p for p in paras if p is not found]
    first = paras[0]
    if core_title:
        return core_title, paras[1:] if first.text == core_title else paras
    if len(paras) > 1 and first.role == "body" and len(first.text) <= TITLE_CHARS and first.text[-1] not in _SENTENCE_END:
        return first.text, paras[1:]
    return stem, paras


def parse_card(text: str) -> tuple[str, str] | None:
    """``(name, affiliation)`` of a speaker's name card line, or None.

    >>> parse_card("主讲人：李晓江 中国城市规划设计研究院原院长")
    ('李晓江', '中国城市规划设计研究院原院长')
    """
    if len(text) > CARD_CHARS or "\n" in text or text[-1] in _SENTENCE_END:
        return None
    text = _LABEL.sub("", text)
    m = re.match(r"^(\S+?)[\s，,（(]+(.+?)[）)]?$", text)
    if not m or not is_person_name(m.group(1)) or not looks_like_affiliation(m.group(2)):
        return None
    return m.group(1), m.group(2)


def _article(art_id: str, seed: str, title: str, body: list[_Para], line: int) -> Article:
    art = Article(id=art_id, seed=seed, title=title, blocks=[], line=line)
    if body and body[0].role == "subtitle":
        art.subtitle, body = body[0].text, body[1:]
    art.blocks = [_block(p) for p in body]
    return art


def _block(p: _Para) -> Block:
    kind = {"heading": BlockKind.HEADING, "title": BlockKind.HEADING, "caption": BlockKind.CAPTION}.get(p.role, BlockKind.PARAGRAPH)
    return Block(kind, p.text, p.index)


def _take_card(art: Article) -> None:
    """The speaker's name card under a talk's title: to ``speaker`` and ``affiliation``, out of the body."""
    if art.blocks and art.blocks[0].kind is BlockKind.PARAGRAPH and (card := parse_card(art.blocks[0].text)):
        art.speaker, art.affiliation = card
        art.blocks.pop(0)
