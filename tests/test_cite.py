"""Cite this article: the GB/T 7714-2015 reference and the BibTeX entry of each article page, and in kb.json."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest
from conftest import REPO, SEEDS

from urbankb.model import Article, Block, BlockKind, Collection
from urbankb.render.cite import cite

#: a web article (a .md seed with a URL and no publication), built beside one real seed
WEB_SEED = """---
title: 城市更新的七个问题
authors: [王小明, 李华]
date: 2024-03-15
url: https://example.org/urban/renewal-7.html
---

城市更新不是推倒重来。本文讨论七个常被忽略的问题。
"""


def _kb(project) -> dict:
    return json.loads((project / "docs" / "kb.json").read_text(encoding="utf-8"))


def _article(kb: dict, seed: str, n: int = 1) -> dict:
    return next(a for a in kb["articles"] if a["id"] == f"{seed.removesuffix('.txt').removesuffix('.md')}-{n}")


@pytest.fixture(scope="module")
def web_site(tmp_path_factory):
    """``urbankb build`` of the web article beside the journal seed (docs/ only)."""
    root = tmp_path_factory.mktemp("web")
    seeds = root / "seeds"
    seeds.mkdir()
    (seeds / "web_renewal.md").write_text(WEB_SEED, encoding="utf-8")
    (seeds / "004_72154d32830cb090.txt").write_bytes((SEEDS / "004_72154d32830cb090.txt").read_bytes())
    build = subprocess.run(
        [sys.executable, "-m", "urbankb.cli", "build", "--seeds", str(seeds), "--docs", str(root / "docs"), "--no-cache"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    return root


def test_a_newspaper_article_cites_its_reporter_title_and_paper(built_site):
    art = _article(_kb(built_site), "002_432965080f7e4133.txt")
    assert art["citation"]["kind"] == "N"
    assert art["citation"]["gbt7714"] == "赵文霞. 第八届中国（广东）智慧城市大会成功举办 加快形成共建共治共享发展新格局[N]. 广东建设报."


def test_a_talk_in_a_compilation_cites_the_speaker_and_the_compilation(built_site):
    art = _article(_kb(built_site), "003_d28a1f34fda7a5a8.txt")
    assert art["speaker"] == "张玉鑫"
    assert art["citation"]["kind"] == "C"
    assert art["citation"]["gbt7714"] == (
        "张玉鑫. 上海空间发展战略的思考[C]//第八届大都市规划国际咨询会专家发言摘录: 大都市发展：科技创新与空间治理. [出版地不详]: [出版者不详], 2025."
    )
    entry = parse_bibtex(art["citation"]["bibtex"])
    assert entry["type"] == "inproceedings"
    assert entry["fields"]["author"] == "张玉鑫" and entry["fields"]["booktitle"].startswith("第八届大都市规划国际咨询会专家发言摘录")


def test_a_journal_article_cites_year_and_issue_number(built_site):
    art = _article(_kb(built_site), "004_72154d32830cb090.txt")
    assert art["citation"]["gbt7714"] == "广州加快布局未来产业 蓄能产业未来发展[J]. 领导学刊, 2025(6)."
    assert parse_bibtex(art["citation"]["bibtex"])["fields"]["number"] == "6"


def test_a_web_article_cites_its_date_and_url_without_an_access_date(web_site):
    art = _article(_kb(web_site), "web_renewal.md")
    assert art["citation"]["kind"] == "EB/OL"
    # 引用日期 left out on purpose: a build has no access date but the clock
    assert art["citation"]["gbt7714"] == "王小明, 李华. 城市更新的七个问题[EB/OL]. (2024-03-15). https://example.org/urban/renewal-7.html"
    entry = parse_bibtex(art["citation"]["bibtex"])
    assert entry["type"] == "misc" and entry["fields"]["url"] == "https://example.org/urban/renewal-7.html"
    assert entry["fields"]["author"] == "王小明 and 李华" and entry["fields"]["year"] == "2024"


def test_every_article_page_shows_both_forms_as_in_kb_json(built_site):
    kb = _kb(built_site)
    assert len(kb["articles"]) == 20
    for art in kb["articles"]:
        page = (built_site / "site" / art["url"] / "index.html").read_text(encoding="utf-8")
        shown = re.search(r'<p class="kb-cite-text" id="kb-cite-gbt">(.*?)</p>', page, re.S)
        code = re.search(r'<code id="kb-cite-bibtex">(.*?)</code>', page, re.S)
        assert shown and html.unescape(shown[1]) == art["citation"]["gbt7714"], art["id"]
        assert code and html.unescape(code[1]) + "\n" == art["citation"]["bibtex"], art["id"]
        assert page.count('data-kb-copy="kb-cite-gbt"') == 1 and page.count('data-kb-copy="kb-cite-bibtex"') == 1
        assert parse_bibtex(art["citation"]["bibtex"])["fields"]["title"] == " ".join(art["title"].split())


def test_every_bibtex_entry_of_the_seeds_parses_and_keys_are_unique(built_site):
    entries = [parse_bibtex(a["citation"]["bibtex"]) for a in _kb(built_site)["articles"]]
    assert len({e["key"] for e in entries}) == len(entries)
    assert all(e["fields"]["title"] and e["fields"].get("langid") == "chinese" for e in entries)


def test_tex_special_characters_and_unbalanced_braces_still_parse():
    art = Article(id="x-1", seed="x.md", title="100% 的 {城市 & 乡村_计划 #1 ~ ^ \\", blocks=[Block(BlockKind.PARAGRAPH, "正文。")])
    art.authors, art.slug, art.url = ["张三", "李四", "王五", "赵六"], "x", "https://example.org/a_b?c=1&d=2"
    citation = cite(art, Collection(id="x", seed="x.md", title="x"))
    assert citation.gbt7714.startswith("张三, 李四, 王五, 等. 100% 的 {城市")  # more than three authors: 等
    fields = parse_bibtex(citation.bibtex)["fields"]
    assert fields["title"] == r"100\% 的 \textbraceleft{}城市 \& 乡村\_计划 \#1 \~{} \^{} \textbackslash{}"
    assert fields["author"] == "张三 and 李四 and 王五 and 赵六"


def parse_bibtex(text: str) -> dict:
    """A strict reader of one BibTeX entry (the grammar of BibTeX's own ``@type{key, name = {value}, …}``).

    Returns ``{"type", "key", "fields"}``; raises AssertionError when the entry
    does not parse: unknown shape, unbalanced braces, a field twice, text after it.
    """
    m = re.match(r"@([A-Za-z]+)\{([^\s,{}]+),\n", text)
    assert m, f"no entry head: {text[:60]!r}"
    i, fields = m.end(), {}
    while True:
        field = re.compile(r"\s*([a-z]+)\s*=\s*\{").match(text, i)
        assert field, f"no field at {text[i : i + 40]!r}"
        depth, j = 1, field.end()
        while depth:
            assert j < len(text), "unbalanced braces"
            depth += {"{": 1, "}": -1}.get(text[j], 0)  # BibTeX counts every brace, escaped or not
            j += 1
        name = field[1]
        assert name not in fields, f"{name} twice"
        fields[name] = text[field.end() : j - 1]
        rest = re.compile(r"\s*(,|\})").match(text, j)
        assert rest, f"junk after {name}"
        i = rest.end()
        if rest[1] == "}":
            break
    assert text[i:] == "\n", f"text after the entry: {text[i:]!r}"
    return {"type": m[1].lower(), "key": m[2], "fields": fields}
