"""Train the keyphrase model (``src/urbankb/data/keyphrase_model.json``) on CSL dev rows, and cross-validate it.

Usage: ``python scripts/train_keyphrases.py [--cv-only] [--C 0.005] [--rows dev|dev+train]``

The rows of ``tests/data/csl/dev.tsv`` and ``tests/data/csl/train.tsv`` (both from the source's
``dev.tsv``, see the folder's README; never ``test.tsv``) become articles (title, abstract),
segmented and TextRank-ed as a build does (:func:`urbankb.nlp.analyse`,
:func:`urbankb.nlp.set_textrank`); each candidate of :func:`urbankb.nlp.keyphrase_pool` gets
its :func:`urbankb.nlp.keyphrase_features` (those :func:`urbankb.nlp.admitted_features` lets through: the
model ranks only what the filters admit) and the label "is one of the authors' keywords"
(exact match after NFKC and lower-casing).  A scikit-learn ``StandardScaler`` and
``LogisticRegression`` (L2, ``C``) are fitted — KEA's supervised candidate classification
(Witten et al. 1999) with a linear model — and written as plain numbers, so the build needs no
model library.  Before writing, 5-fold cross-validation over the rows (3 shuffles) reports F1@5
of :func:`urbankb.nlp.rank_keyphrases` with the fold's model.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler

from urbankb import nlp
from urbankb.evaluate import benchmark_articles, keyword_f1_at_k, read_keyword_benchmark

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "data" / "csl" / "dev.tsv"
TRAIN = ROOT / "tests" / "data" / "csl" / "train.tsv"
#: the row sets ``--rows`` can name
ROW_SETS = {"dev": (DEV,), "dev+train": (DEV, TRAIN)}
OUT = ROOT / "src" / "urbankb" / "data" / nlp.KEYPHRASE_MODEL


def _form(word: str) -> str:
    return unicodedata.normalize("NFKC", word).lower()


def prepared(paths: tuple[Path, ...] = ROW_SETS["dev+train"]):
    """The rows' articles (analysed, TextRank set), their feature rows and gold keywords, the files' rows in order."""
    rows = [row for path in paths for row in read_keyword_benchmark(path)]
    analyzer = nlp.Analyzer()
    articles = benchmark_articles(rows)
    nlp.analyse(articles, analyzer)
    nlp.set_textrank(articles, analyzer)
    features = [nlp.admitted_features(art, analyzer)[0] for art in articles]
    return analyzer, articles, features, [kw for _t, _a, kw in rows]


def fit(features: list[dict], gold: list[list[str]], c: float, source: str = "") -> dict:
    """The model file's content, fitted on these documents."""
    x, y = [], []
    for rows, kw in zip(features, gold, strict=True):
        wanted = {_form(w) for w in kw}
        for phrase, f in rows.items():
            x.append([f[n] for n in nlp.KEYPHRASE_FEATURES])
            y.append(_form(phrase) in wanted)
    scaler = StandardScaler().fit(np.array(x))
    model = LogisticRegression(C=c, max_iter=5000).fit(scaler.transform(np.array(x)), np.array(y))
    return {
        "features": list(nlp.KEYPHRASE_FEATURES),
        "mean": [round(float(v), 6) for v in scaler.mean_],
        "scale": [round(float(v), 6) for v in scaler.scale_],
        "coef": [round(float(v), 6) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "C": c,
        "trained_on": f"CSL keyword generation dev rows ({source}), {len(gold)} abstracts, {len(y)} candidates",
    }


def cross_validate(analyzer, articles, features, gold, c: float, seeds=(0, 1, 2)) -> float:
    """Mean F1@5 of 5-fold cross-validation over the rows, ``len(seeds)`` shuffles."""
    scores = []
    for seed in seeds:
        predicted: list[list[str]] = [[] for _ in articles]
        for train, held in KFold(5, shuffle=True, random_state=seed).split(articles):
            path = Path(f"/tmp/keyphrase_fold_{seed}.json")
            path.write_text(json.dumps(fit([features[i] for i in train], [gold[i] for i in train], c)), encoding="utf-8")
            model = nlp.KeyphraseModel(path)
            for i in held:
                predicted[i] = [w for w, _s in nlp.rank_keyphrases(articles[i], analyzer, model)[:5]]
        scores.append(keyword_f1_at_k(predicted, gold)["f1"])
    return float(np.mean(scores))


def main() -> None:
    """Cross-validate on CSL dev, then (unless ``--cv-only``) fit on all of dev and write the model file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--C", type=float, default=0.005, help="inverse L2 regularisation strength")
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--rows", choices=sorted(ROW_SETS), default="dev+train", help="which stored rows to train and cross-validate on")
    args = parser.parse_args()
    paths = ROW_SETS[args.rows]
    analyzer, articles, features, gold = prepared(paths)
    cv = cross_validate(analyzer, articles, features, gold, args.C)
    print(f"CSL {args.rows} ({len(articles)} rows) 5-fold cross-validated F1@5: {cv:.4f} (C={args.C})")
    if not args.cv_only:
        source = " + ".join(str(p.relative_to(ROOT)) for p in paths)
        data = fit(features, gold, args.C, source) | {"cv_f1_at_5": round(cv, 4)}
        OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
