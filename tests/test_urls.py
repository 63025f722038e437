"""Generated HTML links pages with the URLs MkDocs itself gives them, under both ``use_directory_urls`` settings."""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import sys

import pytest
from conftest import REPO, SEEDS, copy_handwritten_docs, run_build
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from test_site_links import _Refs, _target

from urbankb.render.urls import Linker, missing_targets, page_url, relative_url

PATHS = [
    "index.md",
    "tags.md",
    "articles/a-1.md",
    "topics/index.md",
    "topics/future-cities/index.md",
    "topics/future-cities/2024.md",
    "entities/place/index.md",
    "entities/place/shang-hai.md",
    "assets/urbankb/graph-data.js",
    "kb.json",
]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_page_urls_are_mkdocs_own(directory_urls):
    for path in PATHS:
        assert page_url(path, directory_urls) == File(path, "docs", "site", directory_urls).url, path


@pytest.mark.parametrize("directory_urls", [True, False])
def test_relative_urls_are_mkdocs_own(directory_urls):
    for page, target in itertools.product(PATHS, PATHS):
        if not page.endswith(".md"):
            continue
        page_file, target_file = File(page, "docs", "site", directory_urls), File(target, "docs", "site", directory_urls)
        expected = get_relative_url(target_file.url, page_file.url)
        assert relative_url(page, target, directory_urls) == expected, (page, target)
    assert relative_url("articles/a.md", "articles/a.md#p-1", directory_urls).endswith("#p-1")


def test_a_link_to_a_page_that_does_not_exist_is_reported():
    targets: dict[str, str] = {}
    url = Linker("articles/a.md", True, targets)
    assert [url("terms/x.md"), url("terms/y.md#k"), url("#p-1")] == ["../../terms/x/", "../../terms/y/#k", "./#p-1"]
    other = Linker("articles/b.md", True, targets)
    assert [other("terms/y.md"), other("terms/z.md")] == ["../../terms/y/", "../../terms/z/"]
    # one line per missing target, naming the first page that links to it
    assert missing_targets(targets, ["articles/a.md", "terms/x.md"]) == ["articles/a.md: terms/y.md", "articles/b.md: terms/z.md"]


def _project(tmp_path, directory_urls: bool):
    project = tmp_path / "project"
    project.mkdir()
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config + f"use_directory_urls: {str(directory_urls).lower()}\n", encoding="utf-8")
    copy_handwritten_docs(project / "docs")
    return project


def _mkdocs(project):
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
        cwd=project,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )


def test_without_directory_urls_every_generated_link_resolves_and_a_changed_setting_stops_mkdocs(tmp_path):
    """A real site of the seeds with ``use_directory_urls: false``: urbankb reads it from mkdocs.yml, every
    href of the built HTML names a file that exists; switching the setting without rebuilding is refused."""
    project = _project(tmp_path, False)
    build = run_build(SEEDS, "docs", "--no-cache", cwd=project)
    assert build.returncode == 0, build.stderr
    assert "generated link to no page" not in build.stderr
    mk = _mkdocs(project)
    assert mk.returncode == 0, mk.stderr
    site = project / "site"
    pages = sorted(site.rglob("*.html"))
    broken, checked = [], 0
    for page in pages:
        parser = _Refs()
        parser.feed(page.read_text(encoding="utf-8"))
        for ref in parser.refs:
            target = _target(site, page, ref)
            if target is not None:
                checked += 1
                broken += [] if target.exists() else [f"{page.relative_to(site)} -> {ref}"]
    assert checked > 1000
    assert not broken, "\n".join(broken[:20])
    article = next((site / "articles").glob("*.html")).read_text(encoding="utf-8")
    assert 'href="../entities/' in article and ".html" in article
    shutil.rmtree(site)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace("use_directory_urls: false", "use_directory_urls: true"), encoding="utf-8")
    mk = _mkdocs(project)
    assert mk.returncode != 0
    assert "use_directory_urls" in mk.stderr and "urbankb build" in mk.stderr
