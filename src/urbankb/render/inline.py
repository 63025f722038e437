"""Links inside the text: plain seed text to HTML with some spans linked.

The output renders to exactly the visible text :func:`urbankb.escape.html_text`
would give (control characters dropped, blank runs collapsed, every character
escaped), with ``<a>`` elements around the chosen spans and nothing else:
links never nest, never start or end on a space, and no character of the
text changes.  It is HTML, not Markdown, so Python-Markdown passes it through
without running its inline patterns (issue 16).
"""

from __future__ import annotations

import html
import re

from ..escape import BREAK_CHARS, CONTROL_CHARS
from ..model import Article, BlockKind


def link_html(text: str, links: list[tuple[int, int, str, str]]) -> str:
    """HTML for one paragraph of plain ``text`` with ``links`` applied.

    Args:
        text: the plain text, as shown.
        links: ``(start, end, href, title)`` spans of ``text``; ``href`` is
            used as given (already a relative URL, HTML-escaped); overlapping
            spans after the first are ignored, spans that are only whitespace
            are left as text.

    Returns:
        The escaped text with ``<a href="…" title="…">`` around each span.
    """
    ordered = sorted(links, key=lambda s: (s[0], -s[1]))
    owner: list[int] = [-1] * len(text)
    last_end = -1
    for n, (start, end, _url, _title) in enumerate(ordered):
        if start < last_end or start >= end or end > len(text):
            continue
        for i in range(start, end):
            owner[i] = n
        last_end = end
    # control characters dropped, blank runs collapsed and stripped, exactly as plain_text does
    chars: list[tuple[str, int]] = []
    for ch, who in zip(text, owner, strict=True):
        if ch in CONTROL_CHARS:
            continue
        if ch in BREAK_CHARS:
            if chars and chars[-1][0] != " ":
                chars.append((" ", who))
            continue
        chars.append((ch, who))
    while chars and chars[-1][0] == " ":
        chars.pop()
    out: list[str] = []
    i = 0
    while i < len(chars):
        who = chars[i][1]
        j = i
        while j < len(chars) and chars[j][1] == who:
            j += 1
        segment = "".join(c for c, _ in chars[i:j])
        if who < 0 or not segment.strip() or segment[0] == " " or segment[-1] == " ":
            out.append(html.escape(segment, quote=False))
        else:
            _s, _e, url, title = ordered[who]
            title = " ".join(title.split())
            attr = f' title="{html.escape(title)}"' if title else ""
            out.append(f'<a href="{url}"{attr}>{html.escape(segment, quote=False)}</a>')
        i = j
    return "".join(out)


#: most links in one paragraph (a reader follows a few; a list of names is not a list of links)
MAX_LINKS_PER_PARAGRAPH = 3
#: marks that end a sentence: at most one link between two of them
_SENTENCE_END = re.compile(r"[。！？!?；;]")
#: what stands between the items of an enumeration
_LIST_SEPARATOR = "、"
#: jieba part-of-speech flags of a word that makes a name in front of it a modifier (罗马|蓄水池, 中国|国际进口博览会)
_NOUN_FLAGS = ("n", "vn", "an")
_OPEN_BRACKETS, _CLOSE_BRACKETS = "（(", "）)"


def first_mentions(art: Article, has_page, specificity=None) -> dict[int, list[tuple[int, int, str]]]:
    """The mentions to link in an article: per paragraph block, ``(start, end, key)``.

    Links are for the reader (the graph and the entity pages count every
    mention).  Only paragraphs are linked (never headings or captions), only
    the first mention of each key in the article, only keys ``has_page(key)``
    accepts, and of those:

    - none that does not start and end on a word of the precise segmentation
      (``环境|健康|城市建设`` has no word 健康城市);
    - no entity that is part of a longer name: a name followed by a noun
      (``罗马蓄水池``, ``中国国际进口博览会``), also across a bracketed gloss
      (``中国（广东）智慧城市大会``), or inside brackets that a noun follows;
    - no entity that is an item of an enumeration (names joined by ``、``: an attendee list);
    - at most one per sentence and :data:`MAX_LINKS_PER_PARAGRAPH` per paragraph,
      the most specific first: ``specificity(key)`` (higher first; default: the
      mention's length), then text order.

    Args:
        art: the article, with ``mentions`` ``(block, start, end, key)``, and per block ``tokens`` and ``tagged``.
        has_page: ``key -> bool``.
        specificity: ``key -> float``, or None.

    Returns:
        block index -> ``(start, end, key)`` in text order.
    """
    done: set[str] = set()
    candidates: dict[int, list[tuple[int, int, object]]] = {}
    for block, start, end, key in sorted(art.mentions):
        if key in done or block >= len(art.blocks) or art.blocks[block].kind is not BlockKind.PARAGRAPH:
            continue
        if not has_page(key):
            continue
        done.add(key)
        text = art.blocks[block].text
        tagged = art.tagged[block] if block < len(art.tagged) else []
        tokens = art.tokens[block] if block < len(art.tokens) else []
        if not _on_word_boundaries(text, start, end, tokens):
            continue
        if getattr(key, "kind", "") == "entity" and (_inside_longer_name(text, start, end, tagged) or _in_enumeration(text, start, end)):
            continue
        candidates.setdefault(block, []).append((start, end, key))
    out: dict[int, list[tuple[int, int, str]]] = {}
    for block, spans in candidates.items():
        text = art.blocks[block].text

        def rank(span):
            start, end, key = span
            return (-(specificity(key) if specificity else end - start), start)

        chosen: list[tuple[int, int, object]] = []
        sentences: set[int] = set()
        for span in sorted(spans, key=rank):
            sentence = len(_SENTENCE_END.findall(text, 0, span[0]))
            if sentence in sentences or len(chosen) >= MAX_LINKS_PER_PARAGRAPH:
                continue
            sentences.add(sentence)
            chosen.append(span)
        out[block] = sorted(chosen, key=lambda s: s[0])
    return out


def _word_at(tagged: list[tuple[str, str]], text: str, offset: int) -> tuple[str, str] | None:
    """The ``(word, flag)`` of ``tagged`` that starts at ``offset`` of ``text``, if the tagging lines up with the text."""
    position = 0
    for word, flag in tagged:
        if position == offset:
            return (word, flag) if text.startswith(word, offset) else None
        position += len(word)
        if position > offset:
            return None
    return None


def _inside_longer_name(text: str, start: int, end: int, tagged: list[tuple[str, str]]) -> bool:
    """Whether ``text[start:end]`` modifies what follows it, or is a gloss inside a longer name."""
    after = end
    if after < len(text) and text[after] in _OPEN_BRACKETS:
        close = min((text.find(c, after) for c in _CLOSE_BRACKETS if text.find(c, after) >= 0), default=-1)
        if close < 0 or close - after > 20:
            return False
        after = close + 1
    elif start > 0 and text[start - 1] in _OPEN_BRACKETS and after < len(text) and text[after] in _CLOSE_BRACKETS:
        after += 1
    word = _word_at(tagged, text, after)
    return word is not None and word[1].startswith(_NOUN_FLAGS) and len(word[0]) >= 2


def _on_word_boundaries(text: str, start: int, end: int, tokens: list[str]) -> bool:
    """Whether the precise segmentation ``tokens`` has a word boundary at ``start`` and at ``end`` (True when it does not line up)."""
    if "".join(tokens) != text:
        return True
    cuts = {0}
    position = 0
    for token in tokens:
        position += len(token)
        cuts.add(position)
    return start in cuts and end in cuts


def _in_enumeration(text: str, start: int, end: int) -> bool:
    """Whether the mention is an item of a list joined by ``、`` (directly before or after a separator)."""
    return (start > 0 and text[start - 1] == _LIST_SEPARATOR) or (end < len(text) and text[end] == _LIST_SEPARATOR)
