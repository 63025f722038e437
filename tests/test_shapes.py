"""Printed-line extractions (urbankb.ingest.shapes): recognised by their shape, rebuilt into paragraphs.

The texts here are written for these tests in the shapes poppler's pdftotext and pdfminer.six give
(a column of 18 characters, form feeds between pages); the typeset held-out material is measured in
tests/test_layout_routes.py.
"""

from __future__ import annotations

from pathlib import Path

from urbankb.ingest import read_file
from urbankb.ingest.radicals import unify_radicals_by_paragraph
from urbankb.ingest.shapes import is_printed_lines, printed_lines, reshape, text_width
from urbankb.model import BlockKind

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def column(text: str, width: int = 18, indent: bool = True) -> list[str]:
    """``text`` set in a column ``width`` characters wide, the first line indented two characters."""
    lines, line = [], ""
    room = width - 2 if indent else width
    for ch in text:
        line += ch
        if len(line) == room:
            lines.append(line)
            line, room = "", width
    if line:
        lines.append(line)
    return lines


P1 = "城市更新是推动城市高质量发展的重要抓手。近年来，各地在老旧小区改造、历史街区保护和公共空间提升方面进行了大量探索。"
P2 = "市住房和城乡建设局有关负责人表示，下一步将建立项目库动态更新机制，推动改造从“有没有”向“好不好”转变，让居民住得更舒心。"
P3 = "据统计，今年全市计划完成加装电梯六百部，目前已完成签约四百一十二部，其中二百零五部已投入使用，惠及居民两万余户。"


def page_text() -> str:
    """Two pages: a headline, P1, P2 cut by the page break (running head and page numbers between), a caption, P3."""
    head = "城市发展周报 2025年第11期"
    p2 = column(P2)
    lines = [head, "", "老旧小区改造提速", "", *column(P1), *p2[:3], "", "—1—"]
    lines += ["\f" + head, "", *p2[3:], "", "改造后的小区广场 记者 李华 摄", "", *column(P3), "", "—2—"]
    return "\n".join(lines) + "\n"


def test_the_seeds_keep_their_shape_one_paragraph_a_line():
    for seed in sorted(SEEDS.glob("*.txt")):
        assert reshape(seed.read_text(encoding="utf-8")) is None, seed.name


def test_printed_lines_are_recognised_and_pages_counted_by_form_feeds():
    lines = printed_lines(page_text())
    assert is_printed_lines(lines)
    assert {line.page for line in lines} == {1, 2}
    assert text_width("2025年第11期") == 6.0


def test_paragraphs_are_rebuilt_and_running_heads_page_numbers_and_captions_taken_out(analyzer):
    parsed = read_file(Path("page.txt"), page_text().encode(), analyzer)
    (art,) = parsed.articles
    assert art.title == "老旧小区改造提速"
    paragraphs = [b.text for b in art.blocks if b.kind is BlockKind.PARAGRAPH]
    assert paragraphs == [P1, P2, P3]  # P2 runs on over the page break and its running head
    assert [b.text for b in art.blocks if b.kind is BlockKind.CAPTION] == ["改造后的小区广场 记者 李华 摄"]
    layout = [b.text for b in parsed.collection.layout]
    assert layout.count("城市发展周报 2025年第11期") == 2 and "—1—" in layout and "—2—" in layout


def test_a_jump_line_glued_to_a_paragraph_is_moved_out(analyzer):
    lines = ["要闻", "", "全市启动海绵城市建设", "", *column(P1), *column(P2), *column(P1 + P2), *column(P3)]
    lines[-1] += "（下转02版）"
    parsed = read_file(Path("jump.txt"), "\n".join(lines).encode(), analyzer)
    assert parsed.articles[0].blocks[-1].text == P3
    assert "（下转02版）" in [b.text for b in parsed.collection.layout]


def test_reports_split_at_their_headlines_with_kicker_and_subtitle(analyzer):
    first = ["营商环境", "", "审批时间压减至六十个工作日", "", *column("本报讯 记者王明 " + P1), *column(P2)]
    second = ["", "社区服务设施覆盖八成街道", "托育、助餐、康养等服务到家门口", *column("本报讯 记者李华报道：" + P3), *column(P1)]
    parsed = read_file(Path("two.txt"), "\n".join(first + second).encode(), analyzer)
    got = [(a.kicker, a.title, a.subtitle) for a in parsed.articles]
    assert got == [("营商环境", "审批时间压减至六十个工作日", ""), ("", "社区服务设施覆盖八成街道", "托育、助餐、康养等服务到家门口")]
    assert parsed.articles[1].reporters == ["李华"]


def test_a_file_where_no_article_is_found_keeps_all_its_text(analyzer):
    text = "\n".join(["扫一扫 关注我们", "", "责任编辑：王明", "", "—3—"])
    parsed = read_file(Path("odd.txt"), text.encode(), analyzer)
    assert parsed.articles and any("no article found" in i.message for i in parsed.issues)
    kept = " ".join(b.text for a in parsed.articles for b in a.blocks)
    assert "扫一扫" in kept and "责任编辑" in kept


def test_radicals_from_pdfminer_become_ideographs(analyzer):
    text = "\n".join(["城市⽣⻓边界", "", *column(P1.replace("老", "⽼"))])
    parsed = read_file(Path("rad.txt"), text.encode(), analyzer)
    body = " ".join(b.text for b in parsed.articles[0].blocks)
    assert "⽼" not in body and "老旧小区" in body


def test_radicals_follow_the_script_of_their_own_paragraph():
    # one file, two articles: 门/門 drawn from the same Kangxi radical in each script
    simplified, traditional = unify_radicals_by_paragraph(["城市⼤⾨口开放，意⻅征集", "部⾨聯合印發實施意⾒"])
    assert simplified == "城市大门口开放，意见征集"
    assert traditional == "部門聯合印發實施意見"


def test_halves_of_two_articles_read_column_by_column_are_rejoined_in_order(analyzer):
    """pdftotext reads a column down through two articles, then the next column: each paragraph left open
    at a column's foot goes on, in the order they were left, at the heads of the following blocks."""
    a, b = column(P2), column(P3)
    lines = ["要闻", "", "老旧小区改造提速", "", *column(P1), *a[:2], "", "加装电梯提速推进", "", *b[:2], "", *a[2:], "", *b[2:]]
    parsed = read_file(Path("columns.txt"), "\n".join(lines).encode(), analyzer)
    paragraphs = [b.text for art in parsed.articles for b in art.blocks if b.kind is BlockKind.PARAGRAPH]
    assert paragraphs == [P1, P2, P3]  # not P2's head with P3's tail


def test_jumped_paragraphs_go_on_after_their_jump_in_lines_not_in_the_next_column(analyzer):
    a, b = column(P2), column(P3)
    page1 = ["要闻", "", "老旧小区改造提速", "", *column(P1), *a[:2], "（下转02版）", "", "加装电梯提速推进", "", *b[:2], "（下转02版）"]
    page2 = ["\f（上接01版）", *a[2:], "", "（上接01版）", *b[2:]]
    parsed = read_file(Path("jumps.txt"), "\n".join(page1 + page2).encode(), analyzer)
    assert [b.text for b in parsed.articles[0].blocks if b.kind is BlockKind.PARAGRAPH] == [P1, P2]
    assert [b.text for b in parsed.articles[1].blocks if b.kind is BlockKind.PARAGRAPH] == [P3]
    assert [b.text for b in parsed.collection.layout].count("（上接01版）") == 2


def test_a_first_line_holding_a_clause_under_a_name_card_is_running_text_not_a_caption(analyzer):
    """pdfminer's spaced shape (a blank line after every line but inside a box): a speech under its name card,
    whose first line is short beside the lines under it and holds a comma.

    The line stands between text that does not end a sentence (the card) and
    its continuation, as a caption set inside a sentence does; a clause of its
    own (…，…) makes it running text.
    """
    text = P2 + P3 + P1 + P2
    head = ["城市更新座谈会发言摘编", "城市更新要从“拆改建”走向“留改拆”", "王明远\n某城市规划设计研究院\n总工程师"]
    lines = [*head, text[:20], *column(text[20:], width=30, indent=False)]
    parsed = read_file(Path("speech.txt"), "\n\n".join(lines).encode(), analyzer)
    (art,) = parsed.articles
    assert art.speaker == "王明远"
    assert [(b.kind, b.text) for b in art.blocks] == [(BlockKind.PARAGRAPH, text)]
