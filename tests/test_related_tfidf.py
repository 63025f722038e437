"""The TF-IDF vectors of related articles and the English stop words are scikit-learn's, without importing it in a build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import numpy as np
from conftest import SEEDS
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_STOP_WORDS
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from urbankb.knowledge.related import content_tokens, tfidf_matrix
from urbankb.nlp import ENGLISH_STOP_WORDS


def test_tfidf_matrix_is_scikit_learns_to_the_last_bit(seed_corpus, analyzer):
    corpus, _report = seed_corpus
    docs = [content_tokens(a, analyzer) for a in corpus.articles] + [[]]  # an empty document keeps a zero row
    table, median = analyzer.idf_table()
    ours = tfidf_matrix(docs, lambda word: table.get(word, median))
    counter = CountVectorizer(analyzer=lambda d: d)
    counts = counter.fit_transform(docs)
    transformer = TfidfTransformer(sublinear_tf=True).fit(counts)
    transformer.idf_ = np.array([table.get(word, median) for word in counter.get_feature_names_out()])
    theirs = transformer.transform(counts)
    assert ours.shape == theirs.shape and ours.nnz == theirs.nnz > 1000
    assert (ours.indptr == theirs.indptr).all() and (ours.indices == theirs.indices).all()
    assert (ours.data == theirs.data).all()
    assert ours[len(docs) - 1].nnz == 0


def test_english_stop_words_are_scikit_learns():
    assert ENGLISH_STOP_WORDS == SKLEARN_STOP_WORDS


def test_a_build_does_not_import_scikit_learn(tmp_path):
    """scikit-learn (with the SciPy modules it loads, about 65 MiB) is for ``urbankb evaluate`` and the scripts only."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in sorted(SEEDS.iterdir())[:2]:
        shutil.copy(path, seeds / path.name)
    code = (
        "import json, sys\n"
        "from urbankb import cli\n"
        f"status = cli.main(['build', '--seeds', {str(seeds)!r}, '--docs', {str(tmp_path / 'docs')!r}, '--no-cache', '-j', '1'])\n"
        "print(json.dumps([status, sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn')]))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert run.returncode == 0, run.stderr
    status, loaded = json.loads(run.stdout.strip().splitlines()[-1])
    assert status in (0, None) and (tmp_path / "docs" / "kb.json").exists()
    assert loaded == []
