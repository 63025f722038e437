"""Publishing basics: a meta description per page from its content; with ``site_url`` set, a sitemap and canonical links."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from collections import Counter

import pytest
import yaml
from conftest import REPO


def _description(page) -> str:
    m = re.search(r'<meta name="description" content="([^"]*)">', page.read_text(encoding="utf-8"))
    assert m, page
    return html.unescape(m[1])


def test_every_article_page_is_described_by_its_summary(built_site, seed_corpus):
    corpus, _ = seed_corpus
    descriptions = [
        _description(built_site / "site" / "articles" / p.stem / "index.html") for p in (built_site / "docs" / "articles").glob("*.md")
    ]
    assert len(descriptions) == 20 and len(set(descriptions)) == 20
    summaries = {a.summary[:119] for a in corpus.articles}
    assert all(d.rstrip("…") in summaries or d[:119] in summaries for d in descriptions)


def test_generated_pages_have_descriptions_of_their_own(built_site):
    site_description = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_description"]
    pages = sorted((built_site / "site").glob("**/index.html"))
    generated = [p for p in pages if p.parent.name not in ("tags", "about", "site") and "search" not in p.parts]
    descriptions = Counter(_description(p) for p in generated)
    assert site_description not in descriptions
    repeated = {d: n for d, n in descriptions.items() if n > 1}
    assert not repeated, repeated
    assert len(generated) >= 300


@pytest.fixture(scope="module")
def published(built_site, tmp_path_factory):
    """The seed site built again by MkDocs with ``site_url`` set, as the README says to publish."""
    out = tmp_path_factory.mktemp("published")
    config = out / "mkdocs.yml"
    text = f"INHERIT: {built_site / 'mkdocs.yml'}\nsite_url: https://kb.example.org/city/\ndocs_dir: {built_site / 'docs'}\n"
    config.write_text(text, encoding="utf-8")
    mk = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(out / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert mk.returncode == 0, mk.stderr
    return out / "site"


def test_with_site_url_the_sitemap_lists_every_page(published):
    locs = re.findall(r"<loc>([^<]+)</loc>", (published / "sitemap.xml").read_text(encoding="utf-8"))
    pages = sorted(p.relative_to(published).parent.as_posix() for p in published.glob("**/index.html") if "search" not in p.parts)
    expected = {"https://kb.example.org/city/" + (p + "/" if p != "." else "") for p in pages}
    assert expected <= set(locs)
    assert any("/articles/" in loc for loc in locs)


def test_with_site_url_pages_carry_canonical_links(published):
    for page in [published / "index.html", *sorted((published / "articles").glob("*/index.html"))[:5]]:
        rel = page.relative_to(published).parent.as_posix()
        url = "https://kb.example.org/city/" + ("" if rel == "." else rel + "/")
        assert f'<link rel="canonical" href="{url}">' in page.read_text(encoding="utf-8"), page
