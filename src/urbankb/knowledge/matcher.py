"""Finding term and entity mentions in Chinese running text.

Chinese has no spaces, so a plain substring search finds 中试 inside 集中试点
and 上海 inside 上海大都市圈.  A mention here must start and end on a word
boundary of the segmented text (jieba's precise cut or its part-of-speech
cut, whichever puts a boundary there), and at each boundary the longest
surface form wins, so 上海大都市圈 is one mention, never 上海 plus the rest —
except that a term's surface (a phrase) gives way to the names inside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

import ahocorasick

from ..model import Key


def boundaries(text: str, *segmentations: Iterable[str]) -> set[int]:
    """Offsets in ``text`` where some segmentation starts or ends a token.

    A segmentation whose tokens do not join back to ``text`` (the analysis
    text was converted and changed length) is ignored.  0 and ``len(text)``
    are always boundaries.
    """
    cuts = {0, len(text)}
    for tokens in segmentations:
        tokens = tokens if isinstance(tokens, list) else list(tokens)
        if "".join(tokens) == text:
            cuts.update(accumulate(map(len, tokens)))
    return cuts


@dataclass
class Matcher:
    """Surface forms -> keys, matched longest first on word boundaries.

    Attributes:
        surfaces: surface form -> key (a :class:`~urbankb.model.Key`: ``Key.term("城市更新")``, ``Key.entity("place", "广州")``).
    """

    surfaces: dict[str, Key] = field(default_factory=dict)
    _automaton: ahocorasick.Automaton | None = field(default=None, repr=False)

    def add(self, surface: str, key: Key) -> None:
        """Register a surface form; the first key registered for a surface wins."""
        if len(surface) < 2 or surface in self.surfaces:
            return
        self.surfaces[surface] = key
        self._automaton = None

    def find(self, text: str, cuts: set[int] | None = None) -> list[tuple[int, int, Key]]:
        """Non-overlapping mentions ``(start, end, key)`` in text order.

        Scanning left to right over the boundaries in ``cuts`` (every
        character when None), the longest surface that starts there and ends
        on a boundary is taken and the scan resumes after it.  Every
        occurrence of every surface is found in one pass of an Aho-Corasick
        automaton (``pyahocorasick``; Aho & Corasick 1975); only those
        between two boundaries are candidates.
        """
        automaton = self._automaton
        if automaton is None:
            automaton = self._automaton = ahocorasick.Automaton()
            for surface, key in self.surfaces.items():
                automaton.add_word(surface, (len(surface), key))
            automaton.make_automaton()
        if not self.surfaces:
            return []
        longest: dict[int, tuple[int, Key]] = {}  # start -> (end, key) of the longest candidate there
        named: list[tuple[int, int, Key]] = []  # entity candidates, for the terms that hold one
        for last, (length, key) in automaton.iter(text):
            start, end = last + 1 - length, last + 1
            if cuts is None or (start in cuts and end in cuts):
                if start not in longest or longest[start][0] < end:
                    longest[start] = (end, key)
                if key.kind == "entity":
                    named.append((start, end, key))
        out: list[tuple[int, int, Key]] = []
        resume = 0
        for start in sorted(longest):
            if start >= resume:
                end, key = longest[start]
                inner = _names_inside(start, end, named) if key.kind == "term" and named else []
                out.extend(inner or [(start, end, key)])
                resume = end
        return out


def _names_inside(start: int, end: int, named: list[tuple[int, int, Key]]) -> list[tuple[int, int, Key]]:
    """The entity mentions inside a term's hit ``start .. end`` (longest first, left to right, not
    overlapping): a term is a phrase, never a longer name, so a name in it (习近平 in a keyphrase
    习近平主席, 肯尼亚 in 肯尼亚商务论坛) is still that entity's mention, and the term's hit gives way."""
    inside = sorted(((s, e, k) for s, e, k in named if start <= s and e <= end), key=lambda h: (h[0], h[0] - h[1]))
    out: list[tuple[int, int, Key]] = []
    resume = start
    for s, e, k in inside:
        if s >= resume:
            out.append((s, e, k))
            resume = e
    return out
