"""The writer: only generated files, all or nothing."""

from __future__ import annotations

import json
import os
import zlib

import pytest

from urbankb.render import MANIFEST, Site, writer
from urbankb.render.memo import KeptPage, file_status
from urbankb.render.writer import WriteError, recover, write_site


def snapshot(folder) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def site(**files: str) -> Site:
    return Site(files={k.replace("__", "/"): v for k, v in files.items()}, nav=[{"首页": "index.md"}])


@pytest.fixture
def docs(tmp_path):
    """A docs folder with a hand-written page and a previous build."""
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "assets" / "style.css").write_text("body {}\n")
    (docs / "about.md").write_text("# 手写页面\n")
    write_site(site(index_md="旧首页\n", articles__old_md="旧文章\n", articles__kept_md="保留\n"), docs)
    return docs


def test_generated_files_are_written_and_listed_in_the_manifest(docs):
    manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["files"] == ["articles/kept_md", "articles/old_md", "index_md"]
    assert (docs / "articles" / "old_md").read_text() == "旧文章\n"


def test_a_rebuild_replaces_and_removes_only_generated_files(docs):
    before = snapshot(docs)
    result = write_site(site(index_md="新首页\n", articles__kept_md="保留\n", articles__new_md="新文章\n"), docs)
    after = snapshot(docs)
    assert result.written == ["articles/new_md", "index_md"]
    assert result.unchanged == ["articles/kept_md"]
    assert result.removed == ["articles/old_md"]
    assert after["about.md"] == before["about.md"] and after["assets/style.css"] == before["assets/style.css"]
    assert "articles/old_md" not in after
    assert not (docs / writer.STAGING).exists() and not (docs / writer.BACKUP).exists()


def test_a_hand_written_page_in_the_way_is_skipped_not_replaced(docs):
    result = write_site(site(**{"about.md": "generated\n"}, index_md="旧首页\n"), docs)
    assert result.skipped == ["about.md"]
    assert (docs / "about.md").read_text() == "# 手写页面\n"


def test_an_unchanged_file_keeps_its_modification_time(docs):
    os.utime(docs / "articles" / "kept_md", (1, 1))
    write_site(site(index_md="新首页\n", articles__kept_md="保留\n"), docs)
    assert (docs / "articles" / "kept_md").stat().st_mtime == 1


@pytest.mark.parametrize("rel", ["../outside.md", "/etc/passwd", "articles/../../x.md", "a\\b.md", ".hidden.md", ""])
def test_paths_leaving_the_docs_folder_are_refused_and_nothing_changes(docs, rel):
    before = snapshot(docs)
    with pytest.raises(WriteError, match="refusing"):
        write_site(Site(files={"index_md": "x", rel: "evil"}), docs)
    assert snapshot(docs) == before
    assert not (docs.parent / "outside.md").exists()


def test_a_tampered_manifest_cannot_make_the_writer_delete_outside_docs(docs):
    victim = docs.parent / "victim.txt"
    victim.write_text("keep me")
    manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"] += ["../victim.txt", "/tmp/../" + str(victim), "about.md/../../victim.txt"]
    (docs / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    write_site(site(index_md="x"), docs)
    assert victim.read_text() == "keep me"


def test_an_error_while_staging_leaves_the_previous_output_exactly_as_it_was(docs, monkeypatch):
    before = snapshot(docs)
    real_open = open
    calls = {"n": 0}

    def failing_open(path, mode="r", *args, **kwargs):
        if "w" in mode and writer.STAGING in str(path):
            calls["n"] += 1
            if calls["n"] == 2:
                raise OSError(28, "No space left on device")
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(WriteError, match="No space left"):
        write_site(site(index_md="新\n", articles__a_md="a\n", articles__b_md="b\n"), docs)
    assert snapshot(docs) == before


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4, 6, 7])
def test_an_error_half_way_through_the_swap_is_rolled_back(docs, monkeypatch, fail_at):
    before = snapshot(docs)
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == fail_at:
            raise OSError(5, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", failing_replace)
    with pytest.raises(WriteError, match="previous output is unchanged"):
        write_site(site(index_md="新首页\n", articles__new_md="新\n", topics__t__index_md="主题\n"), docs)
    monkeypatch.setattr(writer.os, "replace", real_replace)
    assert snapshot(docs) == before


@pytest.mark.parametrize("crash_at", [1, 2, 3, 5, 7])
def test_a_hard_crash_half_way_is_undone_by_the_next_run(docs, monkeypatch, crash_at):
    """A crash (kill -9) cannot run the rollback; the journal lets the next write undo it."""
    before = snapshot(docs)
    real_replace = os.replace
    calls = {"n": 0}

    class Crash(BaseException):
        pass

    def crashing_replace(src, dst):
        calls["n"] += 1
        if calls["n"] == crash_at:
            raise Crash
        return real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", crashing_replace)
    monkeypatch.setattr(writer, "recover", lambda docs: False)  # the process is gone: no rollback
    with pytest.raises(Crash):
        write_site(site(index_md="新首页\n", articles__new_md="新\n", topics__t__index_md="主题\n"), docs)
    monkeypatch.undo()
    # before the journal is in place nothing has been moved yet
    assert recover(docs) is (crash_at > 1)
    assert snapshot(docs) == before


def test_nothing_is_written_when_nothing_changed(docs):
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*")}
    result = write_site(site(index_md="旧首页\n", articles__old_md="旧文章\n", articles__kept_md="保留\n"), docs)
    assert result.counts == {"written": 0, "unchanged": 3, "removed": 0, "skipped": 0}
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*")} == before


def test_a_zensical_configuration_needs_a_build_first(tmp_path):
    from urbankb.site.zensical import write_zensical_config

    with pytest.raises(WriteError, match="no urbankb build"):
        write_zensical_config(tmp_path / "zensical.yml", tmp_path / "mkdocs.yml", tmp_path / "docs")
    assert not (tmp_path / "zensical.yml").exists()


def test_pages_streamed_one_at_a_time_are_written_like_a_whole_site(docs, tmp_path):
    """The build hands the writer a generator (render_stream): the result and the folder are those of the same files in a Site."""
    other = tmp_path / "other"
    (other / "assets").mkdir(parents=True)
    (other / "assets" / "style.css").write_text("body {}\n")
    (other / "about.md").write_text("# 手写页面\n")
    write_site(site(index_md="旧首页\n", articles__old_md="旧文章\n", articles__kept_md="保留\n"), other)
    pages = {"index_md": "新首页\n", "articles/kept_md": "保留\n", "articles/new_md": "新文章\n", "about.md": "在手写页面的位置\n"}
    seen = []

    def made():
        for path, text in pages.items():
            seen.append(path)
            yield path, text

    streamed = write_site(site(index_md="不用的首页\n"), docs, pages=made())
    whole = write_site(Site(files=pages, nav=[{"首页": "index.md"}]), other)
    assert seen == list(pages) and streamed == whole
    assert streamed.written == ["articles/new_md", "index_md"] and streamed.skipped == ["about.md"]
    assert streamed.unchanged == ["articles/kept_md"] and streamed.removed == ["articles/old_md"]
    assert snapshot(docs) == snapshot(other)
    assert not (docs / writer.STAGING).exists()


def test_a_path_streamed_twice_keeps_its_last_text(docs):
    write_site(site(), docs, pages=iter([("index_md", "先\n"), ("articles/a_md", "a\n"), ("index_md", "最后\n")]))
    assert (docs / "index_md").read_text(encoding="utf-8") == "最后\n"
    result = write_site(site(), docs, pages=iter([("index_md", "新\n"), ("index_md", "最后\n"), ("articles/a_md", "a\n")]))
    assert result.written == [] and result.unchanged == ["articles/a_md", "index_md"]


def test_a_bad_page_late_in_the_stream_changes_nothing(docs):
    before = snapshot(docs)

    def made():
        yield "index_md", "又一个首页\n"
        yield "articles/new_md", "新文章\n"
        raise RuntimeError("a page generator failed")

    with pytest.raises(RuntimeError, match="generator failed"):
        write_site(site(), docs, pages=made())
    assert snapshot(docs) == before
    with pytest.raises(WriteError, match="refusing"):
        write_site(site(), docs, pages=iter([("index_md", "又一个首页\n"), ("../outside.md", "evil")]))
    assert snapshot(docs) == before


def _kept(text: str, status) -> KeptPage:
    return KeptPage(zlib.compress(text.encode("utf-8")), status)


def test_a_kept_page_whose_file_is_as_noted_is_not_read_and_one_touched_since_is_written_again(docs, monkeypatch):
    """``urbankb serve``'s kept pages (render.memo.KeptPage): the file's status as the last build left it
    stands for its bytes; a file edited behind the process's back no longer matches and gets the text back."""
    from pathlib import Path

    kept = docs / "articles" / "kept_md"
    noted = file_status(kept)
    (docs / "articles" / "old_md").write_text("有人改过\n")  # after the last build: its status is not the noted one
    stale = file_status(docs / "articles" / "old_md")
    (docs / "articles" / "old_md").write_text("又改过一次，长度也变了\n")
    real_read = Path.read_bytes
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real_read(self))
    pages = [("index_md", "旧首页\n"), ("articles/kept_md", _kept("保留\n", noted)), ("articles/old_md", _kept("旧文章\n", stale))]
    result = write_site(site(), docs, pages=pages)
    assert "kept_md" not in read
    assert result.unchanged == ["articles/kept_md", "index_md"] and result.written == ["articles/old_md"]
    assert (docs / "articles" / "old_md").read_text() == "旧文章\n"
    assert (docs / "articles" / "kept_md").read_text() == "保留\n"
