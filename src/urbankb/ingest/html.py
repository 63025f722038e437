"""Web pages saved from a browser (``.html``, ``.htm``): one article per page.

The main text and the metadata come from trafilatura (Barbaresi 2021,
*Trafilatura: A Web Scraping Library and Command-Line Tool for Text
Discovery and Extraction*, ACL demo; https://trafilatura.readthedocs.io),
asked for its XML-like body (``bare_extraction`` with ``output_format="python"``:
``<head>``, ``<p>``, ``<list>``, ``<table>``, ``<graphic>`` elements) so that
headings and figures keep their place.  Navigation, comments, share
buttons, related-article lists and footers are trafilatura's to leave out.

Two things are done to the page before trafilatura sees it, both read off
the page's own structure:

* a ``<section>`` or ``<div>`` holding only inline content is a paragraph
  (as a browser lays it out): WeChat (公众号) editors write paragraphs as
  ``<section><span>…</span></section>``, which trafilatura would otherwise
  merge or drop; a ``<figcaption>`` becomes a paragraph after its image;
* a page with no ``<article>`` element gets one: the deepest element that
  holds most of the page's paragraph text (:data:`MAIN_SHARE`), the way
  Readability scores paragraph parents.  Without it trafilatura finds no
  main container on a WeChat page and falls back to extractors that drop
  headings and the first paragraphs.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from lxml.html import HtmlElement

from ..model import Article, Block, BlockKind, Collection
from . import Reader, register
from .decode import SeedError, decode_bytes
from .layout import debris_kind, is_person_name
from .structure import ParsedFile, Segmenter, split_names

#: the element chosen as the article holds at least this share of the page's paragraph text
MAIN_SHARE = 0.8
#: a paragraph right after an image, at most this long and not ending a sentence, is its caption
CAPTION_CHARS = 60
#: the page's own encoding declaration is looked for in its first bytes (the WHATWG prescan reads 1,024)
PRESCAN_BYTES = 1024

#: HTML elements that lay out as blocks: a ``<section>``/``<div>`` with none of them inside is a paragraph
_BLOCK_TAGS = frozenset(
    "address article aside blockquote dd details dialog div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section table tbody td tfoot th thead tr ul".split()
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
#: labels of the Encoding Standard that name GBK (decoded with the GB18030 codec, its superset)
_GBK_LABELS = frozenset({"gb2312", "gbk", "x-gbk", "gb_2312-80", "chinese", "csgb2312", "csiso58gb231280", "iso-ir-58", "gb18030"})
_SENTENCE_END = "。！？!?…"
_LABEL_PREFIX = re.compile(r"^[^\s:：]{1,4}[:：]\s*")
_DATE_TEXT = re.compile(r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})")


@register
class HtmlReader(Reader):
    """A saved web page (see :func:`read_html`)."""

    extensions = (".html", ".htm")

    def read(self, path: Path, data: bytes, segmenter: Segmenter) -> ParsedFile:
        return read_html(path, data)


def read_html(path: Path, data: bytes) -> ParsedFile:
    """Read one saved web page into one article.

    Args:
        path: the file's path (its name and stem are used; never opened).
        data: the page's bytes, in any encoding (see :func:`decode_page`).

    Returns:
        One :class:`Article` with title, date (ISO), authors, ``url`` (the
        page's ``<link rel=canonical>`` or ``og:url``) and ``publication``
        (the WeChat account name, else ``og:site_name``, else the name after
        the title in ``<title>``); its blocks are the main text's paragraphs,
        headings (``<h2>``…) and figure captions.  ``Block.line`` is the
        1-based line of the page source where the block's text is found
        (that of the block before when markup splits the text).  Lines of
        page metadata above the text (date and source) go to the
        collection's ``layout``.

    Raises:
        SeedError: the file is empty, binary or undecodable, not HTML, or
            trafilatura finds no article text in it.
    """
    import trafilatura  # imported when a web page is read: builds without one do not load it
    from trafilatura.utils import load_html

    seed = path.name
    text, encoding = decode_page(data, seed)
    tree = load_html(_XML_DECLARATION.sub("", text, count=1))
    if tree is None:
        raise SeedError(seed, "the file is not an HTML page")
    account = _wechat_account(tree)
    prepare_tree(tree)
    doc = trafilatura.bare_extraction(
        tree,
        output_format="python",
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=True,
        favor_recall=True,
    )
    if doc is None or doc.body is None:
        raise SeedError(seed, "no article text found in the web page")
    title = " ".join((doc.title or "").split())
    date = doc.date or ""
    blocks, layout = body_blocks(doc.body, title, date)
    if not blocks:
        raise SeedError(seed, "no article text found in the web page")
    _number_lines(blocks + layout, text)
    stem = path.stem
    publication = account or _site_name(doc, text, title)
    art = Article(id=f"{stem}-1", seed=seed, title=title or stem, blocks=blocks, line=blocks[0].line or 1)
    art.date = date
    art.authors = [a for a in split_authors(doc.author or "") if a != publication]
    art.url = doc.url if re.match(r"^https?://", doc.url or "") else ""
    art.publication = publication
    art.collection = stem
    collection = Collection(id=stem, seed=seed, title=art.title, article_ids=[art.id], publication=publication, date=date, layout=layout)
    return ParsedFile([art], collection, [], Counter(), encoding)


def decode_page(data: bytes, seed: str) -> tuple[str, str]:
    """The page's text and the encoding it was read in.

    A byte-order mark or strict UTF-8 first (:func:`~urbankb.ingest.decode.decode_bytes`),
    then the charset the page declares in a ``<meta>`` in its first
    :data:`PRESCAN_BYTES` bytes (GB2312 and GBK labels read as GB18030, as
    the WHATWG Encoding Standard maps them to GBK), then the guess of
    ``decode_bytes`` (charset_normalizer).

    Raises:
        SeedError: as :func:`~urbankb.ingest.decode.decode_bytes` (empty, binary, undecodable).
    """
    declared = _META_CHARSET.search(data[:PRESCAN_BYTES])
    codec = declared.group(1).decode("ascii").lower() if declared else ""
    codec = "gb18030" if codec in _GBK_LABELS else codec
    if codec and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            name = codecs.lookup(codec).name
            if name != "utf-8":
                text = data.decode(name)
                decode_bytes(text.encode("utf-8"), seed)  # the same checks: not empty, not binary
                return text.replace("\r\n", "\n").replace("\r", "\n"), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: guessed below
    decoded = decode_bytes(data, seed)
    return decoded.text, decoded.encoding


def prepare_tree(tree: HtmlElement) -> None:
    """Make paragraphs and the main container explicit for trafilatura (see the module's notes).

    Changes ``tree`` in place: inline-only ``<section>``/``<div>`` elements and
    ``<figcaption>`` become ``<p>``; when there is no ``<article>``, the deepest
    element holding :data:`MAIN_SHARE` of the paragraph text becomes one.
    """
    for el in tree.iter("section", "div"):
        if "".join(el.itertext()).strip() and not any(isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in el.iterdescendants()):
            el.tag = "p"
    for el in tree.iter("figcaption"):
        el.tag = "p"
    if tree.find(".//article") is not None:
        return
    held: Counter = Counter()
    total = 0
    for p in tree.iter("p"):
        size = len("".join("".join(p.itertext()).split()))
        total += size
        for holder in (p, *p.iterancestors()):
            held[holder] += size
    candidates = [el for el, size in held.items() if size >= MAIN_SHARE * total and el.tag not in ("body", "html")]
    if not total or not candidates:
        return
    main = max(candidates, key=lambda el: sum(1 for _ in el.iterancestors()))
    if main.tag == "p":  # one paragraph holds the text (``text<br><br>text``): an article around it
        article = etree.Element("article")
        main.addprevious(article)
        article.append(main)  # moves it, with its tail
    else:
        main.tag = "article"


def body_blocks(body: etree._Element, title: str, date: str) -> tuple[list[Block], list[Block]]:
    """Blocks of trafilatura's body element, and the page-metadata lines left out of them.

    ``<head>`` is a heading (the one repeating the title is left out), ``<p>``
    a paragraph (``<lb/>`` a line break), each ``<item>`` of a ``<list>`` and
    each ``<row>`` of a ``<table>`` (cells joined by a space) a paragraph.  A
    paragraph right after an image, short (:data:`CAPTION_CHARS`) and not
    ending a sentence, is a caption.  A short line before the first
    paragraph holding the article's date is page metadata (``2025-10-28 07:45
    来源：…``) and is returned apart, as are short paragraphs of layout debris
    (:func:`~urbankb.ingest.layout.debris_kind`: editor lines, QR prompts).  Lines are set later (0 here).
    """
    blocks: list[Block] = []
    layout: list[Block] = []
    after_image = False
    for el in body:
        if el.tag == "graphic" or (el.tag == "p" and el.find(".//graphic") is not None and not _text(el)):
            after_image = True
            continue
        for kind, text in _element_blocks(el):
            if not text:
                continue
            if kind is BlockKind.HEADING and _squash(text) == _squash(title):
                continue
            if kind is BlockKind.PARAGRAPH and after_image and len(text) <= CAPTION_CHARS and text[-1] not in _SENTENCE_END:
                kind = BlockKind.CAPTION
            elif kind is BlockKind.PARAGRAPH and not any(b.kind is BlockKind.PARAGRAPH for b in blocks) and _is_meta_line(text, date):
                layout.append(Block(BlockKind.PARAGRAPH, text))
                continue
            elif kind is BlockKind.PARAGRAPH and len(text) <= 80 and debris_kind(text) is not None:
                # the page's own furniture trafilatura keeps: 责任编辑：…, 扫码关注…, 来源：…
                layout.append(Block(BlockKind.PARAGRAPH, text))
                continue
            blocks.append(Block(kind, text))
        after_image = False
    return blocks, layout


def split_authors(text: str) -> list[str]:
    """trafilatura's author string (``"A; B"``) as names, a leading label (``作者：``) removed.

    >>> split_authors("作者：朱凌君 巩持平; Jane Doe")
    ['朱凌君', '巩持平', 'Jane Doe']
    """
    names: list[str] = []
    for part in text.split(";"):
        part = _LABEL_PREFIX.sub("", part.strip()).strip()
        pieces = split_names(part)
        names.extend(pieces if pieces and all(is_person_name(p) for p in pieces) else [part] if part else [])
    return list(dict.fromkeys(names))


def _element_blocks(el: etree._Element) -> list[tuple[BlockKind, str]]:
    if el.tag == "head":
        return [(BlockKind.HEADING, _text(el))]
    if el.tag == "list":
        return [(BlockKind.PARAGRAPH, _text(item)) for item in el.iter("item")]
    if el.tag == "table":
        return [(BlockKind.PARAGRAPH, " ".join(t for t in (_text(c) for c in row.iter("cell")) if t)) for row in el.iter("row")]
    if el.tag == "quote" and el.find("p") is not None:
        return [(BlockKind.PARAGRAPH, text) for p in el.iter("p") for text in split_at_sentence_breaks(_text(p))]
    return [(BlockKind.PARAGRAPH, text) for text in split_at_sentence_breaks(_text(el))]


def split_at_sentence_breaks(text: str) -> list[str]:
    """A paragraph cut at each line break that follows the end of a sentence (pages that write
    ``text<br><br>text`` instead of paragraphs); other line breaks are kept.

    >>> split_at_sentence_breaks("第一段。\\n第二段：\\n续行。")
    ['第一段。', '第二段：\\n续行。']
    """
    return [part for part in re.split(r"(?<=[。！？!?…][”’」』）)])\n|(?<=[。！？!?…])\n", text) if part]


def _text(el: etree._Element) -> str:
    """The element's text, ``<lb/>`` as a line break, each line's spaces trimmed and runs of spaces made one."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append("\n" if node.tag == "lb" else node.text or "")
        for child in node:
            walk(child)
            parts.append(child.tail or "")

    walk(el)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _squash(text: str) -> str:
    return "".join(text.split())


def _is_meta_line(text: str, date: str) -> bool:
    """A short line without a sentence that holds the article's date: a dateline of the page layout."""
    m = _DATE_TEXT.search(text)
    if not date or not m or len(text) > 80 or any(c in text for c in "。！？"):
        return False
    return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}" == date


def _number_lines(blocks: list[Block], source: str) -> None:
    """Set each block's line: where its first characters occur in ``source``, searched onwards in order."""
    at = 0
    line = 1
    for block in blocks:
        probe = block.text.split("\n")[0][:12]
        found = source.find(probe, at) if probe else -1
        if found < 0:
            found = source.find(probe) if probe else -1
        if found >= 0:
            line = source.count("\n", 0, found) + 1
            at = max(at, found)
        block.line = line


def _wechat_account(tree: HtmlElement) -> str:
    """The WeChat (公众号) account name: the text of WeChat's ``#js_name`` element, ``""`` elsewhere."""
    found = tree.xpath('//*[@id="js_name"]')
    return " ".join("".join(found[0].itertext()).split()) if found else ""


def _site_name(doc, source: str, title: str) -> str:
    """trafilatura's site name (``og:site_name`` …), unless it is only the host name; then the
    part after the title in ``<title>`` (``标题 - 网站``, ``标题_频道_网站``), if any."""
    name = (doc.sitename or "").strip()
    if name and name != (doc.hostname or "") and not re.fullmatch(r"[\w.-]+\.[a-z]{2,}", name):
        return name
    m = re.search(r"<title[^>]*>(.*?)</title>", source, re.IGNORECASE | re.DOTALL)
    page_title = " ".join(m.group(1).split()) if m else ""
    if title and page_title.startswith(title) and len(page_title) > len(title):
        rest = re.split(r"\s*[-_|｜—]+\s*", page_title[len(title) :].strip(" -_|｜—"))
        return rest[-1] if rest and rest[-1] else ""
    return ""
