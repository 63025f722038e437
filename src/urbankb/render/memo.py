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

A page taken from the memo reaches the writer as a :class:`KeptPage`, still
compressed, with the file's status as the writer left it (:meth:`PageMemo.note_files`):
when the file's status is the same, the writer knows it holds this text and
neither decompresses nor reads it (``make`` keys a target by its file's
modification time the same way).
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

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


#: what says a file was not touched since it was noted: ``(st_ino, st_size, st_mtime_ns)``
FileStatus = tuple[int, int, int]


def file_status(path: Path) -> FileStatus | None:
    """``path``'s :data:`FileStatus` (the file itself, not a link's target), or None when it cannot be read."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass(frozen=True, slots=True)
class KeptPage:
    """A page's text as the previous build made it, still compressed (``str()`` gives the text).

    Attributes:
        compressed: the text, UTF-8 and zlib-compressed.
        status: the :data:`FileStatus` of the page's file in the docs folder when the build that made or
            kept the page had written it (:meth:`PageMemo.note_files`), or None when not noted.
    """

    compressed: bytes
    status: FileStatus | None

    def __str__(self) -> str:
        return zlib.decompress(self.compressed).decode("utf-8")

    def on_disk(self, path: Path) -> bool:
        """Whether the file at ``path`` is still the one noted, so it holds this text."""
        return self.status is not None and file_status(path) == self.status


@dataclass
class PageMemo:
    """The pages one build made from :class:`Deferred` inputs, for the next build of the same process.

    Each page is kept as ``(inputs, its text zlib-compressed, the docs paths it links to, the status of its
    file)``: about a quarter of the text's size (some 8 MiB for a 1,000-article site).

    Attributes:
        made: pages rendered by the last build.
        reused: pages the last build took from the memo.
        kept: what a page generator keeps between builds besides pages, by generator (the search index's
            :class:`~urbankb.render.search.IndexMemo`).
    """

    pages: dict[str, tuple[object, bytes, tuple[str, ...], FileStatus | None]] = field(default_factory=dict)
    kept: dict[str, object] = field(default_factory=dict)
    made: int = 0
    reused: int = 0
    _seen: set[str] = field(default_factory=set)

    def start(self) -> None:
        """Begin a build."""
        self.made = self.reused = 0
        self._seen = set()

    def text(self, path: str, inputs: object, make: Callable[[dict[str, str]], str]) -> tuple[str | KeptPage, tuple[str, ...]]:
        """The text of the page at ``path`` (a :class:`KeptPage` when kept) and the docs paths it links to, in link order.

        ``make(targets)`` renders the page noting its links' targets in ``targets``; it is called
        unless the previous build kept the page from inputs equal to ``inputs``.
        """
        self._seen.add(path)
        kept = self.pages.get(path)
        if kept is not None and inputs is not None and kept[0] == inputs:
            self.reused += 1
            return KeptPage(kept[1], kept[3]), kept[2]
        targets: dict[str, str] = {}
        text = make(targets)
        self.made += 1
        if inputs is not None:
            self.pages[path] = (inputs, zlib.compress(text.encode("utf-8"), 1), tuple(targets), None)
        else:
            self.pages.pop(path, None)
        return text, tuple(targets)

    def note_files(self, docs: Path, written: Iterable[str]) -> None:
        """After the writer put this build's pages into ``docs``: note the status of each kept page's file
        among ``written`` (the pages now in the folder as made, written or unchanged); the others are not noted."""
        for path in written:
            kept = self.pages.get(path)
            if kept is not None:
                self.pages[path] = (*kept[:3], file_status(docs / path))

    def finish(self) -> None:
        """End a build: forget the pages it did not have."""
        for path in self.pages.keys() - self._seen:
            del self.pages[path]

    def clear(self) -> None:
        """Forget every page and what the generators kept (the data files changed)."""
        self.pages.clear()
        self.kept.clear()
