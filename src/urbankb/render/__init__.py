"""Pages from a finished :class:`~urbankb.model.Corpus`: which pages exist, and the one writer.

:data:`PAGES` is the one list of page generators (Pelican's generators):
each takes the :class:`~urbankb.render.pages.RenderContext` and returns
``{path in docs/: text}``, or, for the many-page kinds (articles, terms,
entities), yields ``(path, text)`` pairs one page at a time; templates
(``urbankb/templates``) say how the pages look.  :func:`render_stream` runs
them lazily and :func:`urbankb.render.writer.write_site` takes each page as
it comes, compares it with the docs folder and stages it, then swaps the
changed ones in through a manifest, so files urbankb did not generate are
never replaced or removed, and no build holds every page's text at once
(:func:`render_site` gathers them in memory instead, for tests and tools).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..artifacts import MANIFEST
from ..config import SearchRanking
from ..model import Corpus
from . import feed, knowledge_pages, pages, search_pages
from .describe import Describer
from .memo import Deferred, KeptPage, PageMemo
from .pages import SITE_TITLE, RenderContext, assign_slugs, build_nav, render_context
from .urls import Linker, missing_targets

__all__ = ["MANIFEST", "PAGES", "PageMemo", "RenderContext", "Site", "render_site", "render_stream"]

#: every page generator, in the order their files are rendered (the search index first: its working
#: matrices are freed before the pages' text is held, so the two never need memory at the same time)
PAGES: list[tuple[str, Callable[[RenderContext], Mapping[str, str] | Iterable[tuple[str, str]]]]] = [
    ("search index", search_pages.search_index),
    ("topic years", pages.topic_year_pages),
    ("articles", pages.article_pages),
    ("topics", pages.topic_pages),
    ("sources", pages.source_pages),
    ("home", pages.home_page),
    ("kb.json", pages.kb_file),
    ("feeds", feed.feed_pages),
    ("terms", knowledge_pages.term_pages),
    ("entities", knowledge_pages.entity_pages),
    ("graph", knowledge_pages.graph_pages),
]


@dataclass
class Site:
    """Rendered output.

    Attributes:
        files: path relative to the docs folder -> file content (text).
        nav: the navigation, in MkDocs ``nav`` form (the MkDocs plugin sets it).
        data: the data files the build read, by role (recorded in the manifest).
        problems: warnings found while rendering.
        directory_urls: the ``use_directory_urls`` the pages' links were made for (recorded in the manifest).
    """

    files: dict[str, str] = field(default_factory=dict)
    nav: list = field(default_factory=list)
    data: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    directory_urls: bool = True


def render_site(corpus: Corpus, analyzer: Any = None, **options: Any) -> Site:
    """Every page of the corpus, ``kb.json``, the search index and the navigation, in memory: :func:`render_stream`'s
    pages gathered into :attr:`Site.files` (``options``: its keyword arguments)."""
    site, made = render_stream(corpus, analyzer, **options)
    site.files = {path: str(text) for path, text in made}
    return site


def render_stream(
    corpus: Corpus,
    analyzer: Any = None,
    site_title: str = SITE_TITLE,
    search: SearchRanking | None = None,
    hand_written: dict[str, str] | None = None,
    data: dict[str, str] | None = None,
    directory_urls: bool = True,
    memo: PageMemo | None = None,
) -> tuple[Site, Iterator[tuple[str, str | KeptPage]]]:
    """The site's navigation and manifest data, and its pages made one at a time, for the writer to take as they come
    (:func:`urbankb.render.writer.write_site`'s ``pages``), so that a build never holds every page's text at once.

    Assigns the articles' slugs first (:func:`~urbankb.render.pages.assign_slugs`).  The iterator yields
    ``(path in docs/, text)`` in :data:`PAGES` order, each Markdown page with its ``description``
    (:class:`~urbankb.render.describe.Describer`), a page the memo kept as a :class:`~urbankb.render.memo.KeptPage`
    (``str()`` of it is its text); once it is exhausted, :attr:`Site.problems` holds the
    render's warnings and the generated links to no page.  ``Site.files`` stays empty.

    Args:
        corpus: the analysed corpus.
        analyzer: the build's :class:`~urbankb.nlp.Analyzer` (for the search
            index; None leaves the index out).
        site_title: shown on the home page.
        search: the search ranking weights.
        hand_written: Markdown pages in docs/ urbankb did not generate (path -> text), indexed for search.
        data: the data files the build read, by role, recorded in the manifest.
        directory_urls: the site's ``use_directory_urls`` (MkDocs): generated HTML links pages with these URLs.
        memo: the pages of the previous build of this process (``urbankb serve``), reused where their inputs
            are unchanged (:mod:`urbankb.render.memo`); None renders every page.
    """
    assign_slugs(corpus)
    ctx = render_context(corpus, site_title, directory_urls)
    ctx.analyzer = analyzer
    ctx.search = search or SearchRanking()
    ctx.hand_written = hand_written or {}
    ctx.memo = memo
    site = Site(nav=build_nav(corpus), data=dict(data or {}), directory_urls=directory_urls)
    return site, _pages(ctx, site)


def _pages(ctx: RenderContext, site: Site) -> Iterator[tuple[str, str | KeptPage]]:
    """:func:`render_stream`'s iterator: every generator's pages, described; the problems at the end."""
    describe = Describer(ctx)
    made: list[str] = []
    if ctx.memo is not None:
        ctx.memo.start()
    for _name, generate in PAGES:
        out = generate(ctx)
        for path, text in out.items() if isinstance(out, Mapping) else out:
            made.append(path)
            yield path, _deferred(ctx, describe, path, text) if isinstance(text, Deferred) else describe(path, text)
    if ctx.memo is not None:
        ctx.memo.finish()
    missing = missing_targets(ctx.link_targets, [*made, *ctx.hand_written])
    site.problems = ctx.problems + [f"generated link to no page: {link}" for link in missing]


def _deferred(ctx: RenderContext, describe: Describer, path: str, page: Deferred) -> str | KeptPage:
    """A :class:`~urbankb.render.memo.Deferred` page's described text: the memo's when the previous build made it from
    equal inputs (its links noted as if it were rendered), else rendered now."""
    if ctx.memo is None:
        return describe(path, page.make(ctx.linker(path)))
    # the description comes from the page's object (Describer.known) or its own text; the inputs cover both
    inputs = None if page.inputs is None else (page.inputs, describe.known.get(path), describe.site_title)
    text, targets = ctx.memo.text(path, inputs, lambda noted: describe(path, page.make(Linker(path, ctx.directory_urls, noted))))
    for target in targets:
        ctx.link_targets.setdefault(target, path)
    return text
