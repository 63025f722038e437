"""The generated docs/ also build with Zensical, with urbankb's navigation (``urbankb build --zensical``)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, SEEDS, copy_handwritten_docs


def zensical() -> str:
    exe = shutil.which("zensical") or shutil.which("zensical", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.fail("zensical is not installed (it is in the test extras): pip install -e '.[test]'")
    return exe


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory):
    project = tmp_path_factory.mktemp("zensical")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("src/urbankb/data/dict.txt", str(REPO / "src/urbankb/data/dict.txt"))
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    copy_handwritten_docs(project / "docs")
    build = subprocess.run(
        [sys.executable, "-m", "urbankb.cli", "build", "--seeds", str(SEEDS), "--zensical", "zensical.yml", "--no-cache"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    zen = subprocess.run([zensical(), "build", "-f", "zensical.yml", "--clean"], cwd=project, capture_output=True, text=True, timeout=600)
    assert zen.returncode == 0, zen.stdout + zen.stderr
    return project


def test_the_zensical_configuration_inherits_mkdocs_yml_and_lists_hand_written_pages(zensical_site):
    config = yaml.safe_load((zensical_site / "zensical.yml").read_text(encoding="utf-8"))
    assert config["INHERIT"] == "mkdocs.yml"
    top = [next(iter(item)) if isinstance(item, dict) else item for item in config["nav"]]
    assert top[:3] == ["首页", "主题", "来源"] and "tags.md" in top and "about.md" in top


def test_zensical_builds_every_article_page_with_the_generated_tabs(zensical_site):
    site = zensical_site / "site"
    articles = sorted((zensical_site / "docs" / "articles").glob("*.md"))
    assert len(articles) == 20
    for page in articles:
        assert (site / "articles" / page.stem / "index.html").is_file(), page.name
    html = (site / "articles" / articles[0].stem / "index.html").read_text(encoding="utf-8")
    tabs = [t.strip() for t in re.findall(r'class="md-tabs__link[^"]*"[^>]*>\s*([^<]+)', html)]
    assert tabs[:6] == ["首页", "主题", "来源", "术语", "实体", "图谱"]


def test_the_graph_page_scripts_resolve_under_zensical(zensical_site):
    page = zensical_site / "site" / "graph" / "index.html"
    scripts = re.findall(r'<script src="([^"]+)"', page.read_text(encoding="utf-8"))
    own = [s for s in scripts if "urbankb" in s]
    # vis-network, the graph's data and its script; article.js (citation copy buttons) is on every page
    assert {Path(s).name for s in own} >= {"vis-network.min.js", "graph-data.js", "urbankb-graph.js"}
    for src in own:
        assert (page.parent / src).resolve().is_file(), src
