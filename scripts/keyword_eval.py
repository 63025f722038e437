"""Keyword extraction on the CSL keyword benchmark: urbankb's keywords and jieba's side by side.

Usage: ``python scripts/keyword_eval.py --split dev|train|test [--k 5] [--show N]``

The rows of ``tests/data/csl/<split>.tsv`` (see its README) become a corpus of articles,
one per row (its title, and its abstract as one paragraph), analysed by the stages the
build runs: the file stages (:data:`urbankb.pipeline.FILE_STAGES`: segmentation, TextRank and
keyphrases ranked per article by :func:`urbankb.nlp.rank_keyphrases`, topics) and the keyword stage of
:data:`urbankb.pipeline.CORPUS_STAGES` (:func:`urbankb.nlp.extract_keywords`, which trims them).  The
keyphrase model was fitted on ``dev`` and ``train`` (``scripts/train_keyphrases.py``): their figures are fits, their
5-fold cross-validated figure is printed by the training script.  The baseline is
``jieba.analyse.extract_tags(text, topK=k)`` on the same text (abstract and title).  Both are
scored by :func:`urbankb.evaluate.keyword_f1_at_k`.  Tune on ``dev`` and ``train`` only.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from urbankb import nlp
from urbankb.config import BuildConfig
from urbankb.evaluate import benchmark_articles, keyword_f1_at_k, read_keyword_benchmark
from urbankb.pipeline import load_analysis, run_file_stages

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "csl"


def urbankb_keywords(rows: list[tuple[str, str, list[str]]], k: int = 5) -> list[list[str]]:
    """urbankb's first ``k`` keywords per row, computed as a build computes them (see the module doc)."""
    analysis = load_analysis(BuildConfig())
    articles = benchmark_articles(rows)
    run_file_stages(articles, analysis)
    nlp.extract_keywords(articles, analysis.analyzer)
    return [[w for w, _s in art.keywords[:k]] for art in articles]


def jieba_keywords(rows: list[tuple[str, str, list[str]]], k: int = 5) -> list[list[str]]:
    """``jieba.analyse.extract_tags`` (TF-IDF with jieba's IDF table) on each row's abstract and title."""
    import jieba.analyse

    return [jieba.analyse.extract_tags(f"{abstract} {title}", topK=k) for title, abstract, _kw in rows]


def main() -> None:
    """Print F1@k (precision, recall) of urbankb and of jieba on one split."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "train", "test"), default="dev")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--show", type=int, default=0, help="print the first N rows' keywords")
    args = parser.parse_args()
    rows = read_keyword_benchmark(DATA / f"{args.split}.tsv")
    gold = [kw for _t, _a, kw in rows]
    start = time.perf_counter()
    ours = urbankb_keywords(rows, args.k)
    seconds = time.perf_counter() - start
    theirs = jieba_keywords(rows, args.k)
    for name, predicted in (("urbankb", ours), ("jieba extract_tags", theirs)):
        s = keyword_f1_at_k(predicted, gold, args.k)
        print(
            f"{name:>20}: F1@{args.k} {s['f1']:.3f}  P {s['precision']:.3f}  R {s['recall']:.3f}  (CSL kg {args.split}, first {len(rows)} rows)"
        )
    print(f"urbankb analysis and keywords: {seconds:.1f} s")
    for (title, _a, kw), mine, base in list(zip(rows, ours, theirs, strict=True))[: args.show]:
        print(f"\n{title}\n  gold:    {' · '.join(kw)}\n  urbankb: {' · '.join(mine)}\n  jieba:   {' · '.join(base)}")


if __name__ == "__main__":
    main()
