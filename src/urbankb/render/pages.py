"""Article, topic, source and home pages, ``kb.json`` and the navigation.

Each page generator takes the :class:`RenderContext` and returns
``{path in docs/: file text}``; :data:`urbankb.render.PAGES` lists them.
Pages are rendered with Jinja2 templates (``urbankb/templates``).
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from ..config import SearchRanking
from ..escape import html_text, md_text, sanitize_markdown, slugify, yaml_str
from ..model import Article, BlockKind, Collection, Corpus, Key, Reason
from ..nlp import written_forms
from . import knowledge_pages as kpages
from . import original
from .cite import cite
from .inline import first_mentions, link_html
from .memo import Deferred
from .permalink import anchored, paragraph_ids
from .urls import Linker, page_url

KIND_NAMES = {"compilation": "发言汇编", "page": "报纸版面", "single": "单篇文章"}
SITE_TITLE = "城市发展知识库"
LATEST_N = 10


@functools.cache
def _env() -> jinja2.Environment:
    """The templates' environment, made once per process (a long-running ``serve`` compiles
    each template once; Jinja2 checks the package's template files for changes on each use)."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("urbankb", "templates"),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=False,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md_text
    env.filters["yaml"] = yaml_str
    # MkDocs templates print page and nav titles unescaped: escape them here
    env.filters["title"] = lambda text: yaml_str(html.escape(str(text), quote=False))
    env.filters["e"] = jinja2.filters.do_forceescape
    return env


def assign_slugs(corpus: Corpus) -> None:
    """Give every article a unique, stable, file-system-safe slug.

    A slug from front matter is kept when it is safe (``[a-z0-9-_]``, no
    path separators or ``..``) — otherwise it is rebuilt from it.  Generated
    slugs are ``<pinyin of the title>-<6 hex digits of sha1(seed + title)>``,
    so they stay the same across rebuilds while the article is unchanged,
    and two articles with the same title get different pages.
    """
    used: set[str] = set()
    for art in corpus.articles:
        wanted = art.slug.strip().lower()
        if wanted:
            base = re.sub(r"[^a-z0-9_-]+", "-", wanted).strip("-_")[:80] or slugify(art.title)
        else:
            digest = hashlib.sha1(f"{art.seed}\n{art.title}".encode()).hexdigest()[:6]
            base = f"{slugify(art.title)}-{digest}"
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        art.slug = slug


def has_source_page(collection: Collection) -> bool:
    """Whether a seed file gets a page of its own under ``sources/``.

    A file with several articles does (its page introduces them), and so
    does a single article with something beyond its text to show: an
    introduction, layout material kept out of the body, or repairs.  A
    plain one-article file does not: its article page says everything, and
    thousands of empty source pages would only weigh on the site.
    """
    return collection.kind != "single" or bool(collection.intro or collection.layout or collection.repairs)


def collection_slug(collection: Collection) -> str:
    """File-system-safe slug of a source page, from the seed file stem.

    A stem that is already safe (``[A-Za-z0-9_-]``) is used as it is; any
    other (Chinese, spaces, punctuation) becomes its pinyin slug plus six hex
    digits of its hash, so ``城市.txt`` and ``a b.txt``/``a-b.txt`` never share a page.
    """
    stem = collection.id
    if re.fullmatch(r"[A-Za-z0-9_-]+", stem) and not stem.startswith("-"):
        return stem
    return f"{slugify(stem)}-{hashlib.sha1(stem.encode()).hexdigest()[:6]}"


def render_block(art: Article, kind: BlockKind, text: str) -> str:
    """One body block: a heading as Markdown (``## …``, so it reaches the table of contents), anything
    else as an HTML block Python-Markdown passes through (a paragraph's content only: :func:`render_body`
    wraps it in its ``<p>``); a Markdown seed's block sanitised."""
    if kind is BlockKind.HEADING:
        return "## " + md_text(text)
    if art.markdown:
        return '<div class="kb-md">\n' + sanitize_markdown(text) + "\n</div>"
    if kind is BlockKind.CAPTION:
        return '<p class="kb-caption">' + html_text(text) + "</p>"
    return html_text(text)


def _masthead(item: Article | Collection, escape=md_text) -> list[tuple[str, str]]:
    """Publication, issue and date of an article or a source file, as ``(label, text escaped by escape)``."""
    items = []
    if item.publication:
        items.append(("刊物", escape(item.publication)))
    if item.issue:
        items.append(("期号", escape(item.issue)))
    if item.date:
        items.append(("日期", escape(item.date)))
    return items


def _meta(art: Article) -> list[tuple[str, str]]:
    """An article's head line items, ``(label, HTML)``: masthead, reporters, authors, speaker, link to the original."""
    items = _masthead(art, html_text)
    if art.reporters:
        items.append(("记者", html_text("、".join(art.reporters))))
    if art.correspondents:
        items.append(("通讯员", html_text("、".join(art.correspondents))))
    if art.authors and not art.reporters:
        # the names, not the byline as printed (文/韩庆文 唐培峰): its label is the field's own
        items.append(("作者", html_text("、".join(art.authors))))
    elif art.byline:
        items.append(("作者", html_text(art.byline)))
    if art.speaker:
        speaker = html_text(art.speaker)
        if art.affiliation:
            speaker += "（" + html_text(art.affiliation) + "）"
        items.append(("发言人", speaker))
    if art.url and re.match(r"^https?://", art.url) and not re.search(r"[\s<>\"]", art.url):
        link = html.escape(art.url)
        items.append(("原文", f'<a href="{link}">{link}</a>'))
    elif art.url and re.match(r"^https?://", art.url):
        items.append(("原文", html_text(art.url)))
    return items


def _reasons(reasons: list[Reason], topic_names: dict[str, str]) -> str:
    """Reasons of a related article as a short Chinese phrase (see :func:`urbankb.knowledge.relate`)."""
    parts = []
    terms = [r.value for r in reasons if r.kind == "term"]
    entities = [r.value for r in reasons if r.kind == "entity"]
    for r in reasons:
        if r.kind == "topic":
            parts.append("同属" + topic_names.get(r.value, r.value))
    if terms:
        parts.append("共同术语：" + "、".join(terms))
    if entities:
        parts.append("共同提及：" + "、".join(entities))
    if any(r.kind == "source" for r in reasons):
        parts.append("同一来源")
    if any(r.kind == "text" for r in reasons) and not (terms or entities):
        parts.append("用词相近")
    return "；".join(parts)


def _written(ctx: RenderContext, art: Article) -> list[str]:
    """The article's keywords as it writes them (:func:`urbankb.nlp.written_forms`; unchanged without an analyzer)."""
    keywords = [k for k, _ in art.keywords]
    return written_forms(art, keywords, ctx.analyzer.simplify) if ctx.analyzer is not None else keywords


def _keyword_page(keyword: str, paths: dict[Key, str]) -> str | None:
    """Page of a keyword: its term page, else the page of an entity of that name."""
    for key in (Key.term(keyword), *(Key.entity(t, keyword) for t in ("place", "organization", "person", "document"))):
        if key in paths:
            return paths[key]
    return None


def render_body(corpus: Corpus, art: Article, paths: dict[Key, str], url: Linker) -> list[str]:
    """The body blocks, the first mention of each term and entity linked to its page.

    Headings are Markdown; paragraphs and captions are HTML blocks with the
    links' URLs already relative to the page (``url``), so Python-Markdown
    passes them through (issue 16).  Only paragraphs of plain-text seeds carry
    links (headings, captions and sanitised Markdown seeds carry none); the
    visible text is unchanged (see :mod:`urbankb.render.inline`).  Each
    paragraph of a plain-text seed gets its permalink id and ¶ link
    (:mod:`urbankb.render.permalink`).
    """
    if art.markdown and art.source.strip():
        # rendered whole, so fenced code and loose lists keep their blank lines
        return ['<div class="kb-md">\n' + (art.source_html or sanitize_markdown(art.source)) + "\n</div>"]
    linked = {} if art.markdown else first_mentions(art, lambda key: key in paths)
    anchors = iter(paragraph_ids([b.text for b in art.blocks if b.kind is BlockKind.PARAGRAPH]))
    body = []
    for i, b in enumerate(art.blocks):
        if i in linked:
            spans = [(s, e, url(paths[key]), kpages.link_title(corpus, key)) for s, e, key in linked[i]]
            block = link_html(b.text, spans)
        else:
            block = render_block(art, b.kind, b.text)
        pid = next(anchors) if b.kind is BlockKind.PARAGRAPH else ""
        body.append(anchored(block, pid) if pid and not art.markdown and block else block)
    return body


@dataclass
class RenderContext:
    """What the page generators share: the corpus and the tables made from it once.

    Attributes:
        corpus: the analysed corpus (slugs assigned).
        env: the templates' environment.
        site_title: shown on the home page.
        topic_names: topic id -> name.
        by_id: article id -> article.
        coll_slugs: collection id -> source page slug, for files that get a source page.
        paths: term and entity key -> page path (:func:`~urbankb.render.knowledge_pages.page_paths`).
        row_ranks: article id -> its place by (date, title), the order term and entity pages list them in
            (:func:`~urbankb.render.knowledge_pages.row_ranks`).
        archives: topic group id -> its year pages, ``(label, year, count)``.
        counts: ``(topic, number of articles)`` in taxonomy order.
        kb: the ``kb.json`` data.
        problems: warnings found while rendering (printed by the caller).
        analyzer: the build's analyzer (segments the texts the analysis did not: hand-written pages, names).
        search: the search ranking weights.
        hand_written: Markdown pages in docs/ that urbankb did not generate, path -> text.
        directory_urls: the site's ``use_directory_urls`` (MkDocs): the URLs generated HTML links with.
        link_targets: every docs path a generated page links to through :meth:`linker` -> the first page linking to it.
        memo: the previous build's pages, in a long-running process (:class:`~urbankb.render.memo.PageMemo`), or None.
    """

    corpus: Corpus
    env: jinja2.Environment
    site_title: str
    topic_names: dict[str, str]
    by_id: dict[str, Article]
    coll_slugs: dict[str, str]
    paths: dict[Key, str]
    row_ranks: dict[str, int] = field(default_factory=dict)
    archives: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    counts: list[tuple] = field(default_factory=list)
    kb: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    analyzer: Any = None
    search: SearchRanking = field(default_factory=SearchRanking)
    hand_written: dict[str, str] = field(default_factory=dict)
    directory_urls: bool = True
    link_targets: dict[str, str] = field(default_factory=dict)
    memo: Any = None

    def linker(self, page: str) -> Linker:
        """Relative URLs from the generated page at docs path ``page`` (:class:`~urbankb.render.urls.Linker`),
        each target noted in :attr:`link_targets`."""
        return Linker(page, self.directory_urls, self.link_targets)


def render_context(corpus: Corpus, site_title: str = SITE_TITLE, directory_urls: bool = True) -> RenderContext:
    """The shared tables of one rendering (see :class:`RenderContext`)."""
    ctx = RenderContext(
        directory_urls=directory_urls,
        corpus=corpus,
        env=_env(),
        site_title=site_title,
        topic_names={t.id: t.name for t in corpus.topics},
        by_id={a.id: a for a in corpus.articles},
        coll_slugs={c.id: collection_slug(c) for c in corpus.collections.values() if has_source_page(c)},
        paths=kpages.page_paths(corpus),
        row_ranks=kpages.row_ranks(corpus.articles),
    )
    for gid, _name, members in nav_groups(corpus, first_only=False):
        ctx.archives[gid] = [(year_label(y), y, len(v)) for y, v in year_pages(members).items()]
    for topic in corpus.topics:
        ctx.counts.append((topic, sum(1 for a in corpus.articles if any(t.topic == topic.id for t in a.topics))))
    ctx.kb = kb_json(corpus, directory_urls)
    return ctx


def topic_year_pages(ctx: RenderContext) -> dict[str, str]:
    """``topics/<id>/<year>.md``: a large topic's articles of one year, by month."""
    files = {}
    for gid, name, members in nav_groups(ctx.corpus, first_only=False):
        for year, items in year_pages(members).items():
            months: dict[str, list[Article]] = {}
            for a in items:
                month = a.date[5:7]
                months.setdefault(f"{int(month)}月" if month.isdigit() else "未注明月份", []).append(a)
            page = f"topics/{gid}/{year}.md"
            files[page] = ctx.env.get_template("topic_year.md.j2").render(
                name=name,
                gid=gid,
                year=year_label(year),
                months=months,
                topic_names=ctx.topic_names,
                others=ctx.archives[gid],
                url=ctx.linker(page),
            )
    return files


def article_pages(ctx: RenderContext) -> Iterator[tuple[str, str]]:
    """``articles/<slug>.md``: one page per article, then the pages' own assets, as ``(path, text)`` pairs made one at a time."""
    corpus = ctx.corpus
    archive_years = {gid: {y for _label, y, _n in years} for gid, years in ctx.archives.items()}
    for art in corpus.articles:
        collection = corpus.collections[art.collection]
        related = [(ctx.by_id[rid], score, _reasons(reasons, ctx.topic_names)) for rid, score, reasons in art.related if rid in ctx.by_id]
        keyword_pages = [_keyword_page(k, ctx.paths) for k, _ in art.keywords]
        entities = kpages.article_entities(corpus, art)
        coll_slug = ctx.coll_slugs.get(collection.id, "")

        inputs = _article_inputs(ctx, art, related, keyword_pages, entities, coll_slug, archive_years) if ctx.memo is not None else None
        make = functools.partial(_article_page, ctx, art, collection, related, keyword_pages, entities, coll_slug, archive_years)
        yield f"articles/{art.slug}.md", Deferred(inputs, make)
    yield from article_assets().items()


def _article_page(
    ctx: RenderContext, art: Article, collection: Collection, related, keyword_pages, entities, coll_slug: str, archive_years, url: Linker
) -> str:
    """The text of an article's page (:func:`article_pages` made the lists it shows), its links made with ``url``."""
    return ctx.env.get_template("article.md.j2").render(
        art=art,
        description=page_description(art.summary or art.title),
        citation=cite(art, collection),
        tags=[ctx.topic_names[t.topic] for t in art.topics],
        meta=_meta(art),
        topic_names=ctx.topic_names,
        body=render_body(ctx.corpus, art, ctx.paths, url),
        keywords=list(zip(_written(ctx, art), keyword_pages, strict=True)),
        entities=entities,
        collection=collection,
        collection_slug=coll_slug,
        related=related,
        archive_years=archive_years,
        year=_year_key(art),
        year_label=year_label(_year_key(art)),
        url=url,
    )


def _article_inputs(ctx: RenderContext, art: Article, related, keyword_pages, entities, coll_slug: str, archive_years) -> tuple | None:
    """What an article page shows besides the article's own analysis, with the analysis' fingerprint
    (:attr:`Article.fingerprint`: the seed file's bytes and settings): the page's
    :class:`~urbankb.render.memo.Deferred` inputs, or None when the article has no fingerprint."""
    if not art.fingerprint:
        return None
    keys = dict.fromkeys(key for _b, _s, _e, key in art.mentions)
    links = [(key, ctx.paths[key], kpages.link_title(ctx.corpus, key)) for key in keys if key in ctx.paths]
    year = _year_key(art)
    return (
        art.fingerprint,
        art.slug,
        art.keywords,
        art.mentions,
        links,
        keyword_pages,
        entities,
        [(other.slug, other.title, reasons) for other, _score, reasons in related],
        [(t.topic, ctx.topic_names[t.topic], year in archive_years.get(t.topic, ())) for t in art.topics],
        coll_slug,
        ctx.directory_urls,
    )


#: the article pages' own script and styles (copy buttons, ¶ links), in the package and in docs/
ARTICLE_ASSETS = {"assets/urbankb/article.js": "article.js", "assets/urbankb/article.css": "article.css"}


def article_assets() -> dict[str, str]:
    """The article pages' script and styles (:data:`ARTICLE_ASSETS`), read from the package's ``assets/``."""
    folder = resources.files("urbankb") / "assets"
    return {site: (folder / own).read_text(encoding="utf-8") for site, own in ARTICLE_ASSETS.items()}


#: longest meta description, in characters (search engines show about this much of a Chinese one)
DESCRIPTION_CHARS = 120


def page_description(text: str) -> str:
    """A page's meta description from plain ``text``: blanks collapsed, cut at :data:`DESCRIPTION_CHARS`
    with an ellipsis, HTML-escaped (MkDocs' theme prints it into an attribute unescaped)."""
    text = " ".join(text.split())
    if len(text) > DESCRIPTION_CHARS:
        text = text[: DESCRIPTION_CHARS - 1] + "…"
    return html.escape(text, quote=True)


def topic_pages(ctx: RenderContext) -> dict[str, str]:
    """``topics/<id>/index.md`` per topic, and ``topics/index.md``."""
    files = {}
    corpus = ctx.corpus
    term_counts = kpages.topic_term_counts(corpus)
    for topic, total in ctx.counts:
        members = [a for a in corpus.articles if any(t.topic == topic.id for t in a.topics)]
        best = sorted(members, key=lambda a: -next(t.score for t in a.topics if t.topic == topic.id))[:TOPIC_PAGE_LIMIT]
        chosen = {a.id for a in best}
        page = f"topics/{topic.id}/index.md"
        files[page] = ctx.env.get_template("topic.md.j2").render(
            topic=topic,
            articles=reading_order([a for a in members if a.id in chosen]),
            total=total,
            years=ctx.archives.get(topic.id, []),
            score_of=lambda a, tid=topic.id: next(t.score for t in a.topics if t.topic == tid),
            indicators=sorted(topic.terms.items(), key=lambda kv: (-kv[1], kv[0]))[:40],
            term_chart=kpages.topic_chart(term_counts.get(topic.id, []), ctx.linker(page)),
            url=ctx.linker(page),
        )
    untagged = sum(1 for a in corpus.articles if not a.topics)
    files["topics/index.md"] = ctx.env.get_template("topics_index.md.j2").render(
        topics=ctx.counts, untagged=untagged, untagged_years=ctx.archives.get(UNTAGGED, [])
    )
    return files


def source_pages(ctx: RenderContext) -> dict[str, str]:
    """``sources/<slug>.md`` per seed file that gets one (:func:`has_source_page`), and ``sources/index.md``."""
    files = {}
    collections = sorted(ctx.corpus.collections.values(), key=lambda c: c.seed)
    for c in collections:
        # the page a source links to: its own, or the one article of a plain single-article file
        slug = ctx.coll_slugs.get(c.id, "")
        if not slug:
            continue
        meta = _masthead(c)
        intro = [("## " if b.kind is BlockKind.HEADING else "") + md_text(b.text) for b in c.intro]
        files[f"sources/{slug}.md"] = ctx.env.get_template("source.md.j2").render(
            collection=c,
            kind_name=KIND_NAMES.get(c.kind, c.kind),
            meta=meta,
            intro=intro,
            articles=[ctx.by_id[i] for i in c.article_ids if i in ctx.by_id],
            repairs=sorted(c.repairs.items()),
            layout=c.layout,
            place=PLACE_UNITS.get(Path(c.seed).suffix.lower(), "行"),
            original=f"original/{slug}.md" if c.text else "",
            rel="../",
        )
    files.update(original_pages(ctx, collections))
    listed = [(c, ctx.coll_slugs.get(c.id, ""), source_link(ctx, c)) for c in collections]
    # an HTML table (Python-Markdown's own markup for the Markdown table it was): a row per seed file, which
    # Python-Markdown's table and link patterns took 0.3 s to convert at 1,000 files, in every build and preview
    files["sources/index.md"] = ctx.env.get_template("sources_index.md.j2").render(
        collections=listed,
        kind_names=KIND_NAMES,
        original_slugs={c.id: collection_slug(c) for c in collections},
        url=ctx.linker("sources/index.md"),
    )
    return files


def original_path(collection: Collection) -> str:
    """Path in docs/ of a seed file's original-text view (原文对照), ``sources/original/<slug>.md``."""
    return f"sources/original/{collection_slug(collection)}.md"


def original_pages(ctx: RenderContext, collections: list[Collection]) -> dict[str, str]:
    """``sources/original/<slug>.md`` per seed file whose reader kept its text: the text as extracted beside
    the repaired articles, each repair marked (see :mod:`urbankb.render.original`)."""
    files = {}
    for c in collections:
        if not c.text:
            continue
        slug = ctx.coll_slugs.get(c.id, "")
        files[original_path(c)] = ctx.env.get_template("source_original.md.j2").render(
            collection=c,
            rows=original.original_rows(c, [ctx.by_id[i] for i in c.article_ids if i in ctx.by_id]),
            counts=original.repair_counts(c),
            legend=original.LEGEND,
            back=f"../{slug}.md" if slug else f"../../articles/{ctx.by_id[c.article_ids[0]].slug}.md",
        )
    return files


#: what a layout block's ``line`` counts in a seed of each format (a text's lines by default)
PLACE_UNITS = {".pdf": "页", ".docx": "段"}


def source_link(ctx: RenderContext, collection: Collection) -> str:
    """The docs path of the page a source links to from ``sources/``: its own, or the one article of a plain
    single-article file."""
    slug = ctx.coll_slugs.get(collection.id, "")
    return f"sources/{slug}.md" if slug else f"articles/{ctx.by_id[collection.article_ids[0]].slug}.md"


def home_page(ctx: RenderContext) -> dict[str, str]:
    """``index.md``: counts, charts and the latest articles."""
    corpus = ctx.corpus
    latest = reading_order(corpus.articles)[:LATEST_N]
    page = ctx.env.get_template("home.md.j2").render(
        site_title=ctx.site_title,
        n_articles=len(corpus.articles),
        n_sources=len(corpus.collections),
        topics=ctx.counts,
        latest=latest,
        topic_names=ctx.topic_names,
        charts=kpages.home_charts(corpus, ctx.counts, ctx.linker("index.md")),
        n_terms=len(corpus.terms),
        n_entities=len(corpus.entities),
    )
    return {"index.md": page}


def kb_file(ctx: RenderContext) -> dict[str, str]:
    """``kb.json``, the machine-readable knowledge base."""
    # compact: json's C encoder serves only calls without indent (5x faster on thousands of articles)
    return {"kb.json": json.dumps(ctx.kb, ensure_ascii=False, separators=(",", ":")) + "\n"}


def kb_json(corpus: Corpus, directory_urls: bool = True) -> dict:
    """The machine-readable knowledge base (schema 1, see the README)."""
    slugs = {a.id: a.slug for a in corpus.articles}
    return {
        "schema": 1,
        "articles": [
            {
                "id": a.id,
                "title": a.title,
                "url": page_url(f"articles/{a.slug}.md", directory_urls),
                "seed": a.seed,
                "line": a.line,
                "collection": a.collection,
                "publication": a.publication,
                "issue": a.issue,
                "date": a.date,
                "authors": a.authors,
                "reporters": a.reporters,
                "correspondents": a.correspondents,
                "speaker": a.speaker,
                "affiliation": a.affiliation,
                "topics": [t.topic for t in a.topics],
                "topic_scores": a.topic_scores,
                "topic_evidence": {t.topic: [[term, n] for term, n in t.evidence] for t in a.topics},
                "keywords": [k for k, _ in a.keywords],
                "entities": {t: a.entities.get(t, []) for t in ("person", "organization", "place", "document")},
                "related": [{"id": rid, "score": s} for rid, s, _ in a.related],
                "chars": a.chars,
                "traditional": a.traditional,
                "citation": _kb_citation(a, corpus.collections.get(a.collection)),
            }
            for a in corpus.articles
        ],
        "topics": [
            {
                "id": t.id,
                "name": t.name,
                "description": t.description,
                "url": page_url(f"topics/{t.id}/index.md", directory_urls),
                "articles": [a.id for a in corpus.articles if any(tag.topic == t.id for tag in a.topics)],
            }
            for t in corpus.topics
        ],
        "sources": [
            {
                "id": c.id,
                "seed": c.seed,
                "title": c.title,
                "kind": c.kind,
                "url": page_url(
                    f"sources/{collection_slug(c)}.md" if has_source_page(c) else f"articles/{slugs[c.article_ids[0]]}.md", directory_urls
                ),
                "articles": c.article_ids,
            }
            for c in sorted(corpus.collections.values(), key=lambda c: c.seed)
        ],
        "terms": kpages.kb_terms(corpus, directory_urls),
        "entities": kpages.kb_entities(corpus, directory_urls),
    }


def _kb_citation(art: Article, collection: Collection | None) -> dict:
    """An article's citation in ``kb.json``: GB/T 7714 type code, reference and BibTeX (:func:`urbankb.render.cite.cite`)."""
    c = cite(art, collection)
    return {"kind": c.kind, "gbt7714": c.gbt7714, "bibtex": c.bibtex}


#: a topic with more articles than this is listed in the navigation by its year pages
NAV_GROUP_LIMIT = 30
#: group id of the articles no topic fits (their year pages live under topics/_untagged/)
UNTAGGED = "_untagged"
#: a topic page lists this many best-matching articles; year pages list them all
TOPIC_PAGE_LIMIT = 50


def nav_groups(corpus: Corpus, first_only: bool = True) -> list[tuple[str, str, list[Article]]]:
    """Articles by topic, as ``(group id, name, articles)``, the untagged ones last under :data:`UNTAGGED`.

    Args:
        first_only: group by first topic only (each article once, as in the
            navigation); else an article is in the group of each of its topics.
    """
    groups: dict[str, list[Article]] = {t.id: [] for t in corpus.topics}
    other: list[Article] = []
    for art in corpus.articles:
        tags = [t.topic for t in art.topics if t.topic in groups]
        for tag in tags[:1] if first_only else tags:
            groups[tag].append(art)
        if not tags:
            other.append(art)
    out = [(t.id, t.name, groups[t.id]) for t in corpus.topics]
    if other:
        out.append((UNTAGGED, "其他", other))
    return out


def year_pages(articles: list[Article]) -> dict[str, list[Article]]:
    """A large group's articles by year (newest first), or ``{}`` for a group small enough to list in the navigation."""
    if len(articles) <= NAV_GROUP_LIMIT:
        return {}
    years: dict[str, list[Article]] = {}
    for a in reading_order(articles):
        years.setdefault(_year_key(a), []).append(a)
    return years


def _year_key(art: Article) -> str:
    """The year page an article is listed on: its year, or ``undated``."""
    return art.date[:4] if art.date[:4].isdigit() else "undated"


def year_label(year: str) -> str:
    """How a year page is named: ``2025年``, or 未注明日期."""
    return f"{year}年" if year.isdigit() else "未注明日期"


def build_nav(corpus: Corpus) -> list:
    """Navigation grouped by each article's first topic.

    A group of at most :data:`NAV_GROUP_LIMIT` articles lists them; a
    larger one lists its year pages instead (``topics/<id>/<year>.md``,
    as Material's blog plugin lists archive pages, not posts): every page
    of the site repeats the navigation, so thousands of articles in it
    would make each page hundreds of kilobytes.
    """
    nav: list = [{"首页": "index.md"}]
    topic_sections: list = [{"主题总览": "topics/index.md"}]
    archived = {gid: year_pages(members) for gid, _name, members in nav_groups(corpus, first_only=False)}
    for gid, name, members in nav_groups(corpus):
        years = archived.get(gid)
        if years:
            entries = [{year_label(y): f"topics/{gid}/{y}.md"} for y in years]
        else:
            entries = _nav_articles(members)
        first = [f"topics/{gid}/index.md"] if gid != UNTAGGED else []
        topic_sections.append({_nav_title(name): [*first, *entries]})
    nav.append({"主题": topic_sections})
    pages = [c for c in sorted(corpus.collections.values(), key=lambda c: c.seed) if has_source_page(c)]
    # past NAV_GROUP_LIMIT the sources index alone stands for them
    listed = pages if len(pages) <= NAV_GROUP_LIMIT else []
    nav.append(
        {
            "来源": [
                "sources/index.md",
                *[{_nav_title(shorten(c.title, NAV_SOURCE_CHARS)): f"sources/{collection_slug(c)}.md"} for c in listed],
            ]
        }
    )
    # knowledge pages: only the index pages (hundreds of term and entity pages never go flat into the nav)
    nav.append({"术语": ["terms/index.md"]})
    nav.append({"实体": ["entities/index.md", *[{name: f"entities/{t}/index.md"} for t, name in kpages.TYPE_NAMES.items()]]})
    nav.append({"图谱": "graph/index.md"})
    return nav


#: a source title in the navigation is cut to this many characters (the ellipsis included)
NAV_SOURCE_CHARS = 24


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending with an ellipsis (…) when cut.

    >>> shorten("第八届大都市规划国际咨询会专家发言摘录", 10)
    '第八届大都市规划国…'
    """
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _nav_title(title: str) -> str:
    """A nav title: MkDocs themes print it unescaped, so seed text is HTML-escaped here."""
    return html.escape(title, quote=False)


def reading_order(articles: list[Article]) -> list[Article]:
    """Newest first; articles of the same date (the talks of a compilation, the reports of a page) in source order.

    ``articles`` must be in source order (seed file, then file order, as
    :attr:`~urbankb.model.Corpus.articles` is): Python's sort is stable also
    with ``reverse=True``, so equal dates keep that order.  Undated articles come last.
    """
    return sorted(articles, key=lambda a: a.date or "", reverse=True)


def _nav_articles(articles: list[Article]) -> list:
    ordered = reading_order(articles)
    return [{_nav_title(a.title): f"articles/{a.slug}.md"} for a in ordered]
