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

TF-IDF vectors (:func:`tfidf_rows`) are scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` weighting —
TF ``1 + ln(count)``, times the IDF, rows scaled to unit L2 norm — with the table's IDF (a word the table lacks
gets its median), computed with scipy.sparse alone: scikit-learn's import costs about 65 MiB of SciPy modules
for what is, with the IDF given, three array operations (a test holds the two equal); they are kept sparse; the
cosine similarities come from ``sparse_dot_topn``'s ``sp_matmul_topn``,
which multiplies on every core and keeps only each row's best candidates,
so memory grows with ``N``, never ``N × N`` (the time still grows with the
number of article pairs that share a word).  Each article's candidates are
the others with the highest cosine, ties by id.  The page shows the reasons:
shared topic, the most specific shared terms and entities, and a shared source file.

A long-running process (``urbankb serve``) keeps a :class:`RelatedMemo`: since
a pair's score depends on those two articles alone, a new or changed seed
costs its own rows and the pairs it is in, not the whole step again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
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


@dataclass
class RelatedMemo:
    """What :func:`relate` keeps from one build to the next of a long-running process (``urbankb serve``).

    With it, a build computes again only what its changed articles touch: the TF-IDF row of an article
    whose text changed, the cosines of the changed rows with every other (``sparse_dot_topn``, the same
    product as a cold build, so the same values to the last bit), each other article's nearest
    neighbours merged with those, the scores of the pairs that involve a changed article, and the
    lists whose candidates or reasons changed.  The result is the cold build's; without a memo,
    :func:`relate` starts from an empty one.

    Attributes:
        key: the settings the kept values were made with (others start afresh; a new analyzer needs a new memo).
        vectors: article id -> (its :attr:`~urbankb.model.Article.fingerprint`, the words of the matrix it was
            computed in (shared by the rows computed together), its entries' columns there, their weights).
        near: article id -> (its neighbours as ``(-cosine, id)``, sorted, cosine > 0, the article itself left
            out; ``floor``: every other article's cosine is at most this (None: the list holds them all)).
        inputs: article id -> what its scores and reasons read besides the vectors (:func:`_score_inputs`).
        scores: ``(id, id)`` -> the pair's rounded score.
        lists: article id -> (its candidates, its related list).
    """

    key: tuple = ()
    vectors: dict[str, tuple[str, list[str], np.ndarray, np.ndarray]] = field(default_factory=dict)
    near: dict[str, tuple[list[tuple[float, str]], float | None]] = field(default_factory=dict)
    inputs: dict[str, tuple] = field(default_factory=dict)
    scores: dict[tuple[str, str], float] = field(default_factory=dict)
    lists: dict[str, tuple[tuple[str, ...], list]] = field(default_factory=dict)

    def reset(self, key: tuple) -> None:
        """Forget everything kept; the next values are made with ``key``."""
        self.key = key
        self.vectors, self.near, self.inputs, self.scores, self.lists = {}, {}, {}, {}, {}


#: neighbours kept beyond each list's candidates (:class:`RelatedMemo`): a changed article's row then has
#: to be computed again only when more than this many of another's nearest ones changed at once
NEAR_MARGIN = 20


def relate(
    articles: list[Article],
    analyzer: Analyzer,
    settings: RelatedScoring | None = None,
    threads: int = 1,
    memo: RelatedMemo | None = None,
) -> None:
    """Fill :attr:`Article.related` with the ``settings.count`` best ``(id, score, reasons)``.

    ``threads``: for ``sparse_dot_topn``'s product (the result does not depend on it).  ``memo``: what the
    previous build of a long-running process kept (:class:`RelatedMemo`); the result is the same without it.
    Each article's candidates are the others with the highest cosine (ties by id), scored by the whole
    formula.  Reasons (:class:`~urbankb.model.Reason`) are ``topic:<id>``, up to ``settings.reason_items``
    ``term:<term>`` / ``entity:<name>`` (rarest first), ``source:<collection>`` when both come
    from one file, and ``text:`` when only the wording is alike.
    Ties break on article id, so output is deterministic.
    """
    weights = settings or RelatedScoring()
    keep = memo is not None  # else nothing is kept past this call: rows, scores and lists are not stored
    memo = memo if memo is not None else RelatedMemo()
    if memo.key != (weights,):
        memo.reset((weights,))
    k = weights.count
    n = len(articles)
    if n < 2:
        return
    ids = [a.id for a in articles]
    changed_text, matrix = _vectors(articles, analyzer, memo, keep)
    if matrix is None:
        matrix = _matrix([memo.vectors[i] for i in ids])
    candidates = min(n - 1, max(PRESELECT_PER_RELATED * k, PRESELECT_MIN))
    _nearest(ids, matrix, changed_text, candidates, memo, threads)

    concepts = [concept_keys(a) for a in articles]
    idf = {key: analyzer.phrase_idf(key.name) for key in set().union(*concepts)}
    inputs = {a.id: _score_inputs(a, found, idf) for a, found in zip(articles, concepts, strict=True)}
    rarest = {key: r for r, key in enumerate(sorted(idf, key=lambda key: (-idf[key], key)))}  # reason order
    # an article whose text, topics, concepts or source changed: its pairs are scored again
    changed = changed_text | {i for i in ids if memo.inputs.get(i) != inputs[i]}
    memo.inputs = inputs
    # kept: the pairs of two unchanged articles that are both still here
    valid = inputs.keys() - changed
    memo.scores = {pair: v for pair, v in memo.scores.items() if pair[0] in valid and pair[1] in valid}
    by_id = dict(zip(ids, articles, strict=True))
    lists: dict[str, tuple[tuple[str, ...], list]] = {}
    redo = []  # the articles whose list is made again, with their candidates
    for a, found in zip(articles, concepts, strict=True):
        near = memo.near[a.id][0][:candidates]
        chosen = tuple(j for _c, j in near)
        kept = memo.lists.get(a.id)
        if kept is not None and kept[0] == chosen and a.id not in changed and not changed.intersection(chosen):
            lists[a.id] = kept
            a.related = kept[1]
            continue
        redo.append((a, found, near, chosen))
    needed = [(a.id, j) for a, _found, near, _chosen in redo for _c, j in near if (a.id, j) not in memo.scores]
    shared = _shared_weights(needed, ids, inputs)
    for a, found, near, chosen in redo:
        scored = []
        for minus_cosine, j in near:
            score = memo.scores.get((a.id, j))
            if score is None:
                score = _pair_score(-minus_cosine, inputs[a.id], inputs[j], shared[(a.id, j)], weights)
                if keep:
                    memo.scores[(a.id, j)] = score
            scored.append((j, score))
        scored.sort(key=lambda t: (-t[1], t[0]))
        a.related = [
            (j, score, _reasons(a, by_id[j], inputs[j][0], found & inputs[j][1].keys(), rarest, weights.reason_items))
            for j, score in scored[:k]
        ]
        if keep:
            lists[a.id] = (chosen, a.related)
    memo.lists = lists


#: more pairs to score than this and their shared-concept weights are one sparse product (:func:`pair_products`)
SPARSE_PAIRS = 2_000


def _shared_weights(pairs: list[tuple[str, str]], ids: list[str], inputs: dict[str, tuple]) -> dict[tuple[str, str], float]:
    """``Σ idf`` over the concepts each pair of articles shares, added in key order: for many pairs as one
    sparse product (articles × concepts, scipy.sparse, :func:`pair_products`), for a few one pair at a
    time; both add the same numbers (each an ``idf`` times 1) in the same order, so they agree to the last bit."""
    if len(pairs) <= SPARSE_PAIRS:
        out = {}
        for i, j in pairs:
            a, b = inputs[i][1], inputs[j][1]
            small, large = (a, b) if len(a) <= len(b) else (b, a)
            total = 0.0
            for key, value in small.items():  # sorted by key
                if key in large:
                    total += value
            out[(i, j)] = total
        return out
    keys = sorted(set().union(*(inputs[i][1].keys() for i in ids)))
    column = {key: c for c, key in enumerate(keys)}
    index = {i: r for r, i in enumerate(ids)}
    rows = [r for r, i in enumerate(ids) for _key in inputs[i][1]]
    cols = [column[key] for i in ids for key in inputs[i][1]]
    values = [value for i in ids for value in inputs[i][1].values()]
    shape = (len(ids), len(keys))
    weighted = sparse.csr_matrix((values, (rows, cols)), shape=shape)
    mentions = sparse.csr_matrix((np.ones(len(cols)), (rows, cols)), shape=shape)
    pair_rows = np.fromiter((index[i] for i, _j in pairs), dtype=np.int64, count=len(pairs))
    pair_cols = np.fromiter((index[j] for _i, j in pairs), dtype=np.int64, count=len(pairs))
    wanted = sparse.csr_matrix((np.ones(len(pairs)), (pair_rows, pair_cols)), shape=(len(ids), len(ids)))
    # the stored entries of ``wanted`` are the pairs by row, then column: that order of ``pairs``
    order = np.lexsort((pair_cols, pair_rows)).tolist()
    products = pair_products(weighted, mentions, wanted).tolist()
    return {pairs[p]: products[n] for n, p in enumerate(order)}


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


def _vectors(
    articles: list[Article], analyzer: Analyzer, memo: RelatedMemo, keep: bool = True
) -> tuple[set[str], sparse.csr_matrix | None]:
    """Bring ``memo.vectors`` up to date (articles with a fingerprint whose row is kept are not computed
    again; ``keep`` False: every row is computed and none kept); returns the ids whose row is new or changed,
    and the matrix of every article when all were (else None: :func:`_matrix` makes it from the kept rows)."""
    stale = [a for a in articles if not a.fingerprint or a.id not in memo.vectors or memo.vectors[a.id][0] != a.fingerprint]
    live = {a.id for a in articles}
    for gone in memo.vectors.keys() - live:
        del memo.vectors[gone]
    if stale:
        table, median = analyzer.idf_table()
        # one matrix for all of them: a row's values depend on its own words alone, in their sorted order
        rows, vocabulary = tfidf_rows([content_tokens(a, analyzer) for a in stale], lambda word: table.get(word, median))
        if len(stale) == len(articles) and not keep:
            return {a.id for a in stale}, rows
        for r, a in enumerate(stale):
            lo, hi = rows.indptr[r], rows.indptr[r + 1]
            memo.vectors[a.id] = (a.fingerprint or "", vocabulary, rows.indices[lo:hi].copy(), rows.data[lo:hi].copy())
        if len(stale) == len(articles):
            return {a.id for a in stale}, rows
    return {a.id for a in stale}, None


def _matrix(rows: list[tuple[str, list[str], np.ndarray, np.ndarray]]) -> sparse.csr_matrix:
    """The TF-IDF matrix of the kept rows, in order: columns the sorted union of the words of the matrices
    they were computed in, so each row's entries keep the order :func:`tfidf_rows` gave them (and products
    sum them in that order; a column no row uses changes no sum)."""
    vocabularies = {id(vocabulary): vocabulary for _f, vocabulary, _c, _v in rows}
    words = sorted(set().union(*vocabularies.values()))
    column = {word: c for c, word in enumerate(words)}
    moved = {
        key: np.fromiter(map(column.__getitem__, vocabulary), dtype=np.int32, count=len(vocabulary))
        for key, vocabulary in vocabularies.items()
    }
    lengths = np.fromiter((len(columns) for _f, _w, columns, _v in rows), dtype=np.int64, count=len(rows))
    indptr = np.concatenate(([0], np.cumsum(lengths)))
    indices = np.concatenate([moved[id(vocabulary)][columns] for _f, vocabulary, columns, _v in rows]) if rows else np.zeros(0, np.int32)
    data = np.concatenate([v for _f, _w, _c, v in rows]) if rows else np.zeros(0)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(words)))


def _nearest(ids: list[str], matrix: sparse.csr_matrix, changed: set[str], candidates: int, memo: RelatedMemo, threads: int) -> None:
    """Bring ``memo.near`` up to date: each article's neighbours by falling cosine (ties by id), at least
    ``candidates`` of them or all it has.  A changed article's row is computed against every other (its
    cosines also enter the others' lists); another's kept list loses the changed and removed articles and
    gains the changed ones' cosines; a list left too short, or every list when most articles changed, is
    computed again (``sparse_dot_topn``, the best ``candidates + NEAR_MARGIN`` of the row)."""
    live = set(ids)
    index = {i: r for r, i in enumerate(ids)}
    transposed = matrix.T.tocsr()
    width = candidates + 1 + NEAR_MARGIN  # the row's own entry is among the best
    fresh = [index[i] for i in ids if i in changed or i not in memo.near]
    gone = memo.near.keys() - live
    if len(fresh) * 4 > len(ids):  # most rows changed: compute all of them
        memo.near.clear()
        _near_rows(ids, matrix, transposed, range(len(ids)), width, memo, threads)
        return
    incoming: dict[str, list[tuple[float, str]]] = {}
    if fresh:
        # the changed rows against every other, all their cosines (both sides of a pair are the same sum)
        full = sp_matmul_topn(matrix[fresh], transposed, top_n=len(ids), threshold=0.0, n_threads=threads if threads > 1 else None)
        for r, i in enumerate(fresh):
            lo, hi = full.indptr[r], full.indptr[r + 1]
            row = [(-c, ids[j]) for j, c in zip(full.indices[lo:hi].tolist(), full.data[lo:hi].tolist(), strict=True) if j != i]
            for entry in row:
                incoming.setdefault(entry[1], []).append((entry[0], ids[i]))
            memo.near[ids[i]] = _cut(sorted(row), width - 1, candidates)
    short = []
    fresh_ids = {ids[r] for r in fresh}
    for i in ids:
        if i in fresh_ids:
            continue
        kept, floor = memo.near[i]
        if gone or fresh_ids:
            merged = [e for e in kept if e[1] not in fresh_ids and e[1] not in gone]
            merged += [e for e in incoming.get(i, ()) if floor is None or -e[0] > floor]
            merged.sort()
            memo.near[i] = (merged, floor)
        if floor is not None and len(memo.near[i][0]) < candidates:
            short.append(index[i])
    for i in gone:
        del memo.near[i]
    if short:
        _near_rows(ids, matrix, transposed, short, width, memo, threads)


def _cut(entries: list[tuple[float, str]], keep: int, candidates: int) -> tuple[list[tuple[float, str]], float | None]:
    """A whole sorted neighbour list cut to about ``keep`` entries as ``memo.near`` holds it: the entries
    above the first left out, that one's cosine as the floor; whole when that would leave fewer than
    ``candidates`` (ties at the cut) or nothing needs cutting."""
    if len(entries) <= keep:
        return entries, None
    floor = -entries[keep][0]
    above = [e for e in entries[:keep] if -e[0] > floor]
    return (above, floor) if len(above) >= candidates else (entries, None)


def _near_rows(ids, matrix, transposed, rows, width: int, memo: RelatedMemo, threads: int) -> None:
    """``memo.near`` of the given row numbers, from their ``width`` best cosines (``sparse_dot_topn``): the
    neighbours above the smallest of them, that smallest as the floor (ties at the cut are then all left out
    and none is chosen by the product's order), or all of them when the row has fewer."""
    rows = list(rows)
    best = sp_matmul_topn(matrix[rows], transposed, top_n=width, threshold=0.0, n_threads=threads if threads > 1 else None)
    retry = []
    for r, i in enumerate(rows):
        lo, hi = best.indptr[r], best.indptr[r + 1]
        values = best.data[lo:hi].tolist()
        entries = sorted((-c, ids[j]) for j, c in zip(best.indices[lo:hi].tolist(), values, strict=True) if j != i)
        if hi - lo < width:
            memo.near[ids[i]] = (entries, None)
            continue
        floor = min(values)
        above = [e for e in entries if -e[0] > floor]
        if len(above) < width - NEAR_MARGIN - 1 and width < len(ids):  # many ties at the cut: widen this row
            retry.append(i)
        memo.near[ids[i]] = (above, floor)
    if retry:
        _near_rows(ids, matrix, transposed, retry, min(len(ids), width * 4), memo, threads)


def _score_inputs(a: Article, found: set[Key], idf: dict[Key, float]) -> tuple:
    """What an article's scores and reasons read besides its vector: ``(topic set, concept -> idf, the
    concepts' idf summed in key order, its topics in order, its collection)``."""
    ordered = {key: idf[key] for key in sorted(found)}
    total = 0.0
    for value in ordered.values():  # one order, so one sum
        total += value
    return (frozenset(t.topic for t in a.topics), ordered, total, tuple(t.topic for t in a.topics), a.collection)


def _pair_score(cosine: float, a: tuple, b: tuple, weight_shared: float, weights: RelatedScoring) -> float:
    """The formula's score of two articles (their :func:`_score_inputs`; ``weight_shared``: the idf of the
    concepts they share, summed), rounded to 4 places."""
    union = a[0] | b[0]
    topic_overlap = len(a[0] & b[0]) / len(union) if union else 0.0
    weight_all = a[2] + b[2] - weight_shared
    overlap = weight_shared / weight_all if weight_all > 1e-12 else 0.0
    return round(weights.cosine * cosine + weights.topic * topic_overlap + weights.shared * overlap, 4)


def tfidf_rows(docs: list[list[str]], idf: Callable[[str], float]) -> tuple[sparse.csr_matrix, list[str]]:
    """Sublinear TF-IDF vectors of tokenised documents, one unit-L2-norm row each, and the word of each column.

    ``docs``: each document's tokens; ``idf``: a word's IDF.  Returns ``(matrix, words)``: a CSR matrix of shape
    ``(len(docs), vocabulary size)``, float64, its columns ``words``, the distinct tokens in sorted order; an entry
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
    return matrix, vocabulary


def _reasons(a: Article, b: Article, b_topics: frozenset[str], shared: set[Key], rarest: dict[Key, int], items: int) -> list[Reason]:
    """Why ``b`` is related to ``a``: first shared topic, rarest shared concepts (``rarest``: each
    concept's place in the order of falling IDF, ties by key), same source file."""
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
