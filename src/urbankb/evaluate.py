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
LAYOUT_FOUND = ("titles", "sentences", "breaks", "placed", "speakers")
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
    score.total["placed"] = score.total["sentences"]
    score.total["speakers"] = sum(1 for a in articles if a.get("speaker"))
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
    owners = _owners(parsed.articles, gold["articles"])
    for article, (owner, placed) in zip(gold["articles"], owners, strict=True):
        score.found["placed"] += placed
        if article.get("speaker") and owner is not None:
            score.found["speakers"] += norm(owner.speaker) == norm(article["speaker"])
    score.leaks["layout_in_bodies"], score.lines["layout_in_bodies"] = _leaks(gold["layout"], body_text, gold_body)
    score.leaks["captions_in_sentences"], score.lines["captions_in_sentences"] = _leaks(gold["captions"], _SEP.join(paragraphs), gold_body)
    return score


def _owners(parsed_articles: list, gold_articles: list[dict]) -> list[tuple[object | None, int]]:
    """Per gold article, ``(the parsed article standing for it or None, its gold sentences in that article)``.

    The pairs are chosen one to one, most shared sentences first (ties: gold order, then parsed
    order), so two gold articles read as one parsed article give it to one of them only.
    """
    texts = [[norm(b.text) for b in a.blocks if b.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)] for a in parsed_articles]
    shared = []
    for g, article in enumerate(gold_articles):
        sentences = [s for p in article["paragraphs"] for s in gold_sentences(p)]
        for p, blocks in enumerate(texts):
            n = sum(any(s in b for b in blocks) for s in sentences)
            if n:
                shared.append((-n, g, p))
    owners: list[tuple[object | None, int]] = [(None, 0)] * len(gold_articles)
    taken: set[int] = set()
    for n, g, p in sorted(shared):
        if owners[g][0] is None and p not in taken:
            owners[g] = (parsed_articles[p], -n)
            taken.add(p)
    return owners


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


#: entity types the held-out labels give (documents are not labelled)
LABELLED_TYPES = ("person", "organization", "place")


def entity_scores(predicted: dict[str, list[tuple[str, str, list[str]]]], gold: dict[str, list[dict]]) -> dict:
    """Entity recognition per article against a labelled set: precision and recall per type and overall.

    Args:
        predicted: article file name -> the entities whose pages list it, as ``(type, name, aliases)``.
        gold: article file name -> its labelled mentions, each a mapping with ``text``, ``type``
            and ``referent`` (``count`` is not used).

    A predicted entity is correct when some gold referent of its type in the same article
    has, as its referent or one of its labelled surfaces, the entity's name or one of its
    aliases; a gold referent is found when some predicted entity is correct for it.
    Only the articles in ``gold`` and the types in :data:`LABELLED_TYPES` count.

    Returns:
        ``{"overall": {...}, "person": {...}, "organization": {...}, "place": {...},
        "errors": {file: {"missed": [(type, referent)], "wrong": [(type, name)]}}}`` where each
        ``{...}`` is ``{"precision", "recall", "f1", "predicted", "gold", "tp_pred", "tp_gold"}``;
        a ratio with nothing to divide by is 0.
    """
    tally = {t: [0, 0, 0, 0] for t in LABELLED_TYPES}  # predicted, correct predicted, gold, found gold
    errors = {}
    for name, mentions in gold.items():
        referents: dict[tuple[str, str], set[str]] = {}
        for m in mentions:
            if m["type"] in LABELLED_TYPES:
                referents.setdefault((m["type"], str(m["referent"])), {str(m["referent"])}).add(str(m["text"]))
        found, wrong = set(), []
        for type_, ent, aliases in predicted.get(name, []):
            if type_ not in LABELLED_TYPES:
                continue
            forms = {ent, *aliases}
            hits = [ref for ref, surfaces in referents.items() if ref[0] == type_ and forms & surfaces]
            tally[type_][0] += 1
            if hits:
                tally[type_][1] += 1
                found.update(hits)
            else:
                wrong.append((type_, ent))
        for type_, _ref in referents:
            tally[type_][2] += 1
        for type_, _ref in found:
            tally[type_][3] += 1
        errors[name] = {"missed": sorted(set(referents) - found), "wrong": sorted(wrong)}
    out = {t: _ratios(*tally[t]) for t in LABELLED_TYPES}
    out["overall"] = _ratios(*(sum(v[i] for v in tally.values()) for i in range(4)))
    out["errors"] = errors
    return out


def _ratios(predicted: int, tp_pred: int, gold: int, tp_gold: int) -> dict:
    p = tp_pred / predicted if predicted else 0.0
    r = tp_gold / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "predicted": predicted, "gold": gold, "tp_pred": tp_pred, "tp_gold": tp_gold}


def span_scores(gold: list[set[tuple[int, int, str]]], predicted: list[set[tuple[int, int, str]]]) -> dict:
    """Span-level precision, recall and F1 per type and overall (CoNLL-style exact match of start, end, type).

    Args:
        gold, predicted: per sentence, the set of ``(start, end, type)`` spans.

    Returns:
        ``{type: {"precision", "recall", "f1", "predicted", "gold", "tp_pred", "tp_gold"}, "overall": {...}}``.
    """
    types = sorted({t for spans in (*gold, *predicted) for _s, _e, t in spans})
    tally = {t: [0, 0, 0] for t in types}  # predicted, gold, correct
    for g, p in zip(gold, predicted, strict=True):
        for _s, _e, t in p:
            tally[t][0] += 1
        for _s, _e, t in g:
            tally[t][1] += 1
        for _s, _e, t in g & p:
            tally[t][2] += 1
    out = {t: _ratios(v[0], v[2], v[1], v[2]) for t, v in tally.items()}
    out["overall"] = _ratios(*(sum(v[i] for v in tally.values()) for i in (0, 2, 1, 2)))
    return out


def _keyword_form(word: str) -> str:
    """A keyword as :func:`keyword_f1_at_k` compares it: NFKC-normalised, lower case, outer blanks removed."""
    import unicodedata

    return unicodedata.normalize("NFKC", word).strip().lower()


def keyword_f1_at_k(predicted: list[list[str]], gold: list[list[str]], k: int = 5) -> dict[str, float]:
    """Keyword extraction against authors' keywords: macro-averaged precision, recall and F1 at ``k``.

    The usual exact-match protocol of keyphrase benchmarks (e.g. Hulth 2003; Kim et al. 2010,
    SemEval-2010 task 5), without stemming: per document, the first ``k`` predictions are
    compared with the gold keywords after NFKC normalisation and lower-casing, no partial
    credit; precision = matches / number predicted (at most ``k``), recall = matches / number
    of gold keywords, F1 their harmonic mean (0 when both are 0); then each figure is averaged
    over the documents.

    Args:
        predicted: per document, keywords best first.
        gold: per document, the gold keywords (duplicates count once).
        k: how many predictions count.

    Returns:
        ``{"precision", "recall", "f1", "documents"}`` (floats in [0, 1]; ``documents`` the count).

    Raises:
        ValueError: the two lists differ in length.
    """
    if len(predicted) != len(gold):
        raise ValueError(f"{len(predicted)} predicted keyword lists for {len(gold)} gold lists")
    totals = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    for pred, true in zip(predicted, gold, strict=True):
        wanted = {_keyword_form(w) for w in true if _keyword_form(w)}
        top = list(dict.fromkeys(_keyword_form(w) for w in pred))[:k]
        hits = sum(1 for w in top if w in wanted)
        p = hits / len(top) if top else 0.0
        r = hits / len(wanted) if wanted else 0.0
        totals["precision"] += p
        totals["recall"] += r
        totals["f1"] += 2 * p * r / (p + r) if p + r else 0.0
    n = len(gold)
    return {name: value / n if n else 0.0 for name, value in totals.items()} | {"documents": float(n)}


#: where a CSL row's abstract ends and its title begins: a sentence end, then one blank
_ABSTRACT_END = __import__("re").compile(r"[.。!?！？…;；]\s+(?=\S)")


def read_keyword_benchmark(path) -> list[tuple[str, str, list[str]]]:
    """Rows of a CSL keyword-generation file (Li et al. 2022, "CSL: A Large-scale Chinese
    Scientific Literature Dataset", ``benchmark/kg/*.tsv``).

    Each line is ``to keywords<TAB>abstract + " " + title<TAB>kw1_kw2_…``.  The title is what
    follows the last sentence end (``.``, ``。``, ``!``, ``?``, ``;`` and their full-width forms)
    followed by blanks; a row without one is split at its last blank.

    Args:
        path: the ``.tsv`` file (UTF-8).

    Returns:
        ``(title, abstract, keywords)`` per row, in file order (keywords split at ``_``).

    Raises:
        ValueError: a line without exactly three tab-separated fields.
    """
    from pathlib import Path

    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 3:
            raise ValueError(f"{path}:{number}: {len(fields)} tab-separated fields, expected 3")
        text = fields[1].strip()
        ends = list(_ABSTRACT_END.finditer(text))
        if ends:
            abstract, title = text[: ends[-1].start() + 1], text[ends[-1].end() :]
        else:
            abstract, _, title = text.rpartition(" ")
        rows.append((title.strip(), abstract.strip(), [k for k in fields[2].split("_") if k.strip()]))
    return rows


def benchmark_articles(rows: list[tuple[str, str, list[str]]]) -> list:
    """One :class:`~urbankb.model.Article` per benchmark row: its title, and its abstract as one paragraph."""
    from .model import Article, Block, BlockKind

    return [
        Article(id=f"row-{i:04d}", seed=f"row-{i:04d}.txt", title=title, blocks=[Block(BlockKind.PARAGRAPH, abstract, 1)])
        for i, (title, abstract, _kw) in enumerate(rows)
    ]
