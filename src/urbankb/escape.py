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
import os
import re
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from itertools import accumulate
from pathlib import Path

import markdown
import nh3

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


#: every phrase a slug is cut into, with its toneless readings where they are not its characters' own (``scripts/build_readings.py``)
PHRASE_READINGS = Path(__file__).parent / "data" / "phrase_readings.tsv"


@functools.cache
def _pinyin() -> Callable[[str], list[str]]:
    """pypinyin's ``lazy_pinyin``, imported without pypinyin's own phrase dictionary.

    ``PYPINYIN_NO_PHRASES`` (pypinyin's documented switch, its FAQ) is set for the import only, so
    pypinyin does not load the 47,000 phrases (about 55 MiB) that :data:`PHRASE_READINGS` stands in
    for; the environment is restored after.  Characters are then read one by one, each by its most
    common reading; the phrases are :func:`phrase_readings`' work.
    """
    previous = os.environ.get("PYPINYIN_NO_PHRASES")
    os.environ["PYPINYIN_NO_PHRASES"] = "1"
    try:
        from pypinyin import lazy_pinyin
    finally:
        if previous is None:
            del os.environ["PYPINYIN_NO_PHRASES"]
        else:
            os.environ["PYPINYIN_NO_PHRASES"] = previous
    return lazy_pinyin


class SortedWords(Sequence[str]):
    """Words sorted by code point, held as one string and their offsets (a list of 132,000 short ``str``
    objects takes about 10 MiB; this, 2 MiB): a sequence ``bisect`` searches like a sorted list.

    Args:
        words: the words, sorted, none holding a newline.
    """

    def __init__(self, words: list[str]):
        self._text = "\n".join(words)
        self._starts = array("I", accumulate((len(w) + 1 for w in words), initial=0))

    def __len__(self) -> int:
        return len(self._starts) - 1

    def __getitem__(self, i):  # an int (what bisect asks); slices are not needed
        if i < 0:
            i += len(self)
        return self._text[self._starts[i] : self._starts[i + 1] - 1]


@functools.cache
def phrase_readings() -> tuple[SortedWords, dict[str, list[str]]]:
    """The phrases of :data:`PHRASE_READINGS`, sorted by code point, and the toneless readings (one per
    character) of those that read otherwise than character by character.

    The file holds the 132,097 phrases of pypinyin's dictionary and of CC-CEDICT's (pypinyin-dict) that
    pypinyin lacks; 5,412 read otherwise than their characters once the tones are dropped (长三角
    chang-san-jiao).  The rest are kept for the cut (:func:`_phrases`): 项目 takes the 目 that would
    otherwise start 目的 (mu-di) in 项目的.  About 3 MiB loaded, where pypinyin's and CC-CEDICT's
    dictionaries take 120 MiB.
    """
    phrases: list[str] = []
    readings: dict[str, list[str]] = {}
    for line in PHRASE_READINGS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            phrase, _tab, reading = line.partition("\t")
            phrases.append(phrase)
            if reading:
                readings[phrase] = reading.split(" ")
    return SortedWords(phrases), readings


def _phrases(run: str, phrases: Sequence[str]) -> Iterator[str]:
    """A run of Han characters cut into the phrases of ``phrases`` (sorted) and single characters.

    pypinyin's own cut (``pypinyin.seg.mmseg.Seg.cut`` with ``no_non_phrases=True``, the one
    ``lazy_pinyin`` uses): forward maximum matching, growing a match while it is a prefix of some
    phrase and yielding the longest phrase met; with none, the first character; a rest of the run that
    is all a prefix with no phrase in it comes out character by character.
    """
    rest = run
    while rest:
        longest = 0
        for end in range(1, len(rest) + 1):
            word = rest[:end]
            i = bisect_left(phrases, word)
            if i == len(phrases) or not phrases[i].startswith(word):  # no phrase starts so
                break
            if phrases[i] == word:
                longest = end
        else:
            if not longest:  # the whole rest is a prefix and holds no phrase
                yield from rest
                return
        if longest:
            yield rest[:longest]
            rest = rest[longest:]
        else:
            yield rest[0]
            rest = rest[1:]


def pinyin_parts(text: str) -> list[str]:
    """``text`` as pypinyin's ``lazy_pinyin`` gives it with its own and CC-CEDICT's phrases loaded: the toneless
    reading of each Han character (by the phrase it stands in), other runs of characters as they are.

    The phrases and their readings are :func:`phrase_readings`'; the runs and single readings are pypinyin's (``pypinyin.seg.simpleseg.simple_seg``, ``lazy_pinyin``).
    """
    lazy_pinyin = _pinyin()
    from pypinyin.constants import RE_HANS
    from pypinyin.seg.simpleseg import simple_seg

    phrases, readings = phrase_readings()
    parts: list[str] = []
    for run in simple_seg(text):
        if not RE_HANS.match(run):
            parts.append(run)
            continue
        for phrase in _phrases(run, phrases):
            parts.extend(readings[phrase] if phrase in readings else (lazy_pinyin(ch)[0] for ch in phrase))
    return parts


@functools.lru_cache(maxsize=65536)
def slugify(text: str, limit: int = 6, fallback: str = "article") -> str:
    """ASCII slug: pinyin of the first ``limit`` syllables (:func:`pinyin_parts`) and any Latin words.

    Memoised: a long-running preview, and every page linking a term, asks
    for the same names again.

    Only ``[a-z0-9-]`` reaches the file system, so no path separator or
    ``..`` from a title ever does.

    Polyphones are read by the word they are in, as pypinyin reads them with
    its phrase dictionary and CC-CEDICT's, so 长三角 is ``chang-san-jiao``,
    not the character-by-character ``zhang-san-jiao``.

    >>> slugify("上海空间发展战略的思考")
    'shang-hai-kong-jian-fa-zhan'
    >>> slugify("长三角区域")
    'chang-san-jiao-qu-yu'
    """
    words: list[str] = []
    for part in pinyin_parts(text):
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
