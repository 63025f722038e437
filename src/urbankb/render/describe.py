"""A meta description for every generated page that has none.

Article pages set theirs from the article's summary (``article.md.j2``).
The pages of the corpus' other objects are described from the object
(:func:`object_descriptions`): a topic by its description, a term by its
definition or the number of articles using it, an entity by its type, detail
and articles, a source file by its kind and articles, a year page by its
topic, year and count.  Any other page (the indexes) gets the first
paragraph of running text after its title, rendered with Python-Markdown and
reduced to its text, cut at the first full stop; a page with no such
paragraph is described by its title and the site's name.  All are cut at
:data:`~urbankb.render.pages.DESCRIPTION_CHARS`.

The description is a ``description`` front-matter key, which mkdocs-material
and Zensical print as ``<meta name="description">`` (the site-wide
``site_description`` otherwise).
"""

from __future__ import annotations

import html
import re

import markdown
import yaml

from ..escape import yaml_str
from .knowledge_pages import TYPE_NAMES, display_name, entity_key, term_key
from .pages import KIND_NAMES, RenderContext, nav_groups, original_path, page_description, year_label, year_pages

#: a front matter block at the start of a page
_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
#: lines that start something other than running text: headings, HTML, lists, tables, quotes, rules, attribute lists
_NOT_PROSE = re.compile(r"^\s*(#|<|\||[-*+]\s|\d+\.\s|>|---|\{|!\[|```)")
_TAGS = re.compile(r"<[^>]+>")
#: a sentence end (a description ends at the first one)
_SENTENCE_END = re.compile(r"[。！？!?]")


class Describer:
    """Adds the ``description`` front-matter key to each generated page, one page at a time.

    ``Describer(ctx)(path, text) -> text``: a Markdown page with front matter but no ``description`` gets one — the
    object's own (:func:`object_descriptions`), else the page's first prose, else its title and the site's; any other
    file comes back unchanged.
    """

    def __init__(self, ctx: RenderContext):
        self.known = object_descriptions(ctx)
        self.site_title = ctx.site_title

    def __call__(self, path: str, text: str) -> str:
        if not path.endswith(".md"):
            return text
        front = _FRONT.match(text)
        if front is None or re.search(r"^description:", front[1], re.M):
            return text
        title = re.search(r"^title:\s*(.*)$", front[1], re.M)
        body = text[front.end() :]
        description = self.known.get(path) or first_prose(body) or f"{_unquote(title[1]) if title else ''} · {self.site_title}".lstrip(" ·")
        return f"---\n{front[1]}\ndescription: {yaml_str(page_description(description))}\n---\n{body}"


def _count(n: int) -> str:
    return f"{n} 篇文章"


def object_descriptions(ctx: RenderContext) -> dict[str, str]:
    """Page path in docs/ -> description (plain text), for the pages of topics, year pages, sources, terms and entities."""
    corpus = ctx.corpus
    out: dict[str, str] = {
        "topics/index.md": f"{len(ctx.counts)} 个主题：" + "、".join(f"{t.name}（{n}）" for t, n in ctx.counts),
        "sources/index.md": f"{len(corpus.collections)} 个源文件，{_count(len(corpus.articles))}："
        + "、".join(dict.fromkeys(KIND_NAMES.get(c.kind, c.kind) for c in sorted(corpus.collections.values(), key=lambda c: c.seed))),
    }
    for type_, name in TYPE_NAMES.items():
        n = sum(1 for e in corpus.entities.values() if e.type == type_)
        out[f"entities/{type_}/index.md"] = f"{name}：文章中识别出的 {n} 个{name}，按出现的文章数排列。"
    for topic, n in ctx.counts:
        out[f"topics/{topic.id}/index.md"] = f"{topic.name}：{topic.description}（{_count(n)}）"
    for gid, name, members in nav_groups(corpus, first_only=False):
        for year, items in year_pages(members).items():
            out[f"topics/{gid}/{year}.md"] = f"{name} · {year_label(year)}：{_count(len(items))}，按月份排列。"
    for c in corpus.collections.values():
        slug = ctx.coll_slugs.get(c.id)
        if slug:
            titles = "、".join(ctx.by_id[i].title for i in c.article_ids[:3] if i in ctx.by_id)
            out[f"sources/{slug}.md"] = f"{KIND_NAMES.get(c.kind, c.kind)}《{c.title}》（{c.seed}），{_count(len(c.article_ids))}：{titles}"
        out[original_path(c)] = f"《{c.title}》（{c.seed}）的原文对照：抽取出的文字逐行与修复后的文章并排，每处修复都标出。"
    for term in corpus.terms.values():
        path = ctx.paths.get(term_key(term))
        if path:
            about = term.definition or f"出现在 {_count(len(term.occurrences))}中的术语"
            out[path] = f"术语“{term.term}”：{about}"
    for ent in corpus.entities.values():
        path = ctx.paths.get(entity_key(ent))
        if path:
            detail = f"（{ent.detail}）" if ent.detail else ""
            out[path] = f"{TYPE_NAMES.get(ent.type, ent.type)}：{display_name(ent)}{detail}，出现在 {_count(len(ent.occurrences))}中。"
    return out


def first_prose(body: str) -> str:
    """The first sentence of the first paragraph of running text in Markdown ``body``, as plain text, or ``""``."""
    for block in re.split(r"\n\s*\n", body):
        lines = block.strip().splitlines()
        if not lines or any(_NOT_PROSE.match(line) for line in lines[:1]):
            continue
        text = html.unescape(_TAGS.sub("", markdown.markdown(" ".join(lines), extensions=["attr_list"])))
        text = " ".join(text.split())
        if len(text) < 4:
            continue
        end = _SENTENCE_END.search(text)
        return text[: end.end()] if end else text
    return ""


def _unquote(value: str) -> str:
    """A title front-matter value as text (the templates write it as a double-quoted YAML scalar of escaped HTML)."""
    try:
        loaded = yaml.safe_load(value)
    except yaml.YAMLError:
        loaded = value
    return html.unescape(str(loaded))
