"""Search benchmark: urbankb search vs stock mkdocs-material search vs Pagefind (extended).

Builds a synthetic knowledge base of N articles (default 1,000) made of the
seed paragraphs, then for each search:

* index size in bytes per source character (the articles' text), raw and as
  transferred (gzip, which a static host serves; urbankb ships it gzip'd);
* time from page load to first results in headless Chromium (Debian's
  ``/usr/bin/chromium``), and the number of results and first titles for
  每 query (低空经济, 一网统管 by default).

Usage::

    python scripts/bench_search.py [--articles 1000] [--keep DIR] [--queries 低空经济 一网统管]

Pagefind is measured when the ``pagefind`` Python package (``pagefind[extended]``)
is installed; it indexes the stock site's HTML and is queried with its JS API.
Not a test: the numbers depend on the machine.  Results go to stdout as a
Markdown table (and JSON with ``--json``).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("URBANKB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")

#: records when the first search result is in the page (ms since navigation start)
FIRST_RESULT_PROBE = """
new MutationObserver((_, obs) => {
  if (document.querySelector('li.md-search-result__item')) {
    window.__firstResult = performance.now();
    obs.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


def paragraphs() -> list[str]:
    """Body paragraphs of the seed files (lines of 40+ characters)."""
    out = []
    for seed in sorted((REPO / "seeds").glob("*.txt")):
        for line in seed.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if len(line) >= 40 and not line.startswith("#"):
                out.append(line)
    return out


def make_seeds(folder: Path, n: int) -> int:
    """Write ``n`` synthetic Markdown articles; returns their total characters of text."""
    paras = paragraphs()
    rng = random.Random(20250101)
    folder.mkdir(parents=True)
    total = 0
    for i in range(n):
        body = rng.sample(paras, k=min(len(paras), rng.randint(6, 12)))
        head = re.split(r"[，。；：]", body[0])[0][:18]
        title = f"{head}（合成{i:04d}）"
        text = f"# {title}\n\n" + "\n\n".join(body) + "\n"
        (folder / f"{i:04d}_synthetic.md").write_text(text, encoding="utf-8")
        total += len(title) + sum(len(p) for p in body)
    return total


def project(root: Path, seeds: Path, stock: bool) -> Path:
    """A project folder with the synthetic pages; ``stock`` uses the theme's own search."""
    proj = root / ("stock" if stock else "urbankb")
    proj.mkdir()
    yml = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    if stock:
        yml = yml.replace("  - urbankb\n", "  - urbankb:\n      search: false\n")
        yml = yml.replace("      lang: zh\n", f"      lang: zh\n      jieba_dict_user: {REPO / 'src/urbankb/data/dict.txt'}\n", 1)
    (proj / "mkdocs.yml").write_text(yml, encoding="utf-8")
    shutil.copytree(REPO / "docs", proj / "docs", ignore=shutil.ignore_patterns(
        "articles", "topics", "sources", "terms", "entities", "index.md", "kb.json", "graph.md", ".urbankb-manifest.json"))  # fmt: skip
    run([sys.executable, "-m", "urbankb.cli", "build", "--seeds", str(seeds), "--docs", str(proj / "docs")], proj)
    t = time.monotonic()
    run([sys.executable, "-m", "mkdocs", "build", "-f", str(proj / "mkdocs.yml"), "-d", str(proj / "site")], proj)
    (proj / "mkdocs-seconds").write_text(f"{time.monotonic() - t:.1f}")
    return proj


def run(cmd: list[str], cwd: Path) -> None:
    done = subprocess.run(cmd, check=False, cwd=cwd, capture_output=True, text=True, env=ENV)
    if done.returncode:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr[-3000:]}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def material_query(browser, base: str, query: str) -> dict:
    """Open the site with ``?q=`` (the theme's deep link) and time the first results."""
    page = browser.new_page()
    page.add_init_script(FIRST_RESULT_PROBE)
    page.goto(base + "?q=" + query, wait_until="load")
    page.wait_for_function("window.__firstResult !== undefined", timeout=120_000)
    first = page.evaluate("window.__firstResult")
    meta = page.text_content(".md-search-result__meta")
    titles = page.eval_on_selector_all("li.md-search-result__item h1", "els => els.slice(0, 3).map(e => e.textContent)")
    # a second query on the warm index, typed into the box
    box = page.locator("input[data-md-component=search-query]")
    t = page.evaluate("performance.now()")
    box.fill("数字孪生")
    box.press("End")
    page.wait_for_function("m => document.querySelector('.md-search-result__meta').textContent !== m", arg=meta, timeout=60_000)
    again = page.evaluate("performance.now()") - t
    page.close()
    return {"first_ms": round(first), "next_ms": round(again), "results": _count(meta), "top": titles}


def pagefind_query(browser, base: str, query: str) -> dict:
    page = browser.new_page()
    page.goto(base, wait_until="load")
    out = page.evaluate(
        """async q => {
          const pf = await import('./pagefind/pagefind.js');
          const r = await pf.search(q);
          const top = await Promise.all(r.results.slice(0, 3).map(x => x.data()));
          const first = performance.now();
          const t = performance.now();
          await pf.search('数字孪生');
          return {first, next: performance.now() - t, n: r.results.length, top: top.map(d => d.meta.title)};
        }""",
        query,
    )
    page.close()
    return {"first_ms": round(out["first"]), "next_ms": round(out["next"]), "results": out["n"], "top": out["top"]}


def _count(meta: str) -> int:
    m = re.search(r"(\d[\d,]*)", meta or "")
    return int(m[1].replace(",", "")) if m else (1 if meta and "1" in meta else 0)


def size(paths: list[Path]) -> tuple[int, int]:
    """(raw bytes, gzip bytes) of files, decompressing .gz ones for the raw figure."""
    raw = packed = 0
    for p in paths:
        data = p.read_bytes()
        if p.suffix == ".gz" or data[:2] == b"\x1f\x8b":
            packed += len(data)
            try:
                raw += len(gzip.decompress(data))
            except OSError:
                raw += len(data)
        else:
            raw += len(data)
            packed += len(gzip.compress(data, 6))
    return raw, packed


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--queries", nargs="+", default=["低空经济", "一网统管"])
    ap.add_argument("--keep", type=Path, help="build in this folder (kept) instead of a temporary one")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    root = args.keep or Path(tempfile.mkdtemp(prefix="urbankb-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    chars = make_seeds(root / "seeds", args.articles)
    print(f"{args.articles} synthetic articles, {chars} characters of text, in {root}", file=sys.stderr)
    ours = project(root, root / "seeds", stock=False)
    stock = project(root, root / "seeds", stock=True)
    rows = {}
    rows["urbankb"] = {"files": [ours / "site/search/urbankb-index.json.gz", ours / "site/search/search_index.json"], "site": ours / "site"}
    rows["material+jieba_dict_user"] = {"files": [stock / "site/search/search_index.json"], "site": stock / "site"}
    try:
        import pagefind  # noqa: F401

        pf_site = root / "pagefind-site"
        shutil.copytree(stock / "site", pf_site)
        t = time.monotonic()
        # the articles only (Pagefind cannot read the listing pages' `search: exclude`)
        run([sys.executable, "-m", "pagefind", "--site", str(pf_site), "--glob", "articles/**/*.html"], root)
        # the index: word chunks, metadata, filters and page fragments (not the UI, JS or wasm runtime)
        files = [
            p for p in (pf_site / "pagefind").rglob("*") if p.is_file() and (p.suffix.startswith(".pf_") or p.name == "pagefind-entry.json")
        ]
        rows["pagefind extended"] = {"files": files, "site": pf_site, "index_seconds": round(time.monotonic() - t, 1)}
    except ImportError:
        print("pagefind not installed (pip install 'pagefind[extended]'): skipped", file=sys.stderr)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for name, row in rows.items():
            raw, packed = size(row["files"])
            row.update(raw=raw, gzip=packed, raw_per_char=round(raw / chars, 2), gzip_per_char=round(packed / chars, 2))
            with serve(row["site"]) as base:
                fn = pagefind_query if name.startswith("pagefind") else material_query
                row["queries"] = {q: fn(browser, base, q) for q in args.queries}
        browser.close()
    if args.json:
        print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk not in ("files", "site")} for k, v in rows.items()},
                         ensure_ascii=False, indent=1))  # fmt: skip
    print(f"\n{args.articles} articles, {chars} source characters\n")
    print(
        "| search | index bytes (raw / gzip) | bytes per char (raw / gzip) | query | first results (ms from page load) | next query (ms) | results | first three |"
    )
    print("| --- | --- | --- | --- | ---: | ---: | ---: | --- |")
    for name, row in rows.items():
        for q, r in row["queries"].items():
            print(f"| {name} | {row['raw']:,} / {row['gzip']:,} | {row['raw_per_char']} / {row['gzip_per_char']} | {q} | "
                  f"{r['first_ms']} | {r['next_ms']} | {r['results']} | {' · '.join(r['top'])} |")  # fmt: skip


if __name__ == "__main__":
    main()
