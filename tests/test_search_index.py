"""The search index the urbankb plugin writes (see SEARCH.md); the browser side is in test_search_browser.py."""

from __future__ import annotations

import gzip
import json

from urbankb.search import INDEX_PATH, WORKER_PATH, IndexBuilder, parse_page


def load_index(site):
    data = gzip.decompress((site / INDEX_PATH).read_bytes()).decode("utf-8")
    return data, json.loads(data)


def test_index_is_gzipped_utf8_without_unicode_escapes(built_site):
    text, index = load_index(built_site / "site")
    assert "\\u" not in text and "\u200b" not in text
    assert "一网统管" in index["terms"]


def test_domain_term_is_one_token_and_its_parts_are_indexed_too(analyzer):
    tokens = dict(IndexBuilder(analyzer).tokens("广州布局低空经济和数字孪生", traditional=False))
    assert tokens["低空经济"] == 1.0 and tokens["数字孪生"] == 1.0
    assert tokens["经济"] < 1.0 and tokens["孪生"] < 1.0


def test_traditional_text_is_indexed_in_simplified_form(analyzer):
    tokens = dict(IndexBuilder(analyzer).tokens("臺北市推動數位孿生", traditional=True))
    assert "台北市" in tokens and "孪生" in tokens


def test_only_articles_are_indexed_and_navigation_parts_are_left_out(built_site):
    _, index = load_index(built_site / "site")
    assert index["docs"] and all(doc[0].startswith("articles/") for doc in index["docs"])
    text = "\n".join(doc[2] for doc in index["docs"])
    assert "相关文章" not in text and "源文件" not in text and "得分" not in text


def test_every_page_loads_the_urbankb_search_worker(built_site):
    site = built_site / "site"
    assert (site / WORKER_PATH).exists()
    stub = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == []
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert "assets/urbankb/search-worker.js" in html and "workers/search." not in html, page


def test_page_parser_reads_keywords_people_and_sections():
    html = (
        '<h1 id="t">标题</h1><div class="kb-meta"><p><span class="kb-meta-item"><strong>发言人</strong>：吴维平（香港大学）</span></p></div>'
        '<p class="kb-keywords"><strong>关键词</strong>：<span class="kb-keyword">城市治理</span></p><p>正文一。</p>'
        '<h2 id="s">小节</h2><p>正文二。</p><div class="kb-provenance"><p>出处</p></div><h2 id="r">相关文章</h2><ul><li>别的</li></ul>'
    )
    record = parse_page("a/", "标题", html, {"search": {"boost": 2}})
    assert record.people == ["吴维平"] and record.keywords == ["城市治理"] and record.boost == 2
    assert [s.title for s in record.sections] == ["标题", "小节"]
    assert record.sections[1].blocks == ["正文二。"]
