"""The analysis cache: reused while nothing changed, missed when anything that shapes it did."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from urbankb import cli
from urbankb.pipeline.cache import AnalysisCache

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture()
def project(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    return tmp_path


def build(project: Path, *extra: str) -> int:
    return cli.main(
        ["build", "--seeds", str(project / "seeds"), "--docs", str(project / "docs"), "--cache", str(project / "cache"), *extra]
    )


def pages(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def entries(project: Path) -> list[Path]:
    """The per-seed entries (not the build-wide mentions file beside them)."""
    return sorted(p for p in (project / "cache").rglob("*.pickle") if p.name != "mentions.pickle")


def test_a_cached_build_writes_the_same_pages_as_an_uncached_one(project, tmp_path_factory, capsys):
    assert build(project) == 0
    assert len(entries(project)) == len(list((project / "seeds").iterdir()))
    capsys.readouterr()
    assert build(project) == 0
    out = capsys.readouterr().out
    assert "(5 from the analysis cache)" in out
    assert "0 pages written" in out
    other = tmp_path_factory.mktemp("uncached")
    shutil.copytree(SEEDS, other / "seeds")
    assert cli.main(["build", "--seeds", str(other / "seeds"), "--docs", str(other / "docs"), "--no-cache"]) == 0
    assert pages(project / "docs") == pages(other / "docs")
    assert not (other / "cache").exists()


def test_only_the_changed_seed_is_analysed_again_and_its_old_entry_goes(project, capsys):
    assert build(project) == 0
    before = set(entries(project))
    seed = sorted((project / "seeds").glob("*.txt"))[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\n补记：编者在此追加一句话。\n", encoding="utf-8")
    capsys.readouterr()
    assert build(project) == 0
    assert "(4 from the analysis cache)" in capsys.readouterr().out
    after = set(entries(project))
    assert len(before - after) == 1 and len(after - before) == 1
    assert "编者在此追加一句话" in "".join(p.read_text(encoding="utf-8") for p in (project / "docs").rglob("*.md"))


def test_a_new_dictionary_starts_a_new_generation(project, capsys):
    assert build(project) == 0
    old_generations = {p.name for p in (project / "cache").iterdir()}
    dictionary = project / "dict.txt"
    dictionary.write_text((REPO / "src/urbankb/data/dict.txt").read_text(encoding="utf-8") + "新质城市 5 nz\n", encoding="utf-8")
    capsys.readouterr()
    assert build(project, "--dictionary", str(dictionary)) == 0
    assert "from the analysis cache" not in capsys.readouterr().out
    assert {p.name for p in (project / "cache").iterdir()}.isdisjoint(old_generations)


def test_a_damaged_entry_is_a_miss_not_an_error(project, capsys):
    assert build(project) == 0
    damaged = entries(project)[0]
    damaged.write_bytes(b"not a pickle")
    capsys.readouterr()
    assert build(project) == 0
    assert "(4 from the analysis cache)" in capsys.readouterr().out
    assert damaged.read_bytes() != b"not a pickle"


def test_the_cache_folder_is_safe_to_delete(project, capsys):
    assert build(project) == 0
    shutil.rmtree(project / "cache")
    capsys.readouterr()
    assert build(project) == 0
    out = capsys.readouterr().out
    assert "from the analysis cache" not in out and "0 pages written" in out


def test_a_cache_that_is_off_neither_stores_nor_finds(tmp_path):
    cache = AnalysisCache(None, "f" * 64)
    key = cache.key("a.txt", b"text")
    cache.save(key, {"x": 1})
    assert cache.load(key) is None and cache.prune() == 0
    on = AnalysisCache(tmp_path, "f" * 64)
    on.save(key, {"x": 1})
    assert on.load(key) == {"x": 1} and on.load(on.key("a.txt", b"other")) is None
    assert (on.hits, on.misses) == (1, 1)


def test_after_a_new_seed_the_incremental_build_equals_a_cold_build(project, tmp_path_factory):
    assert build(project) == 0
    new = "---\ntitle: 城市更新与数字孪生的新探索\ndate: 2026-11-23\n---\n\n上海推进城市更新，以数字孪生技术支撑城市治理和创新街区建设。\n"
    (project / "seeds" / "900_new.md").write_text(new, encoding="utf-8")
    assert build(project) == 0
    cold = tmp_path_factory.mktemp("cold")
    shutil.copytree(project / "seeds", cold / "seeds")
    assert cli.main(["build", "--seeds", str(cold / "seeds"), "--docs", str(cold / "docs"), "--no-cache"]) == 0
    assert pages(project / "docs") == pages(cold / "docs")


def test_a_resident_process_builds_from_memory_and_still_equals_a_cold_build(project, tmp_path_factory, capsys):
    """What ``urbankb serve`` does: one process, one :class:`BuildState`, builds after each change."""
    from urbankb.config import load_config
    from urbankb.pipeline import BuildState

    config = load_config(project, seeds=project / "seeds", docs=project / "docs", cache=project / "cache")
    state = BuildState()

    def cold_pages() -> dict[str, bytes]:
        cold = tmp_path_factory.mktemp("cold")
        shutil.copytree(project / "seeds", cold / "seeds")
        assert cli.main(["build", "--seeds", str(cold / "seeds"), "--docs", str(cold / "docs"), "--no-cache"]) == 0
        return pages(cold / "docs")

    assert cli.run("build", config, state=state) == 0
    shutil.rmtree(project / "cache")  # what the next builds find, they find in memory
    capsys.readouterr()
    assert cli.run("build", config, state=state) == 0
    assert "(5 from the analysis cache)" in capsys.readouterr().out
    new = "---\ntitle: 城市更新与数字孪生的新探索\ndate: 2026-11-23\n---\n\n上海推进城市更新，以数字孪生技术支撑城市治理和创新街区建设。\n"
    (project / "seeds" / "900_new.md").write_text(new, encoding="utf-8")
    edited = sorted((project / "seeds").glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\n智慧城市建设推动低空经济和未来产业发展。\n", encoding="utf-8")
    assert cli.run("build", config, state=state) == 0
    assert "(4 from the analysis cache)" in capsys.readouterr().out
    assert pages(project / "docs") == cold_pages()
    # pages whose inputs did not change came from the previous build's (render.memo), the others were made again;
    # so did the search index's counts of the unchanged articles
    assert state.pages.reused > 20 and state.pages.made > 0
    assert 0 < state.pages.kept["search index"].reused < len(list((project / "docs" / "articles").glob("*.md")))
    sorted((project / "seeds").glob("*.txt"))[-1].unlink()
    assert cli.run("build", config, state=state) == 0
    assert pages(project / "docs") == cold_pages()
    assert state.pages.reused > 20 and state.pages.made > 0
    assert len(state.entries) == 5
    # a generated page edited behind the process's back is a page its memo keeps, but its file is not the one the
    # writer left (render.memo.KeptPage): the next build puts the text back
    page = sorted((project / "docs" / "articles").glob("*.md"))[0]
    before = page.read_bytes()
    page.write_bytes(before + "改动".encode())
    assert cli.run("build", config, state=state) == 0  # nothing changed: the stored mentions are kept for the next process
    assert page.read_bytes() == before and state.pages.made == 0
    assert len(list((project / "cache").rglob("mentions.pickle"))) == 1


def test_a_new_process_takes_the_previous_builds_mentions_from_beside_the_cache(project, tmp_path_factory, monkeypatch, capsys):
    """The command line keeps each article's mentions beside the cache: a build with nothing changed
    scans no article, one after an edit scans the edited seed's articles (and those holding a surface
    form the edit added or changed), and the pages are a cold build's."""
    import urbankb.knowledge as knowledge

    scanned: list[str] = []
    find = knowledge._find_mentions

    def counting(art, blocks, matcher):
        scanned.append(art.id)
        return find(art, blocks, matcher)

    monkeypatch.setattr(knowledge, "_find_mentions", counting)
    assert build(project) == 0
    total = len(scanned)
    assert total > 10 and len(list((project / "cache").rglob("mentions.pickle"))) == 1
    scanned.clear()
    assert build(project) == 0
    assert scanned == []
    edited = sorted((project / "seeds").glob("*.txt"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n\n补记：编者在此追加一句话。\n", encoding="utf-8")
    assert build(project) == 0
    assert 0 < len(scanned) < total
    capsys.readouterr()
    cold = tmp_path_factory.mktemp("cold")
    shutil.copytree(project / "seeds", cold / "seeds")
    assert cli.main(["build", "--seeds", str(cold / "seeds"), "--docs", str(cold / "docs"), "--no-cache"]) == 0
    assert pages(project / "docs") == pages(cold / "docs")


def test_warm_loads_what_a_changed_seeds_analysis_would_wait_for(project):
    """``urbankb serve`` builds from the cache, then warms: TextRank's SciPy solver, the keyphrase model and
    the IDF table are loaded before the first seed changes, not while the preview waits for it."""
    import subprocess
    import sys

    assert build(project) == 0
    code = f"""
import sys
from pathlib import Path
from urbankb.config import load_config
from urbankb.pipeline import BuildState, build, warm
from urbankb import nlp
project = Path({str(project)!r})
config = load_config(project, seeds=project / "seeds", docs=project / "docs", cache=project / "cache")
state = BuildState()
build(config, state)
before = "scipy.sparse.linalg" in sys.modules, nlp._MODEL is not None
warm(state)
print(*before, "scipy.sparse.linalg" in sys.modules, nlp._MODEL is not None)
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[-4:] == ["False", "False", "True", "True"]
