"""``urbankb serve``: a new seed reaches the running preview, and Ctrl-C stops it cleanly."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, SEEDS, copy_handwritten_docs
from watchdog.events import FileModifiedEvent

from urbankb.site.serve import RebuildOnChange

NEW_TITLE = "测试新文章：低空经济示范区建设提速"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(predicate, seconds: float, proc: subprocess.Popen) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        if predicate():
            return True
        time.sleep(0.5)
    return False


@pytest.mark.parametrize("options", [[], ["--dirty"]], ids=["full", "dirty"])
def test_a_new_seed_appears_in_the_running_preview_and_ctrl_c_stops_it(tmp_path, options):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    copy_handwritten_docs(tmp_path / "docs")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("src/urbankb/data/dict.txt", str(REPO / "src/urbankb/data/dict.txt"))
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "urbankb.cli", "serve", "-a", f"127.0.0.1:{port}", *options],
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    try:
        assert wait_for(lambda: "城市" in fetch(base), 120, proc), "the preview did not start"
        assert NEW_TITLE not in fetch(base + "kb.json")
        (tmp_path / "seeds" / "new-article.md").write_text(
            f"---\ntitle: {NEW_TITLE}\ndate: 2026-11-23\n---\n\n低空经济示范区建设提速，无人机物流与城市空中交通成为未来产业的新方向。\n",
            encoding="utf-8",
        )
        assert wait_for(lambda: NEW_TITLE in fetch(base + "kb.json"), 120, proc), "the new seed never reached the preview"
        # MkDocs copies kb.json (a static file) before it renders the pages, and the preview serves
        # the site folder it writes into: while it renders, kb.json may name a page not yet written
        new_page = next(a["url"] for a in json.loads(fetch(base + "kb.json"))["articles"] if a["title"] == NEW_TITLE)
        assert wait_for(lambda: "无人机物流" in fetch(base + new_page), 60, proc), "the new article's page never appeared"
        assert NEW_TITLE in fetch(base)  # the home page lists it too
        proc.send_signal(signal.SIGINT)
        # MkDocs finishes a rebuild in progress before it stops; a loaded CI machine may take a while
        try:
            code = proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            log.seek(0)
            pytest.fail("urbankb serve did not stop within 120 s of Ctrl-C:\n" + log.read()[-3000:])
        assert code == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        log.seek(0)
        output = log.read()
        log.close()
    assert "rebuilding" in output and "(5 from the analysis cache)" in output
    assert "preview stopped" in output


def test_a_burst_of_changes_gives_one_rebuild_and_hidden_files_none(tmp_path):
    builds = []
    handler = RebuildOnChange(lambda: builds.append(1), quiet=0.2)
    for _ in range(5):
        handler.on_any_event(FileModifiedEvent(str(tmp_path / "seeds" / "a.txt")))
    handler.on_any_event(FileModifiedEvent(str(tmp_path / "seeds" / ".a.txt.swp")))
    time.sleep(1.0)
    assert builds == [1]
    handler.on_any_event(FileModifiedEvent(str(tmp_path / "seeds" / ".hidden")))
    time.sleep(0.6)
    assert builds == [1]


def test_only_the_named_data_files_count_in_their_folder(tmp_path):
    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text("x", encoding="utf-8")
    handler = RebuildOnChange(lambda: None, files=[taxonomy])
    assert handler.relevant(str(taxonomy))
    assert not handler.relevant(str(tmp_path / "notes.txt"))
    assert handler.relevant(str(Path(tmp_path / "seeds" / "a.txt")))
