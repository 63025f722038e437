"""The ``.docx`` and ``.html``/``.htm`` readers on real files: saved web pages in
``tests/data/web/`` and Word documents written here with python-docx.

The article texts are real ones from ``tests/data/external/`` (the fixture
named in each case); the tests check that every sentence of them reaches
the article, and that the page furniture around them does not.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import struct
import zlib
from pathlib import Path

import docx
import frontmatter
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.oxml.shared import OxmlElement

from urbankb import cli
from urbankb.ingest import READERS, SeedError, read_file
from urbankb.ingest.docx import DocxReader
from urbankb.ingest.html import HtmlReader, decode_page
from urbankb.model import BlockKind

DATA = Path(__file__).resolve().parent / "data"
WEB = DATA / "web"
EXTERNAL = DATA / "external"


def external(prefix: str) -> tuple[dict, list[str]]:
    """Front matter and paragraphs of the external article whose name starts with ``prefix``."""
    post = frontmatter.load(next(EXTERNAL.glob(f"{prefix}_*.md")))
    return post.metadata, [p.strip() for p in post.content.split("\n\n") if p.strip()]


def sentences(paragraphs: list[str]) -> list[str]:
    """The sentences of ``paragraphs`` (cut after 。！？ and their closing quotes)."""
    out = []
    for para in paragraphs:
        out.extend(s for s in re.findall(r"[^。！？]+[。！？]*[”’」』）)]*", para) if s.strip())
    return out


def kept(source: list[str], body: str) -> tuple[int, int]:
    """(sentences of ``source`` found in ``body``, all sentences)."""
    found = sentences(source)
    return sum(s in body for s in found), len(found)


def read(path: Path):
    return read_file(path, path.read_bytes(), None)


# -- web pages -----------------------------------------------------------------

#: fixture -> (external article poured into it, page furniture that must stay out of the body)
PAGES = {
    "wechat_digital_twin.html": (
        "010",
        ["阅读原文", "精选留言", "规划院小王", "写得真好", "停车难题", "微信扫一扫", "关注该公众号", "分享", "在看", "发表于", "原创"],
    ),
    "news_city_health_check.html": (
        "005",
        [
            "首页",
            "要闻",
            "快讯",
            "正文",
            "相关阅读",
            "城市更新要算好长远账",
            "热点排行",
            "网友评论",
            "整改清单",
            "分享到",
            "ICP",
            "版权所有",
            "关于我们",
        ],
    ),
    "gbk_city_brain.htm": ("009", ["当前位置", "首页", "相关新闻", "一网统管", "排行榜", "樱花", "分享到", "ICP", "版权所有", "招聘信息"]),
}


def test_html_reader_is_registered():
    assert isinstance(READERS[".html"], HtmlReader) and isinstance(READERS[".htm"], HtmlReader)
    assert isinstance(READERS[".docx"], DocxReader)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_sentence_of_the_main_text_is_kept_and_no_page_furniture(name):
    prefix, furniture = PAGES[name]
    _meta, source = external(prefix)
    parsed = read(WEB / name)
    assert len(parsed.articles) == 1
    art = parsed.articles[0]
    found, total = kept(source, art.text)
    assert found == total, f"{name}: {found}/{total} sentences of the main text kept"
    # the paragraphs are the source's, one for one and exactly
    assert [p for p in art.paragraphs if p in source] == source
    for word in furniture:
        assert word not in art.text, f"{name}: {word!r} in the body"
        assert word not in art.title


def test_wechat_article_title_account_author_date_headings_and_caption():
    meta, source = external("010")
    parsed = read(WEB / "wechat_digital_twin.html")
    art = parsed.articles[0]
    assert art.title == meta["title"]
    assert art.publication == "城市数字观察"  # the account (#js_name), not the platform's og:site_name
    assert art.authors == ["陈思远"]
    assert art.date == "2020-09-16"
    assert art.url.startswith("http://mp.weixin.qq.com/s?__biz=")
    assert [b.text for b in art.blocks if b.kind is BlockKind.HEADING] == ["从技术概念到转型路径", "有待校准航向"]
    assert [b.text for b in art.blocks if b.kind is BlockKind.CAPTION] == ["城市数字孪生平台的三维实景模型"]
    assert art.paragraphs == source  # six paragraphs, the first one (a <section>) included
    assert parsed.encoding == "utf-8"
    lines = (WEB / "wechat_digital_twin.html").read_text(encoding="utf-8").split("\n")
    for block in art.blocks:
        assert block.text[:10] in lines[block.line - 1]


def test_news_page_metadata_headings_caption_and_dateline():
    meta, source = external("005")
    parsed = read(WEB / "news_city_health_check.html")
    art = parsed.articles[0]
    assert art.title == meta["title"]
    assert art.authors == ["王志顺"]
    assert art.date == "2025-10-28"
    assert art.url == "https://news.stcn.example/pl/202510/t20251028_1234567.html"
    assert art.publication == "证券时报网"
    assert [b.text for b in art.blocks if b.kind is BlockKind.HEADING] == ["覆盖5.4万平方公里的“健康普查”", "“诊断—治疗—康复”的闭环"]
    assert [b.text for b in art.blocks if b.kind is BlockKind.CAPTION] == ["城市体检信息平台上的社区评估图层"]
    assert art.paragraphs[:3] == source
    # the page's date-and-source line and its editor line are layout, not body
    assert [b.text for b in parsed.collection.layout] == ["2025-10-28 07:45 来源：证券时报", "责任编辑：刘晓丹"]
    assert "07:45" not in art.text and "责任编辑" not in art.text


def test_gbk_page_decodes_by_its_declared_charset():
    meta, source = external("009")
    raw = (WEB / "gbk_city_brain.htm").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("gb2312")  # 喆 is GBK, not GB2312: the declared gb2312 is read as GBK
    text, encoding = decode_page(raw, "gbk_city_brain.htm")
    assert encoding == "gb18030" and "王喆" in text
    parsed = read(WEB / "gbk_city_brain.htm")
    art = parsed.articles[0]
    assert parsed.encoding == "gb18030"
    assert art.title == meta["title"]
    assert art.authors == ["朱凌君", "巩持平"]
    assert art.date == "2020-04-20"
    assert art.publication == "上观新闻"  # after the title in <title>
    assert art.paragraphs == [*source, "（责任编辑：王喆）"]


def test_paragraphs_written_as_line_breaks_in_one_div(tmp_path):
    """Older sites write ``text<br><br>text`` in one ``<div>``: one paragraph per sentence-ending line, the footer left out."""
    meta, source = external("009")
    body = "<br><br>\n".join("\u3000\u3000" + p for p in source)
    page = tmp_path / "br.html"
    page.write_text(
        f"<html><head><title>{meta['title']}</title></head><body><div class='nav'><a href='/'>首页</a> <a href='/city/'>城市</a></div>"
        f"<div id='text'>{body}</div><div class='foot'>版权所有 沪ICP备14000000号</div></body></html>",
        encoding="utf-8",
    )
    art = read(page).articles[0]
    assert art.title == meta["title"]
    assert art.paragraphs == source
    assert [b.line for b in art.blocks] == [1, 2, 3]


def test_a_page_without_article_text_is_refused_with_its_name(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>空页</title></head><body><nav><a href='/'>首页</a></nav></body></html>", encoding="utf-8")
    with pytest.raises(SeedError, match="no article text found in the web page") as err:
        read(page)
    assert err.value.seed == "empty.html"


# -- Word documents ----------------------------------------------------------------


def png(width: int = 4, height: int = 3) -> bytes:
    """A small grey PNG image (for a picture with a caption)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def properties(document, author: str, title: str, created: dt.datetime) -> None:
    props = document.core_properties
    props.author, props.title, props.created, props.modified = author, title, created, created


@pytest.fixture()
def article_docx(tmp_path) -> Path:
    """One article (external 019): Title, a Heading 2 section, a picture with a caption, a table."""
    meta, paras = external("019")
    document = docx.Document()
    properties(document, "王文博", meta["title"], dt.datetime(2025, 3, 5, 1, 30, tzinfo=dt.UTC))
    document.add_paragraph(meta["title"], style="Title")
    document.add_paragraph("\u3000\u3000" + paras[0])
    document.add_paragraph(paras[1], style="Heading 2")
    for para in paras[2:]:
        document.add_paragraph("\u3000\u3000" + para + "  ")
    image = tmp_path / "robot.png"
    image.write_bytes(png())
    document.add_picture(str(image))
    document.add_paragraph("具身智能机器人在展会上演示分拣作业", style="Caption")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "北京", "万台具身智能机器人规模落地"
    table.cell(1, 0).text, table.cell(1, 1).text = "浙江", "人形机器人产业创新发展实施方案"
    path = tmp_path / "embodied_ai.docx"
    document.save(path)
    return path


#: the three talks: (external article, heading, speaker line)
TALKS = [
    ("015", "多地科学城建设集体冲刺 如何兼顾“科学”与“城”?", "李华 城市规划研究院院长"),
    ("023", "人类正经历第二次量子革命", "主讲人：王敏（量子信息研究所研究员）"),
    ("016", "大学路的创新街区之问", "陈静 创新街区研究中心主任"),
]


@pytest.fixture()
def talks_docx(tmp_path) -> Path:
    """A compilation: a Title, an editor's note, three talks (Heading 1 + speaker line + text)."""
    document = docx.Document()
    properties(document, "论坛秘书处", "", dt.datetime(2022, 3, 30, 8, 0, tzinfo=dt.UTC))
    document.add_paragraph("科学城与创新街区论坛发言摘编", style="Title")
    document.add_paragraph("编者按：本期摘编三位嘉宾在论坛上的发言，文字经本人审阅。")
    for prefix, heading, speaker in TALKS:
        _meta, paras = external(prefix)
        document.add_paragraph(heading, style="Heading 1")
        document.add_paragraph(speaker)
        for para in paras:
            document.add_paragraph(para)
    path = tmp_path / "forum_talks.docx"
    document.save(path)
    return path


def test_docx_article_title_sections_caption_table_and_properties(article_docx):
    meta, paras = external("019")
    parsed = read(article_docx)
    assert len(parsed.articles) == 1
    art = parsed.articles[0]
    assert art.title == meta["title"]
    assert art.authors == ["王文博"]
    assert art.date == "2025-03-05"
    assert [b.text for b in art.blocks if b.kind is BlockKind.HEADING] == [paras[1]]
    assert [b.text for b in art.blocks if b.kind is BlockKind.CAPTION] == ["具身智能机器人在展会上演示分拣作业"]
    # the indents and trailing spaces go, the text is kept exactly; the table's cells are paragraphs
    assert art.paragraphs == [paras[0], *paras[2:], "北京", "万台具身智能机器人规模落地", "浙江", "人形机器人产业创新发展实施方案"]
    found, total = kept(paras, art.text)
    assert found == total
    # Block.line is the paragraph's index in the document (the title is paragraph 1, the picture's paragraph 7)
    assert [b.line for b in art.blocks] == [2, 3, 4, 5, 6, 8, 9, 10, 11, 12]


def test_docx_with_three_talks_gives_three_articles(talks_docx):
    parsed = read(talks_docx)
    assert [a.title for a in parsed.articles] == [t[1] for t in TALKS]
    assert [(a.speaker, a.affiliation) for a in parsed.articles] == [
        ("李华", "城市规划研究院院长"),
        ("王敏", "量子信息研究所研究员"),
        ("陈静", "创新街区研究中心主任"),
    ]
    assert parsed.collection.kind == "compilation"
    assert parsed.collection.title == "科学城与创新街区论坛发言摘编"
    assert [b.text for b in parsed.collection.intro] == ["编者按：本期摘编三位嘉宾在论坛上的发言，文字经本人审阅。"]
    for art, (prefix, _h, _s) in zip(parsed.articles, TALKS, strict=True):
        _meta, paras = external(prefix)
        assert art.paragraphs == paras
        assert kept(paras, art.text)[0] == len(sentences(paras))
        assert art.date == "2022-03-30" and art.authors == []
    assert [a.id for a in parsed.articles] == ["forum_talks-1", "forum_talks-2", "forum_talks-3"]


def test_docx_localised_style_names_and_outline_levels(tmp_path):
    """WPS and Chinese Word write 标题 / 标题 2; a custom style can carry the outline level alone."""
    document = docx.Document()
    properties(document, "", "", dt.datetime(2024, 6, 1, tzinfo=dt.UTC))
    styles = document.styles
    title = styles.add_style("标题", WD_STYLE_TYPE.PARAGRAPH)
    section = styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    custom = styles.add_style("小节名", WD_STYLE_TYPE.PARAGRAPH)
    level = OxmlElement("w:outlineLvl")
    level.set(qn("w:val"), "1")
    custom.element.get_or_add_pPr().append(level)
    document.add_paragraph("城市体检的三个层次", style=title)
    document.add_paragraph("第一段正文。")
    document.add_paragraph("住房与小区", style=section)
    document.add_paragraph("第二段正文。")
    document.add_paragraph("社区与街区", style=custom)
    document.add_paragraph("第三段正文。")
    path = tmp_path / "styles.docx"
    document.save(path)
    art = read(path).articles[0]
    assert art.title == "城市体检的三个层次"
    assert [(b.kind, b.text) for b in art.blocks] == [
        (BlockKind.PARAGRAPH, "第一段正文。"),
        (BlockKind.HEADING, "住房与小区"),
        (BlockKind.PARAGRAPH, "第二段正文。"),
        (BlockKind.HEADING, "社区与街区"),
        (BlockKind.PARAGRAPH, "第三段正文。"),
    ]


def test_unstyled_docx_takes_its_first_short_paragraph_as_title(tmp_path):
    document = docx.Document()
    properties(document, "", "", dt.datetime(2024, 6, 1, tzinfo=dt.UTC))
    document.add_paragraph("城市更新的下一步")
    document.add_paragraph("城市更新正从试点探索迈向全面推进。")
    path = tmp_path / "plain.docx"
    document.save(path)
    art = read(path).articles[0]
    assert art.title == "城市更新的下一步"
    assert art.paragraphs == ["城市更新正从试点探索迈向全面推进。"]


def test_damaged_and_empty_docx_are_refused_with_the_file_name(tmp_path, article_docx):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(article_docx.read_bytes()[:2000])
    with pytest.raises(SeedError, match=r"not a readable Word document \(\.docx\)") as err:
        read(broken)
    assert err.value.seed == "broken.docx"
    empty = tmp_path / "empty.docx"
    document = docx.Document()
    document.add_paragraph("   ")
    document.save(empty)
    with pytest.raises(SeedError, match="holds no text") as err:
        read(empty)
    assert err.value.seed == "empty.docx"


# -- the whole build ------------------------------------------------------------------


def test_build_makes_article_pages_for_a_docx_and_a_web_page(tmp_path, talks_docx):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "forum_talks.docx").write_bytes(talks_docx.read_bytes())
    (seeds / "wechat_digital_twin.html").write_bytes((WEB / "wechat_digital_twin.html").read_bytes())
    docs = tmp_path / "docs"
    assert cli.main(["build", "--seeds", str(seeds), "--docs", str(docs), "--cache", str(tmp_path / "cache")]) == 0
    kb = json.loads((docs / "kb.json").read_text(encoding="utf-8"))
    by_seed = {}
    for art in kb["articles"]:
        by_seed.setdefault(art["seed"], []).append(art)
    assert [a["title"] for a in by_seed["forum_talks.docx"]] == [t[1] for t in TALKS]
    assert [a["title"] for a in by_seed["wechat_digital_twin.html"]] == [external("010")[0]["title"]]
    pages = {p.name: p.read_text(encoding="utf-8") for p in (docs / "articles").glob("*.md")}
    assert len(pages) == 4
    text = "\n".join(pages.values())
    assert "城市数字孪生平台的三维实景模型" in text
    assert "一切才刚刚开始。" in text
    assert "在过去一年迎来了扩容" in text  # (names in the text become links)
