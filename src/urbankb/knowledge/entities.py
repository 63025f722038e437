"""Named entities: people, organisations, places and cited documents.

jieba's part-of-speech tags alone are not reliable in this field (it tags
智慧 as a person and 城市 as a place), so every source of evidence is
filtered, and a candidate needs a reason beyond the tag:

* **people** — speakers from their name cards (with the affiliation),
  bylined authors, reporters and correspondents (``记者…``, ``通讯员…``), and
  jieba ``nr`` words that start with a common surname, are not on the
  gazetteer's ``not_person`` list and stand next to a title or a verb of
  speech at least once (``局长范瑞威``, ``孙志洋副省长``), or that stand
  between a title and such a verb however jieba cut them (``会长钱中强说道``);
* **organisations** — the gazetteer's list, jieba ``nt`` words that end in an
  organisation suffix (局, 院, 大学, 公司, 促进会, 集团, 委员会 …) and are at
  least :data:`MIN_ORG_CHARS` long, and a place name followed by nouns
  ending in such a suffix (``广州市`` + ``生态环境局``);
* **places** — the gazetteer's list, and jieba ``ns`` words ending in
  省/市/区/县/镇 that are not on ``not_place``; ``广州市`` and ``广东省`` are
  spellings of ``广州`` and ``广东`` (but 江南区 in Seoul is not 江南);
* **documents** — titles in 《》 that end like a document (规划, 纲要, 意见,
  方案, 条例, 法, 白皮书 …), so films and games in 《》 are left out; a short
  title that is the tail of exactly one longer title (《规划纲要》) is that
  document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import itemgetter
from pathlib import Path

import yaml

from ..han import HAN_RANGES
from ..model import Article, Key
from ..nlp import data_path
from .datafile import DataFileError, line, load_nodes, scalar, words

ENTITY_TYPES = ("person", "organization", "place", "document")
TYPE_NAMES = {"person": "人物", "organization": "机构", "place": "地点", "document": "文献"}

#: common Chinese family names (single and compound); a name found by jieba
#: alone must start with one of them
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟"
    "熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯"
    "纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝习"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "令狐", "司徒", "夏侯")
#: a person word standing right after one of these is a person ("局长范瑞威")
TITLES_BEFORE = (
    "书记", "省长", "市长", "区长", "县长", "部长", "局长", "厅长", "署长", "主任", "院长", "校长", "会长", "理事长", "秘书长", "主席",
    "教授", "院士", "研究员", "总监", "经理", "董事长", "总裁", "编辑", "社长", "技术官", "执行官", "顾问", "导师", "记者", "通讯员",
    "博士", "委员", "组长", "总工程师", "规划师", "建筑师", "主编", "大师", "首席", "总书记",
)  # fmt: skip
#: ... or right before one of these ("钱中强说道", "孙志洋副省长")
WORDS_AFTER = (
    "表示", "指出", "说", "介绍", "认为", "强调", "提出", "总书记", "副省长", "省长", "市长", "书记", "教授", "院士", "主持", "致辞", "发言",
    "谈到", "透露", "建议", "坦言", "说道", "讲道",
)  # fmt: skip
ORG_SUFFIXES = (
    "局", "厅", "部", "委", "院", "大学", "学院", "公司", "分公司", "分行", "银行", "促进会", "协会", "学会", "研究会", "集团", "研究所",
    "委员会", "管委会", "实验室", "中心", "政府", "博物馆", "智库", "书院", "报社", "办公厅", "署",
)  # fmt: skip
#: suffixes that may end a name composed from a place and nouns (中心 is left out:
#: 科创中心, 市中心 are rarely organisations); one-character suffixes need a word
#: of three or more characters (生态环境局, never 布局 or 头部)
COMPOSED_SUFFIXES = tuple(s for s in ORG_SUFFIXES if s != "中心")
#: last characters of those suffixes: a quick test before ``str.endswith``
_COMPOSED_LAST = frozenset(s[-1] for s in COMPOSED_SUFFIXES)
#: part-of-speech flags of person, organisation and place names (jieba)
_NAME_FLAGS = frozenset({"nr", "nrfg", "nrt", "nt", "ns"})
#: org words of at least this many characters may come from jieba's nt tag alone
MIN_ORG_CHARS = 5
#: gazetteer organisation names that are also common words (浪潮 "wave", 小米 "millet");
#: they are not matched in running text
AMBIGUOUS_ORGS = frozenset({"浪潮", "小米", "苹果", "光明", "美团"})
PLACE_SUFFIXES = ("省", "市", "区", "县", "镇")
DOC_SUFFIXES = (
    "规划", "纲要", "意见", "方案", "办法", "条例", "法", "规定", "白皮书", "蓝皮书", "议程", "计划", "建议", "标准", "规范", "报告",
    "协议", "决定", "通知", "指南", "导则", "纲领", "宣言", "公约", "战略", "研究",
)  # fmt: skip
DOC_RE = re.compile(r"《([^《》\n]{2,60})》")
_HAN = re.compile(f"^[{HAN_RANGES}]+$")
_NAME_PART = re.compile(f"^[{HAN_RANGES}A-Za-z0-9（）()]+$")
_TITLED_NAME = re.compile(
    "(" + "|".join(TITLES_BEFORE) + ")([" + HAN_RANGES + "]{2,3}?)(?=" + "|".join(w for w in WORDS_AFTER if len(w) > 1) + ")"
)
_CLAUSE_END = re.compile(r"[，,。；;：:！？!?“”\"（）()\n]")


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

    def canonical(self) -> dict[str, str]:
        """Alias -> canonical name."""
        return {alias: name for name, forms in self.aliases.items() for alias in forms if alias != name}


#: the word lists a gazetteer may have, besides ``aliases``
GAZETTEER_LISTS = ("place", "organization", "not_person", "not_place", "not_organization")


def load_gazetteer(path: Path | None = None) -> Gazetteer:
    """Read a gazetteer YAML: lists ``place``, ``organization``, ``not_person``, ``not_place``,
    ``not_organization``, and a mapping ``aliases`` (canonical name -> list of other names).

    Raises:
        DataFileError: invalid YAML, not a mapping, an unknown key, or a
            value of the wrong kind (with the file and line).
    """
    path = path or data_path("gazetteer.yaml")
    root = load_nodes(path)
    if root is None:
        return Gazetteer()
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
    return Gazetteer(**lists, aliases=aliases)


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
    if not _HAN.match(name) or not 2 <= len(name) <= 4:
        return False
    if name.startswith(COMPOUND_SURNAMES):
        return len(name) >= 3
    return name[0] in SURNAMES and len(name) <= 3


def canonical_place(name: str, gaz: Gazetteer) -> str:
    """``广州市`` -> ``广州`` when the short form is a known place; otherwise the name."""
    if len(name) >= 3 and name.endswith(("市", "省")) and name[:-1] in gaz.place:
        return name[:-1]
    return name


def document_title(inner: str) -> bool:
    """Whether a title in 《》 reads like a plan, policy, law, report or white paper."""
    core = re.sub(r"[（(][^（）()]*[）)]\s*$", "", inner).strip()
    return len(core) >= 3 and core.endswith(DOC_SUFFIXES)


class EntityFinder:
    """Collects entity candidates from articles (see the module docstring for the rules)."""

    def __init__(self, gazetteer: Gazetteer):
        self.gaz = gazetteer
        self.found: dict[tuple[str, str], Found] = {}
        self._telling: dict[tuple[str, str], bool] = {}  # (word, flag) -> may start or end a name

    def add(self, type_: str, name: str, alias: str = "") -> Found:
        """Register an entity (idempotent) and return it."""
        ent = self.found.setdefault((type_, name), Found(type_, name))
        if alias and alias != name:
            ent.aliases.add(alias)
        return ent

    # -- metadata ---------------------------------------------------------
    def from_metadata(self, art: Article) -> None:
        """Speakers (name card), bylined authors, reporters and correspondents."""
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
        offsets: list[int] = []  # each word's start in ``text``, worked out at the first person-tagged word
        telling = self._telling
        for pair in set(tags).difference(telling):
            word, flag = pair
            telling[pair] = flag in _NAME_FLAGS or (flag != "nt" and word[-1] in _COMPOSED_LAST and word.endswith(COMPOSED_SUFFIXES))
        # the few words tagged as a name, or ending like an organisation; the rest cannot start anything
        for i in compress(range(len(tags)), map(telling.__getitem__, tags)):
            word, flag = tags[i]
            if flag in ("nr", "nrfg", "nrt"):
                offsets = offsets or list(accumulate(map(len, map(itemgetter(0), tags)), initial=0))
                self._person(text, tags, offsets, i)
            elif flag == "nt":
                if (word in self.gaz.organization and word not in AMBIGUOUS_ORGS) or (
                    len(word) >= MIN_ORG_CHARS and word.endswith(ORG_SUFFIXES)
                ):
                    self.add("organization", word)
            elif flag == "ns" and word not in self.gaz.not_place and word not in self.gaz.place:
                if len(word) >= 3 and word.endswith(PLACE_SUFFIXES) and _HAN.match(word) and word[:-1] not in self.gaz.not_place:
                    canon = canonical_place(word, self.gaz)
                    self.add("place", canon, word)
            if flag != "nt" and word[-1] in _COMPOSED_LAST and word.endswith(COMPOSED_SUFFIXES):
                single = not any(len(sfx) > 1 and word.endswith(sfx) for sfx in COMPOSED_SUFFIXES)
                if not (single and len(word) < 3):
                    self._composed_org(tags, i)

    def from_title_pattern(self, text: str) -> None:
        """People named between a title and a verb of speech (``会长钱中强说道``), however jieba cut them."""
        for m in _TITLED_NAME.finditer(text):
            name = m.group(2)
            if has_surname(name) and name not in self.gaz.not_person and name not in self.gaz.place:
                person = self.add("person", name)
                if not person.detail and not person.roles:
                    clause = _CLAUSE_END.split(text[: m.start(2)])[-1].strip()
                    if 2 <= len(clause) <= 40:
                        person.detail = clause

    def _person(self, text: str, tags: list[tuple[str, str]], offsets: list[int], i: int) -> None:
        word = tags[i][0]
        if not has_surname(word) or word in self.gaz.not_person or word in self.gaz.place or word in self.gaz.organization:
            return
        before = text[max(0, offsets[i] - 6) : offsets[i]]
        after = text[offsets[i] + len(word) : offsets[i] + len(word) + 3]
        if not (before.endswith(TITLES_BEFORE) or after.startswith(WORDS_AFTER)):
            return
        person = self.add("person", word)
        if not person.detail and not person.roles and before.endswith(TITLES_BEFORE):
            clause = _CLAUSE_END.split(text[: offsets[i]])[-1].strip()
            if 2 <= len(clause) <= 40:
                person.detail = clause

    def _composed_org(self, tags: list[tuple[str, str]], i: int) -> None:
        """A place word, up to four noun words, then a word ending in an organisation suffix."""
        for back in range(1, 6):
            j = i - back
            if j < 0:
                return
            word, flag = tags[j]
            if not _NAME_PART.match(word):
                return
            if flag == "ns" or word in self.gaz.place:
                if word in self.gaz.not_place or (back == 1 and len(tags[i][0]) < 3):
                    return
                name = "".join(w for w, _ in tags[j : i + 1])
                if len(name) >= MIN_ORG_CHARS and len(name) <= 24:
                    self.add("organization", name)
                return
            if not (flag.startswith("n") or flag in ("vn", "j", "eng")):
                return

    def from_documents(self, text: str) -> None:
        """Titles in 《》 that read like documents."""
        for m in DOC_RE.finditer(text):
            if document_title(m.group(1)):
                self.add("document", m.group(1).strip())

    def from_gazetteer(self) -> None:
        """Every gazetteer place and organisation (kept only where mentioned)."""
        canonical = self.gaz.canonical()
        for name in sorted(self.gaz.place):
            if name not in self.gaz.not_place:
                canon = canonical.get(name) or canonical_place(name, self.gaz)
                self.add("place", canon, name)
        for name in sorted(self.gaz.organization - AMBIGUOUS_ORGS - self.gaz.not_organization):
            self.add("organization", canonical.get(name, name), name)
        for name, forms in sorted(self.gaz.aliases.items()):
            for type_ in ("place", "organization"):
                if (type_, name) in self.found:
                    for form in sorted(forms):
                        self.add(type_, name, form)

    def short_document_titles(self, texts: list[str]) -> None:
        """《规划纲要》 for 《美丽广州建设规划纲要（2025—2035年）》: a title in 《》 that
        ends exactly one known document title, when it reads like a document."""
        docs = [name for (t, name) in self.found if t == "document"]
        for text in texts:
            for m in DOC_RE.finditer(text):
                short = m.group(1).strip()
                longer = [d for d in docs if d != short and re.sub(r"[（(][^（）()]*[）)]$", "", d).endswith(short)]
                if len(longer) == 1:
                    self.found.pop(("document", short), None)
                    self.found[("document", longer[0])].aliases.add(short)

    def resolve(self) -> list[Found]:
        """Drop clashes (a place that is also an organisation name stays a place) and return sorted."""
        out = []
        for (type_, name), ent in sorted(self.found.items()):
            if type_ == "organization" and ("place", name) in self.found:
                continue
            ent.aliases.discard(name)
            out.append(ent)
        return out
