"""The MkDocs plugin passes the generated pages' HTML blocks through (issue 16): same site, less parsing.

The plugin sets every whole HTML block of a generated page aside before
Python-Markdown runs and puts it back in the output
(:func:`urbankb.site.mkdocs_plugin.hold_html_blocks`).  These tests hold it
to its promise: the seed site built with ``pass_html: false`` (Python-Markdown
parses every block) is byte for byte the site built with it, and blocks
Python-Markdown would change are left to it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import markdown
import pytest

from urbankb.site.mkdocs_plugin import anchor_ids, hold_html_blocks, restore_html_blocks

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc", "admonition"]
BLOCK_LEVEL = frozenset(markdown.Markdown().block_level_elements)


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def held_convert(text: str) -> tuple[str, list[str]]:
    placeholders, held = hold_html_blocks(text, BLOCK_LEVEL)
    return restore_html_blocks(convert(placeholders), held), held


PAGES = {
    "blocks between headings": '# 标题\n\n<div class="kb-meta">\n<span>日期</span>\n</div>\n\n\n## 段落\n\n<p class="kb-para" id="p-1">甲 &amp; 乙</p>\n',
    "a page ending in a block, no newline": '# T\n\n<ul>\n<li><a href="../x/">x</a></li>\n</ul>\n\n<p><a href="../">全部</a></p>',
    "a block with Markdown inside (md_in_html)": '# T\n\n<div class="grid cards" markdown>\n\n-   **甲**\n\n</div>\n',
    "a block followed by text on its next line": "<div>甲</div>\n*乙*\n\n丙\n",
    "an inline element first (a paragraph)": '<a href="x">甲</a> 乙\n\n<span>丙</span>\n',
    "a block whose element closes after a blank line": "<div>\n甲\n\n乙\n</div>\n\n丁\n",
    "nested elements of the same name": "<div><div>甲</div></div>\n\n<div><div>乙</div>\n",
    "Markdown only": "# 甲\n\n- 乙\n- 丙\n\n| a | b |\n| - | - |\n| 1 | 2 |\n",
    "blocks after more than one blank line": '# T\n\n\n\n<div class="a">甲</div>\n\n\n<p>乙</p>\n\n\n\n## 丙\n',
    "a fenced code block holding HTML": "# T\n\n```\n<div>甲</div>\n\n<p>乙</p>\n```\n\n<div>丙</div>\n",
}


@pytest.mark.parametrize("text", PAGES.values(), ids=PAGES.keys())
def test_output_is_what_python_markdown_makes_of_the_whole_page(text):
    assert held_convert(text)[0] == convert(text)


def test_only_whole_raw_blocks_are_held():
    _out, held = held_convert(PAGES["blocks between headings"])
    assert held == ['<div class="kb-meta">\n<span>日期</span>\n</div>', '<p class="kb-para" id="p-1">甲 &amp; 乙</p>']
    for name in ("a block with Markdown inside (md_in_html)", "a block followed by text on its next line",
                 "an inline element first (a paragraph)", "a block whose element closes after a blank line"):  # fmt: skip
        assert held_convert(PAGES[name])[1] == [], name
    assert held_convert(PAGES["nested elements of the same name"])[1] == ["<div><div>甲</div></div>"]
    assert held_convert(PAGES["blocks after more than one blank line"])[1] == ['<div class="a">甲</div>', "<p>乙</p>"]
    assert held_convert(PAGES["a fenced code block holding HTML"])[1] == []


def test_held_blocks_ids_are_anchors():
    blocks = ['<p class="kb-para" id="p-1a">x</p>', '<a name="top"></a><span id="s&amp;t">y</span>', "<p>no id</p>"]
    assert anchor_ids(blocks) == {"p-1a", "top", "s&t"}


def test_seed_site_is_byte_identical_with_blocks_parsed(built_site, tmp_path):
    """The seed site (built with the shipped mkdocs.yml: blocks passed through) against a build where
    Python-Markdown parses every block: every file the same."""
    config = (built_site / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\n  - urbankb\n" in config
    parsed = built_site / "mkdocs-parsed.yml"
    parsed.write_text(config.replace("\n  - urbankb\n", "\n  - urbankb:\n      pass_html: false\n"), encoding="utf-8")
    site = tmp_path / "site"
    mk = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(parsed), "-d", str(site)],
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
    )
    assert mk.returncode == 0, mk.stderr
    built = {p.relative_to(built_site / "site"): p for p in (built_site / "site").rglob("*") if p.is_file()}
    again = {p.relative_to(site): p for p in site.rglob("*") if p.is_file()}
    assert built.keys() == again.keys()
    pages = [rel for rel in built if rel.suffix == ".html"]
    assert len(pages) > 100
    differ = [str(rel) for rel in sorted(built) if built[rel].read_bytes() != again[rel].read_bytes()]
    # sitemap.xml.gz holds the build time; everything else must be the same
    assert [d for d in differ if not d.endswith(".gz")] == []
