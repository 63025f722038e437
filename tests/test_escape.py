"""Plain text escaped with ``escape.md_text`` shows as exactly that text.

Rendered by Python-Markdown with the Markdown extensions of ``mkdocs.yml``,
as MkDocs renders the generated pages.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
import yaml
from conftest import REPO
from hypothesis import example, given, settings
from hypothesis import strategies as st

from urbankb.escape import md_text, yaml_str


def _extensions() -> tuple[list, dict]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for item in config["markdown_extensions"]:
        if isinstance(item, dict):
            ((name, options),) = item.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(item)
    return names, configs


EXTENSIONS, EXTENSION_CONFIGS = _extensions()


class _Visible(HTMLParser):
    """Visible text and every tag of a fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)

    def handle_comment(self, data):
        self.tags.append("<!--")


def render(source: str) -> tuple[str, list[str]]:
    html = markdown.markdown(source, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return "".join(parser.text), parser.tags


def expected(text: str) -> str:
    """What a reader should see: no control characters, line breaks and blanks as one space, ends trimmed."""
    text = re.sub(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]", "", text)
    return re.sub(r"[ \t\n\r\f\v\x85\u2028\u2029]+", " ", text).strip()


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[x](javascript:alert(3))",
    "{{ config.site_name }} {% include 'x' %}",
    "<!-- material/tags -->",
    "# not a heading",
    "| a | b |",
    "*em* _em_ **strong** __strong__",
    "[TOC]",
    "{: .cls #id onclick=x }",
    '!!! note "t"',
    "1. item",
    "- item",
    "> quote",
    "    indented code",
    "&amp; &lt; &#60; &copy;",
    "a  \nb",
    "`code` ``x``",
    "\\*not em\\*",
    "<http://example.org>",
    "---",
    "===",
    "[^1]",
    "![img](x.png)",
    "\x02wzxhzdk:0\x03",
]

# printable text with a bias towards Markdown and HTML syntax
_SYNTAX = st.sampled_from(list("\\`*_{}[]()#+-.!|<>&\"':=~^%@ \n\t") + ["&amp;", "<!--", "-->", "{{", "{%", "javascript:", "\x02", "\x03"])
TEXT = st.lists(st.one_of(_SYNTAX, st.text(max_size=4), st.sampled_from(["城市", "治理", "。", "，"])), max_size=40).map("".join)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_shows_literally_in_a_paragraph(text):
    visible, tags = render(md_text(text))
    assert visible == expected(text)
    assert tags in ([], ["p"]), f"{text!r} produced markup {tags}"


@given(TEXT)
@settings(max_examples=400, deadline=None)
@example("")
@example("\x85 \u2028 \u3000x\xa0")
def test_md_text_round_trips_any_string_in_a_paragraph(text):
    visible, tags = render(md_text(text))
    assert visible == expected(text)
    assert set(tags) <= {"p"}


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_md_text_round_trips_any_string_in_a_heading(text):
    escaped = md_text(text)
    if not escaped:
        return
    visible, tags = render("# " + escaped)
    assert visible == expected(text)
    assert tags == ["h1"]


@given(TEXT, TEXT)
@settings(max_examples=200, deadline=None)
def test_md_text_round_trips_as_link_text_in_a_list(label, rest):
    # the templates put escaped titles into `- [title](url) rest` items
    if not md_text(label):
        return
    visible, tags = render(f"- [{md_text(label)}](articles/x.md) {md_text(rest)}")
    # the list's own newlines between tags are layout, not text
    assert " ".join(visible.split()) == " ".join(f"{expected(label)} {expected(rest)}".split())
    assert tags == ["ul", "li", "a"]


@given(st.text())
@settings(max_examples=400, deadline=None)
@example("a\x85b\u2028c\u2029d\ufeff\x7f\x9f\ufffe")
def test_yaml_str_reads_back_as_the_same_string(text):
    assert yaml.safe_load(f"title: {yaml_str(text)}\n") == {"title": text}


@settings(max_examples=3000, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("城市数字孪生，。：（）“” \n\t-#=+.1290abX:'\"@%/{}^\r\x85\u2028\u3000\xa0")), min_size=1, max_size=40
    )
    | st.text(min_size=1, max_size=30)
)
@example("上海\n推进城市更新")
@example("1. 不是段落")
@example("1.是段落")
@example("12) 是段落")
def test_a_plain_markdown_block_skips_the_converter_only_when_that_changes_nothing(text):
    import html

    import nh3

    from urbankb.escape import markdown_html
    from urbankb.nlp import is_plain_markdown

    if is_plain_markdown(text):
        assert html.unescape(nh3.clean(markdown_html(text), tags=set())).strip() == text


@settings(max_examples=3000, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("城市数字孪生，。（）“”{} \n\n\n\t-#=+.1290abX:'\"@%/^\r\x85\u2028\u3000\xa0")),
        min_size=1,
        max_size=60,
    )
    | st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=4).map("\n\n".join)
)
@example("上海推进城市更新。\n\n广州发展低空经济。\n")
@example("\n\n  \n上海\n推进\n\t\n\n城市{更新}")
def test_plain_paragraphs_skip_the_converter_only_when_that_changes_nothing(text):
    from urbankb.escape import clean_html, markdown_html, plain_paragraphs, sanitize_markdown

    if plain_paragraphs(text) is not None:
        converted = clean_html(markdown_html(text))
        assert sanitize_markdown(text) == converted.replace("{", "&#123;").replace("}", "&#125;")
