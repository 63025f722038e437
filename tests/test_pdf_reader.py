"""The .pdf reader on PDFs printed by Chromium from the HTML in tests/data/pdf/ (made once per session).

newspaper.html: a three-column page with a kicker, headline and subtitle over the
columns, a grey box as a photo with a caption under it, a bold section head, a
second article with its own headline, paragraphs across column breaks and one
across the page break; a running head and a page number on both pages (Chromium's
header and footer templates).  Noto CJK through Chromium maps many glyphs to
radical code points (⽼ for 老), so the radical mapping is exercised on real output.

boxes.html: four framed articles on a three-column grid under a masthead (paper name,
issue number, date): one with its body in two columns under a headline over both, beside
a one-column article whose last paragraph jumps (（下转2版）) to page 2, and two more boxes
under them; column-first reading would interleave the first article with the box under it.

bulletin (HTML built here, two A5 pages): a masthead over an article with a photo and a six-line
caption in small type beside it; the bulletin's running head (name and issue number, small type)
at the foot of page 2 only, over the page number ``第 2 页``, below a paragraph cut by the page break.

row page (HTML built here, one A4 page): two reports under bold headlines in small display type (1.33 ×
the body), each over two of three columns and running on into the unheaded third.
"""

from __future__ import annotations

import json
import os
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest
from conftest import run_build
from test_search_browser import CHROMIUM, CHROMIUM_ARGS

from urbankb.ingest import SeedError, read_file
from urbankb.ingest.pdf import (
    Line,
    TextBlock,
    build_text,
    cid_share,
    classify,
    extract_pages,
    is_number_shape,
    jump_kind,
    page_list,
    paragraphs,
)
from urbankb.ingest.radicals import RADICAL_RE, unify_radicals
from urbankb.ingest.structure import iso_date

DATA = Path(__file__).parent / "data" / "pdf"
HEADER = (
    "<div style=\"font-family:'Noto Sans CJK SC';font-size:8pt;width:100%;margin:0 16mm;border-bottom:0.5pt solid #000;\">"
    '城市周报　　2024年5月10日　　第<span class="pageNumber"></span>版</div>'
)
FOOTER = (
    '<div style="font-family:\'Noto Sans CJK SC\';font-size:8pt;width:100%;text-align:center;">— <span class="pageNumber"></span> —</div>'
)


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """The fixture PDFs printed by Chromium: name -> path."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("CI: the PDF reader tests need playwright and Chromium")
        pytest.skip("playwright or Chromium missing")
    out = tmp_path_factory.mktemp("pdf")
    made = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        for name in ("newspaper", "scanned", "mixed", "boxes"):
            page.goto((DATA / f"{name}.html").resolve().as_uri())
            page.wait_for_load_state("networkidle")
            options = {"format": "A4", "print_background": True}
            if name == "newspaper":
                margin = {"top": "22mm", "bottom": "20mm", "left": "16mm", "right": "16mm"}
                options.update(display_header_footer=True, header_template=HEADER, footer_template=FOOTER, margin=margin)
            made[name] = out / f"{name}.pdf"
            page.pdf(path=str(made[name]), **options)
        browser.close()
    return made


class _Html(HTMLParser):
    """Text of each element of the fixture HTML by tag or class: [(tag or class, text)]."""

    def __init__(self):
        super().__init__()
        self.items: list[list[str]] = []
        self.open: str | None = None

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class")
        if tag in ("p", "h1", "h2") or cls in ("kicker", "sub", "caption"):
            self.open = cls or tag
            self.items.append([self.open, ""])

    def handle_endtag(self, tag):
        if tag in ("p", "h1", "h2", "div"):
            self.open = None

    def handle_data(self, data):
        if self.open:
            self.items[-1][1] += data


def html_items(name: str) -> list[tuple[str, str]]:
    parser = _Html()
    parser.feed((DATA / f"{name}.html").read_text(encoding="utf-8"))
    # a PDF line keeps no space between CJK characters (the reader's rule), so neither does the comparison
    return [
        (kind, re.sub(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])", "", unify_radicals(text, simplified=True))) for kind, text in parser.items
    ]


@pytest.fixture(scope="session")
def newspaper(pdfs):
    """(the text built from newspaper.pdf, its layout material, the paragraphs with their kinds)."""
    pages, _bad = extract_pages(pdfs["newspaper"].read_bytes(), "newspaper.pdf")
    paras = paragraphs(pages, classify(pages))
    for p in paras:
        p.text = unify_radicals(p.text, simplified=True)
    text, layout = build_text(paras)
    return text, layout, paras


def test_body_paragraphs_come_whole_and_in_reading_order(newspaper):
    _text, _layout, paras = newspaper
    want = [text for kind, text in html_items("newspaper") if kind == "p"]
    got = [p.text for p in paras if p.kind == "body"]
    assert got == want


def test_fixture_paragraph_really_crosses_the_page_break(pdfs, newspaper):
    """One source paragraph starts on page 1 and ends on page 2, and comes out as one paragraph."""
    with pdfplumber.open(pdfs["newspaper"]) as pdf:
        page2 = unify_radicals(re.sub(r"\s", "", pdf.pages[1].extract_text()), simplified=True)
    crossing = [t for kind, t in html_items("newspaper") if kind == "p" and t not in page2 and t[-12:] in page2]
    assert len(crossing) == 1
    _text, _layout, paras = newspaper
    assert crossing[0] in [p.text for p in paras]


def test_headlines_kicker_subtitle_and_section_head(newspaper):
    text, _layout, paras = newspaper
    items = html_items("newspaper")
    kinds = {p.text: p.kind for p in paras}
    for kind, want in items:
        if kind == "h1":
            assert kinds[want] == "headline" and f"\n# {want}\n" in "\n" + text
        if kind == "h2":
            assert kinds[want] == "section" and f"\n## {want}\n" in text
    kicker = next(t for k, t in items if k == "kicker")
    assert kinds[kicker] == "kicker"
    subtitle = next(t for k, t in items if k == "sub")
    assert kinds[subtitle] == "subtitle"
    # the kicker stands right before the first headline, the subtitle right after it
    blocks = text.split("\n\n")
    first = blocks.index("# " + next(t for k, t in items if k == "h1"))
    assert blocks[first - 1] == kicker and blocks[first + 1] == subtitle


def test_running_heads_page_numbers_and_caption_are_layout(newspaper):
    text, layout, _paras = newspaper
    by_page = {(b.line, b.text) for b in layout}
    for page in (1, 2):
        assert (page, f"— {page} —") in by_page
        assert (page, f"城市周报2024年5月10日第{page}版") in by_page
    caption = next(t for k, t in html_items("newspaper") if k == "caption")
    assert (1, caption) in by_page
    for b in layout:
        assert b.text not in text


def test_radicals_are_unified(pdfs, newspaper):
    with pdfplumber.open(pdfs["newspaper"]) as pdf:
        raw = "".join(c["text"] for page in pdf.pages for c in page.chars)
    assert RADICAL_RE.search(raw), "the fixture's PDF should hold radical code points"
    text, _layout, _paras = newspaper
    assert not RADICAL_RE.search(text)
    assert "生长" in text and "四百多户" in text and "老城" in text


def test_unify_radicals_only_touches_the_radical_blocks():
    assert unify_radicals("⽣⻓，ＡＢ") == "生长，ＡＢ"
    assert unify_radicals("⾨⼾", simplified=True) == "门户"
    assert unify_radicals("\u2e80") == "\u2e80"  # no equivalent in the Unicode data


def test_number_shapes_and_page_lists():
    assert all(is_number_shape(t) for t in ("— 3 —", "-2-", "3", "第 3 页", "第2版", "3 / 12", "Page 4"))
    assert not any(is_number_shape(t) for t in ("2024年5月", "第三步", "共同富裕"))
    assert page_list([5, 1, 2, 3]) == "1–3, 5"


def test_scanned_pdf_is_refused_with_the_reason(pdfs, analyzer):
    with pytest.raises(SeedError) as err:
        read_file(Path("scan.pdf"), pdfs["scanned"].read_bytes(), analyzer)
    assert err.value.seed == "scan.pdf"
    assert "no text layer on pages 1" in err.value.reason and "OCR" in err.value.reason


def test_a_scanned_page_among_good_ones_is_left_out_with_a_warning(pdfs, analyzer):
    parsed = read_file(Path("mixed.pdf"), pdfs["mixed"].read_bytes(), analyzer)
    assert parsed.encoding == ""
    body = "".join(b.text for a in parsed.articles for b in a.blocks)
    assert "三十多种本地植物" in body
    assert any("pages 2 " in i.message and "no text layer" in i.message and i.severity == "warning" for i in parsed.issues)


def _pdf_without_unicode_map() -> bytes:
    """A one-page PDF whose only font is a CID font with Identity-H encoding and no ToUnicode map."""
    content = zlib.compress(b"BT /F1 24 Tf 72 700 Td <0041004200430044004500460047> Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"
        b" /FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /NoMap /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 880 /Descent -120"
        b" /CapHeight 700 /StemV 80 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_cid_text_is_detected():
    assert cid_share("(cid:3)(cid:4)(cid:5) 城") == 0.75
    assert cid_share("城市更新") == 0.0 and cid_share("") == 0.0


def test_fonts_without_a_unicode_map_are_refused(analyzer):
    with pytest.raises(SeedError) as err:
        read_file(Path("nomap.pdf"), _pdf_without_unicode_map(), analyzer)
    assert err.value.seed == "nomap.pdf"
    assert "pages 1 have no Unicode map" in err.value.reason and "(cid:N)" in err.value.reason


def test_a_damaged_pdf_is_refused_with_pdfminers_reason(analyzer):
    with pytest.raises(SeedError) as err:
        read_file(Path("broken.pdf"), b"%PDF-1.7\n1 0 obj << /Type /Catal", analyzer)
    assert err.value.seed == "broken.pdf" and "not a readable PDF" in err.value.reason


def test_build_makes_article_pages_from_a_pdf(pdfs, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "newspaper.pdf").write_bytes(pdfs["newspaper"].read_bytes())
    build = run_build(seeds, tmp_path / "docs", "--cache", str(tmp_path / ".cache"))
    assert build.returncode == 0, build.stderr
    kb = json.loads((tmp_path / "docs" / "kb.json").read_text(encoding="utf-8"))
    assert kb["articles"] and all(a["seed"] == "newspaper.pdf" for a in kb["articles"])
    pages = list((tmp_path / "docs" / "articles").rglob("*.md"))
    assert pages
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert "本报讯今年春天" in text and "滨江绿道的建成" in text


# -- boxed articles: article regions, a column cut and a page jump rejoined, masthead metadata --------


class _BoxesHtml(HTMLParser):
    """boxes.html as [(what, text)]: ``h1``, ``p`` / ``p.jump`` / ``p.cont`` and the masthead's ``name`` / ``issue`` lines."""

    def __init__(self):
        super().__init__()
        self.items: list[list[str]] = []
        self.open = False

    def handle_starttag(self, tag, attrs):
        cls = (dict(attrs).get("class") or "").split()
        if tag in ("p", "h1") or (tag == "div" and cls and cls[0] in ("name", "issue")):
            what = tag if tag == "h1" else (cls[0] if tag == "div" else "p" + "".join(f".{c}" for c in cls[:1]))
            self.items.append([what, ""])
            self.open = True
        elif tag == "br" and self.open:
            self.items[-1][1] += "\n"

    def handle_endtag(self, tag):
        if tag in ("p", "h1", "div"):
            self.open = False

    def handle_data(self, data):
        if self.open:
            self.items[-1][1] += data


def boxes_items() -> list[tuple[str, str]]:
    parser = _BoxesHtml()
    parser.feed((DATA / "boxes.html").read_text(encoding="utf-8"))
    return [(what, text if what == "issue" else re.sub(r"(?<=[^\x00-\x7f]) +| +(?=[^\x00-\x7f])", "", text)) for what, text in parser.items]


def boxes_paragraphs() -> list[str]:
    """The body paragraphs of boxes.html in source (= article) order, the page-2 continuation
    (``p.cont``) joined to the paragraph before the jump line."""
    out: list[str] = []
    jumped = -1
    for what, text in boxes_items():
        if what == "p":
            out.append(text)
        elif what == "p.jump" and "转" in text:
            jumped = len(out) - 1
        elif what == "p.cont":
            out[jumped] += text
    return out


@pytest.fixture(scope="session")
def boxes(pdfs):
    """The paragraphs read from boxes.pdf, radicals unified."""
    pages, _bad = extract_pages(pdfs["boxes"].read_bytes(), "boxes.pdf")
    paras = paragraphs(pages, classify(pages))
    for p in paras:
        p.text = unify_radicals(p.text, simplified=True)
    return paras


def test_boxes_fixture_cuts_a_paragraph_at_the_column_break(pdfs):
    """The two-column article really has a paragraph running from its first column into its second."""
    with pdfplumber.open(pdfs["boxes"]) as pdf:
        page = pdf.pages[0]
        left = page.crop((0, 0, page.width / 3, page.height)).extract_text()
        middle = page.crop((page.width / 3, 0, 2 * page.width / 3, page.height)).extract_text()
    left, middle = (unify_radicals(re.sub(r"\s", "", t), simplified=True) for t in (left, middle))
    cut = [t for t in boxes_paragraphs() if t[:12] in left and t[-12:] in middle and t[-12:] not in left]
    assert len(cut) == 1


def test_boxed_articles_come_in_article_order_with_cut_paragraphs_whole(boxes):
    """Each headline's region (its two columns, left to right) before the next article: the
    column-cut paragraph and the one continued on page 2 come whole, in their articles."""
    jumps = {text for what, text in boxes_items() if what == "p.jump"}
    body = [p.text for p in boxes if p.kind == "body" and p.text not in jumps]
    assert body == boxes_paragraphs()
    assert [p.text for p in boxes if p.kind == "headline"] == [t for what, t in boxes_items() if what == "h1"]


def test_jump_lines_by_shape():
    line = Line("（下转02版）", 0, 50, 0, 9, 8.5, False, 1)
    assert jump_kind(TextBlock([line], (0, 0), 0)) == "to"
    for text, kind in (("（上接第1版）", "from"), ("(续3版)", "from"), ("（下转02版）本报讯", None), ("（图为新街）", None)):
        assert jump_kind(TextBlock([Line(text, 0, 50, 0, 9, 8.5, False, 1)], (0, 0), 0)) == kind


def test_masthead_fills_the_collection_and_the_continuation_stays_in_its_article(pdfs, analyzer):
    parsed = read_file(Path("boxes.pdf"), pdfs["boxes"].read_bytes(), analyzer)
    items = dict(boxes_items())
    issue_line, date_line = items["issue"].split("\n")
    assert parsed.collection.issue == issue_line.strip()
    assert parsed.collection.date == iso_date(date_line) != ""
    assert parsed.collection.publication == items["name"] and parsed.collection.title.startswith(items["name"])
    assert all(a.issue == parsed.collection.issue and a.date == parsed.collection.date for a in parsed.articles)
    jumped = next(t for t in boxes_paragraphs() if t not in [text for what, text in boxes_items() if what == "p"])
    owner = next(a for a in parsed.articles if any(jumped in b.text for b in a.blocks))
    heads = [t for what, t in boxes_items() if what == "h1"]
    assert owner.title == heads[1]


# -- a bulletin: running head at the page foot, a caption beside a photo -------------------------

BULLETIN_NAME = "河湾建设简报"
BULLETIN_ISSUE = "2025年第12期"
BULLETIN_CAPTION = "图为施工人员在新建的雨水花园里铺设透水砖，这里的土壤和碎石层能把雨水先存下来再慢慢渗入地下。通讯员 周启明 摄"
BULLETIN_CUT = (
    "片区改造把原来的硬化地面换成下凹绿地和透水铺装，雨水先进入绿地和砾石层，再经过过滤后排入河道，",
    "管网的负担因此减轻了不少，往年一下暴雨就积水的几条小路今年都没有出现积水。",
)
BULLETIN_PAGE = (
    "<section style='height:210mm;position:relative;padding:14mm 16mm 0;box-sizing:border-box;"
    "break-after:page;overflow:hidden'>{body}"
    "<div style='position:absolute;bottom:10mm;left:16mm;right:16mm;font-size:8pt;text-align:center'>{foot}</div></section>"
)


def _bulletin_html() -> str:
    """Two A5 pages: page 1 a masthead (name, issue number, date) over an article with a grey box as a
    photo and a six-line caption in small type beside it, page 2 the article's end; the running head
    (name and issue number, small type) stands at the foot of page 2 only, over the page number."""
    para = "<p style='text-indent:2em;margin:0'>{}</p>"
    filler = "城区排水防涝能力持续提升，今年新建改建雨水管网二十六公里，改造易涝点十一处，汛期积水时间明显缩短。"
    page1 = (
        f"<div style='text-align:center;font-size:26pt;color:#c00'>{BULLETIN_NAME}</div>"
        f"<div style='text-align:center;font-size:11pt'>第12期</div>"
        "<div style='display:flex;justify-content:space-between;font-size:9pt;border-bottom:1pt solid #c00'>"
        "<span>市水务局办公室编</span><span>2025年6月3日</span></div>"
        "<h1 style='text-align:center;font-size:17pt;margin:5mm 0 3mm'>老城片区海绵化改造完工</h1>"
        + para.format(filler * 2)
        + "<div style='display:flex;gap:3mm;margin:3mm 0'><div style='width:45mm;height:34mm;background:#999;flex:none'></div>"
        f"<div style='font-size:8pt;width:30mm'>{BULLETIN_CAPTION}</div></div>"
        + para.format(filler * 3)
        + f"<p style='text-indent:2em;margin:0'>{BULLETIN_CUT[0]}</p>"
    )
    page2 = f"<p style='margin:0'>{BULLETIN_CUT[1]}</p>" + para.format("下一步，全市将把海绵城市理念纳入老旧小区改造的设计要求。")
    foot2 = f"{BULLETIN_NAME} {BULLETIN_ISSUE}<br>第 2 页"
    body = BULLETIN_PAGE.format(body=page1, foot="第 1 页") + BULLETIN_PAGE.format(body=page2, foot=foot2)
    style = "@page{size:148mm 210mm;margin:0} body{margin:0;font-family:'Noto Serif CJK SC';font-size:10.5pt;line-height:1.6}"
    return f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>{body}</body></html>"


@pytest.fixture(scope="session")
def bulletin(pdfs, tmp_path_factory) -> Path:
    """bulletin.pdf, printed by Chromium from :func:`_bulletin_html` (after ``pdfs``, which skips without Chromium)."""
    return _print_pdf(_bulletin_html(), tmp_path_factory.mktemp("bulletin") / "bulletin.pdf")


def _print_pdf(html: str, path: Path) -> Path:
    """``html`` printed to ``path`` by Chromium, at the page size its CSS gives."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        page.set_content(html)
        page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
        browser.close()
    return path


def test_bulletin_fixture_has_its_shapes(bulletin):
    """The page really is as described: the caption beside the photo runs to more than three lines,
    the foot running head is in smaller type than the body and on page 2 only, the cut paragraph ends page 1."""
    pages, _bad = extract_pages(bulletin.read_bytes(), "bulletin.pdf")
    assert len(pages) == 2
    lines = {p.number: [ln for b in p.blocks for ln in b.lines] for p in pages}
    (photo,) = pages[0].figures
    caption = [ln for ln in lines[1] if ln.size < 9 and photo[1] <= ln.top and ln.bottom <= photo[3] and ln.x0 > photo[2]]
    assert len(caption) > 3 and unify_radicals("".join(ln.text for ln in caption), simplified=True) == BULLETIN_CAPTION.replace(" ", "")
    foot = [ln for ln in lines[2] if ln.top > 0.9 * pages[1].height and BULLETIN_ISSUE in ln.text.replace(" ", "")]
    assert foot and not any(BULLETIN_ISSUE in ln.text.replace(" ", "") for ln in lines[1])
    assert foot[0].size < min(ln.size for ln in lines[2] if ln.top < 0.5 * pages[1].height)


def test_foot_running_head_and_side_caption_are_layout(bulletin, analyzer):
    """The periodical's running head at the page foot (on no other page) and the long caption beside the
    photo go to the layout material; the paragraph cut by the page break, with the foot between, comes whole."""
    parsed = read_file(Path("bulletin.pdf"), bulletin.read_bytes(), analyzer)
    body = [unify_radicals(b.text, simplified=True) for a in parsed.articles for b in a.blocks]
    layout = [(b.line, unify_radicals(b.text, simplified=True).replace(" ", "")) for b in parsed.collection.layout]
    assert (1, BULLETIN_CAPTION.replace(" ", "")) in layout
    assert any(page == 2 and BULLETIN_NAME in text and BULLETIN_ISSUE in text for page, text in layout)
    assert "".join(BULLETIN_CUT) in body
    for text in body:
        assert BULLETIN_NAME not in text and "图为施工" not in text and "第2页" not in text.replace(" ", "")
    assert parsed.collection.issue == "第12期" and parsed.collection.publication == BULLETIN_NAME


#: two reports on one page, each a bold headline in small display type (14 pt over 10.5 pt body: 1.33 ×,
#: under the 1.5 × of a large headline) over two of three columns, each running on into the unheaded third
#: column; the first report's paragraph is cut at the foot of column 2 right over the second headline
ROW_TEXTS = (
    "河西片区今年新建的八处口袋公园已全部向市民开放，每处面积在五百到两千平方米之间，设有座椅、遮阳廊架和儿童游戏场地，"
    "周边居民步行五分钟就能走到一处绿地，傍晚时分常有老人带着孩子在这里散步聊天，附近的上班族也爱在午休时来坐一坐，"
    "片区管理处表示，明年还将利用闲置地块再建五处口袋公园，并请居民一起商量每处公园的设计方案。",
    "东岸新区的十二条公交线路本月起调整了发车间隔，早晚高峰时段最短四分钟一班，平峰时段不超过十分钟一班，"
    "公交集团根据刷卡数据重新排定了各条线路的班次，乘客在站台的平均等车时间比去年缩短了三分钟左右，"
    "集团负责人介绍，下一步将在客流较大的站点增设候车亭，并在站台电子屏上显示每辆车的到站时间。",
)
ROW_TITLES = ("河西片区口袋公园全部开放", "东岸新区公交班次加密")


def _row_html() -> str:
    """One A4 page, three absolutely placed 55 mm columns: per report a bold 14 pt headline over columns 1–2
    and its one paragraph cut into three pieces, in columns 1, 2 and 3 (the first piece indented)."""
    cols = (16, 77, 138)  # mm from the left
    parts = []
    for (top, text), title in zip(((20, ROW_TEXTS[0]), (110, ROW_TEXTS[1])), ROW_TITLES, strict=True):
        parts.append(f"<div style='position:absolute;left:16mm;top:{top}mm;width:116mm;font-size:14pt;font-weight:700'>{title}</div>")
        cuts = (0, len(text) * 9 // 20, len(text) * 17 // 20, len(text))
        for n, left in enumerate(cols):
            indent = "text-indent:2em;" if n == 0 else ""
            piece = text[cuts[n] : cuts[n + 1]]
            parts.append(f"<div style='position:absolute;left:{left}mm;top:{top + 12}mm;width:55mm;{indent}'>{piece}</div>")
    style = "@page{size:A4;margin:0} body{margin:0;font-family:'Noto Sans CJK SC';font-size:10.5pt;line-height:1.6}"
    return f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>{''.join(parts)}</body></html>"


@pytest.fixture(scope="session")
def row_page(pdfs, tmp_path_factory) -> Path:
    """row.pdf, printed by Chromium from :func:`_row_html` (after ``pdfs``, which skips without Chromium)."""
    return _print_pdf(_row_html(), tmp_path_factory.mktemp("row") / "row.pdf")


def test_small_bold_headlines_part_the_columns_their_reports_run_on_into(row_page, analyzer):
    """Bold headlines at 1.33 × the body are headlines (not section heads); the second headline's top parts
    the unheaded third column, and each report's paragraph, cut at the end of its run in column 2 (the first
    right over the second headline), goes on in column 3 in its own stretch: both paragraphs come whole."""
    pages, _bad = extract_pages(row_page.read_bytes(), "row.pdf")
    heads = [b for b in pages[0].blocks if b.size > 12]
    assert len(heads) == 2 and all(b.bold and 1.25 < b.size / 10.5 < 1.5 for b in heads)
    parsed = read_file(Path("row.pdf"), row_page.read_bytes(), analyzer)
    assert [a.title for a in parsed.articles] == list(ROW_TITLES)
    for art, text in zip(parsed.articles, ROW_TEXTS, strict=True):
        assert [unify_radicals(b.text, simplified=True) for b in art.blocks] == [text]
