"""Atom feeds of the newest articles: ``feed.xml`` for the site, ``topics/<id>/feed.xml`` per topic.

Atom is RFC 4287 (https://www.rfc-editor.org/rfc/rfc4287).  Each feed
lists the :data:`FEED_N` newest dated articles, newest first (articles of
one date in source order); an entry carries the title, the link to the
article page, the date (``published`` and ``updated``), the authors, the
summary (:attr:`urbankb.model.Article.summary`) and one ``category`` per topic
(``term`` the topic id, ``label`` its name).  Undated articles are left out:
Atom requires a date per entry, and a feed orders by it.

Everything is derived from the seeds, so a rebuild gives the same bytes:

- dates are the printed ones, at midnight China Standard Time
  (``2025-12-06T00:00:00+08:00``; a month or a year alone is its first day);
  the feed's ``updated`` is its newest entry's date, never the clock;
- ids are ``urn:uuid:`` UUIDs (RFC 4122 version 5) of the article id, so
  an entry keeps its id across rebuilds and site moves;
- links are relative to the feed file (RFC 4287 §4.2.7.1, resolved against
  the feed's own URL; ``articles/<slug>/`` as in ``kb.json``), since the
  render stage does not know where the site is published.

Made with :mod:`xml.etree.ElementTree` (escaping and namespaces by the standard library).
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET

from ..artifacts import FEED_PATH
from ..model import Article
from .cite import responsible
from .pages import RenderContext
from .urls import page_url

ATOM = "http://www.w3.org/2005/Atom"
#: entries per feed
FEED_N = 20
#: the time zone of a printed date (the seeds are Chinese publications)
TIME_ZONE = "+08:00"
#: the namespace of the entries' UUIDs (version 5, from a name)
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urbankb:")


def feed_pages(ctx: RenderContext) -> dict[str, str]:
    """``feed.xml`` (all articles) and ``topics/<id>/feed.xml`` for each topic with a dated article."""
    files = {FEED_PATH: atom_feed(ctx, ctx.corpus.articles, ctx.site_title, "feed", "", "")}
    for topic in ctx.corpus.topics:
        members = [a for a in ctx.corpus.articles if any(t.topic == topic.id for t in a.topics)]
        if any(atom_date(a.date) for a in members):
            title = f"{topic.name} · {ctx.site_title}"
            files[f"topics/{topic.id}/{FEED_PATH}"] = atom_feed(ctx, members, title, f"topic:{topic.id}", "../../", topic.description)
    return files


def newest(articles: list[Article], n: int = FEED_N) -> list[Article]:
    """The ``n`` newest dated articles, newest first; articles of one date keep their order in ``articles``."""
    dated = [(atom_date(a.date), i, a) for i, a in enumerate(articles) if atom_date(a.date)]
    dated.sort(key=lambda t: t[1])
    dated.sort(key=lambda t: t[0], reverse=True)  # stable: source order within a date
    return [a for _d, _i, a in dated[:n]]


def atom_date(date: str) -> str:
    """An RFC 3339 date-time of a printed ISO date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``), or ``""`` when it is none of them."""
    parts = date.strip().split("-")
    if not parts[0].isdigit() or len(parts[0]) != 4 or len(parts) > 3:
        return ""
    if any(not p.isdigit() or len(p) != 2 for p in parts[1:]):
        return ""
    year, month, day = (parts + ["01", "01"])[:3]
    return f"{year}-{month}-{day}T00:00:00{TIME_ZONE}"


def entry_id(name: str) -> str:
    """A stable ``urn:uuid:`` id for ``name`` (UUID version 5 in urbankb's namespace)."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"


def atom_feed(ctx: RenderContext, articles: list[Article], title: str, name: str, rel: str, subtitle: str) -> str:
    """One Atom feed document (UTF-8 XML text) of the newest of ``articles``.

    Args:
        ctx: the render context (topic names).
        articles: the candidates, in source order.
        title: the feed's title.
        name: what the feed's id is made from (unique per feed of the site).
        rel: the path from the feed's folder to the site root (``""`` or ``"../../"``).
        subtitle: the feed's subtitle, or ``""``.
    """
    entries = newest(articles)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "zh-CN"})
    _text(feed, "title", title)
    if subtitle:
        _text(feed, "subtitle", subtitle)
    _text(feed, "id", entry_id(name))
    _text(feed, "updated", atom_date(entries[0].date) if entries else "1970-01-01T00:00:00Z")
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": FEED_PATH})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": "./"})
    _author(feed, ctx.site_title)
    _text(feed, "generator", "urbankb")
    for art in entries:
        feed.append(_entry(ctx, art, rel))
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _entry(ctx: RenderContext, art: Article, rel: str) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry")
    _text(entry, "title", art.title)
    ET.SubElement(
        entry,
        f"{{{ATOM}}}link",
        {"rel": "alternate", "type": "text/html", "href": rel + page_url(f"articles/{art.slug}.md", ctx.directory_urls)},
    )
    _text(entry, "id", entry_id(f"article:{art.id}"))
    date = atom_date(art.date)
    _text(entry, "published", date)
    _text(entry, "updated", date)
    for person in responsible(art):
        _author(entry, person)
    for tag in art.topics:
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": tag.topic, "label": ctx.topic_names.get(tag.topic, tag.topic)})
    if art.summary:
        _text(entry, "summary", art.summary)
    return entry


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    child.text = _xml_chars(text)
    return child


def _author(parent: ET.Element, name: str) -> None:
    _text(ET.SubElement(parent, f"{{{ATOM}}}author"), "name", name)


def _xml_chars(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (control characters other than tab, newline and return)."""
    return "".join(c for c in text if c in "\t\n\r" or (ord(c) >= 0x20 and not 0xD800 <= ord(c) <= 0xDFFF and c not in "\ufffe\uffff"))
