"""The shipped gazetteer (``urbankb/data/gazetteer.yaml``) is well formed: every alias belongs to a listed
name, no name is both a place and an organisation, no short form is claimed by two names, and the public
bodies from the official lists and the universities of the Ministry of Education's list are read as organisations."""

from __future__ import annotations

import re
from collections import Counter

from urbankb.han import HAN_RANGES
from urbankb.knowledge.entities import load_gazetteer, load_universities

_FORM = re.compile(f"^[{HAN_RANGES}A-Za-z0-9·&]+(?:[（-][{HAN_RANGES}]+）?[{HAN_RANGES}]*)?$")


def test_the_shipped_gazetteer_is_well_formed():
    gaz = load_gazetteer()
    listed = gaz.organization | gaz.place | set(gaz.divisions)
    assert not gaz.organization & gaz.place, "a name is both an organisation and a place"
    assert [name for name in gaz.aliases if name not in listed] == [], "aliases of a name no list holds"
    claimed = Counter(form for forms in gaz.aliases.values() for form in forms)
    assert [form for form, n in claimed.items() if n > 1] == [], "a short form of two names"
    forms = gaz.organization | gaz.place | {form for forms in gaz.aliases.values() for form in forms}
    assert [form for form in forms if not _FORM.match(form) or len(form) < 2] == []
    # the official lists (public_body) are organisations: the Taiwan Yuan, Hong Kong's LegCo, a State Council office
    assert {"立法院", "立法会", "国务院台湾事务办公室", "欧盟"} <= gaz.organization
    assert gaz.canonical()["国发会"] == "国家发展委员会"
    # states the world list lacks: former countries (ISO 3166-3) and the United Kingdom's countries (ISO 3166-2:GB)
    assert {"苏联", "南斯拉夫", "北爱尔兰", "苏格兰"} <= gaz.place and gaz.canonical()["北爱"] == "北爱尔兰"


def test_the_universities_of_the_national_list_are_organisations():
    """``universities.tsv`` (全国普通高等学校名单): full names only, each ending like an institution (大学, 学院, 学校, or a
    campus in brackets), none a place; every one in the shipped gazetteer (read as organisations)."""
    names = load_universities()
    assert len(names) > 2500
    assert [n for n in names if not re.search("(大学|学院|学校|分校)(（[^）]+）)?$", n)] == []
    gaz = load_gazetteer()
    assert names == gaz.universities and not names & gaz.place
    assert not names & set(gaz.divisions)
    assert {"清华大学", "中国矿业大学（北京）", "北京师范大学-香港浸会大学联合国际学院"} <= names
    assert "清华" not in names  # no bare short forms
