"""A broken glossary or gazetteer stops ``urbankb build`` before anything is written.

The data files are checked up front: the build exits with status 2, prints
the file and line of the problem (``bad.yaml:3: …``), and leaves the docs
folder as it was, without creating the analysis cache.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SEEDS, copy_handwritten_docs

from urbankb.knowledge import DataFileError
from urbankb.knowledge.entities import load_gazetteer
from urbankb.knowledge.terms import load_glossary

#: (broken file, line of the problem, what the message says)
BAD_GLOSSARIES = {
    "invalid-yaml": ("- term: 口袋公园\n  definition: 小型公园。\n  topic: : future-cities\n", 3, "invalid YAML"),
    "entry-without-term": (
        "- term: 口袋公园\n  definition: 小型公园。\n- definition: 没有词条。\n  topic: future-cities\n",
        3,
        "without a 'term'",
    ),
    "misspelt-key": (
        "- term: 口袋公园\n  definition: 小型公园。\n- term: 城市更新\n  defintion: 拼错的键。\n",
        4,
        "unknown glossary key 'defintion'",
    ),
}
BAD_GAZETTEERS = {
    "invalid-yaml": ("organization: [澄湖城市研究院]\nplace:\n\t- 澄湖\n", 3, "invalid YAML"),
    "unknown-key": ("place: [澄湖]\norganization: [澄湖城市研究院]\nplaces: [滨江]\n", 3, "unknown gazetteer key 'places'"),
    "place-as-mapping": ("organization: [澄湖城市研究院]\nplace:\n  澄湖: 城市\n", 3, "'place' must be a list"),
}
GOOD_GLOSSARY = "- term: 数字孪生\n  definition: 测试用的定义：城市的数字副本。\n"
GOOD_GAZETTEER = "organization: [澄湖城市研究院]\nplace: [澄湖]\n"


# -- the loaders -----------------------------------------------------------


@pytest.mark.parametrize(("text", "line", "says"), BAD_GLOSSARIES.values(), ids=BAD_GLOSSARIES)
def test_a_broken_glossary_is_refused_with_its_line(tmp_path, text, line, says):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_glossary(path)
    assert (caught.value.path, caught.value.line) == (path, line), f"blamed {caught.value.path}:{caught.value.line}"
    assert str(caught.value).startswith(f"{path}:{line}: ") and says in str(caught.value), str(caught.value)


@pytest.mark.parametrize(("text", "line", "says"), BAD_GAZETTEERS.values(), ids=BAD_GAZETTEERS)
def test_a_broken_gazetteer_is_refused_with_its_line(tmp_path, text, line, says):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as caught:
        load_gazetteer(path)
    assert (caught.value.path, caught.value.line) == (path, line), f"blamed {caught.value.path}:{caught.value.line}"
    assert str(caught.value).startswith(f"{path}:{line}: ") and says in str(caught.value), str(caught.value)


def test_good_data_files_are_read(tmp_path):
    (tmp_path / "glossary.yaml").write_text(GOOD_GLOSSARY, encoding="utf-8")
    (tmp_path / "gazetteer.yaml").write_text(GOOD_GAZETTEER, encoding="utf-8")
    [entry] = load_glossary(tmp_path / "glossary.yaml")
    assert (entry.term, entry.definition) == ("数字孪生", "测试用的定义：城市的数字副本。")
    gazetteer = load_gazetteer(tmp_path / "gazetteer.yaml")
    assert (gazetteer.organization, gazetteer.place) == ({"澄湖城市研究院"}, {"澄湖"})


# -- urbankb build ---------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_project(tmp_path: Path, role: str, text: str) -> tuple[subprocess.CompletedProcess, Path]:
    """``urbankb build`` in a project whose urbankb.yml names ``bad.yaml`` (holding ``text``) as its ``role`` file."""
    project = tmp_path / "project"
    copy_handwritten_docs(project / "docs")
    (project / "bad.yaml").write_text(text, encoding="utf-8")
    (project / "urbankb.yml").write_text(f"{role}: bad.yaml\nseeds: {json.dumps(str(SEEDS))}\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "urbankb.cli", "build", "--docs", str(project / "docs"), "--cache", str(tmp_path / "cache")],
        cwd=project,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    return run, project


BROKEN = [("glossary", *case) for case in BAD_GLOSSARIES.values()] + [("gazetteer", *case) for case in BAD_GAZETTEERS.values()]


@pytest.mark.parametrize(
    ("role", "text", "line", "says"), BROKEN, ids=[f"glossary-{k}" for k in BAD_GLOSSARIES] + [f"gazetteer-{k}" for k in BAD_GAZETTEERS]
)
def test_a_build_with_a_broken_data_file_stops_before_writing_anything(tmp_path, role, text, line, says):
    copy_handwritten_docs(tmp_path / "pristine")
    run, project = build_project(tmp_path, role, text)
    assert run.returncode == 2, f"exit status {run.returncode}, expected 2:\n{run.stderr}"
    assert f"bad.yaml:{line}: " in run.stderr and says in run.stderr, f"the error does not name the file and line:\n{run.stderr}"
    assert "Traceback" not in run.stderr, f"a traceback instead of an error message:\n{run.stderr}"
    assert snapshot(project / "docs") == snapshot(tmp_path / "pristine"), "the build changed docs/ although it failed"
    assert not (tmp_path / "cache").exists(), "the analysis cache was created before the data files were checked"


def test_a_build_with_good_data_files_uses_them(tmp_path):
    """The same project with valid files builds, writes docs/ and the cache: the checks above can see a write."""
    run, project = build_project(tmp_path, "glossary", GOOD_GLOSSARY)
    assert run.returncode == 0, run.stderr
    kb = json.loads((project / "docs" / "kb.json").read_text(encoding="utf-8"))
    terms = {t["term"]: t for t in kb["terms"]}
    assert terms["数字孪生"]["definition"] == "测试用的定义：城市的数字副本。", "the glossary from urbankb.yml was not used"
    assert (tmp_path / "cache").is_dir()
