"""Pages kept from one build to the next of a long-running process (``urbankb serve``).

A page generator may yield ``(path, Deferred(inputs, make))`` instead of
``(path, text)``: ``inputs`` is everything the page's text depends on
besides the code — plain values compared with ``==`` — and ``make(url)``
renders the text, its links made with ``url`` (a
:class:`~urbankb.render.urls.Linker`).  :func:`urbankb.render.render_stream`
then asks the build's :class:`PageMemo` for the page: when the previous
build made it from equal inputs, its text comes back without rendering it
again, and its links are noted for the link check as if it had been
rendered.  Without a memo (``urbankb build``) every page is made.

This is memoisation keyed by the inputs' values, the way a build tool keys a
target by its sources; a cold build of the same seeds gives the same bytes
(``tests/test_page_memo.py`` holds a preview's pages equal to a cold
build's after seeds are added, changed and removed).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from .urls import Linker


@dataclass(frozen=True)
class Deferred:
    """A page to render only when its inputs changed (see the module docstring).

    Attributes:
        inputs: what the page's text depends on, compared with ``==`` (None: not comparable, always rendered).
        make: ``make(url) -> text``, ``url`` a :class:`~urbankb.render.urls.Linker` from the page.
    """

    inputs: object
    make: Callable[[Linker], str]


@dataclass
class PageMemo:
    """The pages one build made from :class:`Deferred` inputs, for the next build of the same process.

    Each page is kept as ``(inputs, its text zlib-compressed, the docs paths it links to)``: about a
    quarter of the text's size (some 8 MiB for a 1,000-article site).

    Attributes:
        made: pages rendered by the last build.
        reused: pages the last build took from the memo.
        kept: what a page generator keeps between builds besides pages, by generator (the search index's
            :class:`~urbankb.render.search.IndexMemo`).
    """

    pages: dict[str, tuple[object, bytes, tuple[str, ...]]] = field(default_factory=dict)
    kept: dict[str, object] = field(default_factory=dict)
    made: int = 0
    reused: int = 0
    _seen: set[str] = field(default_factory=set)

    def start(self) -> None:
        """Begin a build."""
        self.made = self.reused = 0
        self._seen = set()

    def text(self, path: str, inputs: object, make: Callable[[dict[str, str]], str]) -> tuple[str, tuple[str, ...]]:
        """The text of the page at ``path`` and the docs paths it links to, in link order.

        ``make(targets)`` renders the page noting its links' targets in ``targets``; it is called
        unless the previous build kept the page from inputs equal to ``inputs``.
        """
        self._seen.add(path)
        kept = self.pages.get(path)
        if kept is not None and inputs is not None and kept[0] == inputs:
            self.reused += 1
            return zlib.decompress(kept[1]).decode("utf-8"), kept[2]
        targets: dict[str, str] = {}
        text = make(targets)
        self.made += 1
        if inputs is not None:
            self.pages[path] = (inputs, zlib.compress(text.encode("utf-8"), 1), tuple(targets))
        else:
            self.pages.pop(path, None)
        return text, tuple(targets)

    def finish(self) -> None:
        """End a build: forget the pages it did not have."""
        for path in self.pages.keys() - self._seen:
            del self.pages[path]

    def clear(self) -> None:
        """Forget every page and what the generators kept (the data files changed)."""
        self.pages.clear()
        self.kept.clear()
