"""The typeset layout material (tests/data/layouts/, scripts/typeset_layouts.py) and its scorer.

The gold must be exact: every gold sentence is in the PDF's pdftotext text
(whitespace, page furniture and name-card lines beside the text ignored;
a sentence of a paragraph cut by a column or page break may be in two
pieces), every layout line and caption is printed.  The scorer
(:func:`urbankb.evaluate.layout_scores`) is checked on small hand-made
parsed files with known counts.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO

from urbankb.evaluate import gold_sentences, layout_scores, norm, refused_score
from urbankb.ingest import ParsedFile
from urbankb.model import Article, Block, BlockKind, Collection

LAYOUTS = REPO / "tests" / "data" / "layouts"
GOLDS = sorted(LAYOUTS.glob("*/*.gold.yaml"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def furniture(gold: dict) -> list[str]:
    """Printed strings that may sit beside body lines on one extracted line: captions and name-card lines."""
    strings = set(gold["captions"])
    speakers = {a["speaker"] for a in gold["articles"] if a["speaker"]}
    for caption in gold["captions"]:
        if caption.split(" ")[0] in speakers:  # a name card: its lines may sit beside body lines
            strings.update(caption.split(" "))
    return sorted({norm(s) for s in strings if norm(s)}, key=len, reverse=True)


def body_text(gold: dict, text: str) -> str:
    """Extracted ``text`` normalised, without layout lines, digit-only lines, and captions or card lines at line ends."""
    strings = furniture(gold)
    layout = {norm(s) for s in gold["layout"]}
    lines = []
    for line in text.splitlines():
        line = norm(line)
        if line in layout or line in strings or re.fullmatch(r"[\d\-—–]*", line):
            continue
        changed = True
        while changed and line:
            changed = False
            for s in strings:
                if len(s) >= 2 and (line.startswith(s) or line.endswith(s)) and line != s:
                    line = line[len(s) :] if line.startswith(s) else line[: -len(s)]
                    changed = True
                    break
        lines.append(line)
    return "".join(lines)


def in_two_pieces(sentence: str, text: str) -> bool:
    """``sentence`` occurs in ``text`` split at one point (a column or page break between the pieces)."""
    return any(sentence[:k] in text and sentence[k:] in text for k in range(1, len(sentence)))


def test_material_is_there():
    """Every split: PDFs, both extractions and gold; the test split holds at least 30 external articles and 8 PDFs."""
    for split in ("dev", "test", "dev2"):
        golds = sorted((LAYOUTS / split).glob("*.gold.yaml"))
        assert golds, split
        for g in golds:
            stem = g.name.removesuffix(".gold.yaml")
            for suffix in (".pdf", ".pdftotext.txt", ".pdfminer.txt"):
                assert (g.parent / f"{stem}{suffix}").stat().st_size > 0, f"{stem}{suffix}"
    test = [load(g) for g in sorted((LAYOUTS / "test").glob("*.gold.yaml"))]
    assert len(test) >= 8
    external = {load_title(p) for p in (REPO / "tests" / "data" / "external").glob("*.md")}
    assert sum(a["title"] in external for g in test for a in g["articles"]) >= 30


def load_title(path: Path) -> str:
    import frontmatter

    return str(frontmatter.loads(path.read_text(encoding="utf-8"))["title"])


def held_out_texts() -> set[str]:
    """Every title and paragraph of the test split's texts (the external articles and ``texts/test.yaml``), normalised."""
    import frontmatter

    out = set()
    for path in (REPO / "tests" / "data" / "external").glob("*.md"):
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
        out.add(norm(str(post["title"])))
        out.update(norm(p) for p in post.content.split("\n\n") if p.strip())
    for talk in load(LAYOUTS / "texts" / "test.yaml")["talks"]:
        out.add(norm(talk["title"]))
        out.update(norm(p if isinstance(p, str) else p["h"]) for p in talk["paragraphs"])
    return out


def test_dev2_has_no_test_texts():
    """dev2 (a tuning split) holds no title or paragraph of the test split's texts, and at least 8 PDFs of all three kinds."""
    golds = [load(g) for g in sorted((LAYOUTS / "dev2").glob("*.gold.yaml"))]
    assert len(golds) >= 8
    assert {g["kind"] for g in golds} == {"newspaper", "bulletin", "compilation"}
    held_out = held_out_texts()
    leaked = [t for g in golds for a in g["articles"] for t in (a["title"], *a["paragraphs"]) if norm(t) in held_out]
    assert not leaked, leaked[:3]


def layout_shapes(golds: list[dict]) -> set[str]:
    """The shapes of jump lines and page numbers among the gold layout lines (regexes on the line's form)."""
    shapes = {
        "下转第n版": r"下转第\d+版",
        "上接第n版": r"上接第\d+版",
        "（转nn版）": r"（转\d{2}版）",
        "（紧接nn版）": r"（紧接\d{2}版）",
        "（下转nn版）": r"（下转\d{2}版）",
        "第 n 页": r"第 \d+ 页",
        "bare n": r"\d+",
        "-n-": r"-\d+-",
        "— n —": r"— \d+ —",
        "第n版": r"第\d+版",
    }
    return {name for g in golds for line in g["layout"] for name, rx in shapes.items() if re.fullmatch(rx, line)}


def test_dev2_has_the_test_splits_layout_variations():
    """dev2 shows every jump-line wording and page-number shape the test split prints; dev and dev2 its page sizes (A3)."""
    import pdfplumber

    by_split = {s: [load(g) for g in sorted((LAYOUTS / s).glob("*.gold.yaml"))] for s in ("dev2", "test")}
    assert layout_shapes(by_split["test"]) <= layout_shapes(by_split["dev2"])

    def sizes(split: str) -> set[tuple[int, int]]:
        out = set()
        for pdf in sorted((LAYOUTS / split).glob("*.pdf")):
            with pdfplumber.open(pdf) as doc:
                out.add((round(doc.pages[0].width), round(doc.pages[0].height)))
        return out

    assert sizes("test") <= sizes("dev") | sizes("dev2")  # 250 × 350 mm is a dev size


@pytest.mark.parametrize("gold_path", GOLDS, ids=[g.name for g in GOLDS])
def test_gold_is_consistent(gold_path: Path):
    """Gold fields agree with each other: cut and heading entries point into the paragraphs."""
    gold = load(gold_path)
    assert gold["file"] == gold_path.name.replace(".gold.yaml", ".pdf")
    assert gold["kind"] in ("newspaper", "bulletin", "compilation")
    for a in gold["articles"]:
        assert a["title"] and a["paragraphs"]
        assert all(0 <= j < len(a["paragraphs"]) for j in a["cut"])
        assert all(h in a["paragraphs"] for h in a["headings"])
        assert (a["speaker"] is None) == (gold["kind"] != "compilation")


@pytest.mark.parametrize("gold_path", GOLDS, ids=[g.name for g in GOLDS])
def test_gold_sentences_are_printed(gold_path: Path):
    """Every gold sentence is in the pdftotext text; one of a cut paragraph may be split in two pieces.

    Where pdftotext's reading order runs across two columns (headlines side by side), the
    sentence must be in ``pdftotext -raw``'s text (content-stream order) instead.
    """
    gold = load(gold_path)
    default = body_text(gold, gold_path.with_name(gold_path.name.replace(".gold.yaml", ".pdftotext.txt")).read_text(encoding="utf-8"))
    raw_run = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(gold_path.with_name(gold["file"])), "-"], capture_output=True, check=True
    )
    raw = body_text(gold, raw_run.stdout.decode("utf-8"))
    missing = []
    for a in gold["articles"]:
        for j, p in enumerate(a["paragraphs"]):
            for s in gold_sentences(p):
                if not any(s in text or (j in a["cut"] and in_two_pieces(s, text)) for text in (default, raw)):
                    missing.append(s)
    assert not missing, missing[:3]


@pytest.mark.parametrize("gold_path", GOLDS, ids=[g.name for g in GOLDS])
def test_layout_lines_and_captions_are_printed(gold_path: Path):
    """Every gold layout line and caption (each line of a name card) is in the pdftotext text."""
    gold = load(gold_path)
    text = norm(gold_path.with_name(gold_path.name.replace(".gold.yaml", ".pdftotext.txt")).read_text(encoding="utf-8"))
    speakers = {a["speaker"] for a in gold["articles"] if a["speaker"]}
    for line in gold["layout"]:
        assert norm(line) in text, line
    for caption in gold["captions"]:
        parts = caption.split(" ") if caption.split(" ")[0] in speakers else [caption]
        for part in parts:
            assert norm(part) in text, caption


# -- the scorer on hand-made parsed files ---------------------------------------------------------

GOLD = {
    "articles": [
        {
            "title": "城市更新 提速",
            "paragraphs": ["第一句话在这里。第二句话也在这里！短。", "被分栏切开的段落，有两句话。后一半在这里。"],
            "headings": [],
            "cut": [1],
        },
        {"title": "第二篇", "paragraphs": ["一、总体要求", "第三句话写在第二篇里。"], "headings": ["一、总体要求"], "cut": []},
    ],
    "layout": ["城建导报 2025年第3期", "（下转02版）", "3"],
    "captions": ["图为城市广场。 记者 张某 摄"],
}


def parsed(*articles: tuple[str, list[Block]], layout: list[str] = ()) -> ParsedFile:
    arts = [Article(id=f"x-{i}", seed="x.txt", title=t, blocks=b) for i, (t, b) in enumerate(articles, 1)]
    return ParsedFile(arts, Collection(id="x", seed="x.txt", title="", layout=[Block(BlockKind.PARAGRAPH, s) for s in layout]))


def P(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text)


def test_gold_sentences_split_and_skip_short():
    assert gold_sentences("第一句话在这里。第二句话也在这里！短。") == ["第一句话在这里。", "第二句话也在这里!"]  # NFKC: ！ -> !


def test_scorer_perfect_parse():
    """Everything found, nothing leaked; whitespace and NFKC forms do not matter."""
    score = layout_scores(
        parsed(
            ("城市更新提速", [P("第一句话在这里。 第二句话也在这里！短。"), P("被分栏切开的段落，有两句话。后一半在这里。")]),
            ("第二篇", [Block(BlockKind.HEADING, "一、总体要求"), P("第三句话写在第二篇里。")]),
        ),
        GOLD,
    ).as_dict()
    assert score["titles"] == {"found": 2, "total": 2}
    assert score["sentences"] == {"found": 6, "total": 6}
    assert score["breaks"] == {"found": 1, "total": 1}
    assert score["layout_in_bodies"] == {"count": 0, "lines": 2}  # the digit-only line is not checked
    assert score["captions_in_sentences"] == {"count": 0, "lines": 1}
    assert score["placed"] == {"found": 6, "total": 6}


def test_scorer_counts_the_sentences_of_two_articles_read_as_one_for_one_of_them():
    """All sentences kept whole, but the second article swallowed by the first: only the first's are placed."""
    merged = [P("第一句话在这里。第二句话也在这里！"), P("被分栏切开的段落，有两句话。后一半在这里。"), P("第三句话写在第二篇里。")]
    score = layout_scores(parsed(("城市更新提速", [*merged, Block(BlockKind.HEADING, "一、总体要求")])), GOLD).as_dict()
    assert score["sentences"] == {"found": 6, "total": 6}
    assert score["placed"] == {"found": 4, "total": 6}


def test_scorer_broken_parse():
    """A cut paragraph left in two, a running head and a caption inside body text, a title missed."""
    score = layout_scores(
        parsed(
            (
                "城市更新提速",
                [
                    P("第一句话在这里。第二句话也在这里！"),
                    P("被分栏切开的段落，有两句话。后一半"),
                    P("城建导报 2025年第3期 在这里。图为城市广场。 记者 张某 摄"),
                ],
            ),
            ("一、总体要求", [P("第三句话写在第二篇里。城建导报2025年第3期")]),
        ),
        GOLD,
    ).as_dict()
    assert score["titles"] == {"found": 1, "total": 2}
    # the cut paragraph's second sentence and the heading are not inside one parsed paragraph or heading
    assert score["sentences"] == {"found": 4, "total": 6}
    assert score["breaks"] == {"found": 0, "total": 1}
    assert score["layout_in_bodies"] == {"count": 2, "lines": 2}
    assert score["captions_in_sentences"] == {"count": 1, "lines": 1}


def test_refused_file_scores_nothing():
    score = refused_score(GOLD).as_dict()
    assert score["titles"] == {"found": 0, "total": 2}
    assert score["sentences"] == {"found": 0, "total": 6}
    assert score["refused"] == 1
