"""Links between articles: related articles with reasons.

Related-article rule (the weights are settings, :class:`urbankb.config.RelatedScoring`,
``related_scoring:`` in ``urbankb.yml``):

``score = cosine · cos(tfidf_a, tfidf_b)
+ topic · |topics_a ∩ topics_b| / |topics_a ∪ topics_b|
+ shared · Σ_{k ∈ A∩B} idf(k) / Σ_{k ∈ A∪B} idf(k)``

where *A* and *B* are what each article is about beyond its wording: the
terms and entities it mentions (:attr:`Article.mentions`, see
:mod:`urbankb.knowledge`; keywords that are terms are among them), and the
organisations and places of a speaker's affiliation, without its own
reporters and authors; ``idf(k)`` is the IDF of the term's or entity's name in
jieba's table (:meth:`urbankb.nlp.Analyzer.phrase_idf`), so sharing a rare term
(再自然化) counts far more than sharing 中国.

Every IDF here is jieba's table (``jieba/analyse/idf.txt``, a large general
corpus), never the corpus's own document frequencies: the score of two
articles depends on those two alone, so a new seed changes a related list
only where the new article enters it (issue 16), and the order of the
others never shifts with the corpus' statistics.

TF-IDF vectors (:func:`tfidf_matrix`) are scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` weighting —
TF ``1 + ln(count)``, times the IDF, rows scaled to unit L2 norm — with the table's IDF (a word the table lacks
gets its median), computed with scipy.sparse alone: scikit-learn's import costs about 65 MiB of SciPy modules
for what is, with the IDF given, three array operations (a test holds the two equal); they are kept sparse; the
cosine similarities come from ``sparse_dot_topn``'s ``sp_matmul_topn``,
which multiplies on every core and keeps only each row's best candidates,
so memory grows with ``N``, never ``N × N`` (the time still grows with the
number of article pairs that share a word).  The shared-concept weights of
each article's candidates are one sparse product (articles × concepts, the
columns scaled by ``idf``).  The page shows the reasons: shared topic, the most specific
shared terms and entities, and a shared source file.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import compress

import numpy as np
from scipy import sparse
from sparse_dot_topn import sp_matmul_topn

from ..config import RelatedScoring
from ..model import Article, Key, Reason
from ..nlp import Analyzer

#: articles pre-selected by cosine for each related list (then scored by the whole formula): this many per
#: related article listed, and at least :data:`PRESELECT_MIN`.  A wide pre-selection also keeps a new seed
#: that enters an unrelated article's pre-selection from pushing out one of its related articles (issue 16).
PRESELECT_PER_RELATED = 10
PRESELECT_MIN = 50


def content_tokens(art: Article, analyzer: Analyzer) -> list[str]:
    """Title and body tokens of 2+ characters that are not stop words or numbers."""
    tokens = [t for block in art.tokens for t in block] + art.title_tokens
    return list(compress(tokens, analyzer.content_mask(tokens)))


def concept_keys(art: Article) -> set[Key]:
    """Terms and entities the article mentions, as :class:`~urbankb.model.Key`.

    The article's own reporters, correspondents and authors are left out: they say who wrote it, not what it is about.
    """
    bylines = {Key.entity("person", n) for n in (*art.reporters, *art.correspondents, *art.authors)}
    keys = {key for _b, _s, _e, key in art.mentions}
    keys |= {Key.entity(t, n) for t, names in art.entities.items() for n in names if t != "person"}
    return keys - bylines


def _reason(key: Key) -> Reason:
    """A shared term or entity as a reason; a document's title in 《》."""
    if key.kind == "entity":
        return Reason("entity", f"《{key.name}》" if key.type == "document" else key.name)
    return Reason("term", key.name)


def relate(articles: list[Article], analyzer: Analyzer, settings: RelatedScoring | None = None, threads: int = 1) -> None:
    """Fill :attr:`Article.related` with the ``settings.count`` best ``(id, score, reasons)``.

    ``threads``: for ``sparse_dot_topn``'s product (the result does not depend on it).
    Reasons (:class:`~urbankb.model.Reason`) are ``topic:<id>``, up to ``settings.reason_items`` ``term:<term>`` /
    ``entity:<name>`` (rarest first), ``source:<collection>`` when both come
    from one file, and ``text:`` when only the wording is alike.
    Ties break on article id, so output is deterministic.
    """
    weights = settings or RelatedScoring()
    k = weights.count
    n = len(articles)
    if n < 2:
        return
    table, median = analyzer.idf_table()
    matrix = tfidf_matrix([content_tokens(a, analyzer) for a in articles], lambda word: table.get(word, median))
    topic_sets = [{t.topic for t in a.topics} for a in articles]
    concepts = [concept_keys(a) for a in articles]
    keys = sorted(set().union(*concepts))
    idf = {key: analyzer.phrase_idf(key.name) for key in keys}
    mentions, weighted = _concept_matrices(concepts, keys, idf)
    rarest = {key: r for r, key in enumerate(sorted(keys, key=lambda key: (-idf[key], key)))}  # reason order
    # the weight of the union of two articles' concepts is the two totals less the shared part
    totals = np.asarray(weighted.sum(axis=1)).ravel().tolist()
    candidates = min(n - 1, max(PRESELECT_PER_RELATED * k, PRESELECT_MIN))
    # each row's best cosines (itself among them), without the N × N product: sparse_dot_topn
    # (rows are independent: the same result on any number of threads)
    best = sp_matmul_topn(matrix, matrix.T.tocsr(), top_n=candidates + 1, threshold=0.0, n_threads=threads if threads > 1 else None)
    # Σ idf over the concepts article i shares with each candidate j, for every candidate pair
    shared = pair_products(weighted, mentions, best)
    for i in range(n):
        lo, hi = best.indptr[i], best.indptr[i + 1]
        rows = best.indices[lo:hi]
        shared_weights = shared[lo:hi].tolist()
        scored = []
        for j, cosine, weight_shared in zip(rows.tolist(), best.data[lo:hi].tolist(), shared_weights, strict=True):
            if j == i:
                continue
            union = topic_sets[i] | topic_sets[j]
            topic_overlap = len(topic_sets[i] & topic_sets[j]) / len(union) if union else 0.0
            weight_all = totals[i] + totals[j] - weight_shared
            overlap = weight_shared / weight_all if weight_all > 1e-12 else 0.0
            score = weights.cosine * cosine + weights.topic * topic_overlap + weights.shared * overlap
            scored.append((articles[j].id, round(score, 4), j))
        scored.sort(key=lambda t: (-t[1], t[0]))
        articles[i].related = [
            (id_, score, _reasons(articles[i], articles[j], topic_sets[j], concepts[i] & concepts[j], rarest, weights.reason_items))
            for id_, score, j in scored[:k]
        ]


#: entries of one dense block of :func:`pair_products` (float64: 16 MiB)
PAIR_BLOCK_ENTRIES = 2_000_000


def pair_products(left: sparse.csr_matrix, right: sparse.csr_matrix, pairs: sparse.csr_matrix) -> np.ndarray:
    """``(left @ right.T)[i, j]`` for each stored entry ``(i, j)`` of ``pairs``, in ``pairs.data``'s order.

    ``left`` is ``(n, k)``, ``right`` ``(m, k)``, ``pairs`` ``(n, m)`` CSR; returns float64 of length ``pairs.nnz``.
    The product is taken a block of rows at a time (scipy.sparse, made dense: at most
    :data:`PAIR_BLOCK_ENTRIES` entries), not row by row, so a thousand rows cost a few products, not a thousand;
    each entry is summed in the same order as a one-row product, so the values are the same to the last bit.
    """
    n, m = pairs.shape
    out = np.empty(pairs.nnz, dtype=np.float64)
    right_t = right.T.tocsc()
    step = max(1, PAIR_BLOCK_ENTRIES // max(m, 1))
    for start in range(0, n, step):
        stop = min(n, start + step)
        lo, hi = pairs.indptr[start], pairs.indptr[stop]
        if lo == hi:
            continue
        block = (left[start:stop] @ right_t).toarray()
        local_rows = np.repeat(np.arange(stop - start), np.diff(pairs.indptr[start : stop + 1]))
        out[lo:hi] = block[local_rows, pairs.indices[lo:hi]]
    return out


def tfidf_matrix(docs: list[list[str]], idf: Callable[[str], float]) -> sparse.csr_matrix:
    """Sublinear TF-IDF vectors of tokenised documents, one unit-L2-norm row each.

    ``docs``: each document's tokens; ``idf``: a word's IDF.  Returns a CSR matrix of shape
    ``(len(docs), vocabulary size)``, float64, its columns the distinct tokens in sorted order; an entry
    is ``(1 + ln count) · idf(word)``, each non-empty row then divided by its L2 norm.  This is
    scikit-learn's ``CountVectorizer`` + ``TfidfTransformer(sublinear_tf=True, norm="l2")`` with ``idf_`` set
    (scikit-learn user guide, "Tf–idf term weighting"), operation for operation, so the values are the same to
    the last bit: the norms are summed in row order as scikit-learn's ``inplace_csr_row_normalize_l2`` does.
    """
    vocabulary = sorted(set().union(*map(set, docs)))
    column = {word: c for c, word in enumerate(vocabulary)}
    lengths = np.fromiter(map(len, docs), dtype=np.int64, count=len(docs))
    columns = np.fromiter((column[word] for doc in docs for word in doc), dtype=np.int32, count=int(lengths.sum()))
    rows = np.repeat(np.arange(len(docs), dtype=np.int32), lengths)
    shape = (len(docs), len(vocabulary))
    # repeated (row, column) pairs are summed into counts, each row's columns in order (scipy's COO -> CSR)
    matrix = sparse.coo_matrix((np.ones(len(columns), dtype=np.float64), (rows, columns)), shape=shape).tocsr()
    matrix.sum_duplicates()
    np.log(matrix.data, out=matrix.data)
    matrix.data += 1.0
    matrix.data *= np.array([idf(word) for word in vocabulary], dtype=np.float64)[matrix.indices] if vocabulary else 0.0
    # row norms: a CSR matrix times a vector sums each row in order (scipy's csr_matvec), as scikit-learn does
    norms = np.sqrt(matrix.multiply(matrix).tocsr() @ np.ones(shape[1]))
    norms[norms == 0.0] = 1.0
    matrix.data /= np.repeat(norms, np.diff(matrix.indptr))
    return matrix


def _concept_matrices(concepts: list[set[Key]], keys: list[Key], idf: dict[Key, float]):
    """``(mentions, weighted)``: articles × concepts CSR matrices, 1 where an article mentions a concept,
    and the same with each column scaled by the concept's ``idf`` (scipy.sparse)."""
    column = {key: c for c, key in enumerate(keys)}
    rows = [i for i, found in enumerate(concepts) for _ in found]
    cols = [column[key] for found in concepts for key in found]
    shape = (len(concepts), len(keys))
    mentions = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=shape)
    weights = np.array([idf[key] for key in keys]) if keys else np.zeros(0)
    weighted = sparse.csr_matrix((weights[cols] if cols else np.zeros(0), (rows, cols)), shape=shape)
    return mentions, weighted


def _reasons(a: Article, b: Article, b_topics: set[str], shared: set[Key], rarest: dict[Key, int], items: int) -> list[Reason]:
    """Why ``b`` is related to ``a``: first shared topic, rarest shared concepts (``rarest``: each
    concept's place in the order of falling IDF, ties by name), same source file."""
    reasons = []
    common_topics = [t.topic for t in a.topics if t.topic in b_topics]
    if common_topics:
        reasons.append(Reason("topic", common_topics[0]))
    named = sorted(shared, key=rarest.__getitem__)[:items]
    reasons.extend(_reason(key) for key in named)
    if a.collection and a.collection == b.collection:
        reasons.append(Reason("source", a.collection))
    if not named:
        reasons.append(Reason("text"))
    return reasons
