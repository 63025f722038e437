"""Typeset held-out layout material with exact gold (urbankb issue 14).

Texts (``tests/data/layouts/texts/*.yaml`` written for this, CC0, and the real
articles in ``tests/data/external/``) are set as newspaper pages, multi-page
bulletins and conference compilations in HTML + CSS, printed to PDF by
Chromium (Playwright ``page.pdf()``), and read back by the two routes users
have: ``pdftotext`` (poppler, default mode) and pdfminer.six's
``extract_text`` (default ``LAParams``).  The gold (``<stem>.gold.yaml``) is
written from the same data that was typeset: titles, paragraphs, section
heads, the paragraphs cut by a column or page break (measured on the laid-out
page, see ``layout_engine.js``), every printed layout line and every caption.

Everything is deterministic: one ``random.Random`` per split with a fixed seed.

Usage::

    python scripts/typeset_layouts.py [--split dev|test|dev2|dev3|dev4|dev5|all] [--keep-html]
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import random
import subprocess
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import frontmatter
import yaml

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data" / "layouts"
EXTERNAL = REPO / "tests" / "data" / "external"
ENGINE = Path(__file__).with_name("layout_engine.js")
SEEDS = {"dev": 20250312, "test": 20251120, "dev2": 20250907, "dev3": 20260114, "dev4": 20260302, "dev5": 20260411}
SPLITS = ["dev", "test", "dev2", "dev3", "dev4", "dev5"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERIF = "'Noto Serif CJK SC'"
SANS = "'Noto Sans CJK SC'"
PT_MM = 25.4 / 72
WEEKDAYS = "一二三四五六日"


@dataclass
class Story:
    """One text to typeset: a news report or a talk.

    Attributes:
        id: stable identifier (``d01``, ``tt3``, an external file stem).
        kind: ``"news"`` or ``"talk"``.
        title, kicker, subtitle: the headline group (kicker/subtitle ``None`` when absent).
        paragraphs: body paragraphs in reading order (section heads included).
        headings: indexes into ``paragraphs`` of the section heads.
        reporters: the dateline's reporter names (``记者王某 通讯员李某``), ``""`` if none.
        caption: the photo caption as printed, ``None`` for no photo.
        speaker, affiliation: a talk's name card (affiliation as printed lines).
    """

    id: str
    kind: str
    title: str
    paragraphs: list[str]
    headings: list[int] = field(default_factory=list)
    kicker: str | None = None
    subtitle: str | None = None
    reporters: str = ""
    caption: str | None = None
    speaker: str | None = None
    affiliation: list[str] = field(default_factory=list)


def _story(item: dict, kind: str) -> Story:
    paragraphs, headings = [], []
    for p in item["paragraphs"]:
        if isinstance(p, dict):
            headings.append(len(paragraphs))
            paragraphs.append(p["h"])
        else:
            paragraphs.append(p)
    return Story(
        id=item["id"],
        kind=kind,
        title=item["title"],
        paragraphs=paragraphs,
        headings=headings,
        kicker=item.get("kicker"),
        subtitle=item.get("subtitle"),
        reporters=item.get("reporters", ""),
        caption=item.get("caption"),
        speaker=item.get("speaker"),
        affiliation=list(item.get("affiliation", [])),
    )


def load_texts(split: str) -> tuple[list[Story], list[Story]]:
    """(news, talks) of a split.

    dev = ``texts/dev.yaml``; dev2 = ``texts/dev.yaml`` then ``texts/dev2.yaml`` (never the test texts);
    dev3, dev4, dev5 = ``texts/<split>.yaml`` only (new texts);
    test = the external articles + ``texts/test.yaml``'s talks.
    """
    if split in ("dev3", "dev4", "dev5"):
        return _load_yaml_texts(split)
    if split == "dev2":
        parts = [load_texts("dev"), _load_yaml_texts("dev2")]
        return [s for news, _ in parts for s in news], [t for _, talks in parts for t in talks]
    data = yaml.safe_load((DATA / "texts" / f"{split}.yaml").read_text(encoding="utf-8"))
    talks = [_story(t, "talk") for t in data["talks"]]
    if split == "dev":
        return [_story(n, "news") for n in data["news"]], talks
    news = []
    for path in sorted(EXTERNAL.glob("*.md")):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        paragraphs = [" ".join(p.split()) for p in post.content.split("\n\n") if p.strip()]
        news.append(
            Story(id=path.stem, kind="news", title=str(post["title"]), paragraphs=paragraphs, caption=data["captions"].get(path.stem))
        )
    return news, talks


def _load_yaml_texts(name: str) -> tuple[list[Story], list[Story]]:
    """(news, talks) of one original-text file ``texts/<name>.yaml`` (keys ``news`` and ``talks``)."""
    data = yaml.safe_load((DATA / "texts" / f"{name}.yaml").read_text(encoding="utf-8"))
    return [_story(n, "news") for n in data["news"]], [_story(t, "talk") for t in data["talks"]]


# -- page furniture -------------------------------------------------------------------------


def lay(text: str, x: float, y: float, size: float, *, w: float | None = None, align: str = "left", style: str = "") -> str:
    """An absolutely placed single printed line (a layout line) at (x, y) mm, ``size`` pt."""
    width = f"width:{w}mm;" if w is not None else ""
    return f'<div class="lay" style="position:absolute;left:{x}mm;top:{y}mm;{width}font-size:{size}pt;text-align:{align};{style}">{escape(text)}</div>'


def rule(x: float, y: float, w: float, color: str = "#000", thick: float = 0.4) -> str:
    """A horizontal rule (no text)."""
    return f'<div style="position:absolute;left:{x}mm;top:{y}mm;width:{w}mm;border-top:{thick}mm solid {color}"></div>'


def cn_date(day: dt.date) -> str:
    """``2025年3月12日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def weekday(day: dt.date) -> str:
    """``星期三``."""
    return "星期" + WEEKDAYS[day.weekday()]


@dataclass
class Geometry:
    """Page geometry in millimetres and type sizes in points."""

    w: float
    h: float
    margin: float
    cols: int
    gap: float
    font: float
    leading: float = 1.65

    @property
    def inner(self) -> float:
        return self.w - 2 * self.margin


def estimate_height(story: Story, width: float, cols: int, geo: Geometry, share: float = 1.0) -> float:
    """Rough body height (mm) of ``share`` of a story's text in a box ``width`` mm wide with ``cols`` columns."""
    char = geo.font * PT_MM
    col_w = (width - (cols - 1) * geo.gap) / cols
    per_line = max(4, int(col_w / char))
    lines = sum(-(-(len(p) + 2) // per_line) for p in story.paragraphs)
    return lines * char * geo.leading * share / cols


# -- items ------------------------------------------------------------------------------------


def article_items(i: int, story: Story, paragraphs: list[str], rng: random.Random, *, side_captions: bool, float_cards: bool) -> dict:
    """The engine's items for article ``i``: ``{"head": item, "body": [items], "items": [head, *body]}``."""
    head = {"t": "head", "art": i, "kicker": story.kicker, "title": story.title, "subtitle": story.subtitle}
    body: list[dict] = []
    if story.kind == "talk":
        body.append({"t": "card", "art": i, "lines": [story.speaker, *story.affiliation], "cls": "float" if float_cards else "box"})
    photo_at = min(len(paragraphs) - 1, rng.choice([0, 1, 1, 2])) if story.caption else -1
    for j, text in enumerate(paragraphs):
        body.append({"t": "h" if j in story.headings else "p", "art": i, "pid": f"{i}:{j}", "text": text})
        if j == photo_at:
            body.append({"t": "photo", "art": i, "h": rng.choice([24, 28, 32, 36]), "caption": story.caption, "side": side_captions})
    return {"head": head, "body": body, "items": [head, *body]}


def gold_article(story: Story, paragraphs: list[str]) -> dict:
    """The gold entry of one article (``cut`` filled in after layout)."""
    return {
        "title": story.title,
        "kicker": story.kicker,
        "subtitle": story.subtitle,
        "speaker": story.speaker,
        "affiliation": "".join(story.affiliation) or None,
        "paragraphs": paragraphs,
        "headings": [paragraphs[j] for j in story.headings],
        "cut": [],
    }


# -- the three kinds ------------------------------------------------------------------------------

PAPERS = {
    "dev": [
        ("城建导报", "CHENGJIAN DAOBAO", "省住房和城乡建设厅主办", "CN44-0158"),
        ("江城科技报", "JIANGCHENG KEJI BAO", "江城市科学技术协会主办", "CN42-0076"),
    ],
    "test": [
        ("南州日报", "NANZHOU RIBAO", "中共南州市委主办", "CN35-0012"),
        ("新区时报", "XINQU SHIBAO", "新区管理委员会主办", "CN12-0231"),
        ("都市发展报", "DUSHI FAZHAN BAO", "市城乡建设委员会主办", "CN31-0087"),
        ("智慧城市周刊", "ZHIHUI CHENGSHI ZHOUKAN", "城市发展研究会主办", "CN11-0342"),
    ],
    "dev2": [
        ("滨海建设报", "BINHAI JIANSHE BAO", "滨海市住房和城乡建设局主办", "CN37-0145"),
        ("湖城晚报", "HUCHENG WANBAO", "湖城日报社主办", "CN43-0219"),
        ("城市科技导刊", "CHENGSHI KEJI DAOKAN", "市城市科学研究会主办", "CN23-0098"),
    ],
    "dev3": [
        ("青川日报", "QINGCHUAN RIBAO", "中共青川市委主办", "CN51-0063"),
        ("江北都市报", "JIANGBEI DUSHI BAO", "江北日报社主办", "CN50-0117"),
        ("城乡发展周报", "CHENGXIANG FAZHAN ZHOUBAO", "省城乡发展研究中心主办", "CN36-0204"),
    ],
    "dev5": [
        ("东陵日报", "DONGLING RIBAO", "中共东陵市委主办", "CN61-0452"),
        ("南浦周刊", "NANPU ZHOUKAN", "南浦新闻传媒中心主办", "CN33-0176"),
    ],
    "dev4": [
        ("临江晨报", "LINJIANG CHENBAO", "临江日报社主办", "CN45-0321"),
        ("西城时讯", "XICHENG SHIXUN", "西城区融媒体中心主办", "CN14-0287"),
    ],
}
SECTIONS = ["要闻", "综合", "城建", "科创", "民生", "观察"]
EDITORS = ["王晓东", "李静", "周敏", "陈浩", "刘宁", "赵雪", "孙磊", "杨帆"]


def dateline(style: int, paper: str, reporters: str) -> str:
    """The opening of a report's first paragraph (three house styles)."""
    if not reporters:
        return ""
    if style == 0:
        return f"本报讯 {reporters} "
    if style == 1:
        spaced = " ".join(reporters.replace("记者", "记者 ").replace("通讯员", "通讯员 ").replace("实习生", "实习生 ").split())
        return f"本报讯（{spaced}）"
    return f"{paper}讯 {reporters.replace(' ', '、')}报道："


def newspaper(split: str, n: int, stories: list[Story], rng: random.Random, variant: dict) -> tuple[dict, dict]:
    """A newspaper: masthead, boxed lead and second article on page 1 with a contents box, the rest flowing on.

    ``variant``: ``cols``, ``size`` ((w, h) mm), ``font`` (pt), ``contents_side`` (``"left"``/``"right"``),
    ``side_captions``, ``footer_numbers`` (page number at the foot instead of the head).
    Returns (engine spec, gold).
    """
    name, pinyin, sponsor, cn = PAPERS[split][n % len(PAPERS[split])]
    day = dt.date(2025, 1, 6) + dt.timedelta(days=rng.randrange(0, 330))
    issue = rng.randrange(1200, 4800)
    geo = Geometry(
        w=variant["size"][0], h=variant["size"][1], margin=rng.choice([12, 14, 16]), cols=variant["cols"], gap=9, font=variant["font"]
    )
    family = rng.choice([SERIF, SANS])
    style = rng.randrange(3)
    texts = []
    for s in stories:
        paragraphs = list(s.paragraphs)
        if s.reporters:
            paragraphs[0] = dateline(style, name, s.reporters) + paragraphs[0]
        texts.append(paragraphs)
    articles = [
        article_items(i, s, texts[i], rng, side_captions=variant["side_captions"], float_cards=False) for i, s in enumerate(stories)
    ]
    m, W = geo.margin, geo.inner
    col_w = (W - (geo.cols - 1) * geo.gap) / geo.cols
    # masthead
    top = m
    html = [lay(name, m, top, 40 if geo.w > 260 else 32, style="font-weight:900;letter-spacing:2mm;font-family:" + SERIF)]
    html.append(lay(pinyin, m, top + 17, 9, style="letter-spacing:0.6mm"))
    right = m + W - 70
    html.append(lay(f"第{issue}期", right, top, 10, w=70, align="right"))
    html.append(lay(f"{cn_date(day)} {weekday(day)}", right, top + 6, 10, w=70, align="right"))
    html.append(lay(sponsor, right, top + 12, 10, w=70, align="right"))
    html.append(lay(f"国内统一连续出版物号 {cn}", right, top + 18, 8, w=70, align="right"))
    top += 26
    html.append(rule(m, top, W, thick=0.8))
    top += 3
    # page 1 boxes: lead across all columns; below it the second article beside the contents box
    avail = geo.h - m - top
    lead_h = min(0.45 * avail, max(60.0, 22 + 0.75 * estimate_height(stories[0], W, geo.cols, geo)))
    second_w = W - col_w - geo.gap
    second_h = min(avail - lead_h - 4, max(60.0, 20 + 0.7 * estimate_height(stories[1], second_w, geo.cols - 1, geo)))
    y2 = top + lead_h + 4
    cx = m if variant["contents_side"] == "left" else m + W - col_w
    sx = m + col_w + geo.gap if variant["contents_side"] == "left" else m
    boxes = [
        {"role": "article", "art": 0, "x": m, "y": top, "w": W, "h": lead_h, "cols": geo.cols},
        {"role": "contents", "x": cx, "y": y2, "w": col_w, "h": second_h},
        {"role": "article", "art": 1, "x": sx, "y": y2, "w": second_w, "h": second_h, "cols": max(1, geo.cols - 1)},
    ]
    first = {"html": "".join(html), "boxes": boxes}
    rest_y = y2 + second_h + 4
    if geo.h - m - rest_y > 45:
        html.append(rule(m, rest_y - 2, W, thick=0.3))
        first = {"html": "".join(html), "boxes": boxes, "frame": {"x": m, "y": rest_y, "w": W, "h": geo.h - m - rest_y, "cols": geo.cols}}
    pages = [first]
    for p in range(2, 9):
        section = SECTIONS[(p - 1) % len(SECTIONS)]
        editor = rng.choice(EDITORS)
        head = [lay(f"{cn_date(day)} {weekday(day)}", m, m, 9)]
        head.append(lay(f"{section}", m + W / 2 - 20, m, 11, w=40, align="center", style="font-weight:bold"))
        footer_y = geo.h - m + 3
        if variant["footer_numbers"]:
            head.append(lay(f"第{p}版", m + W / 2 - 20, footer_y, 9, w=40, align="center"))
            head.append(lay(f"责任编辑：{editor}", m + W - 60, m, 9, w=60, align="right"))
        else:
            head.append(lay(f"第{p:02d}版", m + W - 40, m, 11, w=40, align="right", style="font-weight:bold"))
            head.append(lay(f"责任编辑：{editor} 美术编辑：{rng.choice(EDITORS)}", m, footer_y, 8))
        head.append(rule(m, m + 6, W, thick=0.5))
        pages.append({"html": "".join(head), "frame": {"x": m, "y": m + 9, "w": W, "h": geo.h - 2 * m - 9, "cols": geo.cols}})
    spec = {
        "pages": pages,
        "gap": geo.gap,
        "articles": articles,
        "flow": list(range(2, len(stories))),
        "jumps": True,
        "jumpTo": variant.get("jump_to", "（下转{N}版）"),
        "jumpFrom": variant.get("jump_from", "（上接{N}版）"),
        "contentsTitle": "导读",
        "contentsEntry": "{TITLE} {N}版",
    }
    css = {"family": family, "title_family": rng.choice([SERIF, SANS]), "font": geo.font, "w": geo.w, "h": geo.h}
    css["leading"] = variant.get("leading", 1.65)
    css.update({k: variant[k] for k in ("title_size", "box_title_size") if k in variant})
    gold = {"kind": "newspaper", "articles": [gold_article(s, texts[i]) for i, s in enumerate(stories)]}
    return {"spec": spec, "css": css}, gold


def bulletin(split: str, n: int, stories: list[Story], rng: random.Random, variant: dict) -> tuple[dict, dict]:
    """A multi-page bulletin (工作动态 / 简报): title block on page 1, running head and page number on every page.

    ``variant``: ``name``, ``editor`` (compiling office), ``cols``, ``size``, ``font``, ``head_at`` (``"top"``/``"bottom"``),
    ``number`` (page-number shape with ``{n}``).
    """
    day = dt.date(2025, 2, 3) + dt.timedelta(days=rng.randrange(0, 300))
    issue = rng.randrange(2, 30)
    geo = Geometry(
        w=variant["size"][0], h=variant["size"][1], margin=rng.choice([18, 20, 22]), cols=variant["cols"], gap=9, font=variant["font"]
    )
    articles = [
        article_items(i, s, s.paragraphs, rng, side_captions=variant.get("side_captions", False), float_cards=False)
        for i, s in enumerate(stories)
    ]
    m, W = geo.margin, geo.inner
    running = f"{variant['name']} {day.year}年第{issue}期"
    pages = []
    for p in range(1, 9):
        html = []
        number = variant["number"].replace("{n}", str(p))
        if p == 1:
            html.append(
                lay(
                    variant["name"],
                    m,
                    m + 2,
                    30,
                    w=W,
                    align="center",
                    style="color:#c00;font-weight:900;letter-spacing:1.5mm;font-family:" + SERIF,
                )
            )
            html.append(lay(f"第{issue}期", m, m + 18, 12, w=W, align="center"))
            html.append(lay(variant["editor"], m, m + 27, 10.5))
            html.append(lay(cn_date(day), m + W - 50, m + 27, 10.5, w=50, align="right"))
            html.append(rule(m, m + 34, W, color="#c00", thick=0.8))
            frame_top, frame_bottom = m + 38, geo.h - m - 8
        elif variant["head_at"] == "top":
            html.append(lay(running, m, m - 8, 9, w=W, align="left" if p % 2 else "right"))
            html.append(rule(m, m - 2.5, W, thick=0.3))
            frame_top, frame_bottom = m, geo.h - m - 8
        else:
            frame_top, frame_bottom = m - 4, geo.h - m - 10
            html.append(rule(m, geo.h - m - 6, W, thick=0.3))
            html.append(lay(running, m, geo.h - m - 4.5, 9, w=W / 2, align="left"))
        html.append(
            lay(number, m + W / 2 - 15 if variant["head_at"] == "top" or p == 1 else m + W - 30, geo.h - m + 2, 10, w=30, align="center")
        )
        pages.append({"html": "".join(html), "frame": {"x": m, "y": frame_top, "w": W, "h": frame_bottom - frame_top, "cols": geo.cols}})
    spec = {"pages": pages, "gap": geo.gap, "articles": articles, "flow": list(range(len(stories))), "jumps": False}
    css = {"family": rng.choice([SERIF, SANS]), "title_family": SANS, "font": geo.font, "w": geo.w, "h": geo.h, "centered_titles": True}
    css["leading"] = variant.get("leading", 1.65)
    css.update({k: variant[k] for k in ("title_size", "box_title_size") if k in variant})
    gold = {"kind": "bulletin", "articles": [gold_article(s, s.paragraphs) for s in stories]}
    return {"spec": spec, "css": css}, gold


def compilation(split: str, n: int, stories: list[Story], rng: random.Random, variant: dict) -> tuple[dict, dict]:
    """A conference compilation (会议发言摘编): section title, talks with name cards and speaker photos, running heads.

    ``variant``: ``forum``, ``cols``, ``size``, ``font``, ``float_cards``, ``side_captions``, ``number``.
    """
    geo = Geometry(
        w=variant["size"][0], h=variant["size"][1], margin=rng.choice([14, 16, 18]), cols=variant["cols"], gap=9, font=variant["font"]
    )
    float_cards = variant["float_cards"]
    articles = [
        article_items(i, s, s.paragraphs, rng, side_captions=variant["side_captions"], float_cards=float_cards)
        for i, s in enumerate(stories)
    ]
    m, W = geo.margin, geo.inner
    pages = []
    for p in range(1, 9):
        html = []
        if p == 1:
            html.append(lay(variant["forum"], m, m, 17, w=W, align="center", style="font-weight:bold"))
            html.append(lay("发言摘编", m, m + 9, 14, w=W, align="center", style="letter-spacing:1mm"))
            html.append(rule(m, m + 17, W, thick=0.6))
            top = m + 21
        else:
            html.append(lay(variant["running"], m, m - 7, 8.5, w=W, align="right" if p % 2 == 0 else "left"))
            html.append(rule(m, m - 2, W, thick=0.2))
            top = m
        html.append(lay(variant["number"].replace("{n}", str(p)), m + W / 2 - 15, geo.h - m + 3, 9, w=30, align="center"))
        pages.append({"html": "".join(html), "frame": {"x": m, "y": top, "w": W, "h": geo.h - m - top, "cols": geo.cols}})
    spec = {"pages": pages, "gap": geo.gap, "articles": articles, "flow": list(range(len(stories))), "jumps": False}
    css = {"family": rng.choice([SERIF, SANS]), "title_family": SANS, "font": geo.font, "w": geo.w, "h": geo.h, "centered_titles": False}
    css["leading"] = variant.get("leading", 1.65)
    css.update({k: variant[k] for k in ("title_size", "box_title_size") if k in variant})
    gold = {"kind": "compilation", "articles": [gold_article(s, s.paragraphs) for s in stories]}
    return {"spec": spec, "css": css}, gold


# -- rendering ------------------------------------------------------------------------------------

CSS = """
@page {{ size: {w}mm {h}mm; margin: 0 }}
html, body {{ margin: 0; padding: 0 }}
.page {{ position: relative; width: {w}mm; height: {h}mm; overflow: hidden; break-after: page;
  font-family: {family}; font-size: {font}pt; line-height: {leading}; color: #111 }}
.frame {{ position: absolute }}
.lay {{ white-space: nowrap; line-height: 1.2 }}
.para {{ margin: 0; text-indent: 2em; text-align: justify }}
.para.cont {{ text-indent: 0 }}
.sechead {{ margin: 0.4em 0 0.2em; font-weight: bold; font-family: {title_family} }}
.head {{ margin: 0.8em 0 0.5em; break-inside: avoid; {head_align} }}
.frame > .head:first-child {{ margin-top: 0 }}
.kicker {{ font-size: 0.95em; line-height: 1.4 }}
.title {{ font-family: {title_family}; font-weight: bold; font-size: {title_size}em; line-height: 1.3 }}
.boxtitle .title {{ font-size: {box_title_size}em }}
.subtitle {{ font-size: 1.05em; line-height: 1.4; margin-top: 0.2em }}
.figure {{ break-inside: avoid; margin: 0.5em 0 }}
.photo {{ background: #b9b9b9 }}
.cap {{ font-size: 0.8em; line-height: 1.4; margin-top: 0.3em; font-family: {sans} }}
.figure.side {{ display: flex; gap: 2mm; align-items: flex-end }}
.figure.side .photo {{ flex: 0 0 58% }}
.figure.side .cap {{ margin: 0 }}
.card {{ break-inside: avoid; font-size: 0.85em; line-height: 1.45; margin: 0 0 0.6em; font-family: {sans} }}
.card.box {{ border: 0.3mm solid #555; padding: 1.5mm 2mm; background: #f1f1f1 }}
.card.float {{ float: left; width: max-content; max-width: 50%; margin: 0.2em 7mm 0.3em 0; border-top: 0.6mm solid #333; padding-top: 1mm }}
.cardname {{ font-weight: bold; font-size: 1.1em }}
.jump {{ font-size: 0.85em; text-align: right; line-height: 1.5 }}
.jump.cont {{ text-align: left }}
.contents {{ border: 0.4mm solid #333; padding: 2mm; box-sizing: border-box; background: #f4f4f4 }}
.contentshead {{ font-weight: bold; font-size: 1.3em; margin-bottom: 2mm; font-family: {sans} }}
.contentsline {{ white-space: normal; margin-bottom: 1.5mm; font-size: 0.95em }}
"""


def page_css(css: dict) -> str:
    """The document's stylesheet from its ``css`` settings."""
    head_align = "text-align: center" if css.get("centered_titles") else ""
    leading = css.get("leading", 1.65)
    sizes = {"title_size": css.get("title_size", 1.55), "box_title_size": css.get("box_title_size", 2.3)}
    return CSS.format(
        head_align=head_align, sans=SANS, leading=leading, **sizes, **{k: css[k] for k in ("w", "h", "family", "title_family", "font")}
    )


def render(browser, doc: dict, pdf_path: Path, keep_html: bool = False) -> dict:
    """Lay out one document in Chromium, print it to ``pdf_path``; return the engine's record.

    The record: ``pages`` (int), ``cut`` (paragraph ids ``"art:index"``), ``layout`` and ``captions``
    (printed strings in document order).
    """
    html = f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>{page_css(doc["css"])}</style></head><body><div id="book"></div></body></html>'
    page = browser.new_page()
    page.emulate_media(media="print")
    page.set_content(html)
    page.evaluate("document.fonts.ready")
    record = page.evaluate(ENGINE.read_text(encoding="utf-8"), doc["spec"])
    if keep_html:
        pdf_path.with_suffix(".html").write_text(page.content(), encoding="utf-8")
    page.pdf(path=str(pdf_path), prefer_css_page_size=True, print_background=True)
    page.close()
    return record


def extract(pdf_path: Path) -> None:
    """Write ``<stem>.pdftotext.txt`` (poppler, default mode) and ``<stem>.pdfminer.txt`` (default LAParams)."""
    from pdfminer.high_level import extract_text

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # Chromium's CID fonts have no FontBBox; harmless
    stem = pdf_path.with_suffix("")
    subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_path), f"{stem}.pdftotext.txt"], check=True)
    Path(f"{stem}.pdfminer.txt").write_text(extract_text(str(pdf_path)), encoding="utf-8")


def write_gold(pdf_path: Path, gold: dict, record: dict) -> dict:
    """Fill the measured parts of the gold (cut paragraphs, layout lines, captions) and write ``<stem>.gold.yaml``."""
    for key in record["cut"]:
        art, j = (int(x) for x in key.split(":"))
        gold["articles"][art]["cut"].append(j)
    for a in gold["articles"]:
        a["cut"].sort()
    out = {"file": pdf_path.name, "kind": gold["kind"], "pages": record["pages"], "articles": gold["articles"]}
    out["layout"] = record["layout"]
    out["captions"] = record["captions"]
    text = yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=10_000)
    pdf_path.with_suffix(".gold.yaml").write_text(text, encoding="utf-8")
    return out


# -- the splits ---------------------------------------------------------------------------------------


def plan(split: str, rng: random.Random) -> list[tuple[str, callable, list[Story], dict]]:
    """The documents of a split: (stem, kind function, stories, variant)."""
    news, talks = load_texts(split)
    if split == "dev":
        return [
            (
                "dev_newspaper_1",
                newspaper,
                news[0:4],
                {"cols": 3, "size": (250, 350), "font": 10, "contents_side": "left", "side_captions": False, "footer_numbers": False},
            ),
            (
                "dev_newspaper_2",
                newspaper,
                news[4:8],
                {"cols": 2, "size": (210, 297), "font": 10, "contents_side": "left", "side_captions": False, "footer_numbers": False},
            ),
            (
                "dev_bulletin_1",
                bulletin,
                news[8:13],
                {
                    "name": "城市更新工作动态",
                    "editor": "市城市更新工作领导小组办公室编",
                    "cols": 1,
                    "size": (210, 297),
                    "font": 12.5,
                    "head_at": "top",
                    "number": "— {n} —",
                },
            ),
            (
                "dev_compilation_1",
                compilation,
                talks[0:3],
                {
                    "forum": "2025城市更新与韧性发展论坛",
                    "running": "城市更新与韧性发展论坛·发言摘编",
                    "cols": 1,
                    "size": (148, 210),
                    "font": 10.5,
                    "float_cards": False,
                    "side_captions": False,
                    "number": "-{n}-",
                },
            ),
            (
                "dev_compilation_2",
                compilation,
                talks[3:6],
                {
                    "forum": "第三届智能城市创新大会",
                    "running": "智能城市创新大会发言摘编",
                    "cols": 2,
                    "size": (182, 257),
                    "font": 11.5,
                    "float_cards": False,
                    "side_captions": False,
                    "number": "— {n} —",
                },
            ),
        ]
    if split == "dev2":
        return plan_dev2(news, talks, rng)
    if split == "dev3":
        return plan_dev3(news, talks, rng)
    if split == "dev4":
        return plan_dev4(news, talks, rng)
    if split == "dev5":
        return plan_dev5(news, talks, rng)
    order = list(news)
    rng.shuffle(order)
    chunks = [order[0:6], order[6:12], order[12:17], order[17:22], order[22:26], order[26:30], order[30:35]]
    return [
        (
            "test_newspaper_1",
            newspaper,
            chunks[0],
            {
                "cols": 4,
                "size": (297, 420),
                "font": 9.5,
                "contents_side": "right",
                "side_captions": True,
                "footer_numbers": True,
                "jump_to": "下转第{n}版",
                "jump_from": "上接第{n}版",
            },
        ),
        (
            "test_newspaper_2",
            newspaper,
            chunks[1],
            {"cols": 4, "size": (297, 420), "font": 10, "contents_side": "left", "side_captions": False, "footer_numbers": False},
        ),
        (
            "test_newspaper_3",
            newspaper,
            chunks[2],
            {
                "cols": 3,
                "size": (280, 400),
                "font": 10.5,
                "contents_side": "right",
                "side_captions": True,
                "footer_numbers": False,
                "jump_to": "（转{N}版）",
                "jump_from": "（紧接{N}版）",
            },
        ),
        (
            "test_newspaper_4",
            newspaper,
            chunks[3],
            {"cols": 3, "size": (250, 350), "font": 10, "contents_side": "left", "side_captions": False, "footer_numbers": True},
        ),
        (
            "test_bulletin_1",
            bulletin,
            chunks[4],
            {
                "name": "智慧城市建设简报",
                "editor": "市数据局办公室编",
                "cols": 1,
                "size": (210, 297),
                "font": 12,
                "head_at": "bottom",
                "number": "第 {n} 页",
            },
        ),
        (
            "test_bulletin_2",
            bulletin,
            chunks[5],
            {
                "name": "科技创新工作动态",
                "editor": "市科学技术局编",
                "cols": 2,
                "size": (210, 297),
                "font": 11,
                "head_at": "top",
                "number": "{n}",
                "side_captions": True,
            },
        ),
        (
            "test_bulletin_3",
            bulletin,
            chunks[6],
            {
                "name": "城市治理动态",
                "editor": "市委社会工作部编印",
                "cols": 1,
                "size": (185, 260),
                "font": 11.5,
                "head_at": "bottom",
                "number": "-{n}-",
            },
        ),
        (
            "test_compilation_1",
            compilation,
            talks[0:3],
            {
                "forum": "2025城乡建设高质量发展研讨会",
                "running": "研讨会发言摘编",
                "cols": 2,
                "size": (160, 230),
                "font": 11,
                "float_cards": False,
                "side_captions": True,
                "number": "{n}",
            },
        ),
        (
            "test_compilation_2",
            compilation,
            talks[3:6],
            {
                "forum": "数字城市与未来产业峰会",
                "running": "峰会发言摘编",
                "cols": 1,
                "size": (170, 240),
                "font": 11,
                "float_cards": True,
                "side_captions": False,
                "number": "第 {n} 页",
            },
        ),
    ]


def plan_dev2(news: list[Story], talks: list[Story], rng: random.Random) -> list[tuple[str, callable, list[Story], dict]]:
    """dev2: the dev texts (and ``texts/dev2.yaml``'s) set with every layout variation the test split uses.

    4-column A3 newspapers, the contents box on the right, captions beside photos, page numbers at the
    foot, the other jump-line wordings; bulletins with the running head at the foot and the page-number
    shapes ``第 n 页`` / bare ``n`` / ``-n-``, a two-column bulletin; a two-column compilation with side
    captions and one with name cards floated beside the text.  Mastheads, names and sizes are its own.
    """
    order = list(news)
    rng.shuffle(order)
    chunks = [order[0:5], order[5:10], order[10:14], order[14:17], order[17:20], order[20:23]]
    return [
        (
            "dev2_newspaper_1",
            newspaper,
            chunks[0],
            {
                "cols": 4,
                "size": (297, 420),
                "font": 10,
                "contents_side": "right",
                "side_captions": True,
                "footer_numbers": True,
                "jump_to": "下转第{n}版",
                "jump_from": "上接第{n}版",
            },
        ),
        (
            "dev2_newspaper_2",
            newspaper,
            chunks[1],
            {
                "cols": 3,
                "size": (280, 400),
                "font": 10,
                "contents_side": "right",
                "side_captions": True,
                "footer_numbers": False,
                "jump_to": "（转{N}版）",
                "jump_from": "（紧接{N}版）",
            },
        ),
        (
            "dev2_newspaper_3",
            newspaper,
            chunks[2],
            {"cols": 4, "size": (297, 420), "font": 9.5, "contents_side": "left", "side_captions": False, "footer_numbers": True},
        ),
        (
            "dev2_bulletin_1",
            bulletin,
            chunks[3],
            {
                "name": "城市建设工作简报",
                "editor": "市住房和城乡建设局办公室编",
                "cols": 1,
                "size": (210, 297),
                "font": 12,
                "head_at": "bottom",
                "number": "第 {n} 页",
            },
        ),
        (
            "dev2_bulletin_2",
            bulletin,
            chunks[4],
            {
                "name": "数字经济发展动态",
                "editor": "市发展和改革委员会编",
                "cols": 2,
                "size": (210, 297),
                "font": 11,
                "head_at": "top",
                "number": "{n}",
                "side_captions": True,
            },
        ),
        (
            "dev2_bulletin_3",
            bulletin,
            chunks[5],
            {
                "name": "城乡建设信息",
                "editor": "市城乡建设委员会办公室编印",
                "cols": 1,
                "size": (185, 260),
                "font": 11.5,
                "head_at": "bottom",
                "number": "-{n}-",
            },
        ),
        (
            "dev2_compilation_1",
            compilation,
            talks[0:5],
            {
                "forum": "2025宜居城市建设论坛",
                "running": "宜居城市建设论坛发言摘编",
                "cols": 2,
                "size": (160, 230),
                "font": 11,
                "float_cards": False,
                "side_captions": True,
                "number": "{n}",
            },
        ),
        (
            "dev2_compilation_2",
            compilation,
            talks[5:10],
            {
                "forum": "城市数字化转型高峰论坛",
                "running": "高峰论坛发言摘编",
                "cols": 1,
                "size": (170, 240),
                "font": 11,
                "float_cards": True,
                "side_captions": False,
                "number": "第 {n} 页",
            },
        ),
    ]


def plan_dev3(news: list[Story], talks: list[Story], rng: random.Random) -> list[tuple[str, callable, list[Story], dict]]:
    """dev3: new texts (``texts/dev3.yaml``) in the same kinds of layout with other widths, sizes, spacing and columns.

    A two-column A3 newspaper set large and tight, a four-column narrow newspaper set small and loose,
    a three-column paper; a two-column bulletin with the running head at the foot, a one-column bulletin
    set large (three reports of the newspapers set again); a three-column compilation with boxed cards and a one-column one with floated cards and
    side captions.  Made so that rules tuned on dev and dev2 meet widths and spacings they were not fitted to.
    """
    order = list(news)
    rng.shuffle(order)
    chunks = [order[0:4], order[4:8], order[8:11], order[11:14]]
    return [
        (
            "dev3_newspaper_1",
            newspaper,
            chunks[0],
            {
                "cols": 2,
                "size": (297, 420),
                "font": 11.5,
                "leading": 1.45,
                "contents_side": "right",
                "side_captions": False,
                "footer_numbers": True,
                "jump_to": "（下转第{n}版）",
                "jump_from": "（上接第{n}版）",
            },
        ),
        (
            "dev3_newspaper_2",
            newspaper,
            chunks[1],
            {
                "cols": 4,
                "size": (230, 330),
                "font": 8.5,
                "leading": 1.9,
                "contents_side": "left",
                "side_captions": True,
                "footer_numbers": False,
                "jump_to": "（转{N}版）",
                "jump_from": "（紧接{N}版）",
            },
        ),
        (
            "dev3_newspaper_3",
            newspaper,
            chunks[2],
            {
                "cols": 3,
                "size": (260, 370),
                "font": 9.5,
                "leading": 1.55,
                "contents_side": "right",
                "side_captions": False,
                "footer_numbers": True,
            },
        ),
        (
            "dev3_bulletin_1",
            bulletin,
            chunks[3],
            {
                "name": "城乡发展信息简报",
                "editor": "市城乡发展研究中心编",
                "cols": 2,
                "size": (185, 260),
                "font": 10.5,
                "leading": 1.8,
                "head_at": "bottom",
                "number": "— {n} —",
                "side_captions": False,
            },
        ),
        (
            "dev3_bulletin_2",
            bulletin,
            [order[3], order[7], order[10]],
            {
                "name": "民生工作通讯",
                "editor": "市政府办公室编印",
                "cols": 1,
                "size": (176, 250),
                "font": 13,
                "leading": 1.5,
                "head_at": "top",
                "number": "第 {n} 页",
            },
        ),
        (
            "dev3_compilation_1",
            compilation,
            talks[0:3],
            {
                "forum": "2025老城有机更新论坛",
                "running": "老城有机更新论坛·发言选编",
                "cols": 3,
                "size": (250, 340),
                "font": 9.5,
                "leading": 1.6,
                "float_cards": False,
                "side_captions": True,
                "number": "-{n}-",
            },
        ),
        (
            "dev3_compilation_2",
            compilation,
            talks[3:6],
            {
                "forum": "城市安全与产业发展研讨会",
                "running": "研讨会发言选编",
                "cols": 1,
                "size": (190, 265),
                "font": 12,
                "leading": 1.75,
                "float_cards": True,
                "side_captions": True,
                "number": "{n}",
            },
        ),
    ]


def plan_dev4(news: list[Story], talks: list[Story], rng: random.Random) -> list[tuple[str, callable, list[Story], dict]]:
    """dev4: new texts (``texts/dev4.yaml``) in combinations the other dev splits lack, so that rules
    tuned on dev–dev3 meet failures they were not fitted to.

    The twelve reports set twice (each newspaper prints six; the bulletins set some again).
    A four-column narrow newspaper with captions beside photos and page numbers at the foot, a
    three-column paper set loose; a two-column bulletin with side captions and the running head at
    the foot, a one-column bulletin set small; a two-column compilation with name cards floated in the
    columns and side captions, a three-column one with boxed cards, all six talks in one column with
    floated cards set large.
    """
    order = list(news)
    rng.shuffle(order)
    return [
        (
            "dev4_newspaper_1",
            newspaper,
            order[0:6],
            {
                "cols": 4,
                "size": (250, 350),
                "font": 9,
                "leading": 1.7,
                "contents_side": "right",
                "side_captions": True,
                "footer_numbers": True,
                "jump_to": "（下转第{n}版）",
                "jump_from": "（上接第{n}版）",
            },
        ),
        (
            "dev4_newspaper_2",
            newspaper,
            order[6:12],
            {
                "cols": 3,
                "size": (230, 320),
                "font": 9.5,
                "leading": 1.85,
                "contents_side": "left",
                "side_captions": False,
                "footer_numbers": False,
                "jump_to": "下转第{n}版",
                "jump_from": "上接第{n}版",
            },
        ),
        (
            "dev4_bulletin_1",
            bulletin,
            order[2:7],
            {
                "name": "城市运行简报",
                "editor": "市城市运行管理中心编",
                "cols": 2,
                "size": (210, 297),
                "font": 10,
                "leading": 1.6,
                "head_at": "bottom",
                "number": "第{n}页",
                "side_captions": True,
            },
        ),
        (
            "dev4_bulletin_2",
            bulletin,
            [order[1], order[5], order[9]],
            {
                "name": "社会事业动态",
                "editor": "市社会事业发展办公室编印",
                "cols": 1,
                "size": (182, 257),
                "font": 10.5,
                "leading": 1.7,
                "head_at": "top",
                "number": "— {n} —",
            },
        ),
        (
            "dev4_compilation_1",
            compilation,
            talks[0:3],
            {
                "forum": "2026城市治理现代化论坛",
                "running": "城市治理现代化论坛发言摘编",
                "cols": 2,
                "size": (210, 297),
                "font": 10.5,
                "leading": 1.65,
                "float_cards": True,
                "side_captions": True,
                "number": "{n}",
            },
        ),
        (
            "dev4_compilation_2",
            compilation,
            talks[3:6],
            {
                "forum": "城市文化与公共服务研讨会",
                "running": "研讨会发言摘编",
                "cols": 3,
                "size": (260, 360),
                "font": 10,
                "leading": 1.55,
                "float_cards": False,
                "side_captions": False,
                "number": "— {n} —",
            },
        ),
        (
            "dev4_compilation_3",
            compilation,
            talks,
            {
                "forum": "宜居韧性智慧城市建设座谈会",
                "running": "座谈会发言汇编",
                "cols": 1,
                "size": (176, 250),
                "font": 13,
                "leading": 1.6,
                "float_cards": True,
                "side_captions": False,
                "number": "-{n}-",
            },
        ),
    ]


def plan_dev5(news: list[Story], talks: list[Story], rng: random.Random) -> list[tuple[str, callable, list[Story], dict]]:
    """dev5: new texts (``texts/dev5.yaml``) with headline sizes and column counts the other dev splits lack.

    A five-column broadsheet with large headlines (long ones wrap) and the contents box on the right, a
    two-column small-format weekly with small headlines; a three-column bulletin with large centred
    headlines, a one-column bulletin set large; a two-column compilation with boxed cards and large talk
    titles, a one-column one with floated cards and small titles.  Many reports carry a kicker and a
    subtitle.
    """
    order = list(news)
    rng.shuffle(order)
    return [
        (
            "dev5_newspaper_1",
            newspaper,
            order[0:7],
            {
                "cols": 5,
                "size": (280, 360),
                "font": 10.5,
                "leading": 1.6,
                "title_size": 1.9,
                "box_title_size": 2.6,
                "contents_side": "right",
                "side_captions": False,
                "footer_numbers": False,
                "jump_to": "（下转{N}版）",
                "jump_from": "（上接{N}版）",
            },
        ),
        (
            "dev5_newspaper_2",
            newspaper,
            order[7:12],
            {
                "cols": 2,
                "size": (185, 260),
                "font": 10.5,
                "leading": 1.7,
                "title_size": 1.3,
                "box_title_size": 1.9,
                "contents_side": "right",
                "side_captions": True,
                "footer_numbers": True,
                "jump_to": "下转第{n}版",
                "jump_from": "上接第{n}版",
            },
        ),
        (
            "dev5_bulletin_1",
            bulletin,
            order[3:9],
            {
                "name": "城市建设信息",
                "editor": "市城乡建设委员会办公室编",
                "cols": 3,
                "size": (230, 310),
                "font": 10.5,
                "leading": 1.6,
                "title_size": 1.9,
                "head_at": "top",
                "number": "- {n} -",
            },
        ),
        (
            "dev5_bulletin_2",
            bulletin,
            [order[0], order[4], order[8], order[11]],
            {
                "name": "民生服务周报",
                "editor": "市民生服务工作办公室编印",
                "cols": 1,
                "size": (190, 265),
                "font": 13,
                "leading": 1.75,
                "title_size": 1.35,
                "head_at": "bottom",
                "number": "第{n}页",
            },
        ),
        (
            "dev5_compilation_1",
            compilation,
            talks[0:3],
            {
                "forum": "2026城市更新与民生保障论坛",
                "running": "论坛发言摘编",
                "cols": 2,
                "size": (176, 250),
                "font": 11,
                "leading": 1.6,
                "title_size": 1.9,
                "float_cards": False,
                "side_captions": False,
                "number": "— {n} —",
            },
        ),
        (
            "dev5_compilation_2",
            compilation,
            talks[2:5],
            {
                "forum": "公共服务均等化座谈会",
                "running": "座谈会发言摘编",
                "cols": 1,
                "size": (160, 230),
                "font": 10,
                "leading": 1.8,
                "title_size": 1.3,
                "float_cards": True,
                "side_captions": False,
                "number": "{n}",
            },
        ),
    ]


def build_split(split: str, keep_html: bool = False) -> list[dict]:
    """Typeset, extract and write the gold for every document of ``split``; return the gold dicts."""
    from playwright.sync_api import sync_playwright

    rng = random.Random(SEEDS[split])
    out_dir = DATA / split
    out_dir.mkdir(parents=True, exist_ok=True)
    golds = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for n, (stem, kind, stories, variant) in enumerate(plan(split, rng)):
            doc, gold = kind(split, n, stories, rng, variant)
            pdf = out_dir / f"{stem}.pdf"
            record = render(browser, doc, pdf, keep_html)
            extract(pdf)
            golds.append(write_gold(pdf, gold, record))
            cut = sum(len(a["cut"]) for a in gold["articles"])
            print(
                f"{pdf.relative_to(REPO)}: {record['pages']} pages, {len(gold['articles'])} articles, {cut} cut, {len(record['layout'])} layout lines"
            )
        browser.close()
    return golds


def main() -> None:
    """Command line: ``--split dev|test|dev2|dev3|dev4|dev5|all``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument("--keep-html", action="store_true", help="also write the laid-out HTML next to each PDF")
    args = parser.parse_args()
    for split in SPLITS if args.split == "all" else [args.split]:
        build_split(split, args.keep_html)


if __name__ == "__main__":
    main()
