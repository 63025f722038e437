"""In-text links: the visible text never changes, links never nest, and Python-Markdown passes the paragraph through (property tests with hypothesis)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from urbankb.escape import plain_text
from urbankb.knowledge.matcher import Matcher, boundaries
from urbankb.model import Article, Block, BlockKind, Key
from urbankb.render.inline import MAX_LINKS_PER_PARAGRAPH, first_mentions, link_html
from urbankb.render.permalink import anchored

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


def render(inner_html: str) -> _Anchors:
    """The paragraph as a page has it (an HTML block with its id and ¶ link), through Python-Markdown."""
    block = anchored(inner_html, "p-0")
    out = markdown.markdown(block, extensions=EXTENSIONS)
    assert out == block, "Python-Markdown passes the paragraph through untouched"
    parser = _Anchors()
    parser.feed(out)
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
    html = render(link_html(text, spans))
    assert "".join(html.text) == plain_text(text)
    assert html.max_depth <= 1
    assert html.anchors <= len(spans) + 1  # the spans' links and the ¶ link


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_matched_mentions_are_linked_whole_and_longest_first(text):
    matcher = Matcher()
    keys = [("上海", Key.entity("place", "上海")), ("上海大都市圈", Key.entity("place", "上海大都市圈"))]
    keys += [("城市更新", Key.term("城市更新")), ("中试", Key.term("中试")), ("大都市", Key.term("大都市"))]
    for form, key in keys:
        matcher.add(form, key)
    found = matcher.find(text)
    # non-overlapping, in order
    assert all(a[1] <= b[0] for a, b in zip(found, found[1:], strict=False))
    # at every match, no longer surface starts at the same place
    for start, end, _key in found:
        assert not any(len(f) > end - start and text.startswith(f, start) for f in matcher.surfaces)
    html = render(link_html(text, [(s, e, "x/", "") for s, e, _ in found]))
    assert "".join(html.text) == plain_text(text)
    assert html.max_depth <= 1


def test_a_term_inside_a_longer_word_is_not_a_mention():
    matcher = Matcher()
    matcher.add("中试", Key.term("中试"))
    text = "各地集中试点，推动中试平台建设"
    cuts = boundaries(text, ["各地", "集中", "试点", "，", "推动", "中试", "平台", "建设"])
    assert [(s, e) for s, e, _ in matcher.find(text, cuts)] == [(9, 11)]


def test_a_link_shows_the_same_characters_as_the_plain_paragraph():
    text = "上海大都市圈 是[重点]*区域* <b>&amp;"
    inner = link_html(text, [(0, 6, "../../entities/place/x/", "地点")])
    assert inner.startswith('<a href="../../entities/place/x/" title="地点">上海大都市圈</a>')
    html = render(inner)
    assert "".join(html.text) == plain_text(text)
    assert re.search(r"<em>|<strong>|<b>", markdown.markdown(anchored(inner, "p-0"))) is None


# -- which mentions are linked (urbankb.render.inline.first_mentions) -------------------------------------


def _article(analyzer, text: str, surfaces: dict[str, Key]) -> Article:
    """One paragraph, segmented and matched as the analysis does it."""
    art = Article(id="x-1", seed="x.txt", title="t", blocks=[Block(BlockKind.PARAGRAPH, text, 1)])
    art.tokens = [analyzer.cut(text)]
    art.tagged = [analyzer.tag(text)]
    matcher = Matcher()
    for surface, key in surfaces.items():
        matcher.add(surface, key)
    cuts = boundaries(text, art.tokens[0], [w for w, _ in art.tagged[0]])
    art.mentions = [(0, s, e, k) for s, e, k in matcher.find(text, cuts)]
    return art


def _linked(art: Article) -> list[str]:
    text = art.blocks[0].text
    return [text[s:e] for s, e, _k in first_mentions(art, lambda key: True).get(0, [])]


def test_a_place_inside_a_longer_name_or_modifying_a_noun_is_not_linked(analyzer):
    places = {name: Key.entity("place", name) for name in ("中国", "广东", "罗马", "广州")}
    art = _article(analyzer, "第八届中国（广东）智慧城市大会在广州开幕。古罗马蓄水池至今仍在使用。", places)
    assert _linked(art) == ["广州"]


def test_names_in_an_attendee_list_are_not_linked_but_terms_in_a_list_may_be(analyzer):
    keys = {"张明华": Key.entity("person", "张明华"), "李建国": Key.entity("person", "李建国"), "王志强": Key.entity("person", "王志强")}
    keys |= {"城市体检": Key.term("城市体检")}
    art = _article(analyzer, "张明华、李建国、王志强等出席会议，城市体检工作同步启动", keys)
    assert _linked(art) == ["城市体检"]


def test_at_most_one_link_a_sentence_and_three_a_paragraph_the_most_specific_first(analyzer):
    terms = {t: Key.term(t) for t in ("城市更新", "数字孪生城市", "城市体检", "未来社区", "智慧城市", "低空经济")}
    text = "城市更新与数字孪生城市并进。城市体检先行。未来社区试点。智慧城市提速。低空经济起步。"
    linked = _linked(_article(analyzer, text, terms))
    assert len(linked) == 3
    assert "数字孪生城市" in linked and "城市更新" not in linked  # one per sentence: the longer, more specific one


def test_no_seed_paragraph_has_more_than_three_links_or_two_in_one_sentence(seed_corpus):
    corpus, _ = seed_corpus
    paragraphs = 0
    for art in corpus.articles:
        for block, spans in first_mentions(art, lambda key: True).items():
            text = art.blocks[block].text
            assert len(spans) <= MAX_LINKS_PER_PARAGRAPH, (art.id, text)
            sentences = [len(re.findall(r"[。！？!?；;]", text[:s])) for s, _e, _k in spans]
            assert len(sentences) == len(set(sentences)), (art.id, text)
            paragraphs += 1
    assert paragraphs >= 40  # the rules leave links in most articles
