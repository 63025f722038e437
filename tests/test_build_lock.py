"""One build at a time per docs folder: builds started together wait for each other instead of undoing each other's swap."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SEEDS
from filelock import FileLock

from urbankb.render import MANIFEST, writer
from urbankb.render.writer import BuildLocked, build_lock

#: two of the five seeds keep each build at a few seconds
SEED_FILES = sorted(SEEDS.iterdir())[1:3]
ABOUT = "# 关于本站\n\n手写的页面，urbankb 不得改动。\n"
ROUNDS = 6  # of two builds each, fresh and stale docs in turn: twelve builds


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def new_docs(path: Path) -> Path:
    path.mkdir(parents=True)
    (path / "about.md").write_text(ABOUT, encoding="utf-8")
    return path


def start_build(seeds: Path, docs: Path, *options: str, stderr=subprocess.PIPE) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "urbankb.cli", "build", "--seeds", str(seeds), "--docs", str(docs), "--no-cache", *options],
        cwd=docs.parent,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )


def finish(proc: subprocess.Popen, seconds: float = 120) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=seconds)
    return proc.returncode, out, err


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("lock-seeds") / "seeds"
    folder.mkdir()
    for seed in SEED_FILES:
        shutil.copy(seed, folder / seed.name)
    return folder


@pytest.fixture(scope="module")
def reference(seeds, tmp_path_factory) -> dict[str, bytes]:
    """What one build alone makes of the seeds, every file."""
    docs = new_docs(tmp_path_factory.mktemp("lock-reference") / "docs")
    code, _, err = finish(start_build(seeds, docs))
    assert code == 0, err
    return snapshot(docs)


@pytest.fixture(scope="module")
def stale(tmp_path_factory) -> Path:
    """A docs folder holding the build of another seed: two builds over it replace and remove pages."""
    root = tmp_path_factory.mktemp("lock-stale")
    other = root / "seeds"
    other.mkdir()
    shutil.copy(sorted(SEEDS.iterdir())[4], other)
    docs = new_docs(root / "docs")
    code, _, err = finish(start_build(other, docs))
    assert code == 0, err
    return docs


def test_builds_started_together_wait_for_each_other_and_leave_one_clean_build(seeds, reference, stale, tmp_path):
    for round_ in range(ROUNDS):
        docs = tmp_path / f"round-{round_}" / "docs"
        if round_ % 2:
            shutil.copytree(stale, docs)
        else:
            new_docs(docs)
        procs = [start_build(seeds, docs) for _ in range(2)]
        results = [finish(proc) for proc in procs]
        for code, _out, err in results:
            assert code == 0, f"round {round_}: {err}"
        files = snapshot(docs)
        manifest = json.loads(files[MANIFEST])
        assert set(manifest["files"]) == set(files) - {MANIFEST, writer.LOCK, "about.md"}, f"round {round_}"
        assert files["about.md"] == ABOUT.encode("utf-8")
        assert not (docs / writer.STAGING).exists() and not (docs / writer.BACKUP).exists()
        assert not (docs / writer.LOCK_PID).exists()
        assert files.keys() == reference.keys(), f"round {round_}"
        assert [rel for rel in files if files[rel] != reference[rel]] == [], f"round {round_}"


def hold(docs: Path, pid: int) -> FileLock:
    """Take ``docs``' build lock from the test, as a build with process id ``pid`` would."""
    lock = FileLock(str(docs / writer.LOCK))
    lock.acquire(timeout=5)
    (docs / writer.LOCK_PID).write_text(f"{pid}\n", encoding="ascii")
    return lock


def test_no_wait_gives_up_at_once_naming_the_build_that_holds_the_lock_and_writes_nothing(seeds, tmp_path):
    docs = new_docs(tmp_path / "docs")
    lock = hold(docs, 4242)
    try:
        before = snapshot(docs)
        code, out, err = finish(start_build(seeds, docs, "--no-wait"))
        after = snapshot(docs)
    finally:
        lock.release()
    assert code == 2, err
    assert f"urbankb: error: another build (pid 4242) is writing {docs}; try again when it is done" in err
    assert "waiting" not in err
    assert after == before


def test_a_build_waits_for_the_lock_says_so_once_and_proceeds_when_it_is_released(seeds, reference, tmp_path):
    docs = new_docs(tmp_path / "docs")
    lock = hold(docs, 4242)
    log = tmp_path / "stderr.txt"
    with open(log, "w", encoding="utf-8") as stderr:
        proc = start_build(seeds, docs, stderr=stderr)
        try:
            message = f"urbankb: waiting for the build in progress (pid 4242) to finish writing {docs}"
            deadline = time.monotonic() + 60
            while message not in log.read_text(encoding="utf-8") and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.1)
            assert message in log.read_text(encoding="utf-8"), log.read_text(encoding="utf-8")
            time.sleep(0.5)
            assert proc.poll() is None, "the build did not wait"
            assert not (docs / MANIFEST).exists()
        finally:
            lock.release()
        code, _, _ = finish(proc)
    err = log.read_text(encoding="utf-8")
    assert code == 0, err
    assert err.count("waiting for the build in progress") == 1
    assert snapshot(docs) == reference


def test_a_build_that_waits_too_long_gives_up_with_status_2(seeds, tmp_path):
    docs = new_docs(tmp_path / "docs")
    lock = hold(docs, 4242)
    try:
        code, _, err = finish(start_build(seeds, docs, "--wait-timeout", "0.5"))
    finally:
        lock.release()
    assert code == 2
    assert "waiting for the build in progress (pid 4242)" in err
    assert f"urbankb: error: another build (pid 4242) was still writing {docs} after 0.5 s of waiting" in err
    assert snapshot(docs) == {"about.md": ABOUT.encode("utf-8"), writer.LOCK: b"", writer.LOCK_PID: b"4242\n"}


def test_build_lock_in_process_timeouts_pid_and_reentry(tmp_path):
    docs = tmp_path / "docs"
    other = hold(docs, 99)  # another lock object: another open file, so it contends even in this process
    try:
        with pytest.raises(BuildLocked, match=r"another build \(pid 99\) is writing") as raised:
            with build_lock(docs, timeout=0):
                pass
        assert raised.value.pid == 99 and raised.value.docs == docs
        waited: list[str] = []
        with pytest.raises(BuildLocked, match=r"after 0.2 s of waiting"):
            with build_lock(docs, timeout=0.2, on_wait=waited.append):
                pass
        assert waited == [f"waiting for the build in progress (pid 99) to finish writing {docs}"]
    finally:
        other.release()
    with build_lock(docs, timeout=0):
        assert writer.lock_holder(docs) == os.getpid()
        with build_lock(docs, timeout=0):  # the holder may take it again (pipeline.build around write_site)
            pass
        assert writer.lock_holder(docs) == os.getpid()
    assert writer.lock_holder(docs) is None


def test_the_lock_file_is_hidden_and_never_a_generated_page():
    assert writer.LOCK.startswith(".") and writer.LOCK_PID.startswith(".")
    assert not writer.safe_relative(writer.LOCK) and not writer.safe_relative(writer.LOCK_PID)
