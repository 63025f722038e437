"""Page URLs as MkDocs gives them, so generated HTML can link pages without MkDocs' help.

Generated bodies are HTML blocks that Python-Markdown passes through
untouched (issue 16), so MkDocs never sees, checks or rewrites the links in
them: urbankb computes each relative URL itself, for the site's
``use_directory_urls`` setting, the way MkDocs does for a Markdown link
(``mkdocs.structure.files.File.url`` and ``mkdocs.utils.get_relative_url``),
and :func:`broken_links` checks every one against the pages that exist.

Paths are POSIX paths relative to the docs folder (``articles/a.md``); URLs
are relative to the site root (``articles/a/`` or ``articles/a.html``).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterable

#: an ``href`` attribute in generated HTML (its value, still HTML-escaped)
HREF = re.compile(r'\shref="([^"]*)"')


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
    """

    def __init__(self, page: str, directory_urls: bool):
        self.page = page
        self.directory_urls = directory_urls

    def __call__(self, path: str) -> str:
        return html.escape(relative_url(self.page, path, self.directory_urls))


def resolve(page: str, href: str, directory_urls: bool) -> str | None:
    """The docs path an ``href`` found on the page at docs ``page`` points at, or None for an external link.

    The inverse of :func:`relative_url` for links urbankb wrote: ``../x/``
    becomes ``x.md`` or ``x/index.md`` (both are returned joined by ``|``
    when the URL cannot tell them apart, for :func:`broken_links`).
    """
    url = html.unescape(href).partition("#")[0]
    if not url or re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.IGNORECASE):
        return None if url else page
    base = page_url(page, directory_urls)
    base_dir = base if base.endswith("/") else posixpath.dirname(base)
    joined = posixpath.normpath(posixpath.join(base_dir, url))
    joined = "" if joined == "." else joined
    if directory_urls and (url.endswith("/") or url in (".", "./")):
        return f"{joined}.md|{joined}/index.md" if joined else "index.md"
    if joined.endswith(".html"):
        return joined[: -len(".html")] + ".md"
    return joined


def broken_links(files: dict[str, str], existing: Iterable[str], directory_urls: bool) -> list[str]:
    """Every relative ``href`` in the generated ``files`` that names no page or file that exists.

    Args:
        files: generated docs path -> text (Markdown pages are searched for ``href="…"``).
        existing: every docs path of the site (generated and hand-written).
        directory_urls: the site's ``use_directory_urls``.

    Returns:
        ``"page: href"`` strings, sorted; empty when every link resolves.
    """
    known = set(existing)
    broken = set()
    for page, text in files.items():
        if not page.endswith(".md"):
            continue
        for href in set(HREF.findall(text)):
            target = resolve(page, href, directory_urls)
            if target is None:
                continue
            if not any(t in known for t in target.split("|")):
                broken.add(f"{page}: {href}")
    return sorted(broken)
