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

import re

_MD_ESCAPABLE = set("\\`*_{}[]()#+-.!|")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;"}


def md_text(text: str) -> str:
    """Escape plain text for use inside a Markdown paragraph or heading.

    Newlines become spaces (a paragraph is one line).  The rendered HTML's
    visible text equals ``text`` with runs of whitespace collapsed.

    >>> md_text("<b>*x*</b> {{ y }}")
    '&lt;b&gt;\\\\*x\\\\*&lt;/b&gt; \\\\{\\\\{ y \\\\}\\\\}'
    """
    text = re.sub(r"\s+", " ", text).strip()
    out = []
    for ch in text:
        if ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _MD_ESCAPABLE:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def md_link_text(text: str) -> str:
    """Escape text for use between ``[`` and ``]`` of a Markdown link."""
    return md_text(text)


def yaml_str(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)
