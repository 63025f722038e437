"""Keyphrases on a public benchmark (CSL keyword generation, ``tests/data/csl``) and on the seeds.

The benchmark floors sit a little below what the keyword stage reaches (dev tuned on, test
measured once): see ``scripts/keyword_eval.py``.  Rules are checked on sentences written here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from urbankb import nlp
from urbankb.config import BuildConfig
from urbankb.evaluate import keyword_f1_at_k, read_keyword_benchmark
from urbankb.knowledge.terms import article_topic
from urbankb.model import Article, Block, BlockKind
from urbankb.pipeline import analyse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import keyword_eval  # noqa: E402

CSL = ROOT / "tests" / "data" / "csl"
SEEDS = ROOT / "seeds"  # the real seed articles, embedded in the repository
#: F1@5 floors (reached: dev 0.268 — part of the keyphrase model's training rows, dev.tsv + train.tsv, whose
#: 5-fold cross-validated figure is 0.259 — and test 0.255, measured once after the change (0.245 before);
#: jieba's extract_tags 0.134 and 0.152)
FLOORS = {"dev": 0.26, "test": 0.25}
#: words that name no subject; none may be a keyword of a seed article
FILLER = (
    "美丽",
    "建设",
    "会议",
    "有限公司",
    "区域",
    "功能",
    "世界",
    "发展",
    "问题",
    "研究",
    "方法",
    "数据",
    "理论",
    "消费",
    "纲要",
    "生态",
    "绿色",
    "万人",
)


@pytest.fixture(scope="module", params=["dev", "test"])
def csl_split(request):
    rows = read_keyword_benchmark(CSL / f"{request.param}.tsv")
    gold = [kw for _t, _a, kw in rows]
    return request.param, rows, gold, keyword_eval.urbankb_keywords(rows)


def test_benchmark_rows_are_read_whole():
    dev, test = read_keyword_benchmark(CSL / "dev.tsv"), read_keyword_benchmark(CSL / "test.tsv")
    train = read_keyword_benchmark(CSL / "train.tsv")
    assert (len(dev), len(train), len(test)) == (178, 308, 241)
    assert all(title and abstract and kw for title, abstract, kw in dev + train + test)
    assert not {a for _t, a, _k in train} & {a for _t, a, _k in dev + test}  # no row twice, none of test
    assert dev[0][0] == "一种基于平方和优化的飞行器大角度机动镇定控制器设计方法"


def test_f1_floor_and_beats_jieba(csl_split):
    split, rows, gold, ours = csl_split
    mine = keyword_f1_at_k(ours, gold)["f1"]
    theirs = keyword_f1_at_k(keyword_eval.jieba_keywords(rows), gold)["f1"]
    assert mine >= FLOORS[split]
    assert mine > theirs + (0.05 if split == "dev" else 0.03)


def test_metric_exact_match_after_normalisation():
    s = keyword_f1_at_k([["ＡＢＣ", "x", "y"]], [["abc", "z"]])
    assert s["precision"] == pytest.approx(1 / 3) and s["recall"] == pytest.approx(1 / 2)
    assert s["f1"] == pytest.approx(0.4)
    with pytest.raises(ValueError):
        keyword_f1_at_k([[]], [])


def _keywords(title: str, *paragraphs: str) -> list[str]:
    analyzer = nlp.Analyzer()
    art = Article(id="a", seed="a.txt", title=title, blocks=[Block(BlockKind.PARAGRAPH, p, i) for i, p in enumerate(paragraphs)])
    nlp.analyse([art], analyzer)
    nlp.rank_words([art], analyzer)
    nlp.extract_keywords([art], analyzer)
    return [w for w, _s in art.keywords]


def test_compound_rebuilt_from_split_nouns():
    # jieba cuts 永磁/同步电机; the phrase used twice and in the title is one keyphrase
    words = _keywords(
        "永磁同步电机的转矩控制",
        "本文研究永磁同步电机的转矩控制方法。永磁同步电机具有效率高的特点，转子位置由观测器估计。",
    )
    assert words[0] == "永磁同步电机"
    assert "永磁" not in words


def test_near_duplicates_collapse_to_the_form_used_most():
    words = _keywords(
        "建设国际科技创新中心",
        "上海加快建设科创中心。科创中心集聚创新资源，科创中心的高校和企业协同。",
        "国际科技创新中心是长期目标。",
    )
    forms = [w for w in words if w.endswith("中心")]  # 国际科技创新中心 and 科创中心 name one thing
    assert forms == ["科创中心"]


def test_a_place_with_and_without_its_division_name_is_one_keyword():
    words = _keywords(
        "荷兰城市的创新实验",
        "埃因霍温推动科技园区建设。埃因霍温市的园区聚集了创业公司，埃因霍温的大学与企业合作，埃因霍温市政府提供场地。",
        "埃因霍温的经验值得借鉴。",
    )
    assert len([w for w in words if w.startswith("埃因霍温")]) == 1, words
    assert nlp._near_duplicate("代尔夫特", "代尔夫特市") and not nlp._near_duplicate("城市", "城市群")


def test_generic_words_are_never_keywords():
    words = _keywords(
        "美丽乡村建设会议召开",
        "会议指出，要推进区域发展，研究解决问题，完善功能，建设美丽世界。会议要求各有限公司落实方法。",
    )
    assert not set(words) & set(FILLER)


def test_term_topic_needs_a_clear_majority():
    assert article_topic(["a", "a", "a"]) == "a"
    assert article_topic(["a"]) == ""  # one article is no majority
    assert article_topic(["a", "a", "b"]) == ""  # 2 of 3 is not clear
    assert article_topic(["a", "a", "a", "b"]) == "a"
    assert article_topic(["", "", "a"]) == ""


@pytest.fixture(scope="module")
def seeds():
    corpus, _report = analyse(BuildConfig(seeds=SEEDS, cache=None))
    return corpus


def test_no_filler_among_seed_keywords(seeds):
    for art in seeds.articles:
        assert art.keywords, art.title
        assert not {w for w, _s in art.keywords} & set(FILLER), art.title


def test_seed_keywords_have_no_near_duplicates(seeds):
    for art in seeds.articles:
        words = [w for w, _s in art.keywords]
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                assert not nlp._near_duplicate(a, b), (art.title, a, b)


def test_seed_term_pages(seeds):
    terms = seeds.terms
    analyzer = nlp.Analyzer()
    for generic in ("数据", "理论", "消费", "发展", "建设"):
        assert generic not in terms
    for term in terms.values():
        if len(analyzer.phrase_words(term.term)) == 1 and term.term not in {"城市"}:
            # one-word term pages are specific by the same rule as keywords (glossary entries aside)
            assert not analyzer.is_generic(term.term) or term.definition, term.term
    # terms no taxonomy or glossary entry files are under a topic only with a clear majority
    for name in ("生物多样性", "极端天气", "胡焕庸线", "生态文明", "乡村振兴"):
        if name in terms:
            assert terms[name].topic == "", (name, terms[name].topic)


def test_seed_keywords_are_not_the_articles_own_people(seeds):
    checked = 0
    for art in seeds.articles:
        names = [n for n in (*art.reporters, *art.correspondents, *art.authors, art.speaker) if len(n) >= 2]
        checked += bool(names)
        for word, _s in art.keywords:
            assert not any(word in name or name in word for name in names), (art.title, word, names)
    assert checked >= 15  # the seeds have bylines and speakers to check against


def test_titles_of_office_and_activities_are_not_keywords():
    # 党委委员 stands before a name each time: a title, not a subject; 理论研究 ends in a generic verbal noun
    words = _keywords(
        "永磁同步电机座谈会",
        "党委委员张建国主持会议，党委委员李明华介绍永磁同步电机。永磁同步电机的理论研究和理论研究成果交流。",
        "党委委员王立新说，永磁同步电机效率高。",
    )
    assert "永磁同步电机" in words
    assert "党委委员" not in words and "理论研究" not in words


def test_generic_word_only_in_the_title():
    # 温室 (jieba IDF 7.8) names the subject when the title has it; 场景 (8.1) in the body alone does not
    assert "温室" in _keywords("温室测控", "温室的测控系统采用无线通信，温室湿度由传感器测量。")
    assert "场景" not in _keywords("无线通信测控", "场景中的测控系统采用无线通信，场景湿度由传感器测量。")


#: a long (news-length) text whose subject is 永磁同步电机, with the fillers of news around it: an organisation's
#: people (负责同志), a verb jieba tags as a noun (印发), a metaphor in quotes (无人区), an activity's frame of generic
#: words (合作机制), an abstract quality noun (前瞻性)
NEWS_BODY = (
    "广东省住房和城乡建设厅有关负责同志表示，永磁同步电机产业发展迅速。",
    "省政府近日印发了《永磁同步电机产业行动方案》。",
    "永磁同步电机企业勇闯“无人区”，建立合作机制。",
    "广东省住房和城乡建设厅有关负责同志指出，要完善合作机制。",
    "工业和信息化部印发《电机能效提升计划》，永磁同步电机是重点。",
    "科研团队开展具有前瞻性的研究，永磁同步电机效率更高。",
    "企业敢闯“无人区”，推出新一代永磁同步电机。",
    "广东省住房和城乡建设厅有关负责同志要求，健全合作机制。",
    "省工业和信息化厅印发《稀土永磁材料发展规划》。",
    "这项工作极具前瞻性，稀土永磁材料供应稳定。",
    "稀土永磁材料是永磁同步电机的关键部件。",
    "前瞻性布局让稀土永磁材料产业链更完整。",
    "会议还介绍了电机控制器的最新进展。",
    "电机控制器与永磁同步电机配套生产。",
    "电机控制器的国产化率持续提高。",
    "与会代表参观了永磁同步电机生产线。",
    "今年全省永磁同步电机产量增长两成。",
)


def test_news_fillers_by_shape():
    words = _keywords("永磁同步电机产业加快发展", *NEWS_BODY)
    assert words[0] == "永磁同步电机" and "电机控制器" in words and "稀土永磁材料" in words
    assert not {"负责同志", "印发", "无人区", "合作机制", "前瞻性"} & set(words), words


def test_numerals_and_directions_modify_inside_a_phrase():
    analyzer = nlp.Analyzer()
    art = Article(
        id="a",
        seed="a.txt",
        title="二元经济结构下的南方红豆杉育苗",
        blocks=[Block(BlockKind.PARAGRAPH, "二元经济结构影响农业。南方红豆杉育苗在第六届大会上展示。", 0)],
    )
    nlp.analyse([art], analyzer)
    pooled = {text for text, *_rest in nlp.keyphrase_pool(art, analyzer)}
    assert {"二元经济", "南方红豆杉"} <= pooled
    assert not any(p.startswith("第六届") for p in pooled)  # an ordinal is no modifier
    assert "二元" not in pooled and "南方" not in pooled  # nor a keyphrase by itself
