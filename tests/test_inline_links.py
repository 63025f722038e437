"""In-text links: the visible text never changes and links never nest (property tests with hypothesis)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from urbankb.knowledge.matcher import Matcher, boundaries
from urbankb.render.inline import link_markdown, md_text_plain

#: the Markdown extensions of mkdocs.yml that affect paragraphs
EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition"]


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.max_depth = 0
        self.anchors = 0
        self.text: list[str] = []
        self.linked: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.depth += 1
            self.anchors += 1
            self.max_depth = max(self.max_depth, self.depth)
            self.linked.append("")

    def handle_endtag(self, tag):
        if tag == "a":
            self.depth -= 1

    def handle_data(self, data):
        self.text.append(data)
        if self.depth:
            self.linked[-1] += data


def render(md: str) -> _Anchors:
    parser = _Anchors()
    parser.feed(markdown.markdown(md, extensions=EXTENSIONS))
    return parser


CHARS = st.sampled_from(list("城市更新上海大都市圈广州中试集点《》“”，。、 \t\n*_[]()<>&#!|`\\{}-+.:\"'=~^$abcXY12"))
TEXT = st.lists(CHARS, min_size=0, max_size=60).map("".join)


@st.composite
def text_and_spans(draw):
    text = draw(TEXT)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        if len(text) < 1:
            break
        a = draw(st.integers(0, len(text) - 1))
        b = draw(st.integers(a + 1, len(text)))
        spans.append((a, b, f"../terms/t{len(spans)}.md", draw(st.sampled_from(["", "术语", 'a "quoted" <title> & \\ more']))))
    return text, spans


@settings(max_examples=400, deadline=None)
@given(text_and_spans())
def test_links_keep_the_visible_text_and_never_nest(case):
    text, spans = case
    html = render(link_markdown(text, spans))
    assert "".join(html.text).strip() == md_text_plain(text)
    assert html.max_depth <= 1
    assert html.anchors <= len(spans)


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_matched_mentions_are_linked_whole_and_longest_first(text):
    matcher = Matcher()
    for form, key in [("上海", "p"), ("上海大都市圈", "q"), ("城市更新", "t"), ("中试", "u"), ("大都市", "v")]:
        matcher.add(form, key)
    found = matcher.find(text)
    # non-overlapping, in order
    assert all(a[1] <= b[0] for a, b in zip(found, found[1:], strict=False))
    # at every match, no longer surface starts at the same place
    for start, end, _key in found:
        assert not any(len(f) > end - start and text.startswith(f, start) for f in matcher.surfaces)
    html = render(link_markdown(text, [(s, e, "x.md", "") for s, e, _ in found]))
    assert "".join(html.text).strip() == md_text_plain(text)
    assert html.max_depth <= 1


def test_a_term_inside_a_longer_word_is_not_a_mention():
    matcher = Matcher()
    matcher.add("中试", "term:中试")
    text = "各地集中试点，推动中试平台建设"
    cuts = boundaries(text, ["各地", "集中", "试点", "，", "推动", "中试", "平台", "建设"])
    assert [(s, e) for s, e, _ in matcher.find(text, cuts)] == [(9, 11)]


def test_a_link_shows_the_same_characters_as_the_plain_paragraph():
    text = "上海大都市圈 是[重点]*区域*"
    md = link_markdown(text, [(0, 6, "../entities/place/x.md", "地点")])
    assert md.startswith('[上海大都市圈](../entities/place/x.md "地点")')
    html = render(md)
    assert "".join(html.text) == md_text_plain(text)
    assert re.search(r"<em>|<strong>", markdown.markdown(md)) is None
