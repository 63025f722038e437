"""Finding term and entity mentions in Chinese running text.

Chinese has no spaces, so a plain substring search finds 中试 inside 集中试点
and 上海 inside 上海大都市圈.  A mention here must start and end on a word
boundary of the segmented text (jieba's precise cut or its part-of-speech
cut, whichever puts a boundary there), and at each boundary the longest
surface form wins, so 上海大都市圈 is one mention, never 上海 plus the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate


def boundaries(text: str, *segmentations: Iterable[str]) -> set[int]:
    """Offsets in ``text`` where some segmentation starts or ends a token.

    A segmentation whose tokens do not join back to ``text`` (the analysis
    text was converted and changed length) is ignored.  0 and ``len(text)``
    are always boundaries.
    """
    cuts = {0, len(text)}
    for tokens in segmentations:
        tokens = list(tokens)
        if "".join(tokens) == text:
            cuts.update(accumulate(map(len, tokens)))
    return cuts


@dataclass
class Matcher:
    """Surface forms -> keys, matched longest first on word boundaries.

    Attributes:
        surfaces: surface form -> key (``"term:城市更新"``, ``"entity:place:广州"``).
    """

    surfaces: dict[str, str] = field(default_factory=dict)
    _longest: dict[str, int] = field(default_factory=dict, repr=False)

    def add(self, surface: str, key: str) -> None:
        """Register a surface form; the first key registered for a surface wins."""
        if len(surface) < 2 or surface in self.surfaces:
            return
        self.surfaces[surface] = key
        self._longest = {}

    def find(self, text: str, cuts: set[int] | None = None) -> list[tuple[int, int, str]]:
        """Non-overlapping mentions ``(start, end, key)`` in text order.

        Scanning left to right over the boundaries in ``cuts`` (every
        character when None), the longest surface that starts there and ends
        on a boundary is taken and the scan resumes after it.  Each start
        tries the spans to the following boundaries, longest first, as
        dictionary lookups.
        """
        surfaces = self.surfaces
        if not self._longest:
            # the longest surface for each first character: most characters start none
            longest: dict[str, int] = {}
            for surface in surfaces:
                longest[surface[0]] = max(longest.get(surface[0], 0), len(surface))
            self._longest = longest
        longest = self._longest
        points = sorted(cuts) if cuts is not None else list(range(len(text) + 1))
        out: list[tuple[int, int, str]] = []
        resume = 0
        n = len(points)
        for idx, i in enumerate(points):
            if i < resume or i >= len(text):
                continue
            reach = longest.get(text[i])
            if reach is None:
                continue
            last = idx + 1
            while last < n and points[last] - i <= reach:
                last += 1
            for k in range(last - 1, idx, -1):
                key = surfaces.get(text[i : points[k]])
                if key is not None:
                    out.append((i, points[k], key))
                    resume = points[k]
                    break
        return out
