"""End to end: the real seeds through `urbankb build` and `mkdocs build --strict`."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from conftest import REPO, SEEDS

from urbankb.ingest.layout import fix_punctuation


class _Text(HTMLParser):
    """Visible text of the article content (``<article>``), scripts and styles skipped."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def squash(text: str) -> str:
    """Compare text modulo whitespace and half/full-width punctuation."""
    return re.sub(r"\s+", "", fix_punctuation(text)).replace(",", "，").replace("(", "（").replace(")", "）").replace(":", "：")


def test_build_writes_a_page_per_article_and_kb_json(built_site):
    kb = json.loads((built_site / "docs" / "kb.json").read_text(encoding="utf-8"))
    assert kb["schema"] == 1
    assert len(kb["articles"]) == 20
    for art in kb["articles"]:
        assert (built_site / "site" / art["url"] / "index.html").exists(), art["url"]
        for key in (
            "id",
            "title",
            "url",
            "seed",
            "publication",
            "date",
            "authors",
            "speaker",
            "topics",
            "topic_scores",
            "keywords",
            "chars",
        ):
            assert key in art
    assert {t["id"] for t in kb["topics"]} == {"future-cities", "smart-governance", "innovation-districts", "future-industries"}


def test_every_seed_line_reaches_a_page_of_the_built_site(built_site):
    """Nothing of the content is lost: each non-empty seed line is in the visible text of some page."""
    pages = [visible_text(p.read_text(encoding="utf-8")) for p in (built_site / "site").rglob("index.html")]
    site_text = squash("\n".join(pages))
    missing = []
    for seed in sorted(SEEDS.iterdir()):
        for number, line in enumerate(seed.read_text(encoding="utf-8").splitlines(), start=1):
            line = re.sub(r"^#+\s+|\*\*", "", line.strip())
            if line and squash(line) not in site_text:
                missing.append(f"{seed.name}:{number}: {line[:40]}")
    assert not missing, "seed lines missing from the site:\n" + "\n".join(missing)


def test_article_bodies_carry_no_layout_debris(built_site):
    kb = json.loads((built_site / "docs" / "kb.json").read_text(encoding="utf-8"))
    debris = ["扫一扫", "关注广东建设报", "共印", "责任编辑", "联系电话", "地址：", "本版图片", "详见04", "—02", "导读"]
    for art in kb["articles"]:
        page = (built_site / "docs" / (art["url"].rstrip("/") + ".md")).read_text(encoding="utf-8")
        body = page.split("---\n", 2)[2]  # after the front matter
        for word in debris:
            assert word not in body, f"{art['title']}: layout debris {word!r} in the body"


def test_mkdocs_strict_build_logs_no_warning(built_site):
    log = (built_site / "build.log").read_text(encoding="utf-8")
    assert "WARNING" not in log


def test_hand_written_pages_join_the_generated_navigation(built_site):
    """docs/tags.md is written by hand: the build leaves it alone and the navigation still lists it."""
    home = (built_site / "site" / "index.html").read_text(encoding="utf-8")
    tabs = re.findall(r'class="md-tabs__link[^"]*">\s*([^<]+?)\s*</a>', home)
    assert tabs[:6] == ["首页", "主题", "来源", "术语", "实体", "图谱"]
    assert "标签" in tabs
    assert "关于本知识库" in tabs
    assert (built_site / "docs" / "tags.md").read_text(encoding="utf-8") == (REPO / "docs" / "tags.md").read_text(encoding="utf-8")
