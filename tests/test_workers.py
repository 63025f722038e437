"""Seeds read and analysed in worker processes: the same pages as one process, failures still reported."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import SEEDS, copy_handwritten_docs

from urbankb.pipeline.workers import fork_map


def test_fork_map_runs_in_workers_and_keeps_the_order():
    script = textwrap.dedent(
        """
        import os
        from urbankb.pipeline.workers import fork_map
        pids = list(fork_map(lambda i: (i * i, os.getpid()), list(range(40)), 2))
        assert [v for v, _ in pids] == [i * i for i in range(40)]
        assert os.getpid() not in {p for _, p in pids}, "nothing ran in a worker"
        print("ok")
        """
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.stdout.strip() == "ok", run.stderr


def test_fork_map_stays_in_process_for_one_job_or_one_item():
    assert list(fork_map(lambda i: (i, os.getpid()), list(range(20)), 1)) == [(i, os.getpid()) for i in range(20)]
    assert list(fork_map(lambda i: os.getpid(), [0], 2)) == [os.getpid()]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The real seeds, 40 articles made of their paragraphs, and two files that cannot be used."""
    root = tmp_path_factory.mktemp("workers")
    seeds = root / "seeds"
    shutil.copytree(SEEDS, seeds)
    paragraphs = [p.strip() for f in sorted(SEEDS.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n") if len(p.strip()) > 60]
    rng = random.Random(7)
    for i in range(40):
        body = "\n\n".join(rng.sample(paragraphs, 6))
        (seeds / f"m{i:02d}.md").write_text(f"---\ntitle: 合成文章{i}\ndate: 2025-{1 + i % 12:02d}-01\n---\n\n{body}\n", encoding="utf-8")
    (seeds / "m05.md").write_text("---\ntitle: [unclosed\n---\n\n正文。\n", encoding="utf-8")  # broken front matter
    (seeds / "z-binary.txt").write_bytes(bytes(range(256)) * 8)
    return root


def build(project: Path, jobs: int, out: str, cache: bool) -> tuple[subprocess.CompletedProcess, Path]:
    docs = project / out
    if not docs.exists():
        copy_handwritten_docs(docs)
    args = ["build", "--seeds", str(project / "seeds"), "--docs", str(docs), "-j", str(jobs)]
    args += ["--cache", str(project / f"cache-{out}")] if cache else ["--no-cache"]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run([sys.executable, "-c", COUNTING_FORKS, *args], capture_output=True, text=True, env=env, cwd=project, timeout=600)
    return run, docs


#: ``urbankb`` that prints how many worker processes it forked
COUNTING_FORKS = """
import os, sys
from urbankb.cli import main
forks, fork = [], os.fork
def counted():
    pid = fork()
    if pid:
        forks.append(pid)
    return pid
os.fork = counted
code = main(sys.argv[1:])
print(f"forked {len(forks)}")
sys.exit(code)
"""


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_workers_write_the_same_pages_and_report_the_same_problems(project):
    one, docs_one = build(project, 1, "docs-one", cache=False)
    two, docs_two = build(project, 2, "docs-two", cache=True)
    assert one.returncode == two.returncode == 1  # two seeds could not be used; the rest is built
    problems = [line for line in one.stderr.splitlines() if line.startswith(("urbankb: m05.md", "urbankb: z-binary.txt"))]
    assert len(problems) == 2 and "front matter" in problems[0]
    assert problems == [line for line in two.stderr.splitlines() if line.startswith(("urbankb: m05.md", "urbankb: z-binary.txt"))]
    assert "forked 0" in one.stdout and "forked 2" in two.stdout
    assert files(docs_one) == files(docs_two)
    # what the workers analysed is in the cache: the next build reads every usable seed from it
    again, _ = build(project, 2, "docs-two", cache=True)
    assert "(44 from the analysis cache)" in again.stdout
