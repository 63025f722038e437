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


def _escape(text: str) -> str:
    return "".join(" " if c == " " else md_text(c) for c in text)


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
            out.append(_escape(segment))
        else:
            _s, _e, url, title = ordered[who]
            title = _TITLE_UNSAFE.sub("", title).strip()
            out.append(f"[{_escape(segment)}]({url}" + (f' "{title}"' if title else "") + ")")
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
