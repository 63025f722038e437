"""The search index as a page generator: records of article pages from their
tokens, of hand-written pages from one segmentation of their text.

See :mod:`urbankb.render.search` for the index itself.
"""

from __future__ import annotations

from functools import lru_cache

import frontmatter
import markdown
import yaml
from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique as toc_unique

from ..artifacts import SOURCE_PATH
from ..model import Article, BlockKind
from .pages import RenderContext
from .search import IndexBuilder, IndexMemo, PageRecord, Section, html_sections

#: the Markdown extensions hand-written pages are read with (those of the shipped mkdocs.yml)
HAND_WRITTEN_EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "admonition"]


def search_index(ctx: RenderContext) -> dict[str, str]:
    """:data:`~urbankb.render.search.SOURCE_PATH`: every article page and every hand-written
    page not marked ``search: exclude: true``, scored (nothing when there is no analyzer)."""
    analyzer = ctx.analyzer
    if analyzer is None:
        return {}
    memo = None
    if ctx.memo is not None:  # a long-running process: the index's words and unchanged pages' counts are kept
        memo = ctx.memo.kept.get("search index")
        if not isinstance(memo, IndexMemo) or memo.ranking != ctx.search:
            memo = ctx.memo.kept["search index"] = IndexMemo(ctx.search)
    builder = IndexBuilder(analyzer.stopwords - set(analyzer.terms), analyzer.has_word, ctx.search, memo)
    names = _Segmenter(analyzer)
    for art in ctx.corpus.articles:
        builder.add(article_record(art, [ctx.topic_names[t.topic] for t in art.topics], names, ctx.search.article_boost))
    for path, text in sorted(ctx.hand_written.items()):
        record = hand_written_record(path, text, names)
        if record is not None:
            builder.add(record)
    return {SOURCE_PATH: builder.to_json() + "\n"}


class _Segmenter:
    """Segments the few texts the analysis did not (names, topic names, hand-written pages), once each."""

    def __init__(self, analyzer):
        self.analyzer = analyzer
        self.cut = lru_cache(maxsize=4096)(self._cut)

    def _cut(self, text: str, traditional: bool = False) -> tuple[str, ...]:
        return tuple(self.analyzer.cut(self.analyzer.simplify(text) if traditional else text))


def heading_ids(titles: list[str]) -> list[str]:
    """The ids Python-Markdown's ``toc`` extension (MkDocs' default) gives a page's headings, in order."""
    used: set[str] = set()
    return [toc_unique(toc_slugify(title, "-"), used) for title in titles]


def article_record(art: Article, tags: list[str], names: _Segmenter, boost: float) -> PageRecord:
    """The search record of an article page, from the tokens the analysis made.

    The page head's affiliation, publication and issue count as
    text of the page.  Sections start at the body's headings in a plain-text seed (a ``.md``
    seed's body is one HTML block whose headings have no ids); the anchors are
    the ids MkDocs gives them (:func:`heading_ids`, the page title first).
    """
    sectioned = not art.markdown
    headings = [b.text for b in art.blocks if b.kind is BlockKind.HEADING] if sectioned else []
    anchors = iter(heading_ids([art.title, *headings])[1:])
    first = Section("", art.title, title_words=art.title_tokens)
    sections = [first]
    for i, block in enumerate(art.blocks):
        words = art.tokens[i] if i < len(art.tokens) else []
        visible = art.visible[i] if i < len(art.visible) else block.text
        if block.kind is BlockKind.HEADING and sectioned:
            sections.append(Section(next(anchors), block.text, title_words=words))
            continue
        sections[-1].blocks.append(" ".join(visible.split()))
        sections[-1].words.append(words)
    sections = [s for s in sections if s.blocks or not s.anchor]
    # metadata shown in the page head counts as its text: a speaker's affiliation, the publication
    first.words += [list(names.cut(m, art.traditional)) for m in (art.affiliation, art.publication, art.issue) if m.strip()]
    people = [p for p in (art.speaker, *art.authors, *art.reporters, *art.correspondents) if p.strip()]
    return PageRecord(
        path=f"articles/{art.slug}.md",
        title=art.title,
        sections=sections,
        keywords=[[k] for k, _ in art.keywords],
        people=[list(names.cut(p.strip(), art.traditional)) for p in dict.fromkeys(people)],
        tags=[list(names.cut(t)) for t in tags],
        tag_names=tags,
        meta=article_meta(art, tags),
        boost=boost,
        # what the record is made of: the article's analysis (its fingerprint), its page and its topics' names
        key=(art.fingerprint, art.slug, art.keywords, tags, boost) if art.fingerprint else None,
    )


def article_meta(art: Article, tags: list[str]) -> list[tuple[str, str]]:
    """An article's indexed metadata as shown, ``(field label, value)``: keywords, people by role, topics.

    The worker shows the field a query matched in (see :attr:`~urbankb.render.search.PageRecord.meta`).
    """
    pairs = [("关键词", k) for k, _ in art.keywords]
    if art.speaker.strip():
        pairs.append(("发言人", art.speaker.strip()))
    for label, names in (("作者", art.authors), ("记者", art.reporters), ("通讯员", art.correspondents)):
        pairs.extend((label, n.strip()) for n in names if n.strip() and (label != "作者" or n not in art.reporters + art.correspondents))
    for label, value in (("单位", art.affiliation), ("刊物", art.publication)):
        if value.strip():
            pairs.append((label, value.strip()))
    pairs.extend(("主题", t) for t in tags)
    return list(dict.fromkeys(pairs))


def hand_written_record(path: str, text: str, names: _Segmenter) -> PageRecord | None:
    """The search record of a hand-written page (its Markdown rendered by Python-Markdown,
    split at headings, each block segmented once), or None when it asks to be left out
    (``search: exclude: true``)."""
    try:
        page = frontmatter.loads(text)
        meta, body = page.metadata, page.content
    except (yaml.YAMLError, ValueError):
        meta, body = {}, text
    search = meta.get("search") if isinstance(meta.get("search"), dict) else {}
    if search.get("exclude"):
        return None
    html = markdown.markdown(body, extensions=HAND_WRITTEN_EXTENSIONS)
    sections = html_sections(html)
    title = str(meta.get("title") or sections[0].title or path.rsplit("/", 1)[-1].removesuffix(".md"))
    sections[0].title = title
    traditional = names.analyzer.is_traditional(title + "".join(b for s in sections for b in s.blocks[:20]))
    for section in sections:
        section.title_words = list(names.cut(section.title, traditional))
        section.words = [list(names.cut(b, traditional)) for b in section.blocks]
    tags = [str(t) for t in (meta.get("tags") or []) if isinstance(t, str | int | float)]
    try:
        boost = float(search.get("boost", 1.0))
    except (TypeError, ValueError):
        boost = 1.0
    record = PageRecord(path, title, sections, tags=[list(names.cut(t)) for t in tags], tag_names=tags, boost=boost)
    record.key = text  # the page's whole text, read with the same dictionary (a new dictionary clears the memo)
    return record
