"""Entity recognition that generalises: held-out articles, the seeds, and the rules on sentences written here."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from urbankb.config import BuildConfig
from urbankb.evaluate import entity_scores, span_scores
from urbankb.knowledge.entities import ContextMatcher, EntityFinder, affiliation_org, has_surname, load_gazetteer, load_places
from urbankb.model import Article, Key
from urbankb.pipeline import load_analysis

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "tests" / "data" / "entities"

#: floors a little below what the build reaches (dev, dev2, dev3: tuned on; test: measured, never tuned on)
FLOORS = {
    "dev": {"overall": (0.94, 0.82), "person": (0.95, 0.95), "organization": (0.90, 0.90), "place": (0.92, 0.66)},
    "dev2": {"overall": (0.95, 0.79), "person": (0.97, 0.94), "organization": (0.93, 0.78), "place": (0.93, 0.70)},
    # dev3: measured unseen at 0.893 / 0.576 (organisations 0.895 / 0.422), then tuned on
    "dev3": {"overall": (0.93, 0.76), "person": (0.97, 0.82), "organization": (0.92, 0.56), "place": (0.85, 0.90)},
    # dev4: measured unseen at 0.848 / 0.649 (person 0.941 / 0.692, organisations 0.791 / 0.606, places 0.829 / 0.655)
    "dev4": {"overall": (0.83, 0.63), "person": (0.92, 0.67), "organization": (0.77, 0.58), "place": (0.80, 0.63)},
    "test": {"overall": (0.84, 0.67), "person": (0.92, 0.82), "organization": (0.87, 0.56), "place": (0.81, 0.68)},
}


def _eval_module():
    spec = importlib.util.spec_from_file_location("entity_eval", REPO / "scripts" / "entity_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def analysis():
    return load_analysis(BuildConfig())


def finder_on(analysis, texts: list[str], publication: str = "") -> EntityFinder:
    """An :class:`EntityFinder` that has read ``texts`` as the blocks of one article."""
    finder = EntityFinder(analysis.gazetteer)
    finder.from_gazetteer()
    finder.from_metadata(Article(id="a", seed="a.txt", title="t", blocks=[], publication=publication))
    for text in texts:
        finder.from_tags(text, analysis.analyzer.tag(text))
        finder.from_title_pattern(text)
        finder.from_shapes(text)
    return finder


def mentions(analysis, finder: EntityFinder, text: str) -> list[tuple[str, Key]]:
    """What the finder's context matcher counts in ``text`` (surface, key)."""
    matcher = finder.matcher(analysis.analyzer)
    for ent in finder.resolve():
        for form in ent.surfaces():
            matcher.add(form, ent.key)
    words = [w for w, _f in analysis.analyzer.tag(text)]
    from urbankb.knowledge.matcher import boundaries

    return [(text[s:e], k) for s, e, k in matcher.find(text, boundaries(text, words))]


# -- held-out articles ---------------------------------------------------------------


@pytest.mark.skipif(not (LABELS / "split.yaml").exists(), reason="held-out labels not present")
@pytest.mark.parametrize("split", ["dev", "dev2", "dev3", "dev4", "test"])
def test_heldout_articles_keep_their_floors(split):
    scores = _eval_module().heldout(split)
    for type_, (precision, recall) in FLOORS[split].items():
        got = scores[type_]
        assert got["precision"] >= precision and got["recall"] >= recall, (split, type_, got)


# -- the seeds -------------------------------------------------------------------------


def _owners(corpus) -> dict[str, set]:
    owners: dict[str, set] = {}
    for (type_, name), ent in corpus.entities.items():
        for form in (name, *ent.aliases):
            owners.setdefault(form, set()).add((type_, name))
    return owners


def test_every_seed_speaker_is_a_person(seed_corpus):
    corpus, _report = seed_corpus
    speakers = [a.speaker for a in corpus.articles if a.speaker]
    assert len(speakers) == 15
    assert all(("person", s) in corpus.entities for s in speakers)


def test_no_seed_page_conflates_two_referents(seed_corpus):
    corpus, _report = seed_corpus
    titles = {a.id: a.title for a in corpus.articles}
    ministry = corpus.entities[("organization", "住房和城乡建设部")]
    assert not any("西班牙住房和城乡建设部" in (a.affiliation or "") for a in corpus.articles if a.id in ministry.occurrences)
    jiangnan = corpus.entities.get(("place", "江南"))
    assert jiangnan is None or not any("首尔" in titles[aid] for aid in jiangnan.occurrences)


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("APUR", "巴黎市规划院"),
        ("AEG", "德国电气公司"),
        ("亚太", "亚太地区"),
        ("大湾区", "粤港澳大湾区"),
        ("省住房城乡建设厅", "广东省住房和城乡建设厅"),
        ("中国电信广东分公司", "中国电信股份有限公司广东分公司"),
        ("党中央", "中共中央"),
    ],
)
def test_seed_spellings_of_one_referent_are_one_page(seed_corpus, short, full):
    owners = _owners(seed_corpus[0])
    assert owners.get(short) == owners.get(full) and len(owners[full]) == 1


# -- the rules on sentences written here --------------------------------------------


def test_attendees_listed_before_a_verb_are_people(analysis):
    finder = finder_on(analysis, ["会上，省长林海涛、副市长郑小川、周明远等出席仪式。"])
    people = {n for t, n in finder.found if t == "person"}
    assert {"林海涛", "郑小川", "周明远"} <= people


def test_bylines_and_dotted_foreign_names_are_people(analysis):
    finder = finder_on(analysis, ["本报讯 记者 宋雨桐 通讯员 韦嘉报道：", "文/欧阳明远", "设计师让-皮埃尔·杜邦介绍了方案。"])
    people = {n for t, n in finder.found if t == "person"}
    assert {"宋雨桐", "韦嘉", "欧阳明远"} <= people
    assert any(n.endswith("皮埃尔·杜邦") for n in people)


def test_reduplicated_words_are_not_names():
    assert not has_surname("谢谢") and has_surname("谢安")


def test_an_acronym_in_brackets_is_another_name_of_the_organisation(analysis):
    finder = finder_on(analysis, ["据里昂城市研究院（LURI）统计，", "LURI的报告指出"])
    assert finder.found[("organization", "里昂城市研究院")].aliases == {"LURI"}


def test_spellings_differing_by_he_or_a_company_infix_merge_but_a_subsidiary_stays(analysis):
    finder = finder_on(analysis, [])
    for name in ("江西省住房和城乡建设厅", "江西省住房城乡建设厅", "中国移动通信有限公司江西分公司", "中国移动通信江西分公司", "中国移动"):
        finder.add("organization", name)
    names = {e.name: e.aliases for e in finder.resolve() if e.type == "organization"}
    assert names["江西省住房和城乡建设厅"] == {"江西省住房城乡建设厅"}
    assert "中国移动" in names and "中国移动通信有限公司江西分公司" in names


def test_a_bare_province_org_takes_the_publications_province(analysis):
    finder = finder_on(analysis, ["会议由省住房城乡建设厅主办。"], publication="江西日报")
    assert ("organization", "江西省住房城乡建设厅") in finder.found


def test_context_rules_out_glossed_foreign_and_modifier_uses(analysis):
    finder = finder_on(analysis, [])
    said = mentions(analysis, finder, "首尔的江南（Gangnam）很繁华。")
    assert not any(k.name == "江南" for _s, k in said)
    said = mentions(analysis, finder, "西班牙住房和城乡建设部派员参会。")
    assert not any(k.name == "住房和城乡建设部" for _s, k in said)
    said = mentions(analysis, finder, "走出一条中国特色城市现代化新路。")
    assert not any(k.name == "中国" for _s, k in said)
    said = mentions(analysis, finder, "住房和城乡建设部在杭州召开会议。")
    assert {k.name for _s, k in said} >= {"住房和城乡建设部", "杭州"}


def test_places_inside_titles_quotes_names_and_chains_are_not_mentions(analysis):
    finder = finder_on(analysis, [])
    said = {k.name for _s, k in mentions(analysis, finder, "他读了《杭州往事》一书。")}
    assert "杭州" not in said
    said = {k.name for _s, k in mentions(analysis, finder, "打造“数字杭州”品牌。")}
    assert "杭州" not in said
    said = {k.name for _s, k in mentions(analysis, finder, "中国队以2比1战胜对手，长沙市委召开会议。")}
    assert not said & {"中国", "长沙"}
    said = {k.name for _s, k in mentions(analysis, finder, "他来到广东广州。")}
    assert "广州" in said and "广东" not in said
    said = {k.name for _s, k in mentions(analysis, finder, "中国经济社会发展，杭州发布新政。")}
    assert {"中国", "杭州"} <= said


def test_suffix_shaped_places_need_a_name_stem(analysis):
    finder = finder_on(analysis, [])
    matcher = finder.matcher(analysis.analyzer)
    assert not matcher.plausible_place("落后地区") and not matcher.plausible_place("各乡镇")
    assert matcher.plausible_place("人民路") and matcher.plausible_place("杭州市") and matcher.plausible_place("江苏路")


def test_offices_by_their_heads_title_and_in_lists_of_offices(analysis):
    text = "会议由规划及土地局局长王国强主持，海事处副处长李文杰、文化及康乐局局长张志明出席。"
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert {"规划及土地局", "海事处", "文化及康乐局"} <= orgs
    said = {k.name for _s, k in mentions(analysis, finder, text) if k.type == "organization"}
    assert "规划及土地局" in said  # counted although jieba joins 局 to 局长
    listed = finder_on(analysis, ["代表包括卫生署、水务署、环境保护局和有关部门的人员。"])
    assert {"卫生署", "水务署", "环境保护局"} <= {n for t, n in listed.found if t == "organization"}


def test_a_board_belongs_to_its_company_and_an_office_to_its_body(analysis):
    finder = finder_on(analysis, ["广州地铁集团有限公司董事会主席出席。", "世界银行北京代表处发布报告。"])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert not any(n.endswith("董事会") for n in orgs)
    assert not any(n.startswith("北京代表处") for n in orgs)


def test_suffix_places_cut_inside_a_word_or_after_a_road_stub(analysis):
    matcher = finder_on(analysis, []).matcher(analysis.analyzer)
    assert not matcher.plausible_place("光伏电站") and not matcher.plausible_place("南路站")
    assert matcher.plausible_place("通州站") and matcher.plausible_place("中山北路")


def test_a_position_is_not_an_organisation(analysis):
    finder = finder_on(analysis, ["他当选为中央政治局常委。"])
    assert not any(n.endswith("常委") for t, n in finder.found if t == "organization")


def test_matcher_is_a_context_matcher(analysis):
    assert isinstance(finder_on(analysis, []).matcher(analysis.analyzer), ContextMatcher)


def test_world_gazetteer_has_divisions_countries_and_cities():
    places = load_places()
    assert places["广东省"].name == "广东" and places["广州市"].name == "广州" and places["延边朝鲜族自治州"].name == "延边"
    assert places["阿联酋"].kind == "country" and places["罗马"].kind == "world_city"
    assert "新城区" not in places  # generic county names are left out
    gaz = load_gazetteer()
    assert "雄安新区" in gaz.place and "住房和城乡建设部" in gaz.organization and "波尔库纳" not in gaz.place


def test_affiliation_starts_with_its_organisation():
    assert affiliation_org("巴黎市规划院（APUR）环境研究主任") == ("巴黎市规划院", "APUR")
    assert affiliation_org("香港特别行政区规划署副署长") == ("香港特别行政区规划署", "")
    assert affiliation_org("全国工程勘察设计大师") == ("", "")


def test_entity_and_span_scores_count_by_referent_and_span():
    gold = {"a.md": [{"text": "北京", "type": "place", "referent": "北京市"}, {"text": "张三", "type": "person", "referent": "张三"}]}
    scores = entity_scores({"a.md": [("place", "北京", []), ("organization", "某局", [])]}, gold)
    assert scores["place"]["precision"] == 1.0 and scores["person"]["recall"] == 0.0 and scores["overall"]["precision"] == 0.5
    spans = span_scores([{(0, 2, "place")}], [{(0, 2, "place"), (3, 5, "person")}])
    assert spans["place"]["f1"] == 1.0 and spans["overall"]["precision"] == 0.5


def test_a_name_from_context_alone_needs_a_given_names_characters():
    from urbankb.knowledge.entities import plausible_given_name

    assert plausible_given_name("王励勤") and plausible_given_name("陈海燕")
    for word in ("席位", "时表示", "和编辑", "商量过", "张明了"):
        assert not plausible_given_name(word), word


def test_teams_compass_parts_and_transliterated_names(analysis):
    finder = finder_on(
        analysis,
        ["中国队以3比1战胜巴西队。", "金大中视察韩国中东部地区。", "美国总统克林顿表示，双方将加强合作。", "记者采访时表示，旅客很多。"],
    )
    found = set(finder.found)
    assert ("organization", "中国队") in found and ("organization", "巴西队") in found
    assert not any(t == "organization" and n.endswith("东部") for t, n in found)
    assert ("person", "克林顿") in found
    assert ("person", "时表示") not in found


def test_a_division_before_a_place_inside_it_is_not_a_mention(analysis):
    finder = finder_on(analysis, ["上海市长宁区召开会议。"])
    got = mentions(analysis, finder, "上海市长宁区召开会议。")
    assert [s for s, _k in got] == ["长宁区"], got


@pytest.mark.parametrize(
    ("text", "type_", "name"),
    [
        ("记者从浙江省城乡风貌整治提升工作专班办公室获悉，", "organization", "浙江省城乡风貌整治提升工作专班办公室"),
        ("旅客从北京通州站出发。", "place", "北京通州站"),
        ("江苏路街道办事处主任说，", "place", "江苏路街道"),
    ],
)
def test_shape_rules_compose_long_names(text, type_, name):
    """Composed names by shape: verbs between nouns before 办公室, a station after place words, 街道 after a road."""
    from urbankb.nlp import Analyzer

    finder = EntityFinder(load_gazetteer())
    finder.from_tags(text, Analyzer().tag(text))
    assert (type_, name) in finder.found, sorted(finder.found)


def test_a_bare_province_org_never_takes_a_municipality(analysis):
    """Only a 省 of the division data takes 省: 上海 is a municipality, so no 上海省… is made."""
    finder = finder_on(analysis, ["上海举行发布会。会议由省住房和城乡建设厅主办。"])
    assert not any(n.startswith("上海省") for _t, n in finder.found)
    finder = finder_on(analysis, ["会议由省住房和城乡建设厅主办。"], publication="上海日报")
    assert not any(n.startswith("上海省") for _t, n in finder.found)


def test_a_name_after_a_title_however_jieba_cut_it(analysis):
    finder = finder_on(analysis, ["台北市长蒋万安二日出席活动。", "国务院副总理丁薛祥出席开幕式。丁薛祥表示，", "发言人曾发表声明。"])
    people = {n for t, n in finder.found if t == "person"}
    assert {"蒋万安", "丁薛祥"} <= people
    assert "薛祥" not in people and "曾发表" not in people


def test_a_transliterated_name_jieba_cut_is_joined(analysis):
    finder = finder_on(analysis, ["国际货币基金组织总裁格奥尔基耶娃6日在接受媒体采访时表示，"])
    people = {n for t, n in finder.found if t == "person"}
    assert "格奥尔基耶娃" in people and "格奥尔基" not in people


def test_a_county_by_its_short_form_after_its_province(analysis):
    text = "来自青海省互助县的代表介绍，在宁夏彭阳，桃花盛开。"
    finder = finder_on(analysis, [text])
    assert ("place", "互助土族自治县") in finder.found and ("place", "彭阳县") in finder.found
    said = {k.name for _s, k in mentions(analysis, finder, text)}
    assert {"互助土族自治县", "彭阳县"} <= said and not said & {"青海", "宁夏"}


def test_a_term_never_hides_a_name_inside_it():
    """A keyphrase term (习近平主席) gives way to the person inside it; a place + 人 (英国人) is the place."""
    from urbankb.knowledge.matcher import Matcher

    matcher = Matcher()
    matcher.add("习近平主席", Key.term("习近平主席"))
    matcher.add("习近平", Key.entity("person", "习近平"))
    text = "在习近平主席引领下"
    assert [(text[s:e], k.kind) for s, e, k in matcher.find(text, {0, 1, 4, 6, 9})] == [("习近平", "entity")]


def test_a_place_before_the_people_suffix_is_a_mention(analysis):
    finder = finder_on(analysis, [])
    said = [s for s, _k in mentions(analysis, finder, "英国人和中国人都来了，工人很多。")]
    assert said == ["英国", "中国"]


def test_a_countrys_armed_forces_and_bodies_are_organisations(analysis):
    """Country + 军队/国防军 (one word or two), a country then a body's word, an ``nt`` word starting with a place."""
    text = "智利军队今天举行演习，智利国民议会通过预算。挪威国防军发表声明。"
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert {"智利军队", "智利国民议会", "挪威国防军"} <= orgs
    said = {(k.type, k.name) for _s, k in mentions(analysis, finder, text)}
    assert ("place", "智利") not in said and ("place", "挪威") not in said


def test_a_bodys_unit_is_its_own_organisation(analysis):
    """国务院 + 侨务办公室: one organisation, and the parent inside it is no mention; 作出 + 部署 is no body."""
    text = "国务院侨务办公室发布通知。会议就湖北经济发展作出全面部署。"
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert "国务院侨务办公室" in orgs and not any(n.endswith("部署") for n in orgs)
    said = [s for s, k in mentions(analysis, finder, text) if k.type == "organization"]
    assert said == ["国务院侨务办公室"]


def test_a_place_starting_an_events_or_parks_name_is_not_a_mention(analysis):
    """A one-character word jieba cut off the tail (冬 + 残奥会), a tail of several words (国家 + 公园), two places
    joined by a dash before the tail (松花江—嫩江国际航道)."""
    finder = finder_on(analysis, [])
    for text in ("在温哥华冬残奥会上，选手夺冠。", "家住四川大熊猫国家公园的边缘。", "松花江—嫩江国际航道今年通航。"):
        assert not [s for s, k in mentions(analysis, finder, text) if k.type == "place"], text
    # a national park is a place of its own when read as one (round ten): its whole name, never the province in it
    text = "家住四川大熊猫国家公园的边缘。"
    said = [s for s, k in mentions(analysis, finder_on(analysis, [text]), text) if k.type == "place"]
    assert said == ["四川大熊猫国家公园"], said


def test_a_landmark_after_its_division_is_the_mention(analysis):
    """北京 + 颐和园, 北京 + 香山 + 公园: the landmark, not the division; 江西 + 南昌 is the city, never 南昌县."""
    text = "我们去了北京颐和园，又去北京香山公园赏红叶，再到江西南昌。"
    finder = finder_on(analysis, [text])
    said = [(s, k.name) for s, k in mentions(analysis, finder, text) if k.type == "place"]
    # the chain: one mention, spanning the landmark (as MSRA spans a chain's places one by one; the division is none)
    assert said == [("颐和园", "颐和园"), ("香山公园", "香山公园"), ("南昌", "南昌")], said


def test_a_name_in_a_traditional_article_keeps_its_written_spelling(analysis):
    """A traditional article is read in simplified form; a name found there takes the spelling as written
    (甯漢豪 beside 甯汉豪) as another name, recorded with the article's candidates and replayed."""
    from urbankb.knowledge.entities import analysis_blocks
    from urbankb.model import Block, BlockKind

    written = "規劃署署長甯俊傑表示，計劃順利。"
    art = Article(id="t", seed="t.md", title="t", blocks=[Block(BlockKind.PARAGRAPH, written)], visible=[written], traditional=True)
    blocks = analysis_blocks(art, analysis.analyzer)
    finder = EntityFinder(analysis.gazetteer)
    ops = finder.record(art, blocks)
    finder.replay(ops, blocks)
    person = finder.found[("person", "甯俊杰")]
    assert "甯俊傑" in person.aliases
    assert ("organization", "规划署") in finder.found and "規劃署" in finder.found[("organization", "规划署")].aliases


def test_foreign_names_by_a_title_after_them_or_cut_by_jieba(analysis):
    """A transliterated name before 总统 (托卡列夫总统), its head jieba cut off and joined again (加里 + 莫娃, 阿利 + 莫夫);
    a country before 总统 and a name is not a person."""
    finder = finder_on(
        analysis,
        [
            "会见议会主席加里莫娃、副总理。",
            "总理和阿利莫夫总统会谈。",
            "双方元首和托卡列夫总统会谈。",
            "南斯拉夫总统米洛舍维奇表示，谈判继续。",
        ],
    )
    people = {n for t, n in finder.found if t == "person"}
    assert {"加里莫娃", "阿利莫夫", "托卡列夫", "米洛舍维奇"} <= people
    assert "南斯拉夫" not in people


def test_names_listed_after_a_title_double_surnames_and_honorifics(analysis):
    """委员 + 李明华、王建国、赵晓红 (the list after a title); 陈方安生 (two surnames, Hong Kong style); 黄家 + 明 + 博士;
    a byline's rare characters; a name then a time of day; never a name running into 今 (…今（2日）)."""
    finder = finder_on(
        analysis,
        [
            "全国政协委员李明华、王建国、赵晓红分别发言。",
            "行政长官陈方安生陪同下参观。",
            "会上，主席黄家明博士陪同下参观。",
            "记者蔡濡嘉、王敬玟/报导",
            "台中市长林佳龙上午出席活动。",
            "对此，市长蒋万安今（2日）未多谈。",
        ],
    )
    people = {n for t, n in finder.found if t == "person"}
    assert {"李明华", "王建国", "赵晓红", "陈方安生", "黄家明", "蔡濡嘉", "林佳龙"} <= people
    assert "蒋万安今" not in people


def test_places_by_one_words_shape_and_a_foreign_city_after_its_country(analysis):
    """港澳: province abbreviations joined; a transliterated word listed after a foreign city (马德里、卡塞雷斯);
    a place word after a foreign country (韩国 + 庆州 + 举行): the city, the chain its other name."""
    text = "产品供应港澳市场。西班牙马德里、卡塞雷斯等城市受影响。会议在韩国庆州举行。货物抵达越南岘港。"
    finder = finder_on(analysis, [text])
    said = {k.name for _s, k in mentions(analysis, finder, text) if k.type == "place"}
    assert {"港澳", "马德里", "卡塞雷斯", "庆州", "岘港"} <= said, said
    assert not said & {"韩国", "越南"}
    assert "越南岘港" in finder.found[("place", "岘港")].aliases


def test_bridges_railways_airports_and_parks_by_their_tails(analysis):
    """嘉陵江 + 特 + 大桥 (a tail jieba cut in two); 京沪 + 高铁 (a line named by abbreviations), never 重庆 + 万州 + 高铁
    (the railway of a place); 浦东 + 机场; 苏州 + 工业园: the park, the division inside it no mention."""
    text = "长江特大桥和京沪高铁通车，乘客从浦东机场出发，途经重庆万州高铁站，来到苏州工业园。"
    finder = finder_on(analysis, [text])
    places = {n for t, n in finder.found if t == "place"}
    assert {"长江特大桥", "京沪高铁", "浦东机场", "苏州工业园"} <= places, places
    assert not any(n.endswith("万州高铁") for n in places)
    said = {k.name for _s, k in mentions(analysis, finder, text) if k.type == "place"}
    assert "苏州" not in said


def test_a_citys_customs_and_a_named_agency_are_organisations(analysis):
    """昆明 + 海关 like 美国 + 政府 (a body every city has, named by the place); 中华 + 新闻 + 通讯社 (a proper noun,
    nouns and a body's word)."""
    finder = finder_on(analysis, ["记者从厦门海关获悉，", "据华夏新闻通讯社报道，"])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert {"厦门海关", "华夏新闻通讯社"} <= orgs, orgs


def test_a_town_jieba_tags_as_a_name_after_its_province_and_a_quoted_task_force(analysis):
    """江苏 + 周庄/nr + 分别: no person's name shape, so the town, the chain its other name and the mention; a task
    force's whole name in 「」 even when it starts with a verb (「统筹推进…专班」)."""
    text = "代表团在江苏周庄分别会见外宾。会议由「统筹推进湾区发展策略专班」主持。"
    finder = finder_on(analysis, [text])
    assert ("place", "周庄") in finder.found and "江苏周庄" in finder.found[("place", "周庄")].aliases
    assert ("organization", "统筹推进湾区发展策略专班") in finder.found
    said = {k.name for _s, k in mentions(analysis, finder, text)}
    assert "周庄" in said and "江苏" not in said


def test_a_label_jieba_calls_a_proper_noun_before_a_place_tail_is_no_place(analysis):
    """科创/nz + 新城: a generic label names no place; a place or name word before the tail does (临港/ns + 新城)."""
    finder = finder_on(analysis, ["该区将建成国际科创新城。临港新城今年新增企业三百家。"])
    assert ("place", "科创新城") not in finder.found
    assert ("place", "临港新城") in finder.found


def test_organisations_by_a_closed_class_head_after_a_place(analysis):
    """Round four's head-word shapes: a country's abbreviation + 军 (not 冠军, not 以 + 军事); a division's party
    committee after a county's name; a club's team after its city; a mass organisation's short name after its county;
    an office's name + 长 after a country (the matcher cuts 长 off); a city + 大学; nouns + a two-character head (总厂)."""
    text = (
        "英军和法军昨日撤离。她获得冠军，以军事手段解决不可取。福建省建宁县委召开会议。杭州飞鹰队主场获胜。"
        "会议由宝应县侨联主办。巴西交通部长当天表示，南通大学派出专家，苏州纺织机械总厂也参加了活动。"
    )
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert {"英国军队", "法国军队", "福建省建宁县委", "杭州飞鹰队", "宝应县侨联", "巴西交通部", "南通大学", "苏州纺织机械总厂"} <= orgs, (
        orgs
    )
    assert finder.found[("organization", "英国军队")].aliases == {"英军"}
    assert not any(n.startswith(("冠", "以色列")) for n in orgs), orgs
    said = {s for s, k in mentions(analysis, finder, text) if k.type == "organization"}
    assert "巴西交通部" in said, said


def test_named_companies_research_centres_commissions_and_an_office_opening_a_clause(analysis):
    """A four-character company word jieba tags ``nt`` unless its stem is a country (奔驰公司, never 美国公司); a place,
    nouns and 研究 + 中心; a division's commission by its short name (吉林省 + 教委) and its own body (平顶山市 + 人大常委会);
    an office's head's title that starts a clause (，外交部长 + 王毅 -> 外交部; never 各国 + 外交部长)."""
    text = "据悉，奔驰公司将裁员，美国公司纷纷撤离。由中国藏学研究中心主办。吉林省教委发出通知。会谈后，外交部长王毅表示欢迎，各国外交部长出席。"
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert {"奔驰公司", "中国藏学研究中心", "吉林省教委", "外交部"} <= orgs, orgs
    assert "美国公司" not in orgs and not any(n.startswith("国外") for n in orgs), orgs
    said = [s for s, k in mentions(analysis, finder, text) if k.type == "organization"]
    assert said.count("外交部") == 1, said


def test_chambers_unions_and_banks_named_by_their_place(analysis):
    """商会/联合会/工会 end a body's name after a place and nouns (泰国 + 华人 + 总商会); a city + 银行 (绍兴 + 银行) like a
    city + 大学; a country's bank jieba writes as one ``nt`` word (中国银行); never a country + 公司 (any company)."""
    text = "泰国华人总商会与绍兴银行、中国银行签约，英国公司代表出席。"
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert {"泰国华人总商会", "绍兴银行", "中国银行"} <= orgs, orgs
    assert "英国公司" not in orgs


def test_a_list_of_names_after_a_plural_title_and_a_name_before_a_deputys_title(analysis):
    """A title, then three or more names joined by 、 and 和/及 (6位副会长包括 + 周文涛、吴佩玲、郑国栋和许嘉伟), all or none
    (a list of places after 主任 is no list of people); a name before a deputy's title after 由, or with a space in a
    speech's salutation (孙立群 常务副主席)."""
    finder = finder_on(
        analysis,
        [
            "新一届6位副会长包括周文涛、吴佩玲、郑国栋和许嘉伟。荣誉会长何振邦、曹美玲、邓家乐及黎志成亦获颁证书。",
            "该处由冯慧敏副院长兼任，尊敬的 孙立群 常务副主席。",
            "办公室主任北京、上海、广州和深圳出席。",
        ],
    )
    people = {n for t, n in finder.found if t == "person"}
    listed = {"周文涛", "吴佩玲", "郑国栋", "许嘉伟", "何振邦", "曹美玲", "邓家乐", "黎志成", "冯慧敏", "孙立群"}
    assert listed <= people, listed - people
    assert not people & {"北京", "上海", "广州", "深圳"}


def test_public_bodies_from_the_official_lists_and_their_short_forms(analysis):
    """Bodies of Taiwan, Hong Kong and the State Council by their full names and official short forms (国发会, 港澳办);
    欧盟 is an organisation, as news annotation (MSRA) has it."""
    text = "行政院与立法院协商，国发会表示支持。立法会议员与港澳办官员会面。欧盟委员会和欧盟回应。"
    finder = finder_on(analysis, [text])
    said = {(s, k.type) for s, k in mentions(analysis, finder, text)}
    expected = {("行政院", "organization"), ("立法院", "organization"), ("国发会", "organization"), ("立法会", "organization")}
    assert expected | {("港澳办", "organization"), ("欧盟", "organization")} <= said, said
    assert ("欧盟", "place") not in said


def test_a_place_before_modifiers_and_a_bodys_head_starts_the_bodys_name(analysis):
    """A place, then modifier words (a time word, an ordinal, a place word, a distinguishing word), then a body's head
    (信阳市 + 第五 + 中学, 杭州 + 对外 + 文化交流 + 协会): one organisation, the place in it no mention;
    a verb there only rules the place out (英国 + 演出 + 公司), never a quantity (一所 + 中学) nor a clause's verb
    (在苏州 + 成立 + 公司); a hometown association after two places (深圳 + 汕头 + 同乡会)."""
    text = "信阳市第五中学与杭州对外文化交流协会签约，英国演出公司到场。他在苏州成立公司，又在无锡一所中学任教。深圳汕头同乡会举行年会。"
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert {"信阳市第五中学", "杭州对外文化交流协会", "深圳汕头同乡会"} <= orgs, orgs
    said = mentions(analysis, finder, text)
    assert not any(s.startswith(("英国", "苏州", "无锡")) for s, k in said if k.type == "organization"), said
    places = [s for s, k in said if k.type == "place"]
    assert "苏州" in places and "无锡" in places, places
    assert not {"信阳市", "杭州", "英国", "深圳", "汕头"} & set(places), places


def test_a_chinese_name_by_its_shape_between_a_boundary_and_a_verb(analysis):
    """A three-character word jieba tags as a name, a surname and a common given name, after punctuation and before
    a preposition or an adverb (，陈志强 + 在, ，李秀兰 + 也): a person with no title or verb of speech beside it; never
    a surname and an honorific (李先生), a rare given name (a low :func:`given_name_score`) or a name after a dot."""
    text = "上周，陈志强在厂里检查设备，李秀兰也来了。李先生告诉我们，他已经到了。"
    finder = finder_on(analysis, [text])
    people = {n for t, n in finder.found if t == "person"}
    assert {"陈志强", "李秀兰"} <= people, people
    assert "李先生" not in people, people


def test_a_foreign_name_spelled_in_transliteration_beside_a_title_of_office(analysis):
    """A run of transliteration characters beside a title of office is one foreign name however jieba tagged or cut
    it (外长 + 库奇 + 内尔, 库奇/nrt 内尔/ns); never a common word (联邦 + 总统), nor the tail of a name whose head
    jieba cut off (扎 + 卡里亚 + 总统)."""
    texts = ["外长库奇内尔说，", "扎卡里亚总统对此表示感谢。", "联邦总统发表讲话，大使馆发表声明。"]
    finder = finder_on(analysis, texts)
    people = {n for t, n in finder.found if t == "person"}
    assert {"库奇内尔", "扎卡里亚"} <= people, people
    assert not people & {"联邦", "卡里亚", "库奇"}, people


def test_a_university_of_the_national_list_is_an_organisation(analysis):
    """A full name from the Ministry of Education's list (universities.tsv) is an organisation wherever it is written,
    and the city starting it is no mention there."""
    text = "会上，长治幼儿师范高等专科学校、铁门关职业技术学院与湖州师范学院的代表签约。"
    finder = finder_on(analysis, [text])
    said = {(s, k.type) for s, k in mentions(analysis, finder, text)}
    assert {(n, "organization") for n in ("长治幼儿师范高等专科学校", "铁门关职业技术学院", "湖州师范学院")} <= said, said
    assert not {s for s, t in said if t == "place"} & {"长治", "铁门关", "湖州"}, said


def test_a_name_before_an_honorific_and_a_surname_jieba_took_for_a_preposition(analysis):
    """A word jieba tags as a name right before an honorific or a title written after names (罗志先 + 委员, 金山 +
    同志) is a person; a single surname jieba took for a preposition before it is the name's start (向 + 金山 + 老人)."""
    finder = finder_on(analysis, ["据介绍，罗志先委员建议加快立法。", "当年，向金山老人回忆说，"])
    people = {n for t, n in finder.found if t == "person"}
    assert {"罗志先", "向金山"} <= people, people
    assert "金山" not in people, people


def test_a_list_of_names_with_no_title_or_verb_beside_it(analysis):
    """Three or more words jieba tags as names, joined by 、 and 和 (名单上有 + 吴佩玲、周文涛和郑国栋), are people with no
    title or verb to say so; never a list of abstract nouns (公开、公平、公正) nor one with a name cut at its edge."""
    finder = finder_on(analysis, ["名单上有吴佩玲、周文涛和郑国栋。", "坚持公开、公平、公正。"])
    people = {n for t, n in finder.found if t == "person"}
    assert {"吴佩玲", "周文涛", "郑国栋"} <= people, people
    assert not people & {"公开", "公平", "公正"}, people


def test_a_pair_of_direction_words_before_a_suffix_is_no_body(analysis):
    """A short word jieba tags as a body whose stem is two direction words (内外 + 部) names none; a real one still does."""
    finder = finder_on(analysis, ["企业要应对内外部环境的变化。", "中宣部发布通知。"])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert "内外部" not in orgs, orgs
    assert "中宣部" in orgs, orgs


def test_a_company_with_its_place_in_brackets_is_one_name(analysis):
    """字号（行政区划）行业 + 有限公司 (星河云（深圳）信息技术有限公司) is one organisation from the name's start, in a list
    joined by 、 too; the trade and suffix after the bracket alone are no name, the bracketed city no mention."""
    text = "星河云（深圳）信息技术有限公司、蓝海（杭州）数据服务有限公司、广州安居集团有限公司等企业表示支持。"
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert {"星河云（深圳）信息技术有限公司", "蓝海（杭州）数据服务有限公司"} <= orgs, orgs
    assert not orgs & {"信息技术有限公司", "数据服务有限公司"}, orgs
    said = {(s, k.type) for s, k in mentions(analysis, finder, text)}
    assert not {s for s, t in said if t == "place"} & {"深圳", "杭州"}, said


def test_a_transliterated_town_before_its_suffix_is_a_place(analysis):
    """A run of transliteration characters jieba cut off 市 (荷兰 + 埃因霍温 + 市) is a place, and the bare run later is the
    same place; a known place (鲁汶市) is left to the gazetteer."""
    finder = finder_on(analysis, ["荷兰埃因霍温市和比利时鲁汶市签约。"])
    assert ("place", "埃因霍温") in finder.found, sorted(finder.found)
    said = {(s, k.name) for s, k in mentions(analysis, finder, "埃因霍温有很多企业")}
    assert ("埃因霍温", "埃因霍温") in said, said


def test_a_name_shaped_word_listed_with_common_nouns_is_no_person(analysis):
    """A word jieba tags as a name, listed with 、 next to an item that is one common noun (月季、百合、郁金香), is of the
    common noun's kind, not a person; a list whose neighbour item is a title running on to a name still names people."""
    finder = finder_on(analysis, ["园区种植月季、百合、郁金香、菊花等品种。", "新华社记者曲志红、本报记者杨明方报道："])
    people = {n for t, n in finder.found if t == "person"}
    assert "郁金香" not in people, people
    assert {"曲志红", "杨明方"} <= people, people


def test_a_bodys_head_jieba_cut_before_its_last_character_is_joined_again(analysis):
    """jieba cuts 侨商会荣誉会长 as 侨商 + 会/v: the head is joined again (广州潮汕侨商会, the places in it no mention);
    a noun before the verb 会 ("can") that ends in no head stays as it was (科学 + 会 + 改变)."""
    text = "广州潮汕侨商会荣誉会长陈明出席。他说科学会改变世界。"
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert "广州潮汕侨商会" in orgs, orgs
    assert not any(n.endswith("科学会") for n in orgs), orgs
    said = {(s, k.type) for s, k in mentions(analysis, finder, text)}
    assert ("广州潮汕侨商会", "organization") in said, said
    assert not {s for s, t in said if t == "place"} & {"广州", "潮汕"}, said


def test_a_trade_name_its_trade_and_a_closed_class_head_make_a_body(analysis):
    """字号 + 行业 + 组织形式 with no place (金禾 + 农业 开发 + 公司, 宏达 + 鞋业 + 有限公司) is one organisation; not a
    person's name before a noun jieba mistags (王建国 + 会见/n + 福特公司), a role (李波 + 代表 + 学校), a clause
    (儿子 + 考上 + 大学), or a transliterated name running on after · (洛伊特 · 塔奇 + 咨询 + 集团)."""
    text = "他决定创办金禾农业开发公司，又与宏达鞋业有限公司合作。王建国会见福特公司董事长。李波代表学校发言，他儿子考上大学。"
    finder = finder_on(analysis, [text, "迪洛伊特·塔奇咨询集团发布报告。"])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert {"金禾农业开发公司", "宏达鞋业有限公司"} <= orgs, orgs
    assert not any(n.startswith(("王建国", "李波", "儿子", "塔奇")) for n in orgs), orgs


def test_a_body_written_right_after_a_chinese_city_is_the_tail_of_a_longer_name(analysis):
    """A found body written right after a province's or city's name (保定 + 金禾农业开发公司, where jieba took 保定 for a
    verb) is the tail of a longer name, not a mention of the body; alone it still is one."""
    finder = finder_on(analysis, ["他决定创办金禾农业开发公司。"])
    said = [s for s, k in mentions(analysis, finder, "保定金禾农业开发公司成立。") if k.type == "organization"]
    assert "金禾农业开发公司" not in said, said
    said = [s for s, k in mentions(analysis, finder, "记者走进金禾农业开发公司。") if k.type == "organization"]
    assert "金禾农业开发公司" in said, said


def test_a_large_bodys_department_named_after_it_is_its_own_organisation(analysis):
    """A large body's name (a bank, university, company, international organisation), at most one noun, then a department
    of three or more characters ending in 部/局/处/司 (世界卫生组织 + 执行局, 招商银行 + 信息 + 科技部) is one organisation;
    the ministry 科技部 inside it and the parent alone are no mention there."""
    text = "世界卫生组织执行局开会，招商银行信息科技部负责系统。"
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert {"世界卫生组织执行局", "招商银行信息科技部"} <= orgs, orgs
    said = {s for s, k in mentions(analysis, finder, text) if k.type == "organization"}
    assert {"世界卫生组织执行局", "招商银行信息科技部"} <= said and not said & {"世界卫生组织", "科技部", "招商银行"}, said


def test_a_countrys_team_written_as_one_word_jieba_calls_a_common_noun(analysis):
    """A country's team written as one word is an organisation however jieba tags it (古巴队/n, 智利队/n), and the
    country inside it no place mention."""
    text = "决赛中古巴队击败了匈牙利队。智利队和秘鲁队打平。"
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert {"古巴队", "匈牙利队", "智利队", "秘鲁队"} <= orgs, orgs
    said = {(s, k.type) for s, k in mentions(analysis, finder, text)}
    assert not {s for s, t in said if t == "place"} & {"古巴", "匈牙利", "智利", "秘鲁"}, said


def test_a_firms_name_with_a_word_jieba_calls_a_set_phrase(analysis):
    """A place, a firm's words and 有限责任/l + 公司 (成都 + 华美 + 酒业 + 有限责任 + 公司) are one organisation, the
    place no mention; when the place follows another noun (北京 电信 + 长城 … 公司) the name's start is unsure: none."""
    text = "他得到了成都华美酒业有限责任公司的帮助。北京电信长城移动通讯有限责任公司主办。"
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert "成都华美酒业有限责任公司" in orgs, orgs
    assert "长城移动通讯有限责任公司" not in orgs, orgs
    said = {(s, k.type) for s, k in mentions(analysis, finder, text)}
    assert ("成都", "place") not in said, said


def test_a_party_committee_inside_its_secretarys_title(analysis):
    """A place then a secretary's title jieba joined to the committee (宁海 + 县委书记) names the committee (宁海县委),
    matched up to 委, the place inside it no mention; a word that is no place (泰顺/nz here) gives none."""
    text = "他曾任宁海县委书记。"
    finder = finder_on(analysis, [text, "赵明任中共泰顺县委书记。"])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert "宁海县委" in orgs, orgs
    assert not any(n.endswith("泰顺县委") for n in orgs), orgs
    said = {(s, k.type) for s, k in mentions(analysis, finder, text)}
    assert ("宁海县委", "organization") in said and ("宁海", "place") not in said, said


def test_a_news_datelines_outlet_is_an_organisation(analysis):
    """A paragraph opening with a dateline (outlet, the place it files from, the date, 电/讯) names the outlet, the
    place cut off; a paper's own byline (本报…讯), a bare place and a headline run on into the dateline give none."""
    texts = [
        "光明网杭州3月8日电 (通讯员 周立)昨日,新的公园开放。",
        "【东方日报2019年07月02日讯】市民排队入园。",
        "本报广州6月3日讯 城市更新持续推进。",
        "南京4月9日电 地铁新线通车。",
        "(华夏新闻通讯社/华夏晚报深圳7月1日讯)新馆今日开放。",
        "全市两百家商场推出夜间优惠活动本报深圳5月6日讯 商场延长营业时间。",
    ]
    finder = finder_on(analysis, texts)
    known = {n for t, n in finder_on(analysis, []).found if t == "organization"}
    orgs = {n for t, n in finder.found if t == "organization"} - known
    assert orgs == {"光明网", "东方日报", "华夏新闻通讯社", "华夏晚报"}, orgs
    said = {(s, k.type) for s, k in mentions(analysis, finder, texts[0])}
    assert ("光明网", "organization") in said and ("杭州", "place") in said, said


def test_a_news_outlet_named_by_a_proper_name_and_a_media_head(analysis):
    """A proper name then a media head, one jieba word or two (东海早报, 华夏 + 时报), is an outlet, a newsroom word may
    follow (+ 记者); never after a verb or a common noun (地方 + 电视台), nor at the start of a longer name (+ 出版社)."""
    texts = [
        "东海早报今天发表评论。",
        "据华夏时报报道，新区开工。",
        "羊城晚报记者王立报道。",
        "地方电视台播出了节目。",
        "书由东海晚报出版社出版。",
    ]
    known = {n for t, n in finder_on(analysis, []).found if t == "organization"}
    orgs = {n for t, n in finder_on(analysis, texts).found if t == "organization"} - known
    assert {"东海早报", "华夏时报"} <= orgs, orgs
    assert "羊城晚报" in orgs and not any(n.endswith("电视台") for n in orgs) and "东海晚报" not in orgs, orgs


def test_a_list_of_bare_kinds_of_body_names_no_office(analysis):
    """Items of a list that are kinds of body with no name (电台、电视台、通讯社和杂志社) are no organisations."""
    finder = finder_on(analysis, ["来自多家报社、通讯社、电视台、广播电台和杂志社的记者到场。", "通过电台、电视台、报刊向社会公布。"])
    known = {n for t, n in finder_on(analysis, []).found if t == "organization"}
    assert {n for t, n in finder.found if t == "organization"} - known == set()


def test_a_head_office_unit_written_without_its_parent(analysis):
    """总行 + a unit + its head's title, after a bank named in the same paragraph, is that bank's unit (招商银行 …
    总行零售金融部总经理 → 招商银行零售金融部, 总行零售金融部 another name); with no bank before it, none."""
    text = "招商银行行长王良、总行零售金融部总经理李强出席活动。"
    finder = finder_on(analysis, [text, "总行风险管理部总经理张伟介绍情况。"])
    known = {n for t, n in finder_on(analysis, []).found if t == "organization"}
    orgs = {n for t, n in finder.found if t == "organization"} - known
    assert "招商银行零售金融部" in orgs, orgs
    assert "总行零售金融部" in finder.found[("organization", "招商银行零售金融部")].aliases
    assert not any("风险管理部" in n for n in orgs), orgs


def test_a_world_citys_university(analysis):
    """A world city of three or more characters then 大学 (慕尼黑 + 大学) is a university, the city inside it no mention."""
    text = "她曾在慕尼黑大学任教。"
    finder = finder_on(analysis, [text])
    assert ("organization", "慕尼黑大学") in finder.found
    said = {(s, k.type) for s, k in mentions(analysis, finder, text)}
    assert ("慕尼黑大学", "organization") in said and ("慕尼黑", "place") not in said, said


def test_a_list_that_names_its_kind_after_deng(analysis):
    """Items of a list joined by 、 with their kind after 等 (…等大学) are organisations when they are no place, no common
    word and no kind of works (焦化厂); a list of modifiers (国有、民营、外资等企业) gives none."""
    texts = ["代表来自湘大、闽师大、粤工大、杭州等大学。", "国有、民营、外资等企业都参加。", "新建了焦化厂、电器厂、甲醛厂等企业。"]
    known = {n for t, n in finder_on(analysis, []).found if t == "organization"}
    orgs = {n for t, n in finder_on(analysis, texts).found if t == "organization"} - known
    assert {"湘大", "闽师大", "粤工大"} <= orgs, orgs
    assert not orgs & {"杭州", "国有", "民营", "外资", "焦化厂", "电器厂", "甲醛厂"}, orgs


def test_a_name_jieba_glued_to_the_verb_after_its_title(analysis):
    """A title then a person word that ends in a verb's or time's character (董事长 + 陈立今 + (3)日) is the name without
    it, and the name is matched there; a character that often ends a given name stays on (创始人梁连起: no 梁连)."""
    texts = ["董事长陈立今(3)日出席发布会。", "创始人梁连起出差回来。"]
    finder = finder_on(analysis, texts)
    people = {n for t, n in finder.found if t == "person"}
    assert "陈立" in people and "梁连" not in people, people
    assert ("陈立", "person") in {(s, k.type) for s, k in mentions(analysis, finder, texts[0])}


def test_a_country_and_its_city_written_as_one_word(analysis):
    """A country then its city as one word of the dictionary (日本东京) is one mention of the city, spanning the city only;
    a division then a landmark written as one word (北京人民大会堂) is the landmark's."""
    text = "会议在日本东京召开，代表们在北京人民大会堂合影。"
    finder = finder_on(analysis, [text])
    said = [(s, k.name) for s, k in mentions(analysis, finder, text) if k.type == "place"]
    assert ("东京", "东京") in said and ("人民大会堂", "人民大会堂") in said, said
    assert not any(name in ("日本", "北京") for _s, name in said), said


def test_a_world_city_before_a_noun_jieba_tags_for_a_verb(analysis):
    """A world city before a noun that is followed by a place (东京 + 会见/n + 日本首相) is a mention: the noun is used as a
    verb; before a common noun ending the phrase (罗马 + 蓄水池) it is a modifier, no mention."""
    finder = finder_on(analysis, ["代表团在东京会见日本首相。", "罗马蓄水池很古老。"])
    assert ("东京", "place") in {(s, k.type) for s, k in mentions(analysis, finder, "代表团在东京会见日本首相。")}
    assert not any(k.type == "place" for _s, k in mentions(analysis, finder, "罗马蓄水池很古老。"))


def test_landmarks_lines_and_ring_roads_by_their_heads(analysis):
    """A landmark written as one word with its kind (京杭大运河/nz), a ring road by side and number (西五环, 南三环 + 西路)
    and a line named by its ends' abbreviations jieba calls a proper noun (蒙内 + 铁路) are places."""
    texts = ["游船沿京杭大运河前行。", "工地在西五环附近。", "新馆位于南三环西路北侧。", "专家考察了蒙内铁路。"]
    places = {n for t, n in finder_on(analysis, texts).found if t == "place"}
    assert {"京杭大运河", "西五环", "南三环西路", "蒙内铁路"} <= places, places


def test_a_national_park_a_capital_city_and_a_new_airport(analysis):
    """A division, nouns, then 国家 + 公园 is one place (云南 + 亚洲象 + 国家公园); a country's name then 城 is its capital
    (墨西哥城), which a landmark after it is not part of (墨西哥城 + 改革大道 is two places); a city, 新 and 机场 is the
    city's new airport (成都新机场); 中国城 is no capital."""
    texts = ["云南亚洲象国家公园正在筹建。", "游行队伍经过墨西哥城改革大道。", "成都新机场投入使用。", "他在中国城开了一家店。"]
    finder = finder_on(analysis, texts)
    places = {n for t, n in finder.found if t == "place"}
    assert {"云南亚洲象国家公园", "墨西哥城", "成都新机场"} <= places, places
    assert "中国城" not in places and "墨西哥城改革大道" not in places, places


def test_a_name_whose_last_character_jieba_joined_to_a_conjunction(analysis):
    """A title, a person word and a conjunction jieba wrote with the name's last character (局长 + 罗立/nr + 文及/c) is the
    three-character name, matched there, never the two-character head."""
    text = "交通局局长罗立文及多名官员到场。"
    finder = finder_on(analysis, [text])
    people = {n for t, n in finder.found if t == "person"}
    assert "罗立文" in people and "罗立" not in people, people
    assert ("罗立文", "person") in {(s, k.type) for s, k in mentions(analysis, finder, text)}


def test_reporters_after_a_dateline_and_before_the_place_filed_from(analysis):
    """The names in brackets after a dateline (新华网南京3月2日电 (周静)) and a reporter's name before the place filed from
    (记者郑海涛台北报导: 台北 is no part of the name) are people."""
    texts = ["新华网南京3月2日电 (周静)2日，南京举行了一场活动。", "财经周刊记者郑海涛台北报导"]
    people = {n for t, n in finder_on(analysis, texts).found if t == "person"}
    assert {"周静", "郑海涛"} <= people, people
    assert not any(n.endswith("台北") for n in people), people


def test_a_known_body_glossed_by_its_acronym_after_a_run(analysis):
    """A run before an acronym in brackets that ends with a known body's other name (部长们在日本大阪出席 + 亚太经合组织
    (APEC)) names that body, never the whole run, and the city in the run stays a mention."""
    text = "部长们在日本大阪出席亚太经合组织(APEC)会议。"
    finder = finder_on(analysis, [text])
    orgs = {n for t, n in finder.found if t == "organization"}
    assert not any(n.startswith(("日本", "大阪")) for n in orgs), orgs
    assert ("大阪", "place") in {(s, k.type) for s, k in mentions(analysis, finder, text)}


def test_a_region_before_a_common_word_starting_like_a_suffix(analysis):
    """A place before a common word whose first character is a place's suffix (东亚 + 区域) is a mention; before a body's
    name so starting (湾仔区 + 区议会) it is not."""
    texts = ["各国在东亚区域开展合作。", "湾仔区区议会主席出席活动。"]
    finder = finder_on(analysis, texts)
    assert ("东亚", "place") in {(s, k.type) for s, k in mentions(analysis, finder, texts[0])}
    assert not [s for s, k in mentions(analysis, finder, texts[1]) if k.type == "place"]


def test_one_name_that_sat_in_on_a_meeting(analysis):
    """A clause that is one name, then 参加 or 陪同 and a meeting (张军参加会见。) names a person; a common noun so written
    (官员参加会见。) does not."""
    texts = ["会见后双方签署文件。张军参加会见。", "官员参加会见。"]
    people = {n for t, n in finder_on(analysis, texts).found if t == "person"}
    assert "张军" in people and "官员" not in people, people


def test_zones_whose_head_jieba_cut_and_parks_written_with_a_dot(analysis):
    """A known place or place word, up to five nouns, then 合作 + 区 or 新 + 发展 + 区 is one zone (南沙 + 粤港澳 + 全面 +
    合作 + 区 style: here 深圳 + 科技 + 产业 + 合作 + 区), never after a slash (two names share it); a park's name written
    with a dot (云谷·创想产业园) is a place, no person."""
    texts = ["深圳科技产业合作区正式挂牌。", "位于东城的云谷·创想产业园，吸引了企业入驻。"]
    finder = finder_on(analysis, texts)
    places = {n for t, n in finder.found if t == "place"}
    people = {n for t, n in finder.found if t == "person"}
    assert {"深圳科技产业合作区", "云谷·创想产业园"} <= places, places
    assert not any("产业园" in n for n in people), people
    said = [s for s, k in mentions(analysis, finder, texts[0]) if k.type == "place"]
    assert said == ["深圳科技产业合作区"], said
