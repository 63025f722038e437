"""Benchmark: urbankb build (cold, unchanged, one new seed), mkdocs build and zensical build.

Synthetic knowledge bases are made from the real seed articles: their
paragraphs are drawn (fixed random seed) into N articles of 8-20
paragraphs, each a ``.md`` file with a title and a date, so the text is
real Chinese prose at realistic lengths.  For each size, in one project:

1. ``urbankb build`` cold (no cache, empty docs/);
2. ``urbankb build`` again with nothing changed;
3. ``urbankb build`` after one new seed file;
4. the rebuild ``urbankb serve`` runs when one more seed arrives: one
   process builds, then rebuilds with the analysis kept in memory
   (:class:`urbankb.pipeline.BuildState`); the rebuild alone is timed;
   then the whole preview: that rebuild plus MkDocs rebuilding the site,
   in full (``urbankb serve``) and only the changed pages (``--dirty``);
5. ``mkdocs build`` of the result, and ``zensical build`` when installed;
6. the floor: ``mkdocs build`` of as many plain Markdown pages, at the same
   paths, of the same article text (title and paragraphs), stock Material,
   no plugins — what MkDocs costs with nothing of urbankb's in it;

each as its own process, with wall time and peak resident memory
(``os.wait4``).  The urbankb steps also report their time after imports.
Finally the built site's size per article.  The exponent column is
log(t_N / t_prev) / log(N / prev): 1 is linear, 2 quadratic.

Usage::

    python scripts/bench.py [--sizes 100 1000 5000] [--zensical PATH] [--keep DIR]
    python scripts/bench.py --segmenters    # jieba vs rjieba on the seed text
    python scripts/bench.py --hostile       # a 5 MiB .md of 1,500-level lists: time and memory bound
    python scripts/bench.py --pdf           # 100 typeset PDF pages read directly, beside their pdftotext text
    python scripts/bench.py --startup       # `urbankb --help` wall time, median of 5 runs

Each size ends with the ratios the targets are stated in: seeds to site
(``urbankb build`` cold + ``mkdocs build``) over the floor, and the pages one
new seed makes ``urbankb build`` rewrite.

Targets (README, "Benchmarks"), for 1,000 articles on a 2-core machine:
seeds to site within 2.5× the floor (3× at 5,000); one new seed rewrites at
most 50 pages and the ``serve --dirty`` preview follows it in 2 s;
cold generator time at most a fifth of the mkdocs build time; one new seed
rebuilt in under 1 second; peak memory under 500 MB; built site under
60 kB per article; no step growing with the square of the article count.
Hostile input (``--hostile``): ``urbankb build`` of one 5 MiB ``.md`` seed
of lists nested 1,500 levels deep and 10,000 list markers on a line stays
under :data:`HOSTILE_SECONDS` seconds and :data:`HOSTILE_MIB` MiB.
Not a test: timings are reported, never asserted.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: runs a build in-process and prints its time after imports
BUILD = (
    "import time,sys;t=time.perf_counter();from urbankb.cli import main;u=time.perf_counter();"
    "rc=main(sys.argv[1:]);print(f'BENCH imports {u-t:.3f} work {time.perf_counter()-u:.3f}',flush=True);sys.exit(rc)"
)


#: what ``urbankb serve`` does when a seed arrives: one process builds (from the cache) and loads what a
#: changed seed's analysis needs (``warm``), then the
#: new seed (argv[1], moved into seeds/) is built with the analysis kept in memory; prints that rebuild's time
RESIDENT = """
import shutil, sys, time
from pathlib import Path
from urbankb.config import load_config
from urbankb.pipeline import BuildState, build, warm
config, state = load_config(Path(".")), BuildState()
build(config, state)
warm(state)
shutil.move(sys.argv[1], config.seeds / Path(sys.argv[1]).name)
t = time.perf_counter()
build(config, state)
print(f"BENCH resident {time.perf_counter() - t:.3f}", flush=True)
"""


#: what the preview shows when a seed arrives: ``urbankb serve`` (argv[2] "dirty" for ``--dirty``) rebuilds
#: the pages with the analysis in memory, then MkDocs rebuilds the site (the plugin kept across builds,
#: as in ``mkdocs serve``); prints the time from the new seed (argv[1]) to the rebuilt site
PREVIEW = """
import logging, shutil, sys, tempfile, time
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config as load_mkdocs
from urbankb.config import load_config
from urbankb.pipeline import BuildState, build as urbankb_build, warm
logging.getLogger("mkdocs").setLevel(logging.ERROR)
config, state, dirty = load_config(Path(".")), BuildState(), sys.argv[2] == "dirty"
site = tempfile.mkdtemp(prefix="mkdocs_")
def mkdocs():
    settings = load_mkdocs("mkdocs.yml", site_dir=site)
    settings.plugins.on_startup(command="serve", dirty=dirty)
    build(settings, dirty=dirty)
urbankb_build(config, state)
warm(state)
mkdocs()
shutil.move(sys.argv[1], config.seeds / Path(sys.argv[1]).name)
t = time.perf_counter()
urbankb_build(config, state)
u = time.perf_counter()
mkdocs()
print(f"BENCH urbankb {u - t:.3f} mkdocs {time.perf_counter() - u:.3f}")
print(f"BENCH resident {time.perf_counter() - t:.3f}", flush=True)
shutil.rmtree(site)
"""


@dataclass
class Step:
    """One measured command."""

    name: str
    seconds: float
    peak_mib: float
    work_seconds: float | None = None
    note: str = ""
    written: int | None = None  # pages ``urbankb build`` reported written
    why: dict[str, int] | None = None  # the Markdown pages a new seed rewrote, by why (see why_rewritten)


def seed_paragraphs() -> tuple[list[str], list[str]]:
    """Paragraphs (over 40 characters) and titles of the real seed articles."""
    from urbankb.config import BuildConfig
    from urbankb.pipeline import analyse

    corpus, _ = analyse(BuildConfig(seeds=REPO / "seeds", cache=None))
    return [p for a in corpus.articles for p in a.paragraphs if len(p) > 40], [a.title for a in corpus.articles]


def write_article(folder: Path, i: int, paragraphs: list[str], titles: list[str], rng: random.Random) -> int:
    """Write synthetic article ``i``; returns its characters."""
    body = rng.sample(paragraphs, rng.randint(8, min(20, len(paragraphs))))
    title = f"{rng.choice(titles)}（{i + 1}）"
    date = f"20{rng.randint(23, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    text = f"---\ntitle: {title}\ndate: {date}\n---\n\n" + "\n\n".join(body) + "\n"
    (folder / f"a{i:05d}.md").write_text(text, encoding="utf-8")
    return sum(len(p) for p in body)


def make_project(folder: Path, n: int, paragraphs: list[str], titles: list[str]) -> int:
    """A project (seeds, mkdocs.yml, hand-written docs) with ``n`` articles; returns total characters."""
    seeds = folder / "seeds"
    seeds.mkdir(parents=True)
    rng = random.Random(20261123)
    chars = sum(write_article(seeds, i, paragraphs, titles, rng) for i in range(n))
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        config.replace("src/urbankb/data/dict.txt", str(REPO / "src/urbankb/data/dict.txt")), encoding="utf-8"
    )
    shutil.copytree(REPO / "docs", folder / "docs", ignore=shutil.ignore_patterns("articles", "topics", "sources", "terms", "entities",
                    "index.md", "kb.json", "graph.md", ".urbankb-*", "urbankb"))  # fmt: skip
    return chars


def measure(name: str, cmd: list[str], cwd: Path) -> Step:
    """Run ``cmd`` to completion; wall time and peak RSS of that process alone (``os.wait4``)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=env)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{name} failed ({proc.returncode}): {stderr[-3000:]}")
    reports = [line.split()[1:] for line in stdout.splitlines() if line.startswith("BENCH ")]
    work = next((float(r[-1]) for r in reports if r[0] == "imports"), None)
    note = " + ".join(f"{r[i]} {float(r[i + 1]):.2f} s" for r in reports if r[0] == "urbankb" for i in range(0, len(r), 2))
    resident = next((float(r[1]) for r in reports if r[0] == "resident"), None)
    if resident is not None:
        seconds, work = resident, None  # the rebuild alone is the step
    written = re.search(r"(\d+) pages written", stdout + stderr)
    return Step(name, seconds, usage.ru_maxrss / 1024, work, note, int(written.group(1)) if written else None)


def page_texts(docs: Path) -> dict[str, str]:
    """Every Markdown page under ``docs``: relative path -> its text."""
    return {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in docs.rglob("*.md")}


def new_article_slug(docs: Path, seed: str) -> str:
    """The slug of the article of seed file ``seed`` (the last part of its ``kb.json`` URL)."""
    articles = json.loads((docs / "kb.json").read_text(encoding="utf-8"))["articles"]
    url = next(a["url"] for a in articles if Path(a["seed"]).name == seed)
    return url.rstrip("/").removesuffix(".html").rsplit("/", 1)[-1]


def why_rewritten(docs: Path, before: dict[str, str], slug: str) -> dict[str, int]:
    """The Markdown pages that changed since ``before``, by why: they link to the new article ``slug``
    (its own page and the pages listing it: what the issue expects a new seed to change); only
    numbers changed (counts of articles that now include it); or something else changed (an older
    article's mentions or related list, through a term or alias the new article made shared)."""
    why = {"link to the new article": 0, "only counts changed": 0, "other": 0}
    for path, text in page_texts(docs).items():
        old = before.get(path)
        if old == text:
            continue
        if path == f"articles/{slug}.md" or slug in text:
            why["link to the new article"] += 1
        elif old is not None and _numbers_only(old, text):
            why["only counts changed"] += 1
        else:
            why["other"] += 1
    return why


def _numbers_only(old: str, new: str) -> bool:
    """The two texts differ only in their digits (line by line)."""
    a, b = old.splitlines(), new.splitlines()
    return len(a) == len(b) and all(x == y or re.sub(r"\d+", "#", x) == re.sub(r"\d+", "#", y) for x, y in zip(a, b, strict=True))


#: the floor's configuration: stock Material, no plugins (not even MkDocs' default search), no theme features
FLOOR_MKDOCS = {"site_name": "floor", "theme": {"name": "material", "language": "zh"}, "plugins": []}


def make_floor(project: Path, floor: Path) -> int:
    """Plain Markdown pages at the paths of ``project``'s built pages, holding its seed articles' text in turn.

    Every ``.md`` page ``urbankb build`` listed in its manifest gets one plain page (``# title``
    then the paragraphs of one seed article, round robin) at the same path, and the floor's
    ``mkdocs.yml`` gets the same navigation (a site of 1,600 pages in MkDocs' automatic
    navigation renders every entry on every page, which measures the navigation, not the
    pages).  Returns the number of pages written.
    """
    import frontmatter
    import yaml

    manifest = json.loads((project / "docs" / ".urbankb-manifest.json").read_text(encoding="utf-8"))
    pages = sorted(p for p in manifest["files"] if p.endswith(".md"))
    articles = [frontmatter.load(seed) for seed in sorted((project / "seeds").glob("*.md"))]
    (floor / "docs").mkdir(parents=True)
    config = dict(FLOOR_MKDOCS, nav=manifest["nav"])
    (floor / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for i, page in enumerate(pages):
        article = articles[i % len(articles)]
        target = floor / "docs" / page
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"# {article['title']}\n\n{article.content}\n", encoding="utf-8")
    return len(pages)


def run_size(n: int, paragraphs: list[str], titles: list[str], zensical: str | None, keep: Path | None) -> tuple[int, list[Step], float]:
    """Every step on an ``n``-article project; returns (characters, steps, site bytes per article)."""
    tmp = Path(tempfile.mkdtemp(prefix=f"urbankb-bench-{n}-"))
    try:
        chars = make_project(tmp, n, paragraphs, titles)
        build = [sys.executable, "-c", BUILD, "build", "--zensical", "zensical.yml"]
        steps = [measure("urbankb build, cold", build, tmp)]
        steps.append(measure("urbankb build, no change", build, tmp))
        before = page_texts(tmp / "docs")
        write_article(tmp / "seeds", n, paragraphs, titles, random.Random(n))
        steps.append(measure("urbankb build, one new seed", build, tmp))
        steps[-1].why = why_rewritten(tmp / "docs", before, new_article_slug(tmp / "docs", f"a{n:05d}.md"))
        write_article(tmp, n + 1, paragraphs, titles, random.Random(n + 1))  # outside seeds/ until the preview is up
        steps.append(measure("urbankb serve rebuild, one new seed", [sys.executable, "-c", RESIDENT, f"a{n + 1:05d}.md"], tmp))
        for mode in ("full", "dirty"):
            seed = f"a{n + 2:05d}.md"
            write_article(tmp, n + 2, paragraphs, titles, random.Random(n + 2))
            step = measure(f"preview, one new seed: urbankb + MkDocs {mode}", [sys.executable, "-c", PREVIEW, seed, mode], tmp)
            steps.append(step)
            (tmp / "seeds" / seed).unlink()  # the same new seed for both modes
        steps.append(measure("mkdocs build", [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], tmp))
        site_bytes = sum(p.stat().st_size for p in (tmp / "site").rglob("*") if p.is_file())
        floor_pages = make_floor(tmp, tmp / "floor")
        steps.append(
            measure(
                f"floor: mkdocs build of {floor_pages:,} plain pages",
                [sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"],
                tmp / "floor",
            )
        )
        if zensical:
            shutil.rmtree(tmp / "site", ignore_errors=True)
            steps.append(measure("zensical build", [zensical, "build", "-f", "zensical.yml", "--clean"], tmp))
        if keep:
            shutil.copytree(tmp, keep / f"kb-{n}", dirs_exist_ok=True)
        return chars, steps, site_bytes / (n + 1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def benchmark(sizes: list[int], zensical: str | None, keep: Path | None) -> None:
    paragraphs, titles = seed_paragraphs()
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; zensical: {zensical or 'not installed'}\n")
    print("| articles | characters | step | wall s | after imports s | peak MiB | exponent |")
    print("| ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    previous: dict[str, tuple[int, float]] = {}
    for n in sizes:
        chars, steps, per_article = run_size(n, paragraphs, titles, zensical, keep)
        for step in steps:
            exponent = ""
            if step.name in previous and previous[step.name][0] < n:
                m, t = previous[step.name]
                exponent = f"{math.log(step.seconds / t) / math.log(n / m):.2f}"
            previous[step.name] = (n, step.seconds)
            work = f"{step.work_seconds:.2f}" if step.work_seconds is not None else ""
            print(
                f"| {n:,} | {chars / 1e6:.1f} M | {step.name}{f' ({step.note})' if step.note else ''} | {step.seconds:.2f} | {work} "
                f"| {step.peak_mib:.0f} | {exponent} |",
                flush=True,
            )
        print(f"| {n:,} | | built site (mkdocs), per article | {per_article / 1024:.0f} kB | | | |", flush=True)
        print(ratios(n, steps), flush=True)


def ratios(n: int, steps: list[Step]) -> str:
    """The targets' figures for one size: seeds to site over the floor, pages one new seed rewrites."""
    by_name = {s.name.split(" of ")[0] if s.name.startswith("floor") else s.name: s for s in steps}
    cold, mkdocs_build, floor = by_name["urbankb build, cold"], by_name["mkdocs build"], by_name["floor: mkdocs build"]
    new_seed = by_name["urbankb build, one new seed"]
    site = cold.seconds + mkdocs_build.seconds
    return (
        f"| {n:,} | | seeds to site (cold build + mkdocs build) / floor | {site:.2f} / {floor.seconds:.2f} = **{site / floor.seconds:.2f}×** | | | |\n"
        f"| {n:,} | | pages rewritten by one new seed | {new_seed.written} (Markdown pages: "
        + ", ".join(f"{count} {why}" for why, count in (new_seed.why or {}).items())
        + ") | | | |"
    )


def segmenters() -> None:
    """jieba (Python) against rjieba (jieba-rs) on every line of the seeds: speed and agreement."""
    import jieba

    from urbankb.config import BuildConfig
    from urbankb.pipeline import load_analysis
    from urbankb.topics import load_taxonomy, taxonomy_terms

    analyzer = load_analysis(BuildConfig()).analyzer
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(analyzer.dictionary))
    for term in taxonomy_terms(load_taxonomy()):
        if term not in analyzer.terms or analyzer.terms[term] == "nz":
            tokenizer.add_word(term, freq=2000, tag="nz")
    lines = [line for p in sorted((REPO / "seeds").iterdir()) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    tokenizer.lcut(lines[0])  # load the dictionary before timing

    def best_of(cut, rounds: int = 5) -> tuple[list[list[str]], float]:
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            words = [cut(line) for line in lines]
            times.append(time.perf_counter() - t)
        return words, min(times)

    slow, t_jieba = best_of(tokenizer.lcut)
    fast, t_rjieba = best_of(analyzer.cut)

    def ends(words: list[str]) -> set[int]:
        out, i = set(), 0
        for w in words:
            i += len(w)
            out.add(i)
        return out

    agree = total = 0
    for a, b in zip(slow, fast, strict=True):
        ea, eb = ends(a), ends(b)
        agree += len(ea & eb)
        total += len(ea | eb)
    chars = sum(map(len, lines))
    same = sum(a == b for a, b in zip(slow, fast, strict=True))
    print(f"{len(lines)} lines, {chars:,} characters of seed text (best of 5 rounds)")
    print(f"jieba  {t_jieba:.3f} s ({chars / t_jieba / 1e3:.0f} k chars/s)")
    print(f"rjieba {t_rjieba:.3f} s ({chars / t_rjieba / 1e3:.0f} k chars/s), {t_jieba / t_rjieba:.1f}x faster")
    print(f"word boundaries in common {agree / total:.4%}; lines segmented identically {same}/{len(lines)}")
    for a, b in zip(slow, fast, strict=True):
        if a != b:
            print(f"  jieba {sorted(set(a) - set(b))[:5]}  rjieba {sorted(set(b) - set(a))[:5]}")


#: the bound a hostile 5 MiB seed's build is held to (2 cores)
HOSTILE_SECONDS = 30
HOSTILE_MIB = 1024


def hostile() -> None:
    """``urbankb check`` and ``urbankb build`` of one 5 MiB ``.md`` seed nested 1,500 levels deep, against the bound."""
    tmp = Path(tempfile.mkdtemp(prefix="urbankb-hostile-"))
    try:
        make_project(tmp, 0, [], [])
        block = ["  " * i + "- 项目内容" for i in range(1500)] + ["", "- " * 10_000 + "文字", ""]
        data = "\n".join(["---", "title: 深层嵌套", "---", "", *block * 4]).encode()[: 5 * 1024 * 1024 - 16]
        (tmp / "seeds" / "deep.md").write_bytes(data[: data.rfind(b"\n")])
        print("| step | wall s | peak MiB | bound |\n| --- | ---: | ---: | --- |")
        for name, cmd in (("urbankb check", "check"), ("urbankb build", "build")):
            step = measure(
                name,
                [sys.executable, "-m", "urbankb.cli", cmd, "--no-cache"] if cmd == "build" else [sys.executable, "-m", "urbankb.cli", cmd],
                tmp,
            )
            ok = step.seconds < HOSTILE_SECONDS and step.peak_mib < HOSTILE_MIB
            print(
                f"| {name}, 5 MiB .md nested 1,500 deep | {step.seconds:.2f} | {step.peak_mib:.0f} | {HOSTILE_SECONDS} s, {HOSTILE_MIB} MiB: {'met' if ok else 'NOT met'} |",
                flush=True,
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


#: the typeset layouts (tests/data/layouts): newspapers, bulletins and compilations, with their pdftotext text
LAYOUTS = REPO / "tests" / "data" / "layouts"
PDF_PAGES = 100


def pdf_pages() -> None:
    """``urbankb build`` of at least :data:`PDF_PAGES` typeset PDF pages read directly, and of the same pages'
    ``pdftotext`` text, side by side in one run: time, memory, time per page and the ratio."""
    import pdfplumber

    pdfs = sorted(LAYOUTS.glob("*/*.pdf"))
    pages = {pdf: len(pdfplumber.open(pdf).pages) for pdf in pdfs}
    rows = []
    for route in ("pdf", "pdftotext"):
        tmp = Path(tempfile.mkdtemp(prefix=f"urbankb-{route}-"))
        try:
            make_project(tmp, 0, [], [])
            total, copy = 0, 0
            while total < PDF_PAGES:
                for pdf in pdfs:
                    stem = f"{copy:02d}_{pdf.stem}"
                    if route == "pdf":
                        shutil.copy(pdf, tmp / "seeds" / f"{stem}.pdf")
                    else:
                        shutil.copy(pdf.with_suffix(".pdftotext.txt"), tmp / "seeds" / f"{stem}.txt")
                    total += pages[pdf]
                copy += 1
            step = measure(f"urbankb build, {total} pages as {route}", [sys.executable, "-m", "urbankb.cli", "build", "--no-cache"], tmp)
            rows.append((route, total, step))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print("| step | wall s | s per page | peak MiB |\n| --- | ---: | ---: | ---: |")
    for route, total, step in rows:
        print(
            f"| urbankb build, {total} pages, {'the PDFs read directly' if route == 'pdf' else 'their pdftotext text'} | {step.seconds:.2f} | {step.seconds / total:.3f} | {step.peak_mib:.0f} |"
        )
    print(f"\nPDF read directly / its pdftotext text: {rows[0][2].seconds / rows[1][2].seconds:.1f}× the time", flush=True)


STARTUP_RUNS = 5


def startup() -> None:
    """Wall time of ``urbankb --help`` (the console script beside this Python, and ``python -m urbankb.cli``): median of :data:`STARTUP_RUNS`."""
    script = Path(sys.executable).with_name("urbankb")
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "python -m urbankb.cli --help": [sys.executable, "-m", "urbankb.cli", "--help"],
    }
    if script.is_file():
        commands["urbankb --help"] = [str(script), "--help"]
    print("| command | median s | min s | max s | peak MiB |\n| --- | ---: | ---: | ---: | ---: |")
    for name, cmd in commands.items():
        measure(name, cmd, REPO)  # warm the file cache
        steps = [measure(name, cmd, REPO) for _ in range(STARTUP_RUNS)]
        seconds = sorted(s.seconds for s in steps)
        peak = max(s.peak_mib for s in steps)
        print(f"| `{name}` | {seconds[len(seconds) // 2]:.3f} | {seconds[0]:.3f} | {seconds[-1]:.3f} | {peak:.0f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--zensical", help="zensical command (default: found on PATH)")
    parser.add_argument("--keep", type=Path, help="copy each benchmark project here")
    parser.add_argument("--segmenters", action="store_true", help="compare jieba and rjieba on the seed text instead")
    parser.add_argument("--hostile", action="store_true", help="time a hostile 5 MiB Markdown seed instead")
    parser.add_argument("--pdf", action="store_true", help=f"time reading {PDF_PAGES} typeset PDF pages instead")
    parser.add_argument("--startup", action="store_true", help=f"time `urbankb --help` ({STARTUP_RUNS} runs, median) instead")
    args = parser.parse_args()
    if args.startup:
        startup()
        return
    if args.pdf:
        pdf_pages()
        return
    if args.segmenters:
        segmenters()
        return
    if args.hostile:
        hostile()
        return
    benchmark(args.sizes, args.zensical or shutil.which("zensical"), args.keep)


if __name__ == "__main__":
    main()
