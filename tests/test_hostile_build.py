"""End to end on hostile input: `urbankb build` + `mkdocs build --strict`, then read the HTML.

The seeds come from ``tests/fixtures/make_hostile.py``: every encoding,
broken front matter, binary files renamed ``.txt``, a link out of the
folder, and text full of HTML, Markdown and template syntax.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO

sys.path.insert(0, str(Path(__file__).parent / "fixtures"))
import make_hostile

HAND_WRITTEN = {"about.md": "# 关于本站\n\n手写页面，urbankb 不得改动。\n", "articles/handwritten.md": "# 手写文章\n"}


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False)


def new_project(root: Path) -> Path:
    """A project folder: mkdocs.yml, the theme assets, and hand-written pages."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    shutil.copytree(REPO / "docs" / "assets", root / "docs" / "assets", ignore=shutil.ignore_patterns("urbankb"))
    shutil.copy(REPO / "docs" / "tags.md", root / "docs" / "tags.md")
    for rel, text in HAND_WRITTEN.items():
        (root / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / rel).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def hostile(tmp_path_factory):
    """(project folder, urbankb build result, mkdocs build result)."""
    project = new_project(tmp_path_factory.mktemp("hostile") / "project")
    seeds = make_hostile.make(project / "seeds")
    build = run(["urbankb.cli", "build", "--seeds", str(seeds), "--docs", str(project / "docs"), "--cache", str(project / ".cache")], REPO)
    # mkdocs.yml names the jieba dictionary relative to the repository
    mk = run(["mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")], REPO)
    return project, build, mk


@pytest.fixture(scope="session")
def kb(hostile):
    project, _, _ = hostile
    return json.loads((project / "docs" / "kb.json").read_text(encoding="utf-8"))


def page(project: Path, kb: dict, seed: str, n: int = 0) -> str:
    arts = [a for a in kb["articles"] if a["seed"] == seed]
    return (project / "site" / arts[n]["url"] / "index.html").read_text(encoding="utf-8")


class Page(HTMLParser):
    """Tags, attributes and visible text of a page, and of its ``<article>`` part."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.in_script = 0
        self.elements: list[tuple[str, dict, bool]] = []  # (tag, attrs, inside <article>)
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_article += 1
        if tag == "script":
            self.in_script += 1
            self.scripts.append(("", bool(self.in_article)))
        self.elements.append((tag, dict(attrs), bool(self.in_article)))

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article -= 1
        if tag == "script":
            self.in_script -= 1

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] = (self.scripts[-1][0] + data, self.scripts[-1][1])
        elif self.in_article:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return "".join(self.text)

    def live_markup(self, article_only: bool) -> list[str]:
        """Anything that could run: seed scripts, event handlers, javascript:/data: URLs, frames."""
        found = []
        for tag, attrs, inside in self.elements:
            if article_only and not inside:
                continue
            # outside the article the theme's own svg icons, search form and scripts are expected;
            # seed payloads there would show as event handlers, bad URLs or scripts calling alert
            # urbankb's own graph scripts and SVG charts (their text is escaped by the chart writer)
            ours = (tag == "script" and re.match(r"^(\.\./)*assets/urbankb/[\w.-]+\.js$", attrs.get("src") or "")) or (
                tag == "svg" and attrs.get("class") == "kb-chart-svg"
            )
            if tag in ("script", "iframe", "object", "embed", "style", "svg", "form") and inside and not ours:
                found.append(f"<{tag}>")
            for name, value in attrs.items():
                if name.startswith("on"):
                    found.append(f"{tag} {name}={value}")
                if name in ("href", "src", "action", "formaction") and re.match(
                    r"\s*(javascript|data|vbscript):", value or "", re.IGNORECASE
                ):
                    found.append(f"{tag} {name}={value}")
        found += [f"<script>{s[:40]}" for s, inside in self.scripts if "alert" in s and (inside or not article_only)]
        return found


def article_pages(project: Path) -> list[Path]:
    return sorted((project / "site" / "articles").glob("*/index.html"))


# -- reading: bad files are reported, the rest is built -----------------------


def test_build_exits_1_and_names_every_bad_seed_with_its_reason(hostile):
    _, build, _ = hostile
    assert build.returncode == 1, build.stderr
    lines = build.stderr.splitlines()
    for name, reason in make_hostile.EXPECTED_FAILURES.items():
        assert any(name in line and "error" in line and reason in line for line in lines), f"{name}: no error saying {reason!r}"
    assert "seed file(s) could not be used" in lines[-1]


def test_the_rest_of_the_corpus_is_built_and_passes_mkdocs_strict(hostile, kb):
    _project, build, mk = hostile
    assert mk.returncode == 0, mk.stderr
    seeds = {a["seed"] for a in kb["articles"]}
    for good in ("injection.txt", "markdown_injection.md", "front_matter_types.md", "gbk_report.txt", "traditional_big5.txt",
                 "utf16_report.txt", "utf16_nobom_report.txt", "bom_report.txt", "crlf_report.txt", "cr_report.txt"):  # fmt: skip
        assert good in seeds, f"{good} was not built:\n{build.stderr}"
    assert not seeds & set(make_hostile.EXPECTED_FAILURES)


def test_the_encoding_is_logged_when_it_is_not_utf8(hostile):
    _, build, _ = hostile
    for name, encoding in make_hostile.EXPECTED_ENCODING.items():
        logged = [line for line in build.stderr.splitlines() if line.startswith(f"urbankb: {name}: info: read as")]
        if encoding is None:
            assert not logged, logged
        else:
            assert logged and encoding in logged[0], f"{name}: expected 'read as {encoding}', got {logged}"


def test_every_encoding_and_line_ending_gives_the_same_article(kb):
    by_seed = {a["seed"]: a for a in kb["articles"]}
    gbk = by_seed["gbk_report.txt"]
    for twin in ("bom_report.txt", "cr_report.txt"):
        assert by_seed[twin]["title"] == gbk["title"] and by_seed[twin]["chars"] == gbk["chars"]
    utf16 = by_seed["utf16_report.txt"]
    for twin in ("utf16_nobom_report.txt", "crlf_report.txt"):
        assert by_seed[twin]["title"] == utf16["title"] and by_seed[twin]["chars"] == utf16["chars"]


def test_a_big5_traditional_article_is_kept_as_written_and_tagged_like_its_simplified_twin(hostile, kb):
    project, _, _ = hostile
    by_seed = {a["seed"]: a for a in kb["articles"]}
    trad, simp = by_seed["traditional_big5.txt"], by_seed["gbk_report.txt"]
    assert trad["title"] == "數字政府建設推動城市治理現代化"
    assert trad["traditional"] is True and simp["traditional"] is False
    assert trad["topics"] and trad["topics"] == simp["topics"]
    visible = Page(page(project, kb, "traditional_big5.txt")).visible
    assert "群眾辦事更加便捷" in visible and "群众" not in visible


def test_front_matter_problems_name_the_file_and_line(hostile):
    _, build, _ = hostile
    err = build.stderr
    expected = [
        "front_matter_types.md:3: error: front matter 'date' is not a real date",
        "front_matter_types.md:4: error: front matter 'authors' should be a list or text, got a number",
        "front_matter_types.md:5: error: front matter 'topics' should be a list of text",
        "front_matter_types.md:6: error: front matter 'url' should be an http:// or https:// address",
        "front_matter_types.md:7: warning: front matter 'slug'",
        "front_matter_types.md:8: error: front matter 'issue' should be text or a number, got true/false",
        "front_matter_types.md:9: warning: unknown front matter key 'colour'",
        "front_matter_types.md:10: warning: front matter key 'title' given twice",
        "front_matter_broken.md:4: error: front matter is not valid YAML",
        "front_matter_unclosed.md:1: error:",
    ]
    for message in expected:
        assert message in err, message


# -- writing: nothing in a seed goes live ------------------------------------


def test_no_article_content_carries_live_markup(hostile):
    project, _, _ = hostile
    for path in article_pages(project):
        live = Page(path.read_text(encoding="utf-8")).live_markup(article_only=True)
        assert not live, f"{path.parent.name}: {live}"


def test_no_page_anywhere_carries_live_markup_from_a_seed(hostile):
    project, _, _ = hostile
    for path in sorted((project / "site").rglob("*.html")):
        live = Page(path.read_text(encoding="utf-8")).live_markup(article_only=False)
        assert not live, f"{path.relative_to(project)}: {live}"


TXT_LITERALS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[这里](javascript:alert(3))",
    '<a href="javascript:alert(4)">那里</a>',
    "{{ 7*7 }}",
    '{% include "x" %}',
    "{# 注释 #}",
    "<!-- material/tags -->",
    "| 列一 | 列二 |",
    "*星号*和_下划线_以及**加粗**",
    "> 引用符号、1. 编号和 - 短横线",
    '!!! note "提示"',
    '{: .class #id onclick="alert(5)" }',
    "[TOC]",
    # (the cleaner's punctuation repair turns "&lt;" + Han into "&lt；": that is fix_punctuation, by design)
    "反斜杠\\和`反引号`以及&amp",
]


@pytest.mark.parametrize("literal", TXT_LITERALS)
def test_txt_seed_text_shows_as_the_characters_it_is(hostile, kb, literal):
    project, _, _ = hostile
    visible = Page(page(project, kb, "injection.txt")).visible
    assert literal in visible


def test_txt_title_shows_literally_in_the_heading(hostile, kb):
    project, _, _ = hostile
    html = page(project, kb, "injection.txt")
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;城市治理的{{ config.site_name }}标题</h1>" in html


def test_md_seed_markdown_renders_but_html_and_templates_do_not(hostile, kb):
    project, _, _ = hostile
    html = page(project, kb, "markdown_injection.md")
    parsed = Page(html)
    assert "<strong>数字政府</strong>" in html and "<em>一网统管</em>" in html
    assert '<a href="https://example.org/ok"' in html
    assert "<table>" in html and "<li>列表一</li>" in html
    assert "{{ config.extra }}" in parsed.visible and "{% for x in y %}" in parsed.visible
    assert "material/tags" not in html
    assert not parsed.live_markup(article_only=True)
    assert 'markdown="1"' not in html and "evil.example" not in html and "position:fixed" not in html


def test_a_link_out_of_the_seeds_folder_is_never_published(hostile):
    project, _, _ = hostile
    for path in [*(project / "docs").rglob("*"), *(project / "site").rglob("*")]:
        if path.is_file() and path.suffix in (".md", ".json", ".html"):
            assert "SECRET-TOKEN" not in path.read_text(encoding="utf-8", errors="replace"), path


# -- slugs and files -------------------------------------------------------------


def test_slugs_are_safe_file_names_inside_articles(hostile, kb):
    project, _, _ = hostile
    for art in kb["articles"]:
        assert re.fullmatch(r"articles/[a-z0-9][a-z0-9_-]*/", art["url"]), art["url"]
    assert "articles/etc-passwd/" in {a["url"] for a in kb["articles"]}
    assert not [p for p in project.parent.rglob("*passwd*") if "articles" not in p.parts]


def test_articles_with_the_same_title_or_slug_get_their_own_pages(hostile, kb):
    project, _, _ = hostile
    same = [a for a in kb["articles"] if a["title"] == "同名文章"]
    assert len(same) == 3 and len({a["url"] for a in same}) == 3
    for art in same:
        assert (project / "site" / art["url"] / "index.html").exists()


def test_hand_written_pages_are_never_touched(hostile):
    project, _build, _ = hostile
    for rel, text in HAND_WRITTEN.items():
        assert (project / "docs" / rel).read_text(encoding="utf-8") == text
    manifest = json.loads((project / "docs" / ".urbankb-manifest.json").read_text(encoding="utf-8"))
    assert not set(HAND_WRITTEN) & set(manifest["files"])


def tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_check_validates_without_writing_anything(tmp_path):
    project = new_project(tmp_path / "project")
    seeds = make_hostile.make(project / "seeds")
    before = tree(tmp_path)
    check = run(["urbankb.cli", "check", "--seeds", str(seeds)], project)
    assert check.returncode == 1
    assert "front_matter_broken.md:4: error" in check.stderr
    assert tree(tmp_path) == before


def test_a_crash_during_the_build_leaves_the_previous_output_exactly_as_it_was(hostile, tmp_path, monkeypatch):
    from urbankb import cli

    project, _, _ = hostile
    docs = tmp_path / "docs"
    shutil.copytree(project / "docs", docs)
    # the first page the renderer makes (the search index) differs from the one on disk, so it is staged before the crash
    (docs / "assets" / "urbankb" / "search-index.json").write_text("{}\n", encoding="utf-8")
    before = tree(docs)

    import urbankb.pipeline
    from urbankb.render import writer

    staged = []
    real_stage = writer._stage_file
    monkeypatch.setattr(writer, "_stage_file", lambda *a: (staged.append(a[2]), real_stage(*a)))

    real = urbankb.pipeline.render_stream

    def crash(*args, **kwargs):
        """The renderer fails half way, after the writer has staged the pages made so far."""
        site, made = real(*args, **kwargs)

        def pages():
            for i, page in enumerate(made):
                if i == 20:
                    raise RuntimeError("renderer crashed")
                yield page

        return site, pages()

    monkeypatch.setattr(urbankb.pipeline, "render_stream", crash)
    with pytest.raises(RuntimeError):
        cli.main(["build", "--seeds", str(project / "seeds"), "--docs", str(docs), "--no-cache"])
    assert "assets/urbankb/search-index.json" in staged
    assert tree(docs) == before
