"""Topic tags against a labelled set (``urbankb eval``): precision, recall, F1 and a confusion table;
layout repair against typeset gold (:func:`layout_scores`, :func:`score_route`).

The figures are scikit-learn's (``sklearn.metrics``) over the topic sets as
multi-label indicator rows (``MultiLabelBinarizer``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

from .model import BlockKind

#: the label of an item with no topic in the first-topic table
NONE = "none"


def confusion(expected: dict[str, list[str]], predicted: dict[str, list[str]], topic_ids: list[str]) -> dict:
    """Per-topic precision/recall/F1 and a first-topic confusion table.

    Args:
        expected: item -> expected topics (best first; empty = none).
        predicted: item -> predicted topics (best first); an item missing here predicts none.
        topic_ids: all topic ids, in display order.

    Returns:
        ``{"per_topic": {id: {"precision", "recall", "f1", "support"}},
        "micro_f1", "macro_f1" (over the topics with support), "first_topic_accuracy",
        "confusion": {expected first or "none": {predicted first or "none": n}}}``;
        a ratio with nothing to divide by is 0.
    """
    items = list(expected)
    binarizer = MultiLabelBinarizer(classes=topic_ids)
    y_true = binarizer.fit_transform([[t for t in expected[k] if t in topic_ids] for k in items])
    y_pred = binarizer.transform([[t for t in predicted.get(k, []) if t in topic_ids] for k in items])
    per = {}
    if items:
        p, r, f, support = precision_recall_fscore_support(y_true, y_pred, labels=range(len(topic_ids)), zero_division=0)
        for i, t in enumerate(topic_ids):
            per[t] = {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(support[i])}
    else:
        per = {t: {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0} for t in topic_ids}
    supported = [i for i, t in enumerate(topic_ids) if per[t]["support"]]
    micro = float(f1_score(y_true, y_pred, average="micro", zero_division=0)) if items else 0.0
    macro = float(f1_score(y_true, y_pred, labels=supported, average="macro", zero_division=0)) if supported else 0.0
    first_true = [(expected[k] or [NONE])[0] for k in items]
    first_pred = [(predicted.get(k) or [NONE])[0] for k in items]
    labels = [*topic_ids, NONE]
    table = {}
    if items:
        matrix = confusion_matrix(first_true, first_pred, labels=labels)
        table = {e: {labels[j]: int(n) for j, n in enumerate(row) if n} for e, row in zip(labels, matrix, strict=True) if row.any()}
    return {
        "per_topic": per,
        "micro_f1": micro,
        "macro_f1": macro,
        "first_topic_accuracy": float(accuracy_score(first_true, first_pred)) if items else 0.0,
        "confusion": table,
    }


# -- layout repair against typeset gold (issue 14; material from scripts/typeset_layouts.py) -----

#: the figures :func:`layout_scores` gives: found/total counts, then leak counts
LAYOUT_FOUND = ("titles", "sentences", "breaks")
LAYOUT_LEAKS = ("layout_in_bodies", "captions_in_sentences")
#: a gold sentence shorter than this (characters, normalised) is not counted
MIN_SENTENCE = 6
#: where gold body text is split into sentences (after the mark)
_SENTENCE_END = re.compile(r"(?<=[。！？])")
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
#: joins parsed texts so that no match runs from one block into the next
_SEP = "\x00"


def norm(text: str) -> str:
    """``text`` in NFKC with all whitespace removed (both sides of every layout comparison)."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def gold_sentences(paragraph: str) -> list[str]:
    """The normalised sentences of a gold paragraph: split after 。！？, pieces under :data:`MIN_SENTENCE` characters dropped."""
    return [s for s in (norm(p) for p in _SENTENCE_END.split(paragraph)) if len(s) >= MIN_SENTENCE]


@dataclass
class LayoutScore:
    """Layout-repair figures for one file or a total.

    Attributes:
        found, total: per figure of :data:`LAYOUT_FOUND`, gold items the parse got right and gold items.
        leaks: per figure of :data:`LAYOUT_LEAKS`, occurrences too many in the parsed bodies.
        lines: per figure of :data:`LAYOUT_LEAKS`, the gold lines checked.
        files, refused: files scored, files the reader refused (:class:`~urbankb.ingest.SeedError`).
    """

    found: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LAYOUT_FOUND, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LAYOUT_FOUND, 0))
    leaks: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LAYOUT_LEAKS, 0))
    lines: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LAYOUT_LEAKS, 0))
    files: int = 0
    refused: int = 0

    def add(self, other: LayoutScore) -> None:
        """Add ``other``'s counts to these."""
        for key in LAYOUT_FOUND:
            self.found[key] += other.found[key]
            self.total[key] += other.total[key]
        for key in LAYOUT_LEAKS:
            self.leaks[key] += other.leaks[key]
            self.lines[key] += other.lines[key]
        self.files += other.files
        self.refused += other.refused

    def as_dict(self) -> dict:
        """``{figure: {"found", "total"}}`` and ``{leak: {"count", "lines"}}``, plus ``files`` and ``refused``."""
        out: dict = {k: {"found": self.found[k], "total": self.total[k]} for k in LAYOUT_FOUND}
        out.update({k: {"count": self.leaks[k], "lines": self.lines[k]} for k in LAYOUT_LEAKS})
        out.update(files=self.files, refused=self.refused)
        return out


def _gold_totals(gold: dict) -> LayoutScore:
    score = LayoutScore(files=1)
    articles = gold["articles"]
    score.total["titles"] = len(articles)
    score.total["sentences"] = sum(len(gold_sentences(p)) for a in articles for p in a["paragraphs"])
    score.total["breaks"] = sum(len(a["cut"]) for a in articles)
    return score


def _leaks(lines: list[str], parsed_text: str, gold_text: str) -> tuple[int, int]:
    """(occurrences too many, lines checked) of the distinct non-digit ``lines`` in ``parsed_text`` against ``gold_text``."""
    count = checked = 0
    for line in sorted({norm(x) for x in lines}):
        if not line or _DIGITS.fullmatch(line):
            continue
        checked += 1
        count += max(0, parsed_text.count(line) - gold_text.count(line))
    return count, checked


def layout_scores(parsed, gold: dict) -> LayoutScore:
    """Score one parsed file against its typeset gold (a ``<stem>.gold.yaml`` as a dict).

    Args:
        parsed: an :class:`urbankb.ingest.ParsedFile` (its ``articles``' ``title`` and ``blocks``).
        gold: ``{"articles": [{"title", "paragraphs", "cut", …}], "layout": [str], "captions": [str]}``.

    Returns:
        a :class:`LayoutScore`; both sides are normalised by :func:`norm`:
        ``titles`` gold titles equal to some parsed title; ``sentences`` gold body sentences
        (:func:`gold_sentences`) inside one parsed paragraph or heading; ``breaks`` gold cut
        paragraphs whole inside one parsed paragraph; ``layout_in_bodies`` and
        ``captions_in_sentences`` occurrences of the gold layout lines (those not only digits)
        in the parsed paragraphs and headings, and of the gold captions in the parsed
        paragraphs, beyond their occurrences in the gold bodies.
    """
    score = _gold_totals(gold)
    titles = {norm(a.title) for a in parsed.articles}
    body = [norm(b.text) for a in parsed.articles for b in a.blocks if b.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)]
    paragraphs = [norm(b.text) for a in parsed.articles for b in a.blocks if b.kind == BlockKind.PARAGRAPH]
    body_text = _SEP.join(body)
    gold_body = _SEP.join(norm(p) for a in gold["articles"] for p in a["paragraphs"])
    for article in gold["articles"]:
        score.found["titles"] += norm(article["title"]) in titles
        for p in article["paragraphs"]:
            score.found["sentences"] += sum(any(s in b for b in body) for s in gold_sentences(p))
        for j in article["cut"]:
            whole = norm(article["paragraphs"][j])
            score.found["breaks"] += any(whole in b for b in paragraphs)
    score.leaks["layout_in_bodies"], score.lines["layout_in_bodies"] = _leaks(gold["layout"], body_text, gold_body)
    score.leaks["captions_in_sentences"], score.lines["captions_in_sentences"] = _leaks(gold["captions"], _SEP.join(paragraphs), gold_body)
    return score


def refused_score(gold: dict) -> LayoutScore:
    """The score of a file the reader refused: nothing found, no leaks, the gold's totals."""
    score = _gold_totals(gold)
    score.refused = 1
    _, score.lines["layout_in_bodies"] = _leaks(gold["layout"], "", "")
    _, score.lines["captions_in_sentences"] = _leaks(gold["captions"], "", "")
    return score


#: the routes from a typeset PDF to urbankb: the two extracted texts, and the PDF itself
LAYOUT_ROUTES = ("pdftotext", "pdfminer", "pdf")


def score_route(gold_paths: list, route: str, segmenter) -> LayoutScore | None:
    """Total :func:`layout_scores` over typeset files read by urbankb's own reader along ``route``.

    Args:
        gold_paths: ``<stem>.gold.yaml`` paths (:class:`pathlib.Path`); the route's input is next to each.
        route: ``"pdftotext"`` / ``"pdfminer"`` (``<stem>.<route>.txt`` read as ``<stem>.txt``) or
            ``"pdf"`` (``<stem>.pdf`` read by the ``.pdf`` reader).
        segmenter: what the readers segment with (an :class:`urbankb.nlp.Analyzer`).

    Returns:
        the total, or ``None`` when the route has no reader (no ``.pdf`` reader registered).
    """
    from pathlib import Path

    import yaml

    from .ingest import READERS, SeedError, read_file

    if route == "pdf" and ".pdf" not in READERS:
        return None
    total = LayoutScore()
    for gold_path in gold_paths:
        gold_path = Path(gold_path)
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        stem = gold_path.name.removesuffix(".gold.yaml")
        source = gold_path.with_name(f"{stem}.pdf" if route == "pdf" else f"{stem}.{route}.txt")
        name = Path(f"{stem}.pdf" if route == "pdf" else f"{stem}.txt")
        try:
            parsed = read_file(name, source.read_bytes(), segmenter)
        except SeedError:
            total.add(refused_score(gold))
            continue
        total.add(layout_scores(parsed, gold))
    return total
