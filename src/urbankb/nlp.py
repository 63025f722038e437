"""Segmentation, stop words and keywords, with one private segmenter.

Words and part-of-speech tags come from jieba's algorithm as implemented in
Rust by jieba-rs, through its Python binding ``rjieba`` (about 14 times
faster than jieba's Python code on the seed text, the same word breaks at
99.97 % of boundaries; measured by ``scripts/bench.py --segmenters``).
:class:`Analyzer` owns one ``rjieba.Jieba`` instance loaded with the domain
user dictionary — there is no module-level tokenizer to share or disturb.
Traditional-Chinese text is analysed in a simplified form made with OpenCC
(``t2s``), so it is tagged and linked like any other text while pages keep
it as written.
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from importlib import resources
from itertools import compress
from operator import itemgetter
from pathlib import Path

import nh3
import opencc
import rjieba
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from .escape import is_plain_markdown, markdown_html
from .han import HAN
from .model import Article, BlockKind

#: part-of-speech tags (jieba/ICTCLAS) a keyword may have: nouns, proper
#: nouns, verbal nouns, abbreviations, idioms used as terms, English words
KEYWORD_POS = ("n", "nz", "ns", "nt", "nr", "vn", "j", "l", "eng")
#: a CJK unified ideograph (the basic block)
_HAN = HAN
#: corpora smaller than this use jieba's shipped IDF table (from its README,
#: "基于 TF-IDF 算法的关键词抽取") instead of their own document frequencies
MIN_CORPUS_FOR_OWN_IDF = 10


def data_path(name: str) -> Path:
    """Path of a data file shipped in ``urbankb/data``."""
    return Path(str(resources.files("urbankb") / "data" / name))


def load_word_list(path: Path) -> set[str]:
    """One word per line; blank lines and lines starting with ``#`` skipped."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line)
    return words


def dictionary_terms(path: Path) -> dict[str, str]:
    """Terms of a jieba user dictionary (``word [freq] [pos]`` lines) -> POS tag ("" if none)."""
    return {word: tag for word, (_freq, tag) in user_dictionary(path).items()}


def user_dictionary(path: Path) -> dict[str, tuple[int | None, str]]:
    """A jieba user dictionary: word -> (frequency or None, POS tag or "").

    Format as jieba's ``load_userdict``: ``word [freq] [pos]`` per line;
    blank lines and lines starting with ``#`` are skipped.
    """
    entries: dict[str, tuple[int | None, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        tag = parts[2] if len(parts) > 2 else (parts[1] if len(parts) == 2 and freq is None else "")
        entries[parts[0]] = (freq, tag)
    return entries


_NUMBER = re.compile(r"[0-9０-９.,%％]+")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9\-_.+]*")


def _plain_tag(word: str) -> str:
    """The tag of a word that is punctuation (``x``), a number (``m``) or Latin (``eng``); "" otherwise."""
    if not word.strip() or not any(c.isalnum() for c in word):
        return "x"
    if _NUMBER.fullmatch(word):
        return "m"
    if _LATIN.fullmatch(word):
        return "eng"
    return ""


class Analyzer:
    """Chinese text analysis for one build.

    Args:
        dictionary: jieba user dictionary, ``word [freq] [pos]`` per line
            (default: the shipped ``dict.txt``).
        stopwords: stop-word list (default: the shipped ``stopwords.txt``).
        extra_terms: more terms to keep whole (e.g. taxonomy indicator
            terms), added with POS ``nz``.

    Attributes:
        segmenter: the private ``rjieba.Jieba`` (jieba-rs: jieba's prefix
            dictionary, DAG and HMM, with jieba's dictionary and tags).
        terms: domain dictionary term -> POS tag.
        stopwords: stop words.
    """

    def __init__(
        self,
        dictionary: Path | None = None,
        stopwords: Path | None = None,
        extra_terms: Iterable[str] = (),
    ):
        self.dictionary = dictionary or data_path("dict.txt")
        self.segmenter = rjieba.Jieba()
        self.terms = dictionary_terms(self.dictionary)
        for word, (freq, tag) in user_dictionary(self.dictionary).items():
            # as jieba's load_userdict: no frequency means "just enough to be cut out whole"
            self.segmenter.add_word(word, freq, tag or None)
        for term in extra_terms:
            if term not in self.terms:
                self.segmenter.add_word(term, 2000, "nz")
                self.terms[term] = "nz"
        self.stopwords = load_word_list(stopwords or data_path("stopwords.txt"))
        self._t2s = opencc.OpenCC("t2s")
        self._candidates: dict[tuple[str, str], bool] = {}
        self._content: dict[str, bool] = {}
        self._content_no_digits: dict[str, bool] = {}
        self._pairs: dict[tuple[str, str], tuple[str, str]] = {}
        self._normal: dict[tuple[str, str], tuple[str, str]] = {}  # pair as segmented -> its normalised, shared pair

    # -- segmentation ----------------------------------------------------
    def cut(self, text: str) -> list[str]:
        """Segment text into words (jieba precise mode, HMM on)."""
        return self.segmenter.cut(text)

    def has_word(self, word: str) -> bool:
        """True when ``word`` is in the dictionary (jieba's, the domain one, or an extra term)."""
        return self.segmenter.has_word(word)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """Segment with part-of-speech tags: ``[(word, flag), ...]``.

        Words and flags are jieba's (``jieba.posseg``) as computed by
        jieba-rs: dictionary words get their dictionary tag, new words found
        by the HMM a tag from jieba's joint segmentation-and-tagging model.
        Words outside the dictionary are then normalised: numbers are
        ``m``, Latin words ``eng``, punctuation and blanks ``x``.  Equal
        pairs are one shared tuple (see :meth:`share`).
        """
        out = self.segmenter.tag(text)
        normal = self._normal
        for pair in set(out).difference(normal):
            word, flag = pair
            if not _HAN.match(word):
                flag = _plain_tag(word) or flag
            normal[pair] = self._pairs.setdefault((word, flag), (word, flag))
        return list(map(normal.__getitem__, out))

    def share(self, tagged: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The same ``(word, flag)`` pairs, each equal pair one shared tuple.

        A corpus has a few tens of thousands of distinct pairs but millions
        of tokens: sharing them (as ``sys.intern`` shares strings) makes a
        token cost one list slot instead of a tuple and two strings, which
        keeps thousands of analysed articles in a few hundred megabytes.
        Used on articles loaded from the analysis cache.
        """
        pairs = self._pairs
        return [pairs.setdefault(p, p) for p in tagged]

    # -- script ----------------------------------------------------------
    def simplify(self, text: str) -> str:
        """Simplified-Chinese form of ``text`` (OpenCC ``t2s``); same length is not guaranteed."""
        return self._t2s.convert(text)

    def is_traditional(self, text: str, sample: int = 3000) -> bool:
        """True when at least 3% of the Han characters change under t2s conversion."""
        head = text[:sample]
        han = len(_HAN.findall(head))
        if han < 20:
            return False
        changed = sum(map(str.__ne__, head, self.simplify(head)))  # pairs up to the shorter text
        return changed / han >= 0.03

    # -- keywords --------------------------------------------------------
    def is_candidate(self, word: str, flag: str) -> bool:
        """Whether a token may be a keyword: 2+ characters, not a stop word, noun-like (memoised)."""
        known = self._candidates.get((word, flag))
        if known is None:
            known = self._candidates[(word, flag)] = self._is_candidate(word, flag)
        return known

    def candidate_mask(self, tagged: list[tuple[str, str]]) -> list[bool]:
        """:meth:`is_candidate` of each ``(word, flag)`` pair (the memo filled once per distinct pair)."""
        memo = self._candidates
        for pair in set(tagged).difference(memo):
            memo[pair] = self._is_candidate(*pair)
        return list(map(memo.__getitem__, tagged))

    def count_content(self, words: list[str]) -> int:
        """How many of ``words`` are content words: 2+ characters and not a stop word (memoised)."""
        memo = self._content
        for word in set(words).difference(memo):
            memo[word] = len(word) >= 2 and word not in self.stopwords
        return sum(map(memo.__getitem__, words))

    def content_mask(self, words: list[str]) -> list[bool]:
        """Per word: 2+ characters, not a stop word, not a number (the words related articles compare)."""
        memo = self._content_no_digits
        for word in set(words).difference(memo):
            memo[word] = len(word) >= 2 and word not in self.stopwords and not word.isdigit()
        return list(map(memo.__getitem__, words))

    def _is_candidate(self, word: str, flag: str) -> bool:
        if len(word) < 2 or word in self.stopwords or word.isdigit():
            return False
        if word in self.terms:
            return True
        if flag == "eng" and (word.lower() in ENGLISH_STOP_WORDS or (word.islower() and len(word) < 4)):
            return False
        return flag.startswith(KEYWORD_POS) and not any(c.isdigit() for c in word)


def markdown_text(text: str) -> str:
    """The visible text of a Markdown block: rendered by Python-Markdown, every tag
    removed by nh3 (scripts and styles with their content), entities decoded.

    A block with no Markdown or HTML syntax in it (:func:`is_plain_markdown`)
    renders as one ``<p>`` of itself, so it is its own visible text and
    skips the converter (most Chinese paragraphs; a test checks both ways agree).
    """
    if is_plain_markdown(text):
        return text
    return html.unescape(nh3.clean(markdown_html(text), tags=set())).strip()


def analyse(articles: list[Article], analyzer: Analyzer) -> None:
    """Segment and POS-tag every article once (simplified form).

    Sets :attr:`Article.visible` (the text a reader sees, per body block:
    Markdown blocks rendered), :attr:`Article.traditional`,
    :attr:`Article.tagged` and :attr:`Article.tokens` (one list per body
    block, of the simplified form), and
    :attr:`Article.title_tagged`/:attr:`Article.title_tokens`.  Later
    components reuse these instead of segmenting again.
    """
    for art in articles:
        visible = art.visible = [markdown_text(b.text) if art.markdown else b.text for b in art.blocks]
        art.traditional = analyzer.is_traditional(art.title + "".join(visible))
        convert = analyzer.simplify if art.traditional else (lambda t: t)
        art.title_tagged = analyzer.tag(convert(art.title))
        art.title_tokens = list(map(itemgetter(0), art.title_tagged))
        art.tagged = [analyzer.tag(convert(text)) for text in visible]
        art.tokens = [list(map(itemgetter(0), block)) for block in art.tagged]


def textrank(tagged: list[tuple[str, str]], keep: Callable[[list[tuple[str, str]]], list[bool]], span: int = 5) -> dict[str, float]:
    """TextRank scores of the kept words (Mihalcea & Tarau 2004), as jieba computes them.

    One document; see :func:`textrank_many`, which ranks many at once.

    Args:
        tagged: ``(word, flag)`` pairs in text order.
        keep: ``[(word, flag), ...] -> [bool, ...]``, which tokens may be graph
            nodes (:meth:`Analyzer.candidate_mask`).
        span: co-occurrence window in tokens.

    Returns:
        word -> score scaled to at most 1 (empty when no two kept words co-occur).
    """
    return textrank_many([tagged], keep, span)[0]


#: kept tokens ranked in one sparse system by :func:`textrank_many` (bounds its memory to tens of MB)
TEXTRANK_BATCH_TOKENS = 100_000


def textrank_many(
    documents: list[list[tuple[str, str]]], keep: Callable[[list[tuple[str, str]]], list[bool]], span: int = 5
) -> list[dict[str, float]]:
    """TextRank scores of each document's kept words, exactly jieba's algorithm, many documents per solve.

    jieba (``jieba/analyse/textrank.py``) links two kept tokens less than
    ``span`` positions apart with an edge weighted by how often the pair
    occurs, and ranks with weighted PageRank (damping 0.85) as ten in-place
    (Gauss-Seidel) sweeps over the nodes in sorted order, each node
    ``0.15 + 0.85·Σ w/out_sum·score`` of its neighbours, then scales by
    ``(w - min/10) / (max - min/10)``.  A sweep in matrix form is
    ``(I - 0.85·L)·x' = 0.15 + 0.85·(D + U)·x`` with ``L``/``D + U`` the
    strictly lower and upper-with-diagonal parts of the column-normalised
    weights, so each sweep here is one sparse triangular solve
    (``scipy.sparse.linalg.spsolve_triangular``) over the block-diagonal
    system of a whole batch of documents: the same numbers as jieba up to
    the order of floating-point additions (tests hold them within 1e-12).
    Importing ``jieba.analyse`` is avoided: it loads jieba's whole
    dictionary and IDF table (about 100 MB).

    Args:
        documents: per document, ``(word, flag)`` pairs in text order.
        keep: ``[(word, flag), ...] -> [bool, ...]``, which tokens may be graph
            nodes (:meth:`Analyzer.candidate_mask`).
        span: co-occurrence window in tokens.

    Returns:
        Per document, word -> score scaled to at most 1, in sorted word order.
    """
    results: list[dict[str, float]] = []
    batch: list[tuple[list[str], list[int]]] = []
    size = 0
    for tagged in documents:
        positions = list(compress(range(len(tagged)), keep(tagged)))
        batch.append(([tagged[i][0] for i in positions], positions))
        size += len(positions)
        if size >= TEXTRANK_BATCH_TOKENS:
            results.extend(_rank_batch(batch, span))
            batch, size = [], 0
    if batch:
        results.extend(_rank_batch(batch, span))
    return results


def _rank_batch(batch: list[tuple[list[str], list[int]]], span: int) -> list[dict[str, float]]:
    """:func:`textrank_many` over ``(kept words, their token positions)`` of a few documents."""
    import numpy as np
    from scipy import sparse
    from scipy.sparse.linalg import spsolve_triangular

    names: list[str] = []  # node -> word; each document's nodes in sorted order, documents one after another
    ids, positions, owner, starts = [], [], [], [0]
    for doc, (words, where) in enumerate(batch):
        order = sorted(set(words))
        local = {word: starts[-1] + k for k, word in enumerate(order)}
        names.extend(order)
        ids.extend(local[w] for w in words)
        positions.extend(where)
        owner.extend([doc] * len(words))
        starts.append(len(names))
    n = len(names)
    if n == 0:
        return [{} for _ in batch]
    node, pos, doc_of = np.array(ids, dtype=np.int64), np.array(positions, dtype=np.int64), np.array(owner, dtype=np.int64)
    rows, cols = [], []
    for d in range(1, span):  # kept tokens d apart in the kept list, fewer than span apart in the text
        near = (doc_of[d:] == doc_of[:-d]) & (pos[d:] - pos[:-d] < span)
        rows.append(node[:-d][near])
        cols.append(node[d:][near])
    a, b = np.concatenate(rows), np.concatenate(cols)
    # undirected: each pair adds its count both ways (a word next to itself twice, as in jieba's graph)
    weights = sparse.coo_array((np.ones(2 * a.size), (np.concatenate([a, b]), np.concatenate([b, a]))), shape=(n, n)).tocsr()
    weights.sum_duplicates()
    out_sum = np.asarray(weights.sum(axis=0)).ravel()
    in_graph = out_sum > 0
    moves = weights @ sparse.diags_array(np.divide(1.0, out_sum, out=np.zeros(n), where=in_graph))
    lower = sparse.tril(moves, k=-1, format="csr")
    rest = sparse.triu(moves, format="csr")
    system = (sparse.eye_array(n, format="csr") - 0.85 * lower).tocsr()
    node_doc = np.repeat(np.arange(len(batch)), np.diff(starts))
    sizes = np.bincount(node_doc, weights=in_graph, minlength=len(batch))[node_doc]  # each node's graph size
    score = np.divide(1.0, sizes, out=np.zeros(n), where=sizes > 0)
    for _ in range(10):
        score = spsolve_triangular(system, 0.15 + 0.85 * (rest @ score), lower=True, unit_diagonal=True)
    out = []
    for doc in range(len(batch)):
        lo, hi = starts[doc], starts[doc + 1]
        kept = [(names[k], float(score[k])) for k in range(lo, hi) if in_graph[k]]
        if not kept:
            out.append({})
            continue
        low, high = min(w for _, w in kept), max(w for _, w in kept)
        out.append({word: (w - low / 10.0) / (high - low / 10.0) for word, w in kept})
    return out


def extract_keywords(articles: list[Article], analyzer: Analyzer, top_k: int = 10) -> None:
    """Fill :attr:`Article.keywords` with the top ``top_k`` keywords.

    Method: candidates are noun-like tokens that are not stop words
    (:meth:`Analyzer.is_candidate`).  Each gets ``tfidf × (0.6 + 0.4·textrank)``,
    both scaled to a maximum of 1 within the article, times 1.5 when it is
    a domain-dictionary term — multiplicative, so TextRank can raise a
    distinctive word but not lift one every article uses.  TF-IDF uses sublinear TF and IDF from the
    corpus itself (scikit-learn ``TfidfVectorizer``, smooth IDF) once the
    corpus has :data:`MIN_CORPUS_FOR_OWN_IDF` articles, and jieba's shipped
    IDF table before that.  TextRank is :func:`textrank` (jieba's graph,
    window 5) over the tokens tagged once by :func:`analyse`.
    Ties are broken by the keyword itself, so output is deterministic.
    """
    docs = [art.candidates if art.candidates or not art.tagged else keyword_candidates(art, analyzer) for art in articles]
    if not docs:
        return
    if len(docs) >= MIN_CORPUS_FOR_OWN_IDF:
        vectorizer = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, norm=None)
        vectorizer.fit(docs)
        vocab = vectorizer.vocabulary_
        idf_values = vectorizer.idf_

        def idf(word: str) -> float:
            return float(idf_values[vocab[word]]) if word in vocab else 1.0

    else:
        import jieba.analyse

        table = jieba.analyse.TFIDF()

        def idf(word: str) -> float:
            return table.idf_freq.get(word, table.median_idf)

    for art, doc in zip(articles, docs, strict=True):
        counts = Counter(doc)
        tfidf = {w: (1 + math.log(c)) * idf(w) for w, c in counts.items()}
        if not art.textrank and doc:
            rank_words([art], analyzer)
        rank = art.textrank
        top_tfidf = max(tfidf.values(), default=1.0) or 1.0
        top_rank = max(rank.values(), default=1.0) or 1.0
        scores = {}
        for word in counts:
            # TextRank raises a word the corpus already finds distinctive; it cannot lift a common one
            score = tfidf[word] / top_tfidf * (0.6 + 0.4 * rank.get(word, 0.0) / top_rank)
            if word in analyzer.terms:
                score *= 1.5
            scores[word] = score
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top_k]
        art.keywords = [(w, round(s, 4)) for w, s in best]


def rank_words(articles: list[Article], analyzer: Analyzer) -> None:
    """Set :attr:`Article.textrank` (:func:`textrank_many` over each article's title and
    body tokens) and :attr:`Article.candidates` (:func:`keyword_candidates`).

    Both depend on the article alone (not on the corpus), so they are cached
    with the article's analysis.  Requires :func:`analyse`.
    """
    docs = [art.title_tagged + [p for block in art.tagged for p in block] for art in articles]
    for art, rank in zip(articles, textrank_many(docs, analyzer.candidate_mask), strict=True):
        art.textrank = rank
        art.candidates = keyword_candidates(art, analyzer)


def keyword_candidates(art: Article, analyzer: Analyzer) -> list[str]:
    """The keyword candidates of an article in text order, title first, captions left out
    (the document :func:`extract_keywords` counts for TF-IDF)."""
    tagged = art.title_tagged + [
        p for b, block in zip(art.blocks, art.tagged, strict=True) if b.kind is not BlockKind.CAPTION for p in block
    ]
    return [w for w, _f in compress(tagged, analyzer.candidate_mask(tagged))]
