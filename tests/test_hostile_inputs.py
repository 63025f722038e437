"""Hostile seeds and data files: invisible characters in titles, stray bytes, deep nesting, unsafe topic ids."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import REPO, copy_handwritten_docs

from urbankb.ingest import bound_nesting, clean_label, read_file
from urbankb.ingest.decode import decode_bytes
from urbankb.topics import TaxonomyError, load_taxonomy

BODY = "智慧城市建设要坚持以人民为中心，推动城市治理体系和治理能力现代化。数据要素的开放共享是提升城市治理水平的关键。\n"


def build(project: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    cmd = [sys.executable, "-m", "urbankb.cli", "build", "--seeds", "seeds", "--docs", "docs", "--cache", ".cache", *extra]
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env)


@pytest.fixture
def project(tmp_path):
    (tmp_path / "seeds").mkdir()
    copy_handwritten_docs(tmp_path / "docs")
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def test_a_right_to_left_override_in_a_title_never_reaches_the_page(project):
    (project / "seeds" / "rlo.txt").write_text("\u202e城市更新的\u200b新路径\n\n" + BODY * 3, encoding="utf-8")
    (project / "seeds" / "nul.md").write_text(
        '---\ntitle: "\\0智慧\\x1b治理"\nauthors: ["\\u202e张三"]\n---\n\n' + BODY * 3, encoding="utf-8"
    )
    run = build(project)
    assert run.returncode == 0, run.stderr
    assert "invisible characters removed" in run.stderr and "U+202E" in run.stderr
    pages = {p.name: p.read_text(encoding="utf-8") for p in (project / "docs" / "articles").glob("*.md")}
    text = "\n".join(pages.values())
    assert "城市更新的新路径" in text and "智慧治理" in text
    for bad in ("\u202e", "\u200b", "\x00", "\x1b"):
        assert bad not in text, f"{bad!r} reached a page"
    mk = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=project, capture_output=True, text=True)
    assert mk.returncode == 0, mk.stderr
    html = "\n".join(p.read_text(encoding="utf-8") for p in (project / "site" / "articles").rglob("*.html"))
    assert "\u202e" not in html and "&#8238;" not in html


def test_clean_label_keeps_a_joiner_between_letters_and_removes_the_rest():
    assert clean_label("क्\u200dष \u200d城市\u2066更新\u2069\t标题") == "क्\u200dष 城市更新 标题"


def test_one_stray_byte_loses_nothing_and_is_reported_with_line_and_offset(analyzer):
    data = ("第一段文字。\n" * 48).encode("utf-8") + "第四十九行".encode() + b"\xff" + "城市更新。\n".encode() + BODY.encode() * 3
    parsed = read_file(Path("damaged.txt"), data, analyzer)
    text = "\n".join(b.text for a in parsed.articles for b in a.blocks)
    assert "第四十九行\ufffd城市更新" in text and text.count("第一段文字") == 48
    issue = next(i for i in parsed.issues if "U+FFFD" in i.message)
    offset = 48 * len("第一段文字。\n".encode()) + len("第四十九行".encode())
    assert issue.line == 49 and f"byte {offset}" in issue.message


def test_a_file_in_another_encoding_is_still_read_as_that_encoding(analyzer):
    parsed = read_file(Path("gbk.txt"), (BODY * 4).encode("gb18030"), analyzer)
    assert parsed.encoding == "gb18030" and not any("U+FFFD" in i.message for i in parsed.issues)


def test_deep_nesting_is_flattened_with_the_text_kept():
    body = "\n".join("  " * i + f"- 第{i}项" for i in range(1500)) + "\n\n" + "- " * 10_000 + "文字\n\n```\n" + " " * 200 + "code\n```\n"
    flat, changed = bound_nesting(body)
    assert changed and all(len(line) - len(line.lstrip()) <= 32 for line in flat.splitlines()[:1500])
    assert flat.count("项") == 1500 and "文字" in flat
    assert " " * 200 + "code" in flat, "fenced code is left as it is"


def test_a_hostile_5_mib_markdown_seed_builds_with_a_warning_instead_of_an_internal_error(project):
    block = ["  " * i + "- 项目内容" for i in range(1500)] + ["", "- " * 10_000 + "文字", ""]
    data = "\n".join(["---", "title: 深层嵌套", "---", "", *block * 4]).encode()[: 5 * 1024 * 1024 - 16]
    (project / "seeds" / "deep.md").write_bytes(data[: data.rfind(b"\n")])  # just under the 5 MiB limit
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run(
        [sys.executable, "-m", "urbankb.cli", "check", "--seeds", "seeds"], cwd=project, capture_output=True, text=True, env=env
    )
    assert run.returncode == 0, run.stderr
    assert "deep.md:" in run.stderr and "flattened" in run.stderr and "internal error" not in run.stderr


@pytest.mark.parametrize("bad_id", ["future/cities", "../../evil", "Future", "_x", "a b"])
def test_a_topic_id_that_is_not_a_slug_stops_the_build_before_anything_is_written(project, bad_id):
    taxonomy = yaml.safe_load((REPO / "src/urbankb/data/taxonomy.yaml").read_text(encoding="utf-8"))
    taxonomy["topics"][1]["id"] = bad_id
    (project / "taxonomy.yaml").write_text(yaml.safe_dump(taxonomy, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (project / "seeds" / "a.txt").write_text("城市治理\n\n" + BODY * 3, encoding="utf-8")
    before = sorted(p.relative_to(project).as_posix() for p in project.rglob("*"))
    run = build(project, "--taxonomy", "taxonomy.yaml")
    assert run.returncode == 2
    assert "taxonomy.yaml:" in run.stderr and "must be a slug" in run.stderr
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*")) == before, "nothing is written, not even the cache"
    with pytest.raises(TaxonomyError, match="must be a slug"):
        load_taxonomy(project / "taxonomy.yaml")


def test_stray_bytes_in_held_out_articles_are_kept_and_other_encodings_are_never_taken_for_damage():
    """On the 35 held-out real articles (tests/data/external, not the seeds): 1-3 stray bytes
    anywhere keep the file as UTF-8 with each place reported; the same text in GB18030 or Big5 is
    read in its own encoding, never as damaged UTF-8."""
    rng = random.Random(5)
    files = sorted((REPO / "tests/data/external").glob("*.md"))
    assert len(files) >= 30
    for f in files:
        text = f.read_text(encoding="utf-8")
        data = bytearray(text.encode())
        stray = sorted(rng.sample(range(len(data)), rng.randint(1, 3)), reverse=True)
        for at in stray:
            data.insert(at, 0xFF)
        decoded = decode_bytes(bytes(data), f.name)
        assert decoded.encoding == "utf-8" and 1 <= len(decoded.damaged) <= len(stray), f.name
        for encoding in ("gb18030", "big5"):
            other = decode_bytes(text.encode(encoding, errors="ignore"), f.name)
            assert not other.damaged and other.encoding != "utf-8", (f.name, encoding, other.encoding)


def test_held_out_articles_lose_no_character_to_label_cleaning_or_nesting_bounds(analyzer):
    """The 35 held-out real articles (not the seeds) carry no hostile shape: reading them changes no
    title or metadata value and flattens no line."""
    for f in sorted((REPO / "tests/data/external").glob("*.md")):
        text = f.read_text(encoding="utf-8")
        parsed = read_file(f, text.encode(), analyzer)
        assert not [i for i in parsed.issues if "invisible" in i.message or "flattened" in i.message], f.name
        meta = yaml.safe_load(text.split("---")[1])
        assert parsed.articles[0].title == str(meta.get("title", parsed.articles[0].title)).strip(), f.name
