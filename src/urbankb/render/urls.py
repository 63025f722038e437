"""Page URLs as MkDocs gives them, so generated HTML can link pages without MkDocs' help.

Generated bodies are HTML blocks that Python-Markdown passes through
untouched (issue 16), so MkDocs never sees, checks or rewrites the links in
them: urbankb computes each relative URL itself, for the site's
``use_directory_urls`` setting, the way MkDocs does for a Markdown link
(``mkdocs.structure.files.File.url`` and ``mkdocs.utils.get_relative_url``),
and :func:`missing_targets` checks every page they name against the pages
that exist.

Paths are POSIX paths relative to the docs folder (``articles/a.md``); URLs
are relative to the site root (``articles/a/`` or ``articles/a.html``).
"""

from __future__ import annotations

import functools
import html
import posixpath
from collections.abc import Iterable, Mapping


@functools.lru_cache(maxsize=65536)
def page_url(path: str, directory_urls: bool) -> str:
    """The site-root-relative URL MkDocs gives the file at docs ``path``.

    A Markdown page ``a/b.md`` is ``a/b/`` with directory URLs and ``a/b.html``
    without; an ``index.md`` is its folder (``a/``, or ``""`` for the home page)
    or ``a/index.html`` (the home page is ``./``).  Any other file keeps its path.  Follows MkDocs'
    ``File._get_dest_path`` and ``File._get_url`` (mkdocs 1.6).
    """
    if not path.endswith(".md"):
        return path
    stem = path[: -len(".md")]
    folder, name = posixpath.split(stem)
    if name in ("index", "README"):
        return (folder + "/" if folder else "./") if directory_urls else posixpath.join(folder, "index.html")
    return stem + "/" if directory_urls else stem + ".html"


@functools.lru_cache(maxsize=262144)
def relative_url(from_path: str, to_path: str, directory_urls: bool) -> str:
    """URL of docs ``to_path`` (optionally with ``#fragment``) relative to the page at docs ``from_path``.

    As ``mkdocs.utils.get_relative_url(page_url(to), page_url(from))``: a
    folder URL keeps its trailing slash, and a page links to itself as ``./``
    (directory URLs) or its file name.
    """
    target, hash_, fragment = to_path.partition("#")
    url = page_url(target or from_path, directory_urls)
    base = page_url(from_path, directory_urls)
    rel = _relpath(url, base if base.endswith("/") else posixpath.dirname(base))
    if url.endswith("/"):
        rel = "./" if rel == "." else rel + "/"
    return rel + hash_ + fragment


def _relpath(url: str, base_dir: str) -> str:
    """``posixpath.relpath(url, base_dir)`` for site-relative URLs without ``..`` (which needs no
    ``os.getcwd``: a page renders thousands of links)."""
    to = [part for part in url.split("/") if part and part != "."]
    base = [part for part in base_dir.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, base, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


class Linker:
    """Relative URLs from one page: ``Linker("articles/a.md", True)("terms/t.md")`` → ``"../../terms/t/"``.

    Called from templates and renderers with docs paths; the result is
    HTML-attribute safe (paths are ASCII slugs, and anything else is escaped).
    Each target path is noted in ``targets`` (when given) with the first page
    that links to it, for :func:`missing_targets`: one entry per target, not
    per link (a site at 1,000 articles makes about 150,000 links to 3,000 pages).
    """

    def __init__(self, page: str, directory_urls: bool, targets: dict[str, str] | None = None):
        self.page = page
        self.directory_urls = directory_urls
        self.targets = targets

    def __call__(self, path: str) -> str:
        if self.targets is not None:
            self.targets.setdefault(path.partition("#")[0] or self.page, self.page)
        return html.escape(relative_url(self.page, path, self.directory_urls))


def missing_targets(targets: Mapping[str, str], existing: Iterable[str]) -> list[str]:
    """The targets :class:`Linker` noted (target docs path -> the first page linking to it) that are not among
    ``existing`` docs paths, as ``"page: target"`` strings, sorted; empty when every link resolves."""
    known = set(existing)
    return sorted(f"{page}: {target}" for target, page in targets.items() if target not in known)
