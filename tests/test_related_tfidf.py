"""Related articles' maths: the TF-IDF vectors and the English stop words are scikit-learn's, without importing it in
a build; the candidate pairs' shared weights, taken in blocks, are the one-row products; a long-running
process's kept related step gives a fresh run's lists."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys

import numpy as np
from conftest import SEEDS
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN_STOP_WORDS
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sparse_dot_topn import sp_matmul_topn

from urbankb.config import RelatedScoring
from urbankb.knowledge import related
from urbankb.knowledge.related import PAIR_BLOCK_ENTRIES, content_tokens, pair_products, relate, tfidf_rows
from urbankb.nlp import ENGLISH_STOP_WORDS


def test_tfidf_rows_are_scikit_learns_to_the_last_bit(seed_corpus, analyzer):
    corpus, _report = seed_corpus
    docs = [content_tokens(a, analyzer) for a in corpus.articles] + [[]]  # an empty document keeps a zero row
    table, median = analyzer.idf_table()
    ours = tfidf_rows(docs, lambda word: table.get(word, median))[0]
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
    matrix = tfidf_rows(docs, lambda word: table.get(word, median))[0]
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


def test_a_cosine_is_the_same_sum_from_either_article(seed_corpus, analyzer):
    """What lets a kept neighbour list take a changed article's cosines from that article's own row."""
    corpus, _report = seed_corpus
    docs = [content_tokens(a, analyzer) for a in corpus.articles]
    table, median = analyzer.idf_table()
    matrix = tfidf_rows(docs, lambda word: table.get(word, median))[0]
    product = sp_matmul_topn(matrix, matrix.T.tocsr(), top_n=matrix.shape[0], threshold=0.0).toarray()
    assert (product == product.T).all() and (product > 0).sum() > len(docs)


def _variants(corpus) -> list:
    """Articles made from windows of the seed articles' blocks: enough of them for kept neighbour lists to be cut."""
    out = []
    for art in corpus.articles:
        for start in range(0, max(1, len(art.tokens) - 3), 3):
            blocks = range(start, min(len(art.tokens), start + 6))
            variant = copy.copy(art)
            variant.id, variant.fingerprint = f"{art.id}~{start:03d}", f"{art.fingerprint}~{start}"
            variant.tokens = [art.tokens[b] for b in blocks]
            variant.mentions = [m for m in art.mentions if m[0] in blocks]
            out.append(variant)
    return out


def _related(articles) -> dict:
    return {a.id: [(rid, score, [str(r) for r in reasons]) for rid, score, reasons in a.related] for a in articles}


def test_a_kept_related_memo_gives_a_cold_builds_lists_after_articles_come_change_and_go(seed_corpus, analyzer, monkeypatch):
    """``urbankb serve``'s related step (RelatedMemo): after each change, the lists a fresh run gives,
    with only the changed articles' rows computed again."""
    corpus, _report = seed_corpus
    monkeypatch.setattr(related, "PRESELECT_PER_RELATED", 1)
    monkeypatch.setattr(related, "PRESELECT_MIN", 4)
    monkeypatch.setattr(related, "NEAR_MARGIN", 2)  # 4 candidates and 7 neighbours of the variants' many
    settings = RelatedScoring(count=2)
    articles = _variants(corpus)
    assert len(articles) > 30
    rows = []
    real = related.sp_matmul_topn
    monkeypatch.setattr(related, "sp_matmul_topn", lambda a, *args, **kw: rows.append(a.shape[0]) or real(a, *args, **kw))
    memo = related.RelatedMemo()

    def check(current: list) -> int:
        rows.clear()
        relate(current, analyzer, settings, memo=memo)
        kept = _related(current)
        computed = sum(rows)
        fresh = [copy.copy(a) for a in current]
        with monkeypatch.context() as m:  # the fresh run's pairs in one sparse product, the kept run's one at a time
            m.setattr(related, "SPARSE_PAIRS", 0)
            relate(fresh, analyzer, settings)
        assert kept == _related(fresh)
        return computed

    assert check(articles) == len(articles)  # the first run computes every row
    new = copy.copy(articles[5])
    new.id, new.fingerprint, new.tokens = "zz-new", "zz-new", articles[5].tokens + articles[17].tokens
    articles.append(new)
    assert check(articles) < len(articles) // 2  # the new article's row, and the lists it cut too short
    changed = copy.copy(articles[9])
    changed.fingerprint, changed.tokens = "changed", articles[9].tokens[:1]
    articles[9] = changed
    check(articles)
    retopic = copy.copy(articles[12])
    retopic.topics = retopic.topics[1:] + retopic.topics[:1] if len(retopic.topics) > 1 else []
    articles[12] = retopic
    assert check(articles) == 0  # topics move scores, not cosines
    del articles[3], articles[20]
    check(articles)
    # an article whose nearest neighbours go: its kept list is cut below its candidates and is computed again
    nearest = {j for _c, j in memo.near[articles[0].id][0][:3]}
    articles = [a for a in articles if a.id not in nearest]
    assert check(articles) > 0
    assert memo.vectors.keys() == {a.id for a in articles} == memo.near.keys()
