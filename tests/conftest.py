"""Shared fixtures built from the real seed articles (built once per test session)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from urbankb.config import BuildConfig
from urbankb.pipeline import analyse, load_analysis

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


#: what ``urbankb build`` generates in docs/ (a working copy may hold a build; tests start without one)
GENERATED_DOCS = (
    "articles",
    "topics",
    "sources",
    "terms",
    "entities",
    "index.md",
    "kb.json",
    "feed.xml",
    "graph.md",
    "graph",
    ".urbankb-*",
    "urbankb",
)


def copy_handwritten_docs(dest: Path) -> None:
    """Copy the repository's docs/ without generated files (docs/assets/urbankb/ included)."""
    shutil.copytree(REPO / "docs", dest, ignore=shutil.ignore_patterns(*GENERATED_DOCS))


@pytest.fixture(scope="session")
def analyzer():
    """The default analyzer (shipped dictionary + taxonomy terms)."""
    return load_analysis(BuildConfig()).analyzer


@pytest.fixture(scope="session")
def seed_corpus():
    """(corpus, seed report) for the real seeds, analysed but not rendered."""
    return analyse(BuildConfig(seeds=SEEDS))


def run_build(seeds: Path, docs: Path | str, *options: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """``urbankb build --seeds SEEDS --docs DOCS [options…]`` in a subprocess, as a user runs it
    (output captured as text, MkDocs 2's notice off)."""
    cmd = [sys.executable, "-m", "urbankb.cli", "build", "--seeds", str(seeds), "--docs", str(docs), *options]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Run ``urbankb build`` and ``mkdocs build --strict`` on the real seeds in a temp project.

    Returns the project folder: ``docs/`` holds the generated pages, ``site/`` the HTML.
    """
    project = tmp_path_factory.mktemp("project")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    copy_handwritten_docs(project / "docs")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    build = run_build(SEEDS, project / "docs", "--cache", str(project / ".cache"))
    assert build.returncode == 0, build.stderr
    mk = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
    )
    assert mk.returncode == 0, mk.stderr
    (project / "build.log").write_text(build.stdout + build.stderr + mk.stdout + mk.stderr, encoding="utf-8")
    return project
