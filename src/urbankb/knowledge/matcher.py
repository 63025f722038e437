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


def boundaries(text: str, *segmentations: Iterable[str]) -> set[int]:
    """Offsets in ``text`` where some segmentation starts or ends a token.

    A segmentation whose tokens do not join back to ``text`` (the analysis
    text was converted and changed length) is ignored.  0 and ``len(text)``
    are always boundaries.
    """
    cuts = {0, len(text)}
    for tokens in segmentations:
        tokens = list(tokens)
        if "".join(tokens) != text:
            continue
        pos = 0
        for tok in tokens:
            pos += len(tok)
            cuts.add(pos)
    return cuts


@dataclass
class Matcher:
    """Surface forms -> keys, matched longest first on word boundaries.

    Attributes:
        surfaces: surface form -> key (``"term:城市更新"``, ``"entity:place:广州"``).
    """

    surfaces: dict[str, str] = field(default_factory=dict)
    _by_first: dict[str, list[str]] = field(default_factory=dict, repr=False)

    def add(self, surface: str, key: str) -> None:
        """Register a surface form; the first key registered for a surface wins."""
        if len(surface) < 2 or surface in self.surfaces:
            return
        self.surfaces[surface] = key
        self._by_first = {}

    def _index(self) -> dict[str, list[str]]:
        if not self._by_first:
            index: dict[str, list[str]] = {}
            for surface in self.surfaces:
                index.setdefault(surface[0], []).append(surface)
            for forms in index.values():
                forms.sort(key=lambda s: (-len(s), s))
            self._by_first = index
        return self._by_first

    def find(self, text: str, cuts: set[int] | None = None) -> list[tuple[int, int, str]]:
        """Non-overlapping mentions ``(start, end, key)`` in text order.

        Scanning left to right over the boundaries in ``cuts`` (every
        character when None), the longest surface that starts there and ends
        on a boundary is taken and the scan resumes after it.
        """
        index = self._index()
        starts = sorted(cuts) if cuts is not None else range(len(text) + 1)
        ends = cuts
        out: list[tuple[int, int, str]] = []
        resume = 0
        for i in starts:
            if i < resume or i >= len(text):
                continue
            for surface in index.get(text[i], ()):
                end = i + len(surface)
                if (ends is None or end in ends) and text.startswith(surface, i):
                    out.append((i, end, self.surfaces[surface]))
                    resume = end
                    break
        return out
