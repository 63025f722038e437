"""Atom feeds of the newest articles: the site's and one per topic, valid Atom, linked from the page heads."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from urbankb.render.feed import FEED_N, atom_date

A = "{http://www.w3.org/2005/Atom}"


def _kb(project) -> dict:
    return json.loads((project / "docs" / "kb.json").read_text(encoding="utf-8"))


def _feed(path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{A}feed"
    return root


def _check_atom(root: ET.Element) -> None:
    """RFC 4287's required elements: feed id, title, updated, an author (or one per entry); entry id, title, updated, link."""
    for tag in ("id", "title", "updated"):
        assert (root.findtext(f"{A}{tag}") or "").strip(), tag
    assert root.find(f"{A}author/{A}name") is not None
    assert root.find(f"{A}link[@rel='self']").get("type") == "application/atom+xml"
    ids = set()
    for entry in root.iter(f"{A}entry"):
        for tag in ("id", "title", "updated", "published", "summary"):
            assert (entry.findtext(f"{A}{tag}") or "").strip(), tag
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", entry.findtext(f"{A}updated"))
        assert entry.findtext(f"{A}id").startswith("urn:uuid:")
        ids.add(entry.findtext(f"{A}id"))
        assert entry.find(f"{A}link[@rel='alternate']") is not None
    assert len(ids) == len(root.findall(f"{A}entry"))


def test_the_site_feed_lists_the_newest_articles_in_date_order_with_their_topics(built_site):
    kb = _kb(built_site)
    root = _feed(built_site / "docs" / "feed.xml")
    _check_atom(root)
    entries = root.findall(f"{A}entry")
    dated = [a for a in kb["articles"] if atom_date(a["date"])]
    assert len(entries) == min(FEED_N, len(dated)) and len(entries) >= 16
    dates = [e.findtext(f"{A}updated") for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert root.findtext(f"{A}updated") == dates[0]
    newest = sorted(atom_date(a["date"]) for a in dated)[-len(entries) :]
    assert sorted(dates) == newest
    by_url = {a["url"]: a for a in kb["articles"]}
    for entry in entries:
        art = by_url[entry.find(f"{A}link[@rel='alternate']").get("href")]
        assert entry.findtext(f"{A}title") == art["title"]
        assert [c.get("term") for c in entry.findall(f"{A}category")] == art["topics"]
        names = {t["id"]: t["name"] for t in kb["topics"]}
        assert [c.get("label") for c in entry.findall(f"{A}category")] == [names[t] for t in art["topics"]]
    # same-date talks of the compilation keep their printed order
    talks = [by_url[e.find(f"{A}link").get("href")]["id"] for e in entries if e.findtext(f"{A}updated").startswith("2025-12-06")]
    assert talks == sorted(talks, key=lambda i: int(i.rsplit("-", 1)[1]))


def test_each_topic_has_a_feed_of_its_own_articles(built_site):
    kb = _kb(built_site)
    by_url = {a["url"]: a for a in kb["articles"]}
    feeds = 0
    for topic in kb["topics"]:
        path = built_site / "docs" / "topics" / topic["id"] / "feed.xml"
        if not any(atom_date(a["date"]) for a in kb["articles"] if a["id"] in topic["articles"]):
            continue
        root = _feed(path)
        _check_atom(root)
        feeds += 1
        for entry in root.findall(f"{A}entry"):
            href = entry.find(f"{A}link").get("href")
            assert href.startswith("../../")  # relative to the feed's own folder
            assert topic["id"] in by_url[href.removeprefix("../../")]["topics"]
            assert (built_site / "site" / "topics" / topic["id"] / href / "index.html").resolve().is_file()
    assert feeds >= 3


def test_feed_links_resolve_to_article_pages(built_site):
    site = built_site / "site"
    for entry in _feed(site / "feed.xml").findall(f"{A}entry"):
        assert (site / entry.find(f"{A}link").get("href") / "index.html").is_file()


@pytest.mark.parametrize("page", ["index.html", "topics/future-cities/index.html", "terms/index.html"])
def test_every_page_head_links_the_site_feed_and_a_topic_page_its_own(built_site, page):
    path = built_site / "site" / page
    text = path.read_text(encoding="utf-8")
    head = text[: text.index("</head>")]
    links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', head)
    targets = {(path.parent / href).resolve() for href in links}
    assert (built_site / "site" / "feed.xml").resolve() in targets
    if page.startswith("topics/"):
        assert (path.parent / "feed.xml").resolve() in targets and len(links) == 2
    else:
        assert len(links) == 1
