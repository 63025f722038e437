"""Site search in a real browser: headless Chromium types reader queries into the search box.

The built site is served on 127.0.0.1; each query must bring the article
it is about among the first three results.  Uses Debian's ``chromium``
(``/usr/bin/chromium``, installed by ``.ci/run``) -- never a downloaded
browser.  See SEARCH.md for how the search works.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO, copy_handwritten_docs

CHROMIUM = os.environ.get("URBANKB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]  # fmt: skip

try:
    from playwright import sync_api as playwright_sync
except ImportError:
    playwright_sync = None

#: under CI (``CI`` set, as GitHub Actions and ``.ci/run`` do) a missing browser fails these tests
IN_CI = bool(os.environ.get("CI"))


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if playwright_sync is None:
        return "playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not installed (apt-get install chromium, or set URBANKB_CHROMIUM)"
    return None


@pytest.fixture(scope="session", autouse=True)
def browser_available():
    """Skip on a developer machine without the browser; under CI, fail (before any site is built)."""
    missing = browser_missing()
    if missing and IN_CI:
        pytest.fail(f"CI={os.environ['CI']!r}: the browser tests must run under CI, but {missing}", pytrace=False)
    if missing:
        pytest.skip(missing)


#: (what a reader types, the article that must be among the first three results, why)
QUERIES = [
    ("吴维平", "shu-zi-zhuan-xing-bei-jing", "speaker's name"),
    ("张玉鑫", "shang-hai-kong-jian-fa-zhan", "speaker's name"),
    ("虞晶怡", "yi-ri-gou-jian-da-du", "speaker's name"),
    ("柏林", "bo-lin-da-du-shi-qu", "place"),
    ("长三角", "shang-hai-shi-yu-shang-hai", "place"),
    ("巴黎", "cong-cheng-shi-shu-ju-dao", "place"),
    ("首尔", "ji-yu-ren-gong-zhi-neng", "place"),
    ("代尔夫特", "yi-hu-dong-wei-he-xin", "place"),
    ("新田科技城", "xiang-gang-guo-ji-chuang-ke", "place, domain term"),
    ("数字孪生", "yi-ri-gou-jian-da-du", "concept"),
    ("一网统管", "di-ba-jie-zhong-guo-guang", "concept (domain dictionary)"),
    ("具身智能", "guang-zhou-jia-kuai-bu-ju", "concept (domain dictionary)"),
    ("15分钟社区生活圈", "shang-hai-kong-jian-fa-zhan", "concept with digits"),
    ("低空经济", "guang-zhou-jia-kuai-bu-ju", "concept (compound)"),
    ("城市运管服平台", "di-ba-jie-zhong-guo-guang", "concept (domain dictionary)"),
    ("热岛效应", "cong-cheng-shi-shu-ju-dao", "concept"),
    ("市民画像", "ji-yu-ren-gong-zhi-neng", "concept"),
    ("科创街区", "bei-jing-ke-chuang-jie-qu", "concept"),
    ("未来社区", "zheng-yin-qi-xie-tong-tan", "concept"),
    ("量子科技", "guang-zhou-jia-kuai-bu-ju", "concept"),
    ("美丽广州建设规划纲要", "2035-nian-sheng-tai-huan-jing", "policy document"),
    ("X-Road", "shu-zi-zhuan-xing-bei-jing", "English term inside Chinese text"),
    ("NYC 311", "shu-zi-zhuan-xing-bei-jing", "English term and number"),
    ("孪生", "yi-ri-gou-jian-da-du", "part of a compound"),
    ("治理", "shu-zi-zhuan-xing-bei-jing", "part of a compound (城市治理)"),
    ("數字孿生", "yi-ri-gou-jian-da-du", "traditional characters, simplified article"),
    ("城市運管服平臺", "di-ba-jie-zhong-guo-guang", "traditional characters, simplified article"),
    ("上海 复兴岛", "shang-hai-kong-jian-fa-zhan", "two words"),
]

#: a traditional-Chinese article built into a temporary site (not part of seeds/)
TRADITIONAL_SEED = """# 臺北市推動智慧城市與數位治理

臺北市政府近年推動「智慧城市」計畫，以數位孿生技術整合交通、防災與公共服務資料。
市民可透過單一窗口申辦業務，城市治理從經驗決策轉向數據驅動。低空經濟與無人機物流也被納入試驗場域。
"""
TRADITIONAL_QUERIES = [
    ("数位孪生", "traditional article, simplified query"),
    ("台北市", "traditional article, simplified query"),
    ("無人機物流", "traditional article, traditional query"),
    ("无人机", "traditional article, simplified query"),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class SearchBox:
    """Drives the theme's search box in one Chromium page."""

    def __init__(self, page, base: str):
        self.page = page
        self.base = base
        page.goto(base, wait_until="load")
        self.input = page.locator("input[data-md-component=search-query]")
        self.input.click()  # focusing the box opens the search dialog
        self.meta = page.locator(".md-search-result__meta")
        # the worker answers READY once the index is loaded; the meta line then shows the placeholder
        page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.trim().length > 0")
        self.placeholder = self.meta.text_content().strip()

    def query(self, text: str, timeout: float = 10_000) -> list[str]:
        """Type ``text``; the URLs (relative to the site) of the results, best first."""
        self.input.fill("")
        self.input.press("End")
        self.page.wait_for_function(
            "p => document.querySelector('.md-search-result__meta').textContent.trim() === p", arg=self.placeholder, timeout=timeout
        )
        self.input.fill(text)
        self.input.press("End")  # the theme reads the box on keyup
        self.page.wait_for_function(
            "p => document.querySelector('.md-search-result__meta').textContent.trim() !== p", arg=self.placeholder, timeout=timeout
        )
        hrefs = self.page.eval_on_selector_all(
            "li.md-search-result__item > a.md-search-result__link:first-child", "els => els.map(e => e.href)"
        )
        return [h.split("?")[0].split("#")[0].removeprefix(self.base) for h in hrefs]


@contextmanager
def browser_page():
    with playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_a_traditional_query_highlights_the_whole_term_not_its_single_characters(built_site):
    """數字孿生 read as typed is 數|字|孿|生; only the reading that found pages (数字孪生) is highlighted."""
    with serve(built_site / "site") as base, browser_page() as page:
        box = SearchBox(page, base)
        assert box.query("數字孿生")
        marks = page.eval_on_selector_all(".md-search-result mark", "els => els.map(e => e.textContent)")
    assert marks and set(marks) <= {"数字孪生", "數字孿生"}, f"highlighted: {sorted(set(marks))}"


@pytest.fixture(scope="module")
def search_results(built_site):
    """Results of every query in :data:`QUERIES` on the built site (one browser session)."""
    with serve(built_site / "site") as base, browser_page() as page:
        box = SearchBox(page, base)
        return {q: box.query(q) for q, _, _ in QUERIES}


@pytest.mark.parametrize(("query", "article", "why"), QUERIES, ids=[q for q, _, _ in QUERIES])
def test_reader_query_finds_its_article_in_the_first_three(search_results, query, article, why):
    results = search_results[query]
    top = results[:3]
    assert any(article in url for url in top), f"{query} ({why}): expected {article} in the first three, got {top}"


def test_search_has_at_least_25_reader_queries():
    assert len(QUERIES) >= 25


def test_domain_term_query_is_not_split_into_its_parts(search_results):
    """一网统管 is one dictionary term: only pages with the whole term are found, not every page with 一 or 网."""
    assert search_results["一网统管"] and len(search_results["一网统管"]) <= 2
    # 低空经济 is in two articles; the many pages with only 经济 are not results
    assert len(search_results["低空经济"]) == 2


def test_generated_listing_pages_are_not_results(search_results):
    listing = ("topics/", "sources/", "tags/")
    for query, urls in search_results.items():
        assert not [u for u in urls if u.startswith(listing) or u == ""], f"{query}: listing pages among {urls}"


@pytest.fixture(scope="module")
def traditional_site(tmp_path_factory):
    """A temporary site whose seeds are one traditional-Chinese article and one simplified seed."""
    project = tmp_path_factory.mktemp("trad")
    seeds = project / "seeds"
    seeds.mkdir()
    (seeds / "900_traditional.md").write_text(TRADITIONAL_SEED, encoding="utf-8")
    shutil.copy(min((REPO / "seeds").glob("*.txt")), seeds)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    copy_handwritten_docs(project / "docs")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for cmd in (
        [
            sys.executable,
            "-m",
            "urbankb.cli",
            "build",
            "--seeds",
            str(seeds),
            "--docs",
            str(project / "docs"),
            "--cache",
            str(project / ".cache"),
        ],
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")],
    ):
        run = subprocess.run(cmd, check=False, cwd=project, capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
    return project


def test_traditional_article_is_found_by_either_script_and_shown_as_written(traditional_site):
    with serve(traditional_site / "site") as base, browser_page() as page:
        box = SearchBox(page, base)
        for query, why in TRADITIONAL_QUERIES:
            urls = box.query(query)
            titles = page.eval_on_selector_all("li.md-search-result__item h1", "els => els.map(e => e.textContent)")
            assert urls, f"{query} ({why}): no results"
            assert "臺北市推動智慧城市與數位治理" in titles[:3], f"{query} ({why}): first titles {titles[:3]}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_search_as_you_type_works_under_mkdocs_serve(traditional_site):
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{port}", "-f", str(traditional_site / "mkdocs.yml")],
        cwd=traditional_site, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(base + "search/urbankb-index.json.gz", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"mkdocs serve did not start: {proc.stderr.read().decode(errors='replace')[-2000:]}")
                time.sleep(0.5)
        with browser_page() as page:
            box = SearchBox(page, base)
            # typed one character at a time, as a reader would: each prefix gives results
            for prefix in ("無", "無人", "無人機"):
                assert box.query(prefix), f"{prefix}: no results under mkdocs serve"
            titles = page.eval_on_selector_all("li.md-search-result__item h1", "els => els.map(e => e.textContent)")
            assert "臺北市推動智慧城市與數位治理" in titles[:3]
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_the_graph_page_draws_every_node_and_edge(built_site):
    """The graph page loads graph-data.js and vis-network draws all of it (no fallback message)."""
    kb = json.loads((built_site / "site" / "kb.json").read_text(encoding="utf-8"))
    with serve(built_site / "site") as base, browser_page() as page:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(base + "graph/", wait_until="load")
        page.wait_for_selector("#kb-graph canvas", timeout=15_000)
        counts = page.evaluate("() => [window.URBANKB_GRAPH.nodes.length, window.URBANKB_GRAPH.edges.length]")
        text = page.locator("#kb-graph").text_content()
    assert not errors, errors
    assert "未能加载" not in (text or "")
    assert counts[0] == 4 + len(kb["articles"]) + len(kb["terms"]) + len(kb["entities"])
    assert counts[1] >= len(kb["articles"])
