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
    """Both splits: PDFs, both extractions and gold; the test split holds at least 30 external articles and 8 PDFs."""
    for split in ("dev", "test"):
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
