"""A knowledge base too large to list in the navigation: year pages stand in for the articles."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import SEEDS

from urbankb import cli
from urbankb.render.pages import NAV_GROUP_LIMIT, TOPIC_PAGE_LIMIT

#: real sentences about one topic, mixed into many short articles
PARAGRAPHS = [
    "城市运行“一网统管”平台汇聚交通、应急和市政数据，推动智慧治理从经验判断转向数据驱动。",
    "数字孪生城市让管理者在虚拟空间中推演治理方案，城市大脑实时调度公共资源。",
    "政务服务“一网通办”减少群众跑腿次数，基层治理依托网格化管理及时发现和处置问题。",
    "智慧城市建设需要统一的数据标准和安全的数据共享机制，以提升城市治理能力现代化水平。",
]


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    project = tmp_path_factory.mktemp("large")
    seeds = project / "seeds"
    seeds.mkdir()
    shutil.copy(min(SEEDS.glob("*.txt")), seeds)
    n = NAV_GROUP_LIMIT + 25
    for i in range(n):
        year = 2023 + i % 3
        body = "\n\n".join(PARAGRAPHS[(i + k) % len(PARAGRAPHS)] for k in range(3))
        (seeds / f"gov{i:03d}.md").write_text(
            f"---\ntitle: 城市治理观察第{i + 1}期\ndate: {year}-{1 + i % 12:02d}-{1 + i % 28:02d}\n---\n\n{body}\n", encoding="utf-8"
        )
    assert cli.main(["build", "--seeds", str(seeds), "--docs", str(project / "docs"), "--no-cache"]) == 0
    return project, n


def test_a_large_topic_lists_year_pages_not_articles_in_the_navigation(large):
    project, n = large
    nav = json.loads((project / "docs" / ".urbankb-manifest.json").read_text(encoding="utf-8"))["nav"]
    topics = next(item["主题"] for item in nav if isinstance(item, dict) and "主题" in item)
    governance = next(item["智慧治理"] for item in topics if isinstance(item, dict) and "智慧治理" in item)
    assert governance[0] == "topics/smart-governance/index.md"
    assert [next(iter(entry.values())) for entry in governance[1:]] == [f"topics/smart-governance/{y}.md" for y in ("2025", "2024", "2023")]


def test_year_pages_list_every_article_of_the_topic_by_month(large):
    project, n = large
    listed = set()
    for year in ("2023", "2024", "2025"):
        page = (project / "docs" / "topics" / "smart-governance" / f"{year}.md").read_text(encoding="utf-8")
        assert re.search(r"^## \d+月$", page, re.M)
        listed |= set(re.findall(r'href="\.\./\.\./\.\./articles/([^"/]+)/"', page))
    assert len(listed) >= n


def test_the_topic_page_keeps_the_best_matches_and_points_to_the_years(large):
    project, n = large
    page = (project / "docs" / "topics" / "smart-governance" / "index.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^### \[", page, re.M)) == TOPIC_PAGE_LIMIT
    assert "[2025年](2025.md)" in page


def test_an_article_page_links_to_its_year_page_and_single_files_get_no_source_page(large):
    project, n = large
    page = next(p for p in (project / "docs" / "articles").glob("*.md") if 'title: "城市治理观察第1期"' in p.read_text(encoding="utf-8"))
    text = page.read_text(encoding="utf-8")
    assert 'href="../../topics/smart-governance/2023/"' in text
    assert "<strong>出处</strong>：源文件 <code>gov000.md</code>" in text
    assert not list((project / "docs" / "sources").glob("gov*.md"))
