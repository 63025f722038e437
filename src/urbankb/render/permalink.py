"""Paragraph permalinks: an anchor id per body paragraph that depends on its text only.

An id is ``p-`` plus the first :data:`ID_HEX` hex digits of the SHA-1 of the
paragraph's normalised text (Unicode NFKC, every blank removed), so it stays
the same across rebuilds while the paragraph reads the same, wherever the
paragraph moves and whatever happens to the paragraphs around it.  A page
that repeats a paragraph (or, in 1 of 4 billion cases, holds two that hash
alike) numbers the later ones ``-2``, ``-3`` … in page order, so the ids of a
page are unique and the same on every build.

A paragraph is an HTML block, ``<p class="kb-para" id="p-…">``, which
MkDocs and Zensical both pass through, with an empty
``<a class="kb-para-link">`` at its end: the ¶ is
drawn by CSS (``::before``), so the paragraph's text — what a reader copies,
what :mod:`urbankb.render.inline` keeps unchanged — gains no character.
"""

from __future__ import annotations

import hashlib
import unicodedata

#: hex digits of the text hash in an id (32 bits: unique within any page of text)
ID_HEX = 8
PREFIX = "p-"
LINK_TITLE = "本段链接"


def normalise(text: str) -> str:
    """The text an id is made from: NFKC, with every blank removed (so re-wrapping a paragraph keeps its id)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def paragraph_id(text: str) -> str:
    """``p-`` plus :data:`ID_HEX` hex digits of SHA-1 of :func:`normalise` ``(text)`` (UTF-8)."""
    return PREFIX + hashlib.sha1(normalise(text).encode("utf-8")).hexdigest()[:ID_HEX]


def paragraph_ids(texts: list[str]) -> list[str]:
    """The ids of a page's paragraphs, in order: :func:`paragraph_id` of each, a repeated id numbered ``-2``, ``-3`` …

    Args:
        texts: the paragraph texts in page order.

    Returns:
        one id per text, unique within the list.
    """
    used: set[str] = set()
    out = []
    for text in texts:
        base = paragraph_id(text)
        pid, n = base, 2
        while pid in used:
            pid, n = f"{base}-{n}", n + 1
        used.add(pid)
        out.append(pid)
    return out


def anchored(inner_html: str, pid: str) -> str:
    """One paragraph as an HTML block with id ``pid`` and a ¶ link to itself at its end.

    Args:
        inner_html: the paragraph's content (escaped text and links, no blank line, as
            :func:`urbankb.escape.html_text` and :func:`urbankb.render.inline.link_html` give it).
        pid: the paragraph's id (``[a-z0-9-]``).
    """
    link = f'<a class="kb-para-link" href="#{pid}" title="{LINK_TITLE}" aria-label="{LINK_TITLE}"></a>'
    return f'<p class="kb-para" id="{pid}">{inner_html}{link}</p>'
