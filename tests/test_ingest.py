"""Reading and repairing extracted text: the real seeds and small made-up layouts."""

from __future__ import annotations

import pytest

from urbankb.ingest.layout import debris_kind, ends_sentence, fix_punctuation
from urbankb.ingest.structure import parse_text
from urbankb.model import BlockKind


@pytest.fixture(scope="module")
def seeds(seed_corpus):
    return seed_corpus[1]


def _article(seeds, title_start):
    return next(a for a in seeds.articles if a.title.startswith(title_start))


def _paragraph_with(art, text):
    return next((b for b in art.blocks if b.kind is BlockKind.PARAGRAPH and text in b.text), None)


def test_twenty_articles_are_found_in_the_five_seed_files(seeds):
    assert len(seeds.articles) == 20
    assert [len(c.article_ids) for c in sorted(seeds.collections.values(), key=lambda c: c.seed)] == [1, 2, 1, 15, 1]
    assert not seeds.failed


def test_page_break_inside_a_word_is_rejoined(seeds):
    art = _article(seeds, "“慧”聚澎湃力量")
    assert _paragraph_with(art, "多学科、多领域、跨专业、跨部门的未来城市理论")
    assert _paragraph_with(art, "推动广东城市建设工作继续走在全国前列具有重要意义。")


def test_fragment_ending_in_a_comma_is_not_taken_for_a_heading(seeds):
    art = _article(seeds, "“慧”聚澎湃力量")
    assert _paragraph_with(art, "钱中强还特别提出，促进会将加强与国内外相关行业组织的交流合作，学习借鉴")
    assert not any(b.kind is BlockKind.HEADING and "钱中强" in b.text for b in art.blocks)


def test_photo_caption_is_moved_out_of_the_sentence_it_cut(seeds):
    art = _article(seeds, "第八届中国（广东）智慧城市大会")
    para = _paragraph_with(art, "羊城晚报报业集团主办，广东建设报社、中国电信广东分公司承办")
    assert para is not None and "启动仪式" not in para.text
    captions = [b.text for b in art.blocks if b.kind is BlockKind.CAPTION]
    assert "启动仪式" in captions
    assert art.blocks.index(para) < [b.text for b in art.blocks].index("启动仪式")


def test_speaker_name_card_in_mid_sentence_is_taken_out(seeds):
    spain = _article(seeds, "以人为本的城市规划之路")
    assert _paragraph_with(spain, "充满活力的公共空间城市肌理的有机组织，最终保障了市民福祉")
    assert spain.speaker == "伊尼亚基·卡尼塞罗·阿隆索-科梅纳雷斯"
    du = _article(seeds, "全球科技创新中心发展新态势")
    assert _paragraph_with(du, "吸引了全美超过40%和全球20%的风险投资")
    assert du.speaker == "杜德斌" and "杜德斌" not in du.text


def test_paragraph_printed_twice_in_a_row_is_kept_once(seeds):
    art = _article(seeds, "一日构建大都市")
    doubled = [b for b in art.blocks if b.text.startswith("AI的飞速发展，正推动数字孪生大都市从愿景走向现实")]
    assert len(doubled) == 1


def test_layout_debris_is_kept_out_of_article_bodies_but_listed_on_the_source_page(seeds):
    debris = ["扫一扫", "关注广东建设报", "共印", "责任编辑", "联系电话", "本版图片", "相关报道详见", "导读", "—02", "报：刘小涛"]
    for art in seeds.articles:
        for word in debris:
            assert word not in art.text, f"{art.title}: {word}"
    layout = " ".join(b.text for c in seeds.collections.values() for b in c.layout)
    for word in debris:
        assert word in layout


def test_repeated_section_labels_after_a_displaced_title_block_are_dropped_once(seeds):
    art = _article(seeds, "“慧”聚澎湃力量")
    headings = [b.text for b in art.blocks if b.kind is BlockKind.HEADING]
    assert headings[0] == "构筑跨学科综合平台 为未来城市建设注入新动能"
    assert headings.count("理论+实证 “双轮”驱动促进未来城市高质量发展") == 1
    assert art.kicker == "广东省未来城市发展促进会"


FIFTEEN = [
    ("上海空间发展战略的思考", "张玉鑫", "上海市规划和自然资源局"),
    ("以人为本的城市规划之路：变革时代下的城市综合设计", "伊尼亚基·卡尼塞罗·阿隆索-科梅纳雷斯", "西班牙住房和城乡建设部"),
    ("一日构建大都市：AI生成技术展望", "虞晶怡", "上海科技大学"),
    ("数智赋能城市高质量发展", "李翔宁", "同济大学副校长"),
    ("从城市数据到人类影响：打造为人创新的城市 ——巴黎经验启示", "奥利弗·理查德", "巴黎市规划院"),
    ("香港国际创科新城——新田科技城", "陆国安", "香港特别行政区规划署"),
    ("以互动为核心的城市主义——激发创新的土壤", "塔科·波斯特马", "代尔夫特"),
    ("数字转型背景下的城市治理", "吴维平", "哥伦比亚大学"),
    ("上海科创中心的社区求解 ——创新型社区建设的活力密码和营造逻辑", "王玲慧", "上海市城市规划设计研究院"),
    ("全球科技创新中心发展新态势", "杜德斌", "华东师范大学"),
    ("柏林大都市区2070挑战与愿景", "王惠平", "国际建筑评论家委员会"),
    ("上海市域、上海大都市圈、长三角区域的融合发展", "唐子来", "同济大学"),
    ("北京科创街区实施评估与规划引导", "施卫良", "北京城市规划学会"),
    ("基于人工智能的首尔市民画像平台设计", "崔洙凡", "首尔研究院"),
    ("一体化、差异化视角下的区域创新", "李晓江", "中国城市规划设计研究院"),
]


def test_the_fifteen_speeches_are_split_with_their_speakers(seeds):
    compilation = next(c for c in seeds.collections.values() if c.kind == "compilation")
    speeches = [a for a in seeds.articles if a.collection == compilation.id]
    assert [(a.title, a.speaker) for a in speeches] == [(t, s) for t, s, _ in FIFTEEN]
    for art, (_t, _s, affiliation) in zip(speeches, FIFTEEN, strict=True):
        assert affiliation in art.affiliation
    assert compilation.title == "第八届大都市规划国际咨询会专家发言摘录"
    assert compilation.intro[0].text.startswith("编者按：2025年12月6日")


def test_reporters_bylines_and_masthead_are_extracted(seeds):
    report = _article(seeds, "政银企协同探索未来社区建设新路径")
    assert (report.publication, report.reporters, report.correspondents) == ("广东建设报", ["姜兴贵"], ["岳建轩"])
    assert report.kicker.startswith("广东省住建厅召开未来社区")
    feature = _article(seeds, "“慧”聚澎湃力量")
    assert feature.authors == ["韩庆文", "唐培峰"] and feature.byline == "文/韩庆文 唐培峰"
    journal = _article(seeds, "广州加快布局未来产业")
    assert (journal.publication, journal.issue, journal.date) == ("领导学刊", "第6期（总第142期）", "2025-05-08")


def test_half_width_punctuation_inside_chinese_text_becomes_full_width(seeds):
    art = _article(seeds, "以互动为核心的城市主义")
    assert _paragraph_with(art, "代尔夫特市是一座兼具悠久历史与创新属性的城市，拥有11万人口，城市布局紧凑")
    assert fix_punctuation("时间是10:30, 共1,000人") == "时间是10:30，共1,000人"
    assert fix_punctuation("see https://example.org/a?b=1") == "see https://example.org/a?b=1"


# -- the rules on layouts nobody here has seen -------------------------------

NEWSPAGE = """扫一扫
关注城市周报

市政府召开会议部署老旧小区改造

## 今年完成改造一百个小区

城市周报讯 记者王小明报道：日前，市政府召开会议，部署今年的老旧小区改造工作。会议要求各区加快推进，确保年底前完成

全部改造任务。

会议还听取了各区的工作汇报。



图为改造后的小区（图源：市住建局）



## 地铁三号线开通

城市周报讯 记者李华、通讯员张三报道：地铁三号线今天开通运营，全长二十公里。

共印：500份
"""


def test_a_newspaper_page_of_unseen_layout_is_split_at_its_datelines(analyzer):
    parsed = parse_text(NEWSPAGE, "weekly.txt", analyzer)
    assert [a.title for a in parsed.articles] == ["今年完成改造一百个小区", "地铁三号线开通"]
    first, second = parsed.articles
    assert first.kicker == "市政府召开会议部署老旧小区改造"
    assert "确保年底前完成全部改造任务。" in first.text
    assert [b.text for b in first.blocks if b.kind is BlockKind.CAPTION] == ["图为改造后的小区（图源：市住建局）"]
    assert (second.reporters, second.correspondents, second.publication) == (["李华"], ["张三"], "城市周报")
    assert parsed.collection.kind == "page"
    assert {b.text for b in parsed.collection.layout} >= {"扫一扫关注城市周报", "共印：500份"}


COMPILATION = """城市更新论坛发言选编

编者按：本刊摘录三位专家的发言。

存量时代的更新路径



张伟

某某大学教授

城市更新进入存量时代，需要新的

路径。我们建议加强规划引导。

社区营造的经验



李娜
某某规划院院长

社区是城市治理的基本单元。

数据驱动的更新



王强

某某研究院研究员

数据可以帮助我们识别更新需求。
"""


def test_a_compilation_of_unseen_speeches_is_split_at_its_name_cards(analyzer):
    parsed = parse_text(COMPILATION, "forum.txt", analyzer)
    assert [(a.title, a.speaker, a.affiliation) for a in parsed.articles] == [
        ("存量时代的更新路径", "张伟", "某某大学教授"),
        ("社区营造的经验", "李娜", "某某规划院院长"),
        ("数据驱动的更新", "王强", "某某研究院研究员"),
    ]
    assert parsed.articles[0].text == "城市更新进入存量时代，需要新的路径。我们建议加强规划引导。"
    assert parsed.collection.title == "城市更新论坛发言选编"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("扫一扫 关注XX日报", "QR prompt"),
        ("责任编辑：张三", "editor line"),
        ("地址：某市某路1号", "address line"),
        ("共印：70 份", "print-run line"),
        ("（下转第3版）", "see page"),
        ("—08", "see page"),
        ("本版图片/记者 王五", "photo credit"),
    ],
)
def test_layout_debris_patterns(text, kind):
    assert debris_kind(text) == kind


@pytest.mark.parametrize("text", ["城市更新进入存量时代。", "他说：“好。”", "（以上根据录音整理。）"])
def test_sentence_ends(text):
    assert ends_sentence(text)


@pytest.mark.parametrize("text", ["基于区块链技术的“X干道”", "需要新的", "借鉴波士顿的经验，"])
def test_sentence_goes_on(text):
    assert not ends_sentence(text)


def test_a_piece_of_sentence_with_a_comma_after_an_image_gap_is_not_taken_for_a_caption(analyzer):
    parsed = parse_text("业业业业\n\n业\n\n\n业，业\n\n业。\n", "t.txt", analyzer)
    body = parsed.articles[0].blocks
    assert [(b.kind, b.text) for b in body] == [(BlockKind.PARAGRAPH, "业业，业业。")]


@pytest.mark.parametrize(
    ("front", "line"),
    [("title: &t 标题\nsummary: *t\n", 2), ("a: &x [1]\nb: *x\n", 2), ("a: &x [*x]\n", 2)],
)
def test_front_matter_aliases_are_refused_with_the_anchor_line(front, line):
    from urbankb.ingest import SeedError, split_front_matter

    with pytest.raises(SeedError, match="aliases") as caught:
        split_front_matter(f"---\n{front}---\n正文。\n", "alias.md")
    assert caught.value.line == line


def test_front_matter_keys_keep_their_lines_and_dates_stay_text():
    from urbankb.ingest import split_front_matter

    issues: list = []
    data, lines, body, offset = split_front_matter("---\ntitle: 甲\ndate: 2024-02-30\ntitle: 乙\n---\n正文。\n", "k.md", issues)
    assert data == {"title": "乙", "date": "2024-02-30"} and lines == {"title": 4, "date": 3}
    assert (body, offset) == ("正文。\n", 5) and "given twice" in issues[0].message
