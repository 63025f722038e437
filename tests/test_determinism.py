"""Same seeds, same bytes: two builds in two folders are identical.

The two `urbankb build` runs use different ``PYTHONHASHSEED`` values, so
anything that depends on set or dict-of-set iteration order shows up.  The
seeds are the real ones plus the hostile fixtures (every encoding, bad files).
"""

from __future__ import annotations

import filecmp
import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SEEDS

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import make_hostile

#: files MkDocs itself varies between runs: the sitemap carries the build date
#: (and its .gz copy a gzip timestamp); both are checked separately below
MKDOCS_VARIES = {"sitemap.xml", "sitemap.xml.gz"}


def _build(project: Path, seeds: Path, hashseed: str) -> None:
    project.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "docs" / "assets", project / "docs" / "assets", ignore=shutil.ignore_patterns("urbankb"))
    shutil.copy(REPO / "docs" / "tags.md", project / "docs" / "tags.md")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED=hashseed)
    build = subprocess.run(
        [sys.executable, "-m", "urbankb.cli", "build", "--seeds", str(seeds), "--docs", str(project / "docs"), "--no-cache"],
        cwd=REPO, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert build.returncode in (0, 1), build.stderr
    mk = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")],
        cwd=REPO, capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert mk.returncode == 0, mk.stderr


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    root = tmp_path_factory.mktemp("determinism")
    seeds = make_hostile.make(root / "seeds")
    for seed in SEEDS.iterdir():
        shutil.copy(seed, seeds / seed.name)
    _build(root / "a", seeds, "1")
    _build(root / "b", seeds, "2")
    return root / "a", root / "b"


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def _differences(a: Path, b: Path, skip: set[str] = frozenset()) -> list[str]:
    names_a, names_b = _files(a), _files(b)
    if names_a != names_b:
        return [f"file lists differ: {sorted(set(names_a) ^ set(names_b))}"]
    return [n for n in names_a if Path(n).name not in skip and not filecmp.cmp(a / n, b / n, shallow=False)]


def test_the_same_seeds_give_byte_identical_docs(two_builds):
    a, b = two_builds
    assert not _differences(a / "docs", b / "docs")


def test_the_same_seeds_give_byte_identical_html(two_builds):
    a, b = two_builds
    assert not _differences(a / "site", b / "site", skip=MKDOCS_VARIES)


def test_the_sitemap_differs_at_most_in_mkdocs_dates(two_builds):
    a, b = two_builds
    xml_a = (a / "site" / "sitemap.xml").read_text(encoding="utf-8")
    xml_b = (b / "site" / "sitemap.xml").read_text(encoding="utf-8")

    def strip(xml):
        return "\n".join(line for line in xml.splitlines() if "<lastmod>" not in line)

    assert strip(xml_a) == strip(xml_b)
    assert gzip.decompress((a / "site" / "sitemap.xml.gz").read_bytes()).decode("utf-8") == xml_a
