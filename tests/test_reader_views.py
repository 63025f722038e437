"""What a researcher or editor reads on the built seed site (issue 17, part B): the original text
beside the repair, reading order and metadata, search that says why, a graph with a legend.

Built once per session (``built_site``); the interactive parts run in headless Debian Chromium
(see ``tests/test_search_browser.py`` for the browser rules and ``CI`` handling).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from conftest import SEEDS
from test_search_browser import SearchBox, browser_missing, browser_page, serve

from urbankb.escape import slugify
from urbankb.model import Article, Block, BlockKind, is_numbered_subheading
from urbankb.render.pages import reading_order, shorten

SHOTS = Path("/tmp/shots")
COMPILATION = "003_d28a1f34fda7a5a8"


def _page(site: Path, path: str) -> str:
    return (site / "site" / path / "index.html").read_text(encoding="utf-8")


def _kb(site: Path) -> dict:
    return json.loads((site / "docs" / "kb.json").read_text(encoding="utf-8"))


# -- the original text beside the repair -------------------------------------------------


def test_every_seed_file_has_an_original_text_view_linked_from_its_source_page(built_site):
    for seed in sorted(SEEDS.glob("*.txt")):
        view = _page(built_site, f"sources/original/{seed.stem}")
        assert 'class="kb-o-row"' in view, seed.name
        source = (built_site / "docs" / "sources" / f"{seed.stem}.md").read_text(encoding="utf-8")
        assert f"original/{seed.stem}.md" in source, seed.name


def test_the_view_shows_every_line_of_the_seed_exactly_as_it_stands(built_site):
    seed = SEEDS / f"{COMPILATION}.txt"
    lines = seed.read_text(encoding="utf-8").split("\n")
    view = _page(built_site, f"sources/original/{COMPILATION}")
    shown = {
        int(n): html.unescape(t) for n, t in re.findall(r'<span class="kb-o-no">(\d+)</span><span class="kb-o-text">(.*?)</span>', view)
    }
    for number, text in enumerate(lines, start=1):
        if text.strip():
            assert shown.get(number) == text, f"line {number}"


def test_each_kind_of_repair_is_marked_on_the_lines_it_touched(built_site, seed_corpus):
    corpus, _report = seed_corpus
    coll = corpus.collections[COMPILATION]
    view = _page(built_site, f"sources/original/{COMPILATION}")
    kinds = {kind for kind, _a, _b in coll.repair_spans}
    # the compilation has joined breaks, name cards and a doubled paragraph
    assert {"跨页或跨栏断开的段落重新接合", "发言人名片移出正文", "连续重复的段落保留一份"} <= kinds
    for kind, first, _last in coll.repair_spans:
        css = {"跨页或跨栏断开的段落重新接合": "joined", "发言人名片移出正文": "card", "连续重复的段落保留一份": "doubled"}.get(kind)
        if css:
            line = re.search(rf'<div class="kb-o-line[^"]*kb-o-{css}[^"]*"><span class="kb-o-no">{first}</span>', view)
            assert line, f"{kind} at line {first} not marked"
    # the doubled paragraph is the one the build warned about, and it is said to be dropped
    assert any(kind == "连续重复的段落保留一份" and first == 78 for kind, first, _ in coll.repair_spans)
    assert "与上一段重复，删去" in view
    # the counts beside the legend agree with the repairs on the source page
    joined = sum(1 for kind, *_ in coll.repair_spans if kind == "跨页或跨栏断开的段落重新接合")
    assert coll.repairs["跨页或跨栏断开的段落重新接合"] == joined


def test_layout_lines_and_moved_captions_are_marked_in_the_files_that_have_them(built_site, seed_corpus):
    corpus, _report = seed_corpus
    found = set()
    for coll in corpus.collections.values():
        view = _page(built_site, f"sources/original/{coll.id}")
        for block in coll.layout:
            if block.line <= coll.text.count("\n") + 1:
                assert re.search(rf'kb-o-layout[^"]*"><span class="kb-o-no">{block.line}</span>', view), f"{coll.id}:{block.line}"
                found.add("layout")
        for kind, first, _ in coll.repair_spans:
            if kind == "图片说明移出句中":
                assert re.search(rf'kb-o-caption[^"]*"><span class="kb-o-no">{first}</span>', view)
                found.add("caption")
    assert "layout" in found


def test_the_original_text_comes_from_the_cache_without_the_seed_files(tmp_path, seed_corpus):
    """The view is made from the build: a cached collection keeps its text, and rendering opens no seed."""
    from urbankb.render import render_site

    corpus, _report = seed_corpus
    assert all(c.text for c in corpus.collections.values())
    site = render_site(corpus)
    assert f"sources/original/{COMPILATION}.md" in site.files


# -- reading order and metadata --------------------------------------------------------------


def test_a_compilations_talks_are_listed_in_printed_order_on_the_home_page_sidebar_and_topic_pages(built_site, seed_corpus):
    kb = _kb(built_site)
    order = [a["url"].removeprefix("articles/").rstrip("/") for a in kb["articles"] if a["collection"] == COMPILATION]
    home = (built_site / "docs" / "index.md").read_text(encoding="utf-8")
    listed = [s for s in re.findall(r"\(articles/([^)]+)\.md\)", home) if s in order]
    assert listed == [s for s in order if s in listed] and len(listed) >= 5
    # the sidebar: each topic group of the navigation lists the talks in printed order
    from urbankb.render import render_site

    corpus, _report = seed_corpus
    nav = render_site(corpus).nav
    groups = next(item["主题"] for item in nav if "主题" in item)
    checked = 0
    for group in groups:
        for entries in group.values():
            if not isinstance(entries, list):
                continue
            slugs = [p.removeprefix("articles/").removesuffix(".md") for e in entries if isinstance(e, dict) for p in e.values()]
            mine = [x for x in slugs if x in order]
            assert mine == [x for x in order if x in mine], group
            checked += len(mine) > 1
    assert checked
    for topic in ("future-cities", "smart-governance", "innovation-districts"):
        text = (built_site / "docs" / "topics" / topic / "index.md").read_text(encoding="utf-8")
        on_page = [s for s in re.findall(r"articles/([^)]+)\.md", text) if s in order]
        assert on_page == [s for s in order if s in on_page], topic


def test_reading_order_keeps_source_order_within_a_date():
    arts = [
        Article(id=f"a-{n}", seed="a.txt", title=t, blocks=[], date=d)
        for n, (t, d) in enumerate([("乙", "2025-01-01"), ("甲", "2025-02-01"), ("丙", "2025-01-01"), ("丁", "")])
    ]
    assert [a.title for a in reading_order(arts)] == ["甲", "乙", "丙", "丁"]


def test_authors_are_names_without_the_byline_prefix(built_site):
    kb = _kb(built_site)
    art = next(a for a in kb["articles"] if a["authors"] and not a["reporters"])
    text = (built_site / "docs" / "articles" / (art["url"].removeprefix("articles/").rstrip("/") + ".md")).read_text(encoding="utf-8")
    line = re.search(r"<strong>作者</strong>：([^<]+)", text).group(1)
    assert "/" not in line and "文" not in line[:1]
    assert line == "、".join(art["authors"])


def test_a_topic_summary_is_a_sentence_of_content_not_a_numbered_subheading(built_site):
    for page in (built_site / "docs" / "topics").glob("*/index.md"):
        for summary in re.findall(r'<p class="kb-summary">(.*?)</p>', page.read_text(encoding="utf-8")):
            assert not is_numbered_subheading(html.unescape(summary)), (page, summary)
    art = Article(
        id="x-1", seed="x.txt", title="t", blocks=[Block(BlockKind.PARAGRAPH, "1.城镇发展，数智赋能。城镇是经济发展的重要载体。")]
    )
    assert art.summary == "城镇是经济发展的重要载体。"
    assert not is_numbered_subheading("3.5亿元投入建设。")


def test_cut_source_titles_in_the_sidebar_end_with_an_ellipsis(built_site, seed_corpus):
    corpus, _ = seed_corpus
    long = [c.title for c in corpus.collections.values() if len(c.title) > 24]
    assert long, "a seed title longer than the sidebar allows"
    page = _page(built_site, "sources")
    for title in long:
        cut = shorten(title, 24)
        assert cut.endswith("…") and len(cut) == 24
        assert html.escape(cut, quote=False) in page


def test_a_newspaper_articles_source_names_its_page_not_another_article(built_site):
    kb = _kb(built_site)
    pages = [s for s in kb["sources"] if s["kind"] == "page"]
    assert pages
    titles = {a["id"]: a["title"] for a in kb["articles"]}
    for source in pages:
        assert not any(titles[i] in source["title"] for i in source["articles"]), source["title"]
        assert "版面" in source["title"]


def test_polyphones_in_slugs_follow_their_word():
    assert slugify("长三角区域") == "chang-san-jiao-qu-yu"
    assert slugify("重点任务") == "zhong-dian-ren-wu"  # pypinyin's own reading is kept
    assert slugify("上海空间发展战略的思考") == "shang-hai-kong-jian-fa-zhan"


def test_the_seed_slug_with_chang_san_jiao_reads_right(seed_corpus, built_site):
    kb = _kb(built_site)
    urls = [a["url"] for a in kb["articles"] if "长三角" in a["title"]]
    assert urls and all("zhang-san-jiao" not in u for u in urls)
    assert slugify("长三角区域的融合发展", limit=3) == "chang-san-jiao"


# -- search that says why, and the graph (Chromium) ----------------------------------------------


@pytest.fixture(scope="module")
def browser(built_site):
    missing = browser_missing()
    if missing:
        import os

        if os.environ.get("CI"):
            pytest.fail(f"the browser tests must run under CI, but {missing}", pytrace=False)
        pytest.skip(missing)
    with serve(built_site / "site") as base, browser_page() as page:
        page.set_viewport_size({"width": 1300, "height": 900})
        yield base, page


def test_a_query_none_of_whose_words_occurs_has_no_results(browser):
    base, page = browser
    box = SearchBox(page, base)
    assert box.query("一网通办") == []
    assert "没有找到" in page.locator(".md-search-result__meta").text_content()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "search_yiwangtongban.png"))
    # partial words and traditional queries still find their articles
    assert any("yi-ri-gou-jian-da-du" in u for u in box.query("孪生")[:3])
    assert any("yi-ri-gou-jian-da-du" in u for u in box.query("數字孿生")[:3])
    # the start of a long term while typing still completes to it
    assert box.query("一网统")


def test_a_metadata_match_shows_the_field_highlighted(browser):
    base, page = browser
    box = SearchBox(page, base)
    assert box.query("吴维平")
    fields = page.eval_on_selector_all(
        ".kb-search-field", "els => els.map(e => [e.dataset.field, e.querySelector('mark') && e.querySelector('mark').textContent])"
    )
    assert ["发言人", "吴维平"] in fields
    assert box.query("智慧治理")
    fields = page.eval_on_selector_all(".kb-search-field", "els => els.map(e => e.dataset.field)")
    assert "主题" in fields


def test_the_graph_has_a_legend_readable_labels_and_details_in_view(browser):
    base, page = browser
    page.goto(base + "graph/", wait_until="load")
    page.wait_for_selector("#kb-graph canvas", timeout=15_000)
    legend = page.eval_on_selector_all(".kb-graph-legend-item[data-group]", "els => els.map(e => [e.dataset.group, e.textContent])")
    styles = page.evaluate("() => window.URBANKB_GRAPH.styles")
    assert [g for g, _ in legend] == list(styles) and all(styles[g]["name"] == name for g, name in legend)
    page.wait_for_function("() => document.querySelector('#kb-graph canvas') && window.URBANKB_GRAPH", timeout=10_000)
    page.wait_for_timeout(2500)  # stabilisation, then the first view
    # click the node under the centre of the canvas's first topic; details appear over the graph, in the viewport
    box = page.locator("#kb-graph").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    info = page.locator("#kb-graph-info").bounding_box()
    assert info["y"] + info["height"] <= 900 and info["y"] >= box["y"], "node details out of view"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "graph.png"))


def test_the_graph_starts_at_a_readable_zoom(browser):
    base, page = browser
    page.goto(base + "graph/", wait_until="load")
    page.wait_for_selector("#kb-graph canvas", timeout=15_000)
    page.wait_for_timeout(3000)
    scale = page.evaluate("() => window.kbGraphNetwork ? window.kbGraphNetwork.getScale() : null")
    assert scale is not None and scale >= 0.9 - 1e-6


def test_screenshot_of_the_original_text_view(browser):
    base, page = browser
    page.goto(base + f"sources/original/{COMPILATION}/", wait_until="load")
    SHOTS.mkdir(parents=True, exist_ok=True)
    row = page.locator(".kb-o-line.kb-o-doubled").first
    row.evaluate("e => e.scrollIntoView({block: 'center'})")
    page.screenshot(path=str(SHOTS / "original_003.png"))
    assert page.locator(".kb-o-line.kb-o-doubled").count() >= 1
    assert page.locator(".kb-o-line.kb-o-joined").count() >= 10
