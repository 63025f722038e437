"""Every internal link of the built site resolves to a file (pages, assets, charts, graph)."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and ((name == "href" and tag in ("a", "link")) or (name == "src" and tag in ("script", "img"))):
                self.refs.append(value)


def _target(site, page, ref):
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc or ref.startswith(("#", "mailto:", "javascript:", "data:")):
        return None
    if not parts.path:
        return None
    base = posixpath.dirname(page.relative_to(site).as_posix())
    path = posixpath.normpath(posixpath.join("/" + base, unquote(parts.path))).lstrip("/")
    target = site / path
    if parts.path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target


def test_every_internal_href_and_src_resolves(built_site):
    site = built_site / "site"
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    broken = []
    checked = 0
    for page in pages:
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for ref in parser.refs:
            target = _target(site, page, ref)
            if target is None:
                continue
            checked += 1
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {ref}")
    assert checked > 1000
    assert not broken, f"{len(broken)} broken internal links, e.g.:\n" + "\n".join(broken[:20])


def test_graph_page_ships_its_library_and_data(built_site):
    site = built_site / "site"
    html = (site / "graph" / "index.html").read_text(encoding="utf-8")
    for asset in ("vis-network.min.js", "graph-data.js", "urbankb-graph.js"):
        assert f"assets/urbankb/{asset}" in html
        assert (site / "assets" / "urbankb" / asset).stat().st_size > 100
    assert "cdn" not in html.lower().split("<article", 1)[-1]
