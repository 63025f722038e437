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


# -- slugs: pypinyin's readings from the shipped phrase table ------------------------------------

#: pypinyin with its own phrase dictionary and CC-CEDICT's loaded, as slugs were read before the table
#: (and as scripts/build_readings.py reads them): prints one toneless reading list per line of stdin
_REFERENCE = """
import json, sys
from pypinyin import lazy_pinyin, load_phrases_dict
from pypinyin.constants import PHRASES_DICT
from pypinyin_dict.phrase_pinyin_data import cc_cedict
load_phrases_dict({w: r for w, r in cc_cedict.phrases_dict.items() if w not in PHRASES_DICT})
for text in json.load(sys.stdin):
    print(json.dumps(lazy_pinyin(text), ensure_ascii=False))
"""


def _slug_sample() -> list[str]:
    """Names and text windows nobody tuned the table on: every 25th word of jieba's dictionary, and
    every line and 4-24-character window (fixed random seed) of the held-out layout material."""
    import random
    from importlib.util import find_spec
    from pathlib import Path

    jieba_dict = Path(find_spec("jieba").origin).parent / "dict.txt"
    words = [line.split()[0] for line in jieba_dict.read_text(encoding="utf-8").splitlines()[::25]]
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "tests" / "data" / "layouts").rglob("*.txt")))
    rng = random.Random(16)
    windows = []
    for _ in range(4000):
        n = rng.randint(4, 24)
        i = rng.randrange(len(text) - n)
        windows.append(text[i : i + n])
    return words + [line for line in text.splitlines() if 4 <= len(line) <= 40] + windows


def test_slugs_read_as_pypinyin_with_its_phrases_and_cc_cedicts():
    """The table and its cut give what pypinyin gives with both phrase dictionaries loaded (run apart, in
    another process), on ~19,000 names and windows; it fails if a phrase the cut needs is left out of the table
    (项目 before 目的) or the cut differs from pypinyin's."""
    import json
    import subprocess
    import sys

    from urbankb.escape import pinyin_parts

    sample = _slug_sample()
    assert len(sample) > 15000
    out = subprocess.run([sys.executable, "-c", _REFERENCE], input=json.dumps(sample), capture_output=True, text=True, check=True)
    expected = [json.loads(line) for line in out.stdout.splitlines()]
    wrong = [(t, e, pinyin_parts(t)) for t, e in zip(sample, expected, strict=True) if pinyin_parts(t) != e]
    assert not wrong, wrong[:5]
    assert pinyin_parts("项目的居民") == ["xiang", "mu", "de", "ju", "min"]


def test_the_phrase_table_is_what_the_script_makes(tmp_path):
    """data/phrase_readings.tsv is scripts/build_readings.py's output for the installed pypinyin and pypinyin-dict
    (in its own process: this one imported pypinyin without its phrases)."""
    import subprocess
    import sys

    from urbankb.escape import PHRASE_READINGS

    out = tmp_path / "phrase_readings.tsv"
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_readings.py"), str(out)], check=True, capture_output=True)
    assert out.read_text(encoding="utf-8") == PHRASE_READINGS.read_text(encoding="utf-8")


def test_a_slug_does_not_load_pypinyins_phrase_dictionaries():
    """The first slug leaves pypinyin's own phrases and CC-CEDICT's unloaded (about 120 MiB) and the environment as it was."""
    import subprocess
    import sys

    code = (
        "import os, sys; from urbankb.escape import slugify; print(slugify('长三角区域'));"
        "print(sorted(m for m in sys.modules if m.startswith(('pypinyin.phrases_dict', 'pypinyin_dict'))));"
        "print('PYPINYIN_NO_PHRASES' in os.environ)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[:3] == ["chang-san-jiao-qu-yu", "[]", "False"]
