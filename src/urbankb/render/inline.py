"""Links inside the text: plain seed text to Markdown with some spans linked.

The output renders to exactly the visible text :func:`urbankb.escape.md_text`
would give (whitespace collapsed, every character escaped), with ``<a>``
elements around the chosen spans and nothing else: links never nest, never
start or end on a space, and no character of the text changes.
"""

from __future__ import annotations

import re

from ..escape import md_text
from ..model import Article, BlockKind

#: characters removed from a link title (they would end or escape it)
_TITLE_UNSAFE = re.compile(r'["\\\n\r\t<>&]')


def escape_inline(text: str) -> str:
    """:func:`md_text` of each character on its own: spaces kept, other blanks and control characters dropped."""
    return text.translate(_CHAR_TABLE)


#: Unicode white space other than the ASCII space (``str.isspace``): md_text strips it from a lone character
_BLANKS = "\t\n\v\f\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
#: str.translate table of :func:`_escape`
_CHAR_TABLE = (
    {ord(c): None for c in _BLANKS}
    | {n: None for n in [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0x85), *range(0x86, 0xA0)]}
    | {ord(c): md_text(c) for c in '\\`*_{}[]()#+-.!|<>&"'}
)


def link_markdown(text: str, links: list[tuple[int, int, str, str]]) -> str:
    """Markdown for one paragraph of plain ``text`` with ``links`` applied.

    Args:
        text: the plain text, as shown.
        links: ``(start, end, url, title)`` spans of ``text``; overlapping
            spans after the first are ignored, spans that are only
            whitespace are left as text.
    """
    owner: list[int] = [-1] * len(text)
    last_end = -1
    for n, (start, end, _url, _title) in enumerate(sorted(links, key=lambda s: (s[0], -s[1]))):
        if start < last_end or start >= end or end > len(text):
            continue
        for i in range(start, end):
            owner[i] = n
        last_end = end
    ordered = sorted(links, key=lambda s: (s[0], -s[1]))
    # collapse whitespace runs and strip, exactly as md_text does
    chars: list[tuple[str, int]] = []
    for ch, who in zip(text, owner, strict=True):
        if ch.isspace() or ch in "\x1c\x1d\x1e\x1f\x85":
            if chars and chars[-1][0] != " ":
                chars.append((" ", who))
            continue
        chars.append((ch, who))
    while chars and chars[-1][0] == " ":
        chars.pop()
    if "".join(c for c, _ in chars) != md_text_plain(text):
        # unusual whitespace handling: fall back to no links rather than change the text
        return md_text(text)
    out: list[str] = []
    i = 0
    while i < len(chars):
        who = chars[i][1]
        j = i
        while j < len(chars) and chars[j][1] == who:
            j += 1
        segment = "".join(c for c, _ in chars[i:j])
        if who < 0 or not segment.strip() or segment[0] == " " or segment[-1] == " ":
            out.append(escape_inline(segment))
        else:
            _s, _e, url, title = ordered[who]
            title = _TITLE_UNSAFE.sub("", title).strip()
            out.append(f"[{escape_inline(segment)}]({url}" + (f' "{title}"' if title else "") + ")")
        i = j
    return "".join(out)


def md_text_plain(text: str) -> str:
    """The visible text :func:`urbankb.escape.md_text` keeps: whitespace runs collapsed, ends stripped."""
    return re.sub(r"\s+", " ", text).strip()


def first_mentions(art: Article, has_page) -> dict[int, list[tuple[int, int, str]]]:
    """The mentions to link in an article: per paragraph block, ``(start, end, key)``.

    Only paragraphs are linked (never headings or captions), only the first
    mention of each key in the article, and only keys ``has_page(key)`` accepts.
    """
    done: set[str] = set()
    out: dict[int, list[tuple[int, int, str]]] = {}
    for block, start, end, key in sorted(art.mentions):
        if key in done or block >= len(art.blocks) or art.blocks[block].kind is not BlockKind.PARAGRAPH:
            continue
        if not has_page(key):
            continue
        done.add(key)
        out.setdefault(block, []).append((start, end, key))
    return out
