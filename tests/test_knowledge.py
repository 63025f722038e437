"""Terms, entities, related articles and the knowledge pages, on the real seeds."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from urbankb.knowledge import kwic
from urbankb.knowledge.entities import document_title, has_surname
from urbankb.knowledge.terms import load_glossary
from urbankb.render import render_site
from urbankb.render.charts import bar_chart, timeline_rows
from urbankb.render.pages import kb_json

COMPILATION = "003_d28a1f34fda7a5a8"


@pytest.fixture(scope="module")
def site(seed_corpus):
    return render_site(seed_corpus[0])


@pytest.fixture(scope="module")
def corpus(seed_corpus, site):
    return seed_corpus[0]  # slugs assigned by render_site


def test_every_speaker_of_the_compilation_has_a_person_page_with_affiliation_and_talk(corpus, site):
    speeches = [a for a in corpus.articles if a.collection == COMPILATION]
    assert len(speeches) == 15
    for art in speeches:
        person = corpus.entities.get(("person", art.speaker))
        assert person is not None, f"no person page for speaker {art.speaker}"
        assert person.detail == art.affiliation
        page = site.files[f"entities/person/{person.slug}.md"]
        assert "## 发言" in page and f'href="../../../articles/{art.slug}/"' in page, f"{art.speaker}'s page does not link the talk"


def test_common_words_jieba_mistags_are_not_entities(corpus):
    people = {name for (t, name) in corpus.entities if t == "person"}
    places = {name for (t, name) in corpus.entities if t == "place"}
    orgs = {name for (t, name) in corpus.entities if t == "organization"}
    docs = {name for (t, name) in corpus.entities if t == "document"}
    assert not people & {"智慧", "柏林", "楼宇", "福祉", "华为", "穗环宣", "梅斯", "拓新"}
    assert not places & {"城市", "美丽", "深度", "大都市", "新城"}
    assert not orgs & {"浪潮", "广州前瞻布局", "广东省头部", "城管局", "公共交通", "上海科创中心"}
    assert not docs & {"哪吒", "王者荣耀"}
    assert {"钱中强", "孙志洋", "范瑞威", "姜兴贵"} <= people
    assert {"同济大学", "广东省未来城市发展促进会", "中国电信"} <= orgs
    assert {"广州", "上海", "巴黎"} <= places and "广州市" not in places
    assert "美丽广州建设规划纲要（2025—2035年）" in docs


def test_name_rules():
    assert has_surname("范瑞威") and has_surname("欧阳明") and not has_surname("穗环宣") and not has_surname("智慧城市")
    assert document_title("长三角国土空间规划(2023—2035年)") and document_title("高质量建筑法")
    assert not document_title("哪吒") and not document_title("王者荣耀")


def test_glossary_terms_that_occur_have_pages_with_kwic_lines(corpus, site):
    glossary = {e.term for e in load_glossary()}
    with_pages = glossary & set(corpus.terms)
    assert len(with_pages) >= 60
    for name in with_pages:
        term = corpus.terms[name]
        assert term.definition and term.topic
        page = site.files[f"terms/{term.slug}.md"]
        assert "<mark>" in page, f"term page {name} has no highlighted KWIC line"
        for _aid, (count, line) in term.occurrences.items():
            assert count >= 1 and any(form in str(line) for form in [name, *term.aliases]), (name, line)


def test_a_place_inside_an_organisation_name_is_not_counted(corpus):
    from urbankb.model import Key

    checked = 0
    for art in corpus.articles:
        for b, s, _e, key in art.mentions:
            if key == Key.entity("place", "上海"):
                checked += 1
                text = art.blocks[b].text
                assert not text[s:].startswith("上海市人民政府")
    assert checked, "the seeds mention 上海 as a place"


def test_most_article_bodies_carry_in_text_links_one_per_key(site, corpus):
    with_links = 0
    for art in corpus.articles:
        page = site.files[f"articles/{art.slug}.md"]
        body = page.split('<div class="kb-provenance"', 1)[0]
        links = body.count('href="../../terms/') + body.count('href="../../entities/')
        with_links += links > 3
    assert with_links >= 0.8 * len(corpus.articles)


def test_every_article_has_at_least_three_related_articles_with_reasons(corpus, site):
    for art in corpus.articles:
        assert len(art.related) >= 3, art.title
        assert all(reasons for _id, _s, reasons in art.related)
        assert "## 相关文章" in site.files[f"articles/{art.slug}.md"]


def test_kb_json_has_terms_entities_and_article_entities(corpus):
    kb = kb_json(corpus)
    assert kb["terms"] and kb["entities"]
    for t in kb["terms"]:
        assert set(t) >= {"term", "url", "topic", "articles"} and t["url"].startswith("terms/") and t["articles"]
    for e in kb["entities"]:
        assert set(t) and e["type"] in ("person", "organization", "place", "document") and e["url"].startswith(f"entities/{e['type']}/")
    for a in kb["articles"]:
        assert set(a["entities"]) == {"person", "organization", "place", "document"}
    json.dumps(kb, ensure_ascii=False)


def test_generated_listing_pages_are_excluded_from_search(site):
    for path, content in site.files.items():
        if path.startswith(("terms/", "entities/")) or path == "graph/index.md":
            assert "search:\n  exclude: true" in content, path


def test_navigation_lists_only_the_index_pages_of_terms_and_entities(site):
    flat = json.dumps(site.nav, ensure_ascii=False)
    assert "terms/index.md" in flat and "entities/person/index.md" in flat and "graph/index.md" in flat
    assert flat.count("terms/") == 1 and flat.count("entities/") == 5


def test_charts_are_well_formed_svg():
    svg = bar_chart([("未来城市", 10, "topics/future-cities/"), ("<&>", 0, "")], "各主题文章数")
    root = ET.fromstring(svg)
    assert root.tag == "figure"
    assert timeline_rows(["2025-05-08", "2025-12-06", ""])[0] == ("2025-05", 1, "")
    assert timeline_rows(["2025-05-08", "2025-12-06", ""])[-1] == ("未注明日期", 1, "")


def test_kwic_is_the_sentence_around_the_mention():
    text = "第一句。这里提到城市更新的做法！后面一句。"
    assert kwic(text, 8, 12) == "这里提到城市更新的做法！"


def _kwic_whole_text(text: str, start: int, end: int, context: int) -> str:
    """kwic as first written: sentence ends searched in the whole text."""
    left = max((text.rfind(c, 0, start) for c in "。！？；!?;\n"), default=-1) + 1
    rights = [i for i in (text.find(c, end) for c in "。！？；!?;\n") if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    pre, post = text[left:start], text[end:right]
    pre = "…" + pre[-context:] if len(pre) > context else pre
    post = post[:context] + "…" if len(post) > context else post
    return re.sub(r"\s+", " ", (pre + text[start:end] + post)).strip()


@given(st.text(alphabet="城市更新。！\n 的做法", max_size=80), st.data(), st.integers(1, 12))
def test_kwic_looks_only_near_the_mention_but_cuts_the_same(text, data, context):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert kwic(text, start, end, context) == _kwic_whole_text(text, start, end, context)


def test_same_seeds_give_the_same_files(site):
    from conftest import SEEDS

    from urbankb.config import BuildConfig
    from urbankb.pipeline import analyse

    fresh, _ = analyse(BuildConfig(seeds=SEEDS))
    assert render_site(fresh).files == site.files


def test_mention_memo_rescans_only_articles_holding_a_changed_surface():
    from urbankb.knowledge import MentionMemo
    from urbankb.model import Article, Block, BlockKind

    first = Article(id="a-1", seed="a.txt", title="甲", blocks=[Block(BlockKind.PARAGRAPH, "上海推进城市更新。")])
    second = Article(id="b-1", seed="b.txt", title="乙", blocks=[Block(BlockKind.PARAGRAPH, "广州发展低空经济。")])
    first.tagged, second.tagged = [[("上海", "ns")]], [[("广州", "ns")]]
    memo = MentionMemo()
    memo.start({"上海": "entity:place:上海", "城市更新": "term:城市更新"})
    first_texts, second_texts = ["上海推进城市更新。"], ["广州发展低空经济。"]
    assert memo.get(first, first_texts) is None
    memo.put(first, first_texts, [(0, 0, 2, "entity:place:上海")], {})
    memo.put(second, second_texts, [], {})
    memo.finish()
    memo.start({"上海": "entity:place:上海", "城市更新": "term:城市更新", "低空经济": "term:低空经济"})
    assert memo.get(first, first_texts) == ([(0, 0, 2, "entity:place:上海")], {})  # 低空经济 is not in its text
    assert memo.get(second, second_texts) is None  # it is in this one
    memo.finish()
    memo.start({"上海": "entity:org:上海", "城市更新": "term:城市更新", "低空经济": "term:低空经济"})
    assert memo.get(first, first_texts) is None  # a surface of its text now means something else
    memo.start({"上海": "entity:org:上海", "城市更新": "term:城市更新", "低空经济": "term:低空经济"})
    assert memo.get(first, first_texts) is None  # and its entry is gone, not found stale by the next build
    first.blocks[0].text = "上海推进城市更新行动。"  # an edited article
    memo.put(first, ["上海推进城市更新。"], [(0, 0, 2, "entity:org:上海")], {})
    assert memo.get(first, ["上海推进城市更新行动。"]) is None
