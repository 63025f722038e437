"""Related articles' maths: the TF-IDF vectors and the English stop words are scikit-learn's, without importing it in
a build; the candidate pairs' shared weights, taken in blocks, are the one-row products."""

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

from urbankb.knowledge import related
from urbankb.knowledge.related import PAIR_BLOCK_ENTRIES, content_tokens, pair_products, tfidf_matrix
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


def test_pair_products_in_blocks_are_the_one_row_products_to_the_last_bit(seed_corpus, analyzer, monkeypatch):
    """The shared-concept weights of candidate pairs, taken a block of rows at a time, equal one-row products."""
    corpus, _report = seed_corpus
    docs = [content_tokens(a, analyzer) for a in corpus.articles]
    table, median = analyzer.idf_table()
    matrix = tfidf_matrix(docs, lambda word: table.get(word, median))
    pairs = (matrix @ matrix.T).tocsr()
    pairs.data[:] = 1.0
    pairs.eliminate_zeros()
    assert pairs.nnz > len(docs)
    expected = np.concatenate(
        [(matrix[i] @ matrix[pairs.indices[pairs.indptr[i] : pairs.indptr[i + 1]]].T).toarray().ravel() for i in range(len(docs))]
    )
    for block in (PAIR_BLOCK_ENTRIES, 3 * matrix.shape[0], 1):  # all rows at once, three rows, one row a block
        monkeypatch.setattr(related, "PAIR_BLOCK_ENTRIES", block)
        assert (pair_products(matrix, matrix, pairs) == expected).all()
