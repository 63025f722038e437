"""Term, entity and graph pages, charts, and the ``kb.json`` sections they add.

Page generators of :data:`urbankb.render.PAGES`; they return file contents, never write.
"""

from __future__ import annotations

import functools
import html
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..escape import plain_text
from ..knowledge import Quote
from ..knowledge.entities import ENTITY_TYPES, TYPE_NAMES
from ..model import Article, Corpus, Entity, Key, Term
from . import charts
from .graph import VendorError, graph_data_js, vendored_assets
from .memo import Deferred
from .urls import Linker, page_url

if TYPE_CHECKING:
    from .pages import RenderContext

#: how many top entities of each type the overview shows
TOP_PER_TYPE = 8
#: how many terms a topic page charts
TOPIC_TOP_TERMS = 12
#: how many co-occurring entities an entity page lists
TOGETHER_N = 12


def term_key(term: Term) -> Key:
    """Key of a term in the page-path table."""
    return Key.term(term.term)


def entity_key(entity: Entity) -> Key:
    """Key of an entity in the page-path table."""
    return Key.entity(entity.type, entity.name)


def page_paths(corpus: Corpus) -> dict[Key, str]:
    """Key -> page path relative to the docs folder (``terms/x.md``, ``entities/person/y.md``)."""
    paths = {term_key(t): f"terms/{t.slug}.md" for t in corpus.terms.values()}
    paths.update({entity_key(e): f"entities/{e.type}/{e.slug}.md" for e in corpus.entities.values()})
    return paths


def link_title(corpus: Corpus, key: Key) -> str:
    """Tooltip of an in-text link: the definition of a term, the type (and detail) of an entity."""
    if key.kind == "term":
        term = corpus.terms.get(key.name)
        if term and term.definition:
            return "术语：" + term.definition[:80]
        return "术语"
    ent = corpus.entities.get((key.type, key.name))
    label = TYPE_NAMES.get(key.type, key.type)
    return f"{label}：{ent.detail[:60]}" if ent and ent.detail else label


def display_name(entity: Entity) -> str:
    """How an entity is shown: documents in 《》, other entities as named."""
    return f"《{entity.name}》" if entity.type == "document" else entity.name


def kwic_html(line: str, forms: list[str]) -> str:
    """A KWIC line as HTML, the first (longest) occurrence of a form highlighted with ``<mark>``."""
    line = plain_text(line)
    best = None
    for form in sorted(forms, key=len, reverse=True):
        pos = line.find(form)
        if pos >= 0 and (best is None or pos < best[0]):
            best = (pos, pos + len(form))
    if best is None:
        return html.escape(line, quote=False)
    s, e = best
    return (
        html.escape(line[:s], quote=False) + "<mark>" + html.escape(line[s:e], quote=False) + "</mark>" + html.escape(line[e:], quote=False)
    )


#: a term or entity page quotes this many articles in context (KWIC) ...
KWIC_ROWS = 20
#: ... and lists this many in all; the full counts stay in the page head and kb.json
LISTED_ROWS = 100


def row_ranks(articles: list[Article]) -> dict[str, int]:
    """Each article's place in the order of (date, title) — equal pairs share one — for :func:`_rows`."""
    keys = {a.id: (a.date or "", a.title) for a in articles}
    place = {key: r for r, key in enumerate(sorted(set(keys.values())))}
    return {aid: place[key] for aid, key in keys.items()}


def _rows(
    occurrences: dict[str, tuple[int, str | Quote]], forms: list[str], by_id: dict[str, Article], ranks: dict[str, int]
) -> tuple[list, int, int]:
    """The articles a term or entity page lists, most mentions first, then by date and title (``ranks``:
    :func:`row_ranks`), then in the order of ``occurrences``.

    Returns:
        ``(rows, articles, mentions)``: at most :data:`LISTED_ROWS` rows of
        ``(article, count, KWIC HTML)`` (KWIC only in the first
        :data:`KWIC_ROWS`, ``""`` after), and the totals over every article.
    """
    # plain tuples, no key function: a term of a large base is in thousands of articles
    found = sorted([(-n, ranks[aid], i, aid) for i, (aid, (n, _line)) in enumerate(occurrences.items()) if aid in by_id])
    rows = []
    for i, (minus_n, _rank, _i, aid) in enumerate(found[:LISTED_ROWS]):
        line = occurrences[aid][1]
        rows.append((by_id[aid], -minus_n, kwic_html(str(line), forms) if line and i < KWIC_ROWS else ""))
    return rows, len(found), -sum(minus_n for minus_n, _r, _i, _a in found)


def _page_text(template, fields: dict, url: Linker) -> str:
    """A term or entity page: ``template`` rendered with ``fields``, its links made with ``url``."""
    return template.render(**fields, url=url)


def _shown_rows(rows: list) -> list[tuple[str, str, int, str]]:
    """What a term or entity page shows of its :func:`_rows`: each article's slug and title, count and KWIC line."""
    return [(art.slug, art.title, n, line) for art, n, line in rows]


def term_pages(ctx: RenderContext) -> Iterator[tuple[str, str]]:
    """``terms/<slug>.md`` per term and ``terms/index.md`` (grouped by topic), as ``(path, text)`` pairs made one at a time."""
    corpus, env, by_id = ctx.corpus, ctx.env, ctx.by_id
    topics = {t.id: t for t in corpus.topics}
    keyword_terms = {k for a in corpus.articles for k, _ in a.keywords}
    for term in corpus.terms.values():
        rows, n_articles, total = _rows(term.occurrences, [term.term, *term.aliases], by_id, ctx.row_ranks)
        topic = topics.get(term.topic)
        source = "keyword" if term.term in keyword_terms and not term.definition else ""
        shown = dict(term=term, topic=topic, rows=rows, n_articles=n_articles, total=total, source=source)
        make = functools.partial(_page_text, env.get_template("term.md.j2"), shown)
        inputs = None
        if ctx.memo is not None:  # what the page shows (rows: their articles' slugs and titles, counts, KWIC lines)
            held = (term.term, term.slug, term.definition, term.aliases, topic and (topic.id, topic.name), source)
            inputs = (held, _shown_rows(rows), n_articles, total, ctx.directory_urls)
        yield f"terms/{term.slug}.md", Deferred(inputs, make)
    groups = []
    for topic in corpus.topics:
        items = sorted((t for t in corpus.terms.values() if t.topic == topic.id), key=lambda t: (-len(t.occurrences), t.term))
        if items:
            groups.append((f"{topic.name}（{len(items)}）", topic.id, items))
    rest = sorted((t for t in corpus.terms.values() if t.topic not in topics), key=lambda t: (-len(t.occurrences), t.term))
    if rest:
        groups.append((f"其他（{len(rest)}）", "other", rest))
    yield (
        "terms/index.md",
        env.get_template("terms_index.md.j2").render(n_terms=len(corpus.terms), groups=groups, url=ctx.linker("terms/index.md")),
    )


def entity_pages(ctx: RenderContext) -> Iterator[tuple[str, str]]:
    """``entities/<type>/<slug>.md`` per entity, an index per type and ``entities/index.md``, as ``(path, text)`` pairs
    made one at a time."""
    corpus, env, by_id, paths = ctx.corpus, ctx.env, ctx.by_id, ctx.paths
    collections = {c.id: {"title": c.title, "slug": ctx.coll_slugs[c.id]} for c in corpus.collections.values() if c.id in ctx.coll_slugs}
    cooccur = _cooccurrence(corpus)
    speeches: dict[str, list[Article]] = {}  # speaker -> their talks, in corpus order
    for art in corpus.articles:
        if art.speaker.strip():
            speeches.setdefault(art.speaker.strip(), []).append(art)
    for ent in corpus.entities.values():
        rows, n_articles, _total = _rows(ent.occurrences, [ent.name, *ent.aliases], by_id, ctx.row_ranks)
        talks = speeches.get(ent.name, []) if ent.type == "person" else []
        together = [(label, paths[key]) for key, label in cooccur.get(entity_key(ent), []) if key in paths]
        shown = dict(
            entity=ent,
            display=display_name(ent),
            type_name=TYPE_NAMES[ent.type],
            rows=rows,
            n_articles=n_articles,
            talks=talks,
            collections=collections,
            together=together,
        )
        make = functools.partial(_page_text, env.get_template("entity.md.j2"), shown)
        inputs = None
        if ctx.memo is not None:  # what the page shows; a talk shows its article and the source it is collected in
            held = (ent.name, ent.type, ent.slug, ent.detail, ent.aliases, shown["display"])
            talked = [(a.slug, a.title, a.collection, collections.get(a.collection)) for a in talks]
            inputs = (held, _shown_rows(rows), n_articles, talked, together, ctx.directory_urls)
        yield f"entities/{ent.type}/{ent.slug}.md", Deferred(inputs, make)
    overview = []
    for type_ in ENTITY_TYPES:
        members = sorted((e for e in corpus.entities.values() if e.type == type_), key=lambda e: (-len(e.occurrences), e.name))
        rows = [{"label": display_name(e), "slug": e.slug, "detail": e.detail, "n": len(e.occurrences)} for e in members]
        overview.append((type_, TYPE_NAMES[type_], len(members), rows[:TOP_PER_TYPE]))
        page = f"entities/{type_}/index.md"
        yield (
            page,
            env.get_template("entities_index.md.j2").render(
                title=TYPE_NAMES[type_], type=type_, types=[], rows=rows, show_detail=type_ == "person", url=ctx.linker(page)
            ),
        )
    yield (
        "entities/index.md",
        env.get_template("entities_index.md.j2").render(
            title="实体", types=overview, rows=[], show_detail=False, url=ctx.linker("entities/index.md")
        ),
    )


def graph_pages(ctx: RenderContext) -> dict[str, str]:
    """``graph/index.md``, its data and the vendored graph library (a problem is noted in ``ctx.problems`` when it is missing)."""
    files: dict[str, str] = {}
    corpus, env = ctx.corpus, ctx.env
    groups_ui = [("article", "文章"), ("topic", "主题"), ("term", "术语"), *((t, TYPE_NAMES[t]) for t in ENTITY_TYPES)]
    files["graph/index.md"] = env.get_template("graph.md.j2").render(
        topics=corpus.topics, groups=groups_ui, url=ctx.linker("graph/index.md")
    )
    files["assets/urbankb/graph-data.js"] = graph_data_js(ctx.kb)
    try:
        files.update(vendored_assets())
    except VendorError as exc:
        ctx.problems.append(str(exc))
    return files


def _cooccurrence(corpus: Corpus) -> dict[str, list[tuple[str, str]]]:
    """Entity key -> other entities sharing the most articles with it, as ``(key, label)``."""
    entities = list(corpus.entities.values())
    keys = [entity_key(ent) for ent in entities]
    per_article: dict[str, list[int]] = {}
    for n, ent in enumerate(entities):
        for aid in ent.occurrences:
            per_article.setdefault(aid, []).append(n)
    out: dict[str, list[tuple[str, str]]] = {}
    for n, ent in enumerate(entities):
        shared: Counter = Counter()
        for aid in ent.occurrences:
            shared.update(per_article.get(aid, ()))
        del shared[n]
        best = sorted(((keys[m], count, m) for m, count in shared.items()), key=lambda t: (-t[1], t[0]))[:TOGETHER_N]
        out[keys[n]] = [(key, display_name(entities[m])) for key, count, m in best if count >= 2 or len(ent.occurrences) == 1]
    return out


def article_entities(corpus: Corpus, art: Article) -> list[tuple[str, list[tuple[str, str]]]]:
    """``(type name, [(label, page path from docs root)])`` per entity type the article mentions."""
    out = []
    for type_ in ENTITY_TYPES:
        items = []
        for name in art.entities.get(type_, []):
            ent = corpus.entities.get((type_, name))
            if ent:
                items.append((display_name(ent), f"entities/{type_}/{ent.slug}.md"))
        if items:
            out.append((TYPE_NAMES[type_], items))
    return out


def kb_terms(corpus: Corpus, directory_urls: bool = True) -> list[dict]:
    """``kb.json`` ``terms``: term, url, topic, articles (ids), definition, aliases."""
    return [
        {
            "term": t.term,
            "url": page_url(f"terms/{t.slug}.md", directory_urls),
            "topic": t.topic,
            "articles": sorted(t.occurrences),
            "definition": t.definition,
            "aliases": t.aliases,
        }
        for t in sorted(corpus.terms.values(), key=lambda t: t.term)
    ]


def kb_entities(corpus: Corpus, directory_urls: bool = True) -> list[dict]:
    """``kb.json`` ``entities``: name, type, url, articles (ids), detail, aliases."""
    return [
        {
            "name": e.name,
            "type": e.type,
            "url": page_url(f"entities/{e.type}/{e.slug}.md", directory_urls),
            "articles": sorted(e.occurrences),
            "detail": e.detail,
            "aliases": e.aliases,
        }
        for e in sorted(corpus.entities.values(), key=lambda e: (ENTITY_TYPES.index(e.type), e.name))
    ]


def home_charts(corpus: Corpus, counts: list, url: Linker) -> list[str]:
    """The home page's charts: articles per topic, articles over time (links relative to the home page, by ``url``)."""
    rows = [(topic.name, n, url(f"topics/{topic.id}/index.md")) for topic, n in counts]
    untagged = sum(1 for a in corpus.articles if not a.topics)
    if untagged:
        rows.append(("未归入主题", untagged, ""))
    out = [charts.bar_chart(rows, "各主题文章数（一篇文章可属两个主题）")]
    timeline = charts.timeline_rows([a.date for a in corpus.articles])
    if timeline:
        out.append(
            charts.bar_chart(timeline, "文章发表时间（按月）" if not any(len(r[0]) == 4 for r in timeline) else "文章发表时间（按年）")
        )
    return [c for c in out if c]


def topic_term_counts(corpus: Corpus) -> dict[str, list[tuple[int, int, str, Term]]]:
    """Per topic id, ``(-articles, -mentions, term, Term)`` of each term its articles use (the articles of the
    topic using it, their mentions), in :attr:`Corpus.terms` order: one pass over every term's occurrences."""
    topics_of = {a.id: {t.topic for t in a.topics} for a in corpus.articles}
    out: dict[str, list[tuple[int, int, str, Term]]] = {}
    for term in corpus.terms.values():
        counts: dict[str, list[int]] = {}
        for aid, (c, _line) in term.occurrences.items():
            for topic in topics_of.get(aid, ()):
                tally = counts.setdefault(topic, [0, 0])
                tally[0] += 1
                tally[1] += c
        for topic, (n, mentions) in counts.items():
            out.setdefault(topic, []).append((-n, -mentions, term.term, term))
    return out


def topic_chart(scored: list[tuple[int, int, str, Term]], url: Linker) -> str:
    """A topic page's chart: its most used terms, by number of the topic's articles using them (``scored``: the
    topic's :func:`topic_term_counts`; links by ``url``)."""
    scored = sorted(scored, key=lambda s: s[:3])
    rows = [(t.term, -n, url(f"terms/{t.slug}.md")) for n, _m, _k, t in scored[:TOPIC_TOP_TERMS]]
    return charts.bar_chart(rows, "本主题文章中最常用的术语（使用它的文章数）")
