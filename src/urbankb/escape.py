"""Plain text to Markdown that renders as exactly that text.

Seed text from ``.txt`` files is plain text: ``<script>``, ``[x](javascript:…)``,
``{{ … }}``, ``<!-- material/tags -->``, a leading ``#`` must all show as the
characters they are.  Python-Markdown treats a backslash before any of its
escapable characters as a literal (``markdown.Markdown.ESCAPED_CHARS``, plus
``|`` from the tables extension), and HTML entities for ``<`` ``>`` ``&``.
Every special character is escaped everywhere, so no context (line start,
inside emphasis, a list marker) can turn text into markup.
"""

from __future__ import annotations

import functools
import html
import re

import markdown
import nh3
from pypinyin import lazy_pinyin

#: Python-Markdown extensions a ``.md`` seed is rendered with (and read with, for analysis)
MARKDOWN_EXTENSIONS = ["tables", "fenced_code"]
_MD_ESCAPABLE = set("\\`*_{}[]()#+-.!|")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}
#: control characters: invisible, and STX/ETX are Python-Markdown's own placeholders
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
#: line breaks and ASCII blanks: a run becomes one space (other spaces, like U+3000, are kept)
_BREAKS = re.compile(r"[ \t\n\r\f\v\x85\u2028\u2029]+")
#: characters YAML does not accept raw, or reads as line breaks inside a quoted scalar
_YAML_UNSAFE = re.compile(r"[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def md_text(text: str) -> str:
    """Escape plain text for use inside a Markdown paragraph or heading.

    Newlines become spaces (a paragraph is one line).  The rendered HTML's
    visible text equals ``text`` with control characters removed, runs of
    ASCII blanks and line breaks collapsed to one space and whitespace at
    either end removed (property-tested in ``tests/test_escape.py``).

    >>> md_text("<b>*x*</b> {{ y }}")
    '&lt;b&gt;\\\\*x\\\\*&lt;/b&gt; \\\\{\\\\{ y \\\\}\\\\}'
    """
    return plain_text(text).translate(_MD_TABLE)


#: the characters :data:`_CONTROL` removes and :data:`_BREAKS` collapses, as sets (for character-by-character work)
CONTROL_CHARS = frozenset(chr(n) for n in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0)])
BREAK_CHARS = frozenset(" \t\n\r\f\v\x85\u2028\u2029")


def plain_text(text: str) -> str:
    """The visible text :func:`md_text` and :func:`html_text` keep: control characters removed,
    runs of ASCII blanks and line breaks collapsed to one space, the ends stripped."""
    return _BREAKS.sub(" ", _CONTROL.sub("", text)).strip()


def html_text(text: str) -> str:
    """Escape plain text for an HTML element's content: renders as :func:`plain_text` of ``text``.

    For generated HTML blocks, which Python-Markdown passes through untouched
    (so nothing in them is read as Markdown either).

    >>> html_text("<b>*x*</b>  {{ y }}")
    '&lt;b&gt;*x*&lt;/b&gt; {{ y }}'
    """
    return html.escape(plain_text(text), quote=False)


#: str.translate table of :func:`md_text`: HTML-significant characters to entities, Markdown ones backslashed
_MD_TABLE = {ord(c): "\\" + c for c in _MD_ESCAPABLE} | {ord(c): e for c, e in _ENTITIES.items()}


@functools.cache
def load_phrase_readings() -> int:
    """Teach pypinyin the phrase readings of CC-CEDICT (pypinyin-dict's ``phrase_pinyin_data.cc_cedict``,
    from the phrase-pinyin-data project) for the words its own phrase dictionary lacks, once per process.

    pypinyin reads a character outside a phrase it knows by its most common
    reading (长 as zhǎng); with the words of a larger dictionary the reading
    follows the word (长三角 chángsānjiǎo).  pypinyin's own entries are kept
    (CC-CEDICT lists some words under a rarer reading first), and
    ``pypinyin.load_phrases_dict`` is the documented way to add phrases.
    Returns the number of phrases added (0 when pypinyin-dict is not installed).
    """
    try:
        from pypinyin_dict.phrase_pinyin_data import cc_cedict
    except ImportError:  # pragma: no cover - a dependency; slugs then read character by character
        return 0
    from pypinyin import load_phrases_dict
    from pypinyin.constants import PHRASES_DICT

    extra = {word: readings for word, readings in cc_cedict.phrases_dict.items() if word not in PHRASES_DICT}
    load_phrases_dict(extra)
    return len(extra)


@functools.lru_cache(maxsize=65536)
def slugify(text: str, limit: int = 6, fallback: str = "article") -> str:
    """ASCII slug: pinyin of the first ``limit`` syllables (pypinyin) and any Latin words.

    Memoised: a long-running preview, and every page linking a term, asks
    for the same names again.

    Only ``[a-z0-9-]`` reaches the file system, so no path separator or
    ``..`` from a title ever does.

    Polyphones are read by the word they are in: pypinyin's own phrase
    dictionary first, then CC-CEDICT's (:func:`load_phrase_readings`), so
    长三角 is ``chang-san-jiao``, not the character-by-character ``zhang-san-jiao``.

    >>> slugify("上海空间发展战略的思考")
    'shang-hai-kong-jian-fa-zhan'
    >>> slugify("长三角区域")
    'chang-san-jiao-qu-yu'
    """
    load_phrase_readings()
    words: list[str] = []
    for part in lazy_pinyin(text):
        words.extend(w.lower() for w in re.findall(r"[A-Za-z0-9]+", part))
        if len(words) >= limit:
            break
    return "-".join(words[:limit]) or fallback


def markdown_html(text: str) -> str:
    """HTML of Markdown ``text`` (Python-Markdown, :data:`MARKDOWN_EXTENSIONS`, HTML output).

    One converter serves every call, reset in between (``Markdown.reset``):
    building a converter costs more than converting a paragraph.  Not
    thread-safe; urbankb renders in one thread.
    """
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return _CONVERTER.reset().convert(text)


_CONVERTER: markdown.Markdown | None = None


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar that reads back as ``text``.

    A JSON string is a valid YAML double-quoted scalar, except that YAML
    refuses some characters raw (DEL, C1 controls, U+FEFF, U+FFFE/FFFF) and
    folds U+0085/U+2028/U+2029 as line breaks: those are written as
    ``\\uXXXX`` escapes.

    >>> yaml_str('a "b"\\u2028')
    '"a \\\\"b\\\\"\\\\u2028"'
    """
    import json

    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


#: HTML a ``.md`` seed may keep (everything else is removed by nh3/ammonia)
SAFE_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
SAFE_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "td": {"align"}, "th": {"align"}}
SAFE_URL_SCHEMES = {"http", "https", "mailto"}


#: characters that may start inline Markdown or HTML, tabs (expanded to spaces) and control characters
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]!<>&|~\t\x00-\x08\x0b-\x1f\x7f]")
#: line starts that make a block something other than a paragraph (heading, rule, list, quote)
_BLOCK_SYNTAX = re.compile(r"[#=+\-]|\d+\.[ ]")


def is_plain_markdown(text: str) -> bool:
    """True when Markdown ``text`` is a paragraph of plain text: no inline syntax, no
    line that is empty, indented, padded or starts like a heading, rule or list item."""
    if not text or _INLINE_SYNTAX.search(text):
        return False
    return all(line and line == line.strip() and not _BLOCK_SYNTAX.match(line) for line in text.split("\n"))


def plain_paragraphs(text: str) -> list[str] | None:
    """The paragraphs of Markdown ``text`` when every block is a plain paragraph
    (:func:`is_plain_markdown`), else None.  Blocks are separated by empty lines (a
    line of blanks may be code to Python-Markdown: such text is not plain)."""
    blocks, lines = [], []
    for line in text.split("\n"):
        if line:
            lines.append(line)
        elif lines:
            blocks.append("\n".join(lines))
            lines = []
    if lines:
        blocks.append("\n".join(lines))
    return blocks if blocks and all(map(is_plain_markdown, blocks)) else None


def sanitize_markdown(text: str) -> str:
    """Render Markdown from a ``.md`` seed to HTML that cannot run anything.

    Python-Markdown renders it (text that is only plain paragraphs,
    :func:`plain_paragraphs`, needs no converter); nh3 (the Rust ammonia sanitiser) then keeps
    only :data:`SAFE_TAGS`/:data:`SAFE_ATTRIBUTES`, URLs with
    :data:`SAFE_URL_SCHEMES` or relative ones, and drops comments (so no
    ``<!-- material/tags -->`` directive survives).  Braces are turned into
    entities so template syntax shows literally.
    """
    paragraphs = plain_paragraphs(text)
    if paragraphs is not None:
        # what Python-Markdown makes of plain paragraphs, as nh3 writes it back (a test checks both)
        html = "\n".join(f"<p>{p}</p>" for p in paragraphs).replace("\xa0", "&nbsp;")
        return html.replace("{", "&#123;").replace("}", "&#125;")
    return clean_html(markdown_html(text)).replace("{", "&#123;").replace("}", "&#125;")


def clean_html(html: str) -> str:
    """``html`` with only :data:`SAFE_TAGS`, :data:`SAFE_ATTRIBUTES` and safe or relative URLs left,
    comments dropped, links ``rel="noopener noreferrer"`` (nh3, the Rust ammonia sanitiser)."""
    return nh3.clean(
        html,
        tags=SAFE_TAGS,
        attributes=SAFE_ATTRIBUTES,
        url_schemes=SAFE_URL_SCHEMES,
        strip_comments=True,
        link_rel="noopener noreferrer",
    )
