"""Benchmark: build time and peak memory of `urbankb build` on a synthetic corpus.

The corpus is made from the real seed articles: their paragraphs are
shuffled (fixed seed) into N articles of 8–20 paragraphs, each a `.md` file
with a title, so the text is real Chinese prose at realistic lengths.

Usage: python scripts/bench_build.py [N ...]   (default: 100 500 1000)
Prints one line per size: articles, seconds per stage, peak RSS in MiB.
Targets (documented in the README): 1,000 articles in under 3 minutes and
under 2 GiB on a 2-core machine.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def make_corpus(folder: Path, n: int) -> int:
    """Write ``n`` synthetic articles into ``folder``; returns total characters."""
    from urbankb.config import BuildConfig
    from urbankb.pipeline import analyse

    corpus, _ = analyse(BuildConfig(seeds=REPO / "seeds"))
    paragraphs = [p for a in corpus.articles for p in a.paragraphs if len(p) > 40]
    titles = [a.title for a in corpus.articles]
    rng = random.Random(20261123)
    total = 0
    for i in range(n):
        body = rng.sample(paragraphs, rng.randint(8, min(20, len(paragraphs))))
        title = f"{rng.choice(titles)}（{i + 1}）"
        text = f"---\ntitle: {title}\ndate: 2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n---\n\n" + "\n\n".join(body) + "\n"
        (folder / f"a{i:05d}.md").write_text(text, encoding="utf-8")
        total += sum(len(p) for p in body)
    return total


def run(n: int) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        chars = make_corpus(seeds, n)
        docs = Path(tmp) / "docs"
        code = (
            "import resource,sys,time;from pathlib import Path;"
            "from urbankb.cli import main;t=time.perf_counter();"
            f"rc=main(['build','--seeds',{str(seeds)!r},'--docs',{str(docs)!r}]);"
            "print('TIME',time.perf_counter()-t);"
            "print('RSS',resource.getrusage(resource.RUSAGE_SELF).ru_maxrss/1024)"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
        out = proc.stdout
        if "TIME" not in out:
            raise RuntimeError(f"build failed: {proc.stderr[-2000:]}")
        values = dict(line.split(" ", 1) for line in out.splitlines() if line.startswith(("TIME", "RSS")))
        return (
            f"{n:6d} articles  {chars / 1e6:5.2f} M chars  build {float(values['TIME']):7.1f} s  peak RSS {float(values['RSS']):7.0f} MiB"
        )


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [100, 500, 1000]
    for size in sizes:
        print(run(size), flush=True)
