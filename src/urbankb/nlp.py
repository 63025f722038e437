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
from itertools import chain, compress
from operator import itemgetter
from pathlib import Path

import nh3
import opencc
import rjieba

from .escape import is_plain_markdown, markdown_html
from .han import HAN
from .model import Article, BlockKind

#: part-of-speech tags (jieba/ICTCLAS) a keyword may have: nouns, proper
#: nouns, verbal nouns, abbreviations, idioms used as terms, English words
KEYWORD_POS = ("n", "nz", "ns", "nt", "nr", "vn", "j", "l", "eng")
#: a CJK unified ideograph (the basic block)
_HAN = HAN


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


#: English stop words (``data/stopwords_en.txt``: scikit-learn's ``ENGLISH_STOP_WORDS``, BSD-3-Clause): an English
#: token (jieba's ``eng``) among them is never a keyword or a phrase's head
ENGLISH_STOP_WORDS: frozenset[str] = frozenset(load_word_list(data_path("stopwords_en.txt")))

#: shipped data files the per-file stages read besides the ones the settings name (they key the analysis cache)
SHIPPED_DATA = ("stopwords_en.txt",)


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
        self._idf: tuple[dict[str, float], float] | None = None
        self._generic: dict[str, bool] = {}
        self._pool_roles: dict[tuple[str, str], str] = {}  # (word, flag) -> its role in a pooled keyphrase
        self._chain_kinds: dict[tuple[str, str], int] = {}  # (word, flag) -> its kind in a chain of titles of office
        self._phrase_words: dict[str, tuple[str, ...]] = {}

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
        simplified = self.simplify(head)
        if simplified == head:  # nothing changes (most texts): no need to count
            return False
        han = len(_HAN.findall(head))
        if han < 20:
            return False
        changed = sum(map(str.__ne__, head, simplified))  # pairs up to the shorter text
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
        if (
            len(word) < 2
            or word in self.stopwords
            or word.isdigit()
            or (self.is_generic(word) and not (flag.startswith(NAME_POS) and self.idf_table()[0].get(word, NAME_IDF) >= NAME_IDF))
        ):
            return False
        if word in self.terms:
            return True
        if self.idf_table()[0].get(word, KEYWORD_IDF) < KEYWORD_IDF and not flag.startswith(NAME_POS):
            return False
        if flag == "eng" and (word.lower() in ENGLISH_STOP_WORDS or (word.islower() and len(word) < 4)):
            return False
        return flag.startswith(KEYWORD_POS) and not any(c.isdigit() for c in word)

    # -- keyphrases -------------------------------------------------------
    def idf_table(self) -> tuple[dict[str, float], float]:
        """jieba's IDF table (``jieba/analyse/idf.txt``: word -> IDF from a large general corpus) and its median.

        Read from the file on first use (about 270,000 words); importing
        ``jieba.analyse`` is avoided (it also loads jieba's whole dictionary).
        """
        if self._idf is None:
            import importlib.util

            spec = importlib.util.find_spec("jieba")
            path = Path(str(spec.origin)).parent / "analyse" / "idf.txt" if spec and spec.origin else None
            table: dict[str, float] = {}
            values_seen: dict[str, float] = {}  # 270,000 words share 3,300 values: one float object each (6 MiB less)
            if path and path.is_file():
                for line in path.read_text(encoding="utf-8").splitlines():
                    parts = line.split()
                    if len(parts) == 2:
                        value = values_seen.get(parts[1])
                        if value is None:
                            value = values_seen[parts[1]] = float(parts[1])
                        table[parts[0]] = value
            values = sorted(table.values())
            self._idf = (table, values[len(values) // 2] if values else 10.0)
        return self._idf

    def is_generic(self, word: str) -> bool:
        """Whether a single word is too common to name a subject: one character, or an IDF below
        :data:`GENERIC_IDF` in jieba's table (a word the table lacks is not generic)."""
        known = self._generic.get(word)
        if known is None:
            table, _median = self.idf_table()
            known = self._generic[word] = len(word) < 2 or table.get(word, GENERIC_IDF) < GENERIC_IDF
        return known

    def phrase_words(self, phrase: str) -> tuple[str, ...]:
        """The words of a phrase: its segmentation (memoised), as the term filters read it."""
        words = self._phrase_words.get(phrase)
        if words is None:
            words = self._phrase_words[phrase] = tuple(self.cut(phrase))
        return words

    def phrase_idf(self, phrase: str, words: tuple[str, ...] | None = None) -> float:
        """IDF of a phrase by jieba's table: the table's own value, else (a phrase of several words)
        its rarest word's plus 0.5 a further word; a word the table lacks has the median IDF.
        ``words``: the words the phrase was made of (default :meth:`phrase_words`)."""
        table, median = self.idf_table()
        if phrase in table:
            return table[phrase]
        words = words or self.phrase_words(phrase)
        return max((table.get(w, median) for w in words), default=median) + 0.5 * (len(words) - 1)


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


def written_forms(art: Article, phrases: list[str], simplify: Callable[[str], str]) -> list[str]:
    """``phrases`` (keywords, in the simplified form the analysis works in) as ``art`` writes them.

    A traditional-character article is analysed in simplified form (OpenCC ``t2s``), so its keywords
    come out simplified (群众办事); the reader should see them as the article writes them (群眾辦事).
    Each form is taken from the first title or body block whose simplified text has the phrase at the
    same place (``simplify`` keeps that block's length, as it does for almost every text); otherwise,
    and for an article in simplified characters, the phrase is returned unchanged.  Each block is
    simplified once, and only as far as the phrases need.
    """
    if not art.traditional:
        return list(phrases)
    blocks = iter((art.title, *art.visible))
    simplified: list[tuple[str, str]] = []  # (as written, simplified), blocks of equal length only

    def find(phrase: str) -> str:
        for text, simple in simplified:
            at = simple.find(phrase)
            if at >= 0:
                return text[at : at + len(phrase)]
        for text in blocks:
            simple = simplify(text)
            if len(simple) != len(text):
                continue
            simplified.append((text, simple))
            at = simple.find(phrase)
            if at >= 0:
                return text[at : at + len(phrase)]
        return phrase

    return [find(phrase) for phrase in phrases]


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


#: a single word (not a domain term or a name) with an IDF in jieba's table below this is a keyphrase
#: only in the title (above :data:`TITLE_GENERIC_IDF`): common words of general language (座谈会 8.5,
#: 里程碑 8.6, 场景 8.1) name the subject of a text only when its title does
KEYWORD_IDF = 8.7
#: a single word whose IDF in jieba's table (``jieba/analyse/idf.txt``, from a large general
#: corpus) is below this names no subject (发展 3.6, 建设 4.9, 区域 5.7, 美丽 7.0, 生态 7.4)
GENERIC_IDF = 8.0
#: tags of proper names (people, places, organisations): a name is never generic by :data:`GENERIC_IDF`
#: (common words jieba tags as places, 城市 and 美丽, are stop words)
NAME_POS = ("nr", "ns", "nt")
#: ... unless its IDF is below this (中国 3.0): a name in nearly every text
NAME_IDF = 4.0
#: part-of-speech tags (jieba/ICTCLAS) of a noun-like word: nouns, verbal nouns, abbreviations,
#: idioms used as terms, Latin words (a title of office, a title word, a repeated single word)
HEAD_POS = ("n", "vn", "j", "l", "eng", "nz")
#: how many of an article's best candidates are grouped into near-duplicates (the rest are not shown)
COLLAPSE_WINDOW = 60
#: a generic single word of the title counts when its IDF is at least this (畜牧业 7.5, 温室 7.8)
TITLE_GENERIC_IDF = 7.5


def extract_keywords(articles: list[Article], analyzer: Analyzer, top_k: int = 10) -> None:
    """Fill :attr:`Article.keywords` with the top ``top_k`` keyphrases, best first.

    The keyphrases are those of :func:`rank_keyphrases` (KEA-style supervised ranking, Witten et
    al. 1999: candidate noun compounds rebuilt from the segmentation, a logistic-regression model
    over position, frequency, spread and specificity features, then the news filters — see
    there), ranked from the article alone in the cached per-file stage (:func:`rank_words`) and
    trimmed here; an article :func:`rank_words` did not see is ranked here.  A new article in the
    corpus changes no other article's list (issue 16).  Requires :func:`analyse`.
    """
    for art in articles:
        if not art.keywords and art.tagged:
            if not art.textrank:
                set_textrank([art], analyzer)
            art.keywords = rank_keyphrases(art, analyzer)
        art.keywords = art.keywords[:top_k]


def _own_names(art: Article) -> list[str]:
    """The article's own people (reporters, correspondents, authors, speaker: its metadata), 2+ characters.

    A byline names who wrote the text, not what it is about: no keyphrase is one of them, inside one
    (环宣 of the pen name 穗环宣) or contains one.
    """
    names = [*art.reporters, *art.correspondents, *art.authors, art.speaker]
    return [n for n in dict.fromkeys(n.strip() for n in names) if len(n) >= 2]


def _titles_of_office(sentences: list[list[tuple[str, str]]], analyzer: Analyzer, among: set[str] | None = None) -> set[str]:
    """Single words that stand before a person's name (jieba tag ``nr``) in at least half their uses:
    titles of office (党委委员 姜兴贵, 总书记 习近平), which say who spoke, not what about.  A title in a
    chain of titles before the name counts too (党委委员、副社长、副总编辑胡泉: the words between it and the
    name are at most :data:`TITLE_CHAIN` noun-like words or 、).

    A shape rule (the word's right context), so it needs no list of titles.  ``among``: the only
    words to test (default every word).
    """
    before: Counter = Counter()
    uses: Counter = Counter()
    for sentence in sentences:
        if among is None:
            hits: Iterable[int] = range(len(sentence))
        elif among.isdisjoint(map(itemgetter(0), sentence)):
            continue
        else:
            hits = [i for i, pair in enumerate(sentence) if pair[0] in among]
        kinds = _chain_kinds(analyzer, sentence)
        for i in hits:
            if kinds[i] >= _CHAIN_TITLE:
                word = sentence[i][0]
                uses[word] += 1
                before[word] += _before_name(kinds, i + 1)
    return {w for w, n in before.items() if n and 2 * n >= uses[w] and w not in analyzer.terms}


#: how many noun-like words or 、 may stand between a title of office and the name it precedes
TITLE_CHAIN = 3
#: what a token is to :func:`_titles_of_office` (:func:`_chain_kinds`): it breaks a chain of titles; it links one
#: (、 or a short noun-like word); it links one and may be a title (noun-like, 2+ characters); it is a person's name
_CHAIN_BREAK, _CHAIN_LINK, _CHAIN_TITLE, _CHAIN_NAME = 0, 1, 2, 3


def _chain_kinds(analyzer: Analyzer, sentence: list[tuple[str, str]]) -> list[int]:
    """Per ``(word, flag)`` pair, its kind in a chain of titles before a name (memoised per distinct pair):
    :data:`_CHAIN_NAME` for ``nr`` with 2+ characters, :data:`_CHAIN_TITLE` for another :data:`HEAD_POS`
    word of 2+ characters, :data:`_CHAIN_LINK` for a shorter one or 、, else :data:`_CHAIN_BREAK`."""
    memo = analyzer._chain_kinds
    for word, flag in set(sentence).difference(memo):
        if flag.startswith("nr") and len(word) >= 2:
            kind = _CHAIN_NAME
        elif flag.startswith(HEAD_POS):
            kind = _CHAIN_TITLE if len(word) >= 2 else _CHAIN_LINK
        else:
            kind = _CHAIN_LINK if word == "、" else _CHAIN_BREAK
        memo[word, flag] = kind
    return list(map(memo.__getitem__, sentence))


def _before_name(kinds: list[int], start: int) -> bool:
    """Whether a person's name follows ``start`` after at most :data:`TITLE_CHAIN` titles or 、 (``kinds``: :func:`_chain_kinds`)."""
    for kind in kinds[start : start + TITLE_CHAIN + 1]:
        if kind == _CHAIN_NAME:
            return True
        if kind == _CHAIN_BREAK:
            return False
    return False


def _collapse(scored: list[tuple[str, float]], counts: Counter, generic: Callable[[str], bool] | None = None) -> list[tuple[str, float]]:
    """Near-duplicates (:func:`_near_duplicate`) merged into the first (best) of each group, written in the
    group's preferred form (:func:`_preferred`); ``counts``: the article's uses of each phrase."""
    kept: list[list] = []  # [form shown, score, forms]
    for phrase, score in scored:
        for group in kept:
            if any(_near_duplicate(phrase, other, generic) or _never_alone(phrase, other, counts) for other in group[2]):
                group[2].append(phrase)
                group[0] = _preferred(group[0], phrase, counts)
                break
        else:
            kept.append([phrase, score, [phrase]])
    out: list[tuple[str, float]] = []  # a group whose shown form now repeats a better group's goes with it
    for form, score, _forms in kept:
        if not any(_near_duplicate(form, shown, generic) for shown, _s in out):
            out.append((form, round(score, 4)))
    return out


def _never_alone(a: str, b: str, counts: Counter) -> bool:
    """Whether the shorter of two phrases occurs only inside the longer (永磁 of 永磁同步电机): as many uses or
    fewer (its uses counted with the longer's, as :func:`keyphrase_pool` lists spans)."""
    short, long = sorted((a, b), key=len)
    return short != long and short in long and counts[short] <= counts[long]


def _preferred(a: str, b: str, counts: Counter) -> str:
    """Of two near-duplicate forms (``a`` the group's form so far, the better scored), the one to show.

    An abbreviation and its long form: the one the article uses most.  When one contains the
    other, ``a`` stays (the score already weighs uses, position and length; on CSL dev, choosing
    by uses there cost 0.015 of F1@5), unless the shorter never occurs alone (:func:`_never_alone`):
    then the longer, the form the author wrote (on CSL dev +0.002).
    """
    short, long = sorted((a, b), key=len)
    if short in long:
        return long if _never_alone(a, b, counts) else a
    return short if counts[short] > counts[long] else long


#: one-character names of an administrative division that may follow a place's name
DIVISION_SUFFIXES = frozenset("市省区县州镇乡村")


def _near_duplicate(a: str, b: str, generic: Callable[[str], bool] | None = None) -> bool:
    """Whether two phrases name the same thing: the shorter ends the longer (the same head with a modifier
    more: 科创中心 / 国际科创中心), or the longer is the shorter and a division's name (代尔夫特 / 代尔夫特市,
    :data:`DIVISION_SUFFIXES`), or the shorter is an abbreviation of the longer (3+ characters and 40 % of
    the longer's, in order through it, the same last character: 科创中心 / 国际科技创新中心).  A phrase
    inside another with a different head names something else (全过程 / 全过程管理: on CSL dev, merging
    those cost 0.02 of F1@5)."""
    short, long = sorted((a, b), key=len)
    if short in long:
        rest = long[len(short) :] if long.startswith(short) else ""
        if rest in DIVISION_SUFFIXES:  # a place with and without its division's name: 代尔夫特 / 代尔夫特市
            return True
        return long.endswith(short) or (generic is not None and bool(rest) and generic(rest))
    if len(short) < 3 or len(short) < 0.4 * len(long) or short[-1] != long[-1]:
        return False
    rest = iter(long)
    return all(c in rest for c in short)


def _sentences(art: Article) -> list[list[tuple[str, str]]]:
    """The article's body tokens (captions left out) cut into sentences at 。！？；.!?; and block ends."""
    out: list[list[tuple[str, str]]] = []
    for block, tagged in zip(art.blocks, art.tagged, strict=True):
        if block.kind is BlockKind.CAPTION:
            continue
        current: list[tuple[str, str]] = []
        for pair in tagged:
            if pair[0] in _SENTENCE_ENDS:
                if current:
                    out.append(current)
                current = []
            else:
                current.append(pair)
        if current:
            out.append(current)
    return out


_SENTENCE_ENDS = frozenset("。！？；.!?;")


def _title_allowed(art: Article, analyzer: Analyzer) -> frozenset[str]:
    """Generic single words of the title that may still be candidates (see :data:`TITLE_GENERIC_IDF`)."""
    table, _median = analyzer.idf_table()
    return frozenset(
        w
        for w, f in art.title_tagged
        if len(w) >= 2 and f.startswith(HEAD_POS) and w not in analyzer.stopwords and table.get(w, 0.0) >= TITLE_GENERIC_IDF
    )


def rank_words(articles: list[Article], analyzer: Analyzer) -> None:
    """Set :attr:`Article.textrank` (:func:`textrank_many` over each article's title and
    body tokens) and :attr:`Article.keywords` (:func:`rank_keyphrases` over the article's
    :func:`keyphrase_pool`, the best :data:`KEYPHRASES_KEPT`).

    Both depend on the article alone (not on the corpus), so they are cached
    with the article's analysis.  The candidate pool is not kept: nothing after
    this stage reads it, and at 1,000 articles it held about 150 MiB.  Requires :func:`analyse`.
    """
    set_textrank(articles, analyzer)
    for art in articles:
        sentences = _sentences(art)
        pool = keyphrase_pool(art, analyzer, sentences)
        art.keywords = rank_keyphrases(art, analyzer, pool=pool, sentences=sentences)[:KEYPHRASES_KEPT]


def set_textrank(articles: list[Article], analyzer: Analyzer) -> None:
    """Set :attr:`Article.textrank`: :func:`textrank_many` over each article's title and body tokens."""
    docs = [art.title_tagged + [p for block in art.tagged for p in block] for art in articles]
    for art, rank in zip(articles, textrank_many(docs, analyzer.candidate_mask), strict=True):
        art.textrank = rank


# -- keyphrases: candidates, features, the model ------------------------------
#: tags of a word that may stand inside a pooled keyphrase (nouns, names, verbs, verbal nouns, adjectives,
#: distinguishing words, abbreviations, idioms, Latin words)
POOL_PART_POS = ("n", "v", "a", "b", "j", "l", "eng", "i")
#: tags of words that may stand inside a pooled keyphrase only as a modifier, when all Han (:func:`_pool_modifier`):
#: numerals (二元, 多维) and direction words (南方, 沿海)
POOL_MODIFIER_POS = ("m", "f")
#: tags of a word that may end a pooled keyphrase
POOL_HEAD_POS = ("n", "v", "j", "l", "eng", "i")
#: a pooled keyphrase has at most this many words and characters
POOL_MAX_WORDS = 4
POOL_MAX_CHARS = 12
#: how many ranked keyphrases the per-file stage keeps (:attr:`Article.keywords` before the corpus stage trims)
KEYPHRASES_KEPT = 20
#: the features of :func:`keyphrase_features`, in the order of the model's coefficients
KEYPHRASE_FEATURES = (
    "log_tf",
    "in_title",
    "title_only",
    "first_pos",
    "first_rel",
    "spread",
    "last_first",
    "n_words_1",
    "n_words_2",
    "n_words_3p",
    "chars",
    "idf",
    "max_idf",
    "min_idf",
    "head_idf",
    "generic_single",
    "generic_head",
    "term",
    "head_v",
    "head_vn",
    "first_v",
    "first_a",
    "name",
    "eng",
    "textrank",
    "candidate",
    "full_run",
    "edge_run",
    "lead",
    "last",
    "title_x_multi",
    "idf_x_single",
    "tf2",
    "tf3",
    "head_n",
    "inside_ratio",
    "has_sub",
    "dict_word",
    "title_substr",
    "title_share",
    "tfidf",
    "word_tf",
    "verb_inside",
    "first_v_generic",
)
#: the shipped model: logistic-regression coefficients over standardised :data:`KEYPHRASE_FEATURES`
KEYPHRASE_MODEL = "keyphrase_model.json"


class KeyphraseModel:
    """A logistic-regression keyphrase scorer read from a JSON file (``scripts/train_keyphrases.py`` writes it).

    The file holds ``features`` (names, :data:`KEYPHRASE_FEATURES`), ``mean`` and ``scale`` (the
    standardisation of each feature, scikit-learn's ``StandardScaler``), ``coef`` and ``intercept``
    (scikit-learn's ``LogisticRegression``), with notes on the training data.  Scoring needs no
    scikit-learn: ``intercept + Σ coef·(x - mean)/scale``, the log-odds that a candidate is an author's keyword.

    Raises:
        ValueError: the file's features are not :data:`KEYPHRASE_FEATURES`.
    """

    def __init__(self, path: Path | None = None):
        import json

        data = json.loads((path or data_path(KEYPHRASE_MODEL)).read_text(encoding="utf-8"))
        if tuple(data["features"]) != KEYPHRASE_FEATURES:
            raise ValueError(f"{path or KEYPHRASE_MODEL}: features {data['features']} are not {list(KEYPHRASE_FEATURES)}")
        self.intercept = float(data["intercept"])
        self.weights = [c / s if s else 0.0 for c, s in zip(data["coef"], data["scale"], strict=True)]
        self.offset = self.intercept - sum(w * m for w, m in zip(self.weights, data["mean"], strict=True))

    def score(self, features: dict[str, float]) -> float:
        """The log-odds of one candidate from its :func:`keyphrase_features` row."""
        return self.offset + sum(w * features[name] for w, name in zip(self.weights, KEYPHRASE_FEATURES, strict=True))


_MODEL: KeyphraseModel | None = None


def keyphrase_model() -> KeyphraseModel:
    """The shipped :class:`KeyphraseModel` (read once)."""
    global _MODEL
    if _MODEL is None:
        _MODEL = KeyphraseModel()
    return _MODEL


#: what a token may be in a pooled keyphrase (:func:`_pool_roles`), one character each so that the roles of a
#: sentence are a string its runs are found in (:data:`_POOL_RUN`): not a part, a part that ends none, a part that
#: ends one of several words only (a single character or a number alone is no candidate), a part that may also stand alone
POOL_NONE, POOL_INSIDE, POOL_END, POOL_ALONE = "0", "1", "2", "3"
#: a run of content words in a sentence's roles
_POOL_RUN = re.compile(f"[{POOL_INSIDE}{POOL_END}{POOL_ALONE}]+")


def _pool_roles(analyzer: Analyzer, tagged: list[tuple[str, str]]) -> str:
    """The pool role (:data:`POOL_NONE` ... :data:`POOL_ALONE`) of each ``(word, flag)`` pair, in order, as a string.

    A part (:data:`POOL_PART_POS`, not a stop word, some letter) may end a phrase when it is a head
    (:func:`_pool_head`) and stand alone when it also has 2+ characters and is no number.  Memoised on the
    analyzer per distinct pair (the memo is filled once per new pair, then each token is one lookup).
    """
    memo = analyzer._pool_roles
    for pair in set(tagged).difference(memo):
        memo[pair] = _pool_role(analyzer, *pair)
    return "".join(map(memo.__getitem__, tagged))


def _pool_role(analyzer: Analyzer, word: str, flag: str) -> str:
    """:func:`_pool_roles` of one pair (not memoised)."""
    part = (
        word not in analyzer.stopwords
        and any(c.isalpha() for c in word)
        and (word in analyzer.terms or flag.startswith(POOL_PART_POS) or _pool_modifier(word, flag))
    )
    if not part:
        return POOL_NONE
    if not _pool_head(analyzer, word, flag):
        return POOL_INSIDE
    return POOL_END if len(word) < 2 or word.isdigit() else POOL_ALONE


def _pool_modifier(word: str, flag: str) -> bool:
    """Whether a word jieba tags as a numeral or a direction word (:data:`POOL_MODIFIER_POS`) may stand inside a
    pooled phrase as a modifier: 2+ characters, all Han (二元/经济, 三维/体罚单元, 南方/红豆杉; not 2035 or 上), and
    not an ordinal (第六届).  It never ends one (not in :data:`POOL_HEAD_POS`).  On CSL dev, 5-fold CV F1@5
    0.246 -> 0.253 (numerals alone +0.004, direction words alone +0.003)."""
    return flag in POOL_MODIFIER_POS and len(word) >= 2 and len(_HAN.findall(word)) == len(word) and not word.startswith("第")


def _pool_head(analyzer: Analyzer, word: str, flag: str) -> bool:
    if word in analyzer.terms:
        return True
    return flag.startswith(POOL_HEAD_POS) and not (flag == "eng" and word.lower() in ENGLISH_STOP_WORDS)


def keyphrase_pool(
    art: Article, analyzer: Analyzer, sentences: list[list[tuple[str, str]]] | None = None
) -> list[tuple[str, int, tuple[str, ...], tuple[str, ...], int, int, bool]]:
    """Every keyphrase candidate occurrence of an article, title first, in text order (captions left out).

    A candidate is a span of at most :data:`POOL_MAX_WORDS` adjacent words (:data:`POOL_MAX_CHARS`
    characters) of a run of content words (:data:`POOL_PART_POS`, not stop words, not numbers) that
    ends in a noun-like word or verb (:data:`POOL_HEAD_POS`): the noun compounds the segmenter split
    (永磁/同步电机), rebuilt, and their parts — the candidate set of KEA (Witten et al. 1999) over
    words instead of stems.  A single word needs 2+ characters.  ``sentences``: the article's
    :func:`_sentences`, when already cut.

    Returns:
        ``(phrase, sentence, words, tags, edges, inside, ends)`` per occurrence: the body sentence index (-1: the
        title), the words and tags it joins, how many of its two ends are ends of the run (0-2), how many
        shorter candidate spans lie inside it, and whether it ends the run (no content word follows).
    """
    out: list = []
    body = _sentences(art) if sentences is None else sentences
    for index, sentence in [(-1, art.title_tagged), *enumerate(body)]:
        roles = _pool_roles(analyzer, sentence)
        for run in _POOL_RUN.finditer(roles):
            start, end = run.span()
            if end - start == 1:  # most runs: one word (as in _run_candidates, without a call per word)
                word, flag = sentence[start]
                if roles[start] == POOL_ALONE and len(word) <= POOL_MAX_CHARS:
                    out.append((word, index, (word,), (flag,), 2, 0, True))
                continue
            _run_candidates(sentence[start:end], roles[start:end], index, out)
    return out


def _run_candidates(run: list[tuple[str, str]], roles: str, index: int, out: list) -> None:
    """Append to ``out`` the :func:`keyphrase_pool` occurrences of one run of content words (sentence ``index``).

    ``roles``: the run's :func:`_pool_roles` (none is :data:`POOL_NONE`).  Every span inside a candidate
    span is short enough to be one too, so the candidate spans inside ``words[i:j]`` are counted as ``j``
    grows: each word that may end a span adds the spans ending at it, ``j - 1 - i`` of two or more words
    and the word alone when it may stand alone (the span itself is then taken off).
    """
    n = len(run)
    if n == 1:  # most runs: one word, a candidate when it may stand alone
        word, flag = run[0]
        if roles[0] == POOL_ALONE and len(word) <= POOL_MAX_CHARS:
            out.append((word, index, (word,), (flag,), 2, 0, True))
        return
    words = [w for w, _f in run]
    tags = [f for _w, f in run]
    for i in range(n):
        text = ""
        spans_within = 0  # candidate spans inside words[i:j]
        for j in range(i + 1, min(n, i + POOL_MAX_WORDS) + 1):
            text += words[j - 1]
            role = roles[j - 1]
            if role == POOL_INSIDE:
                continue
            if len(text) > POOL_MAX_CHARS:
                break
            spans_within += j - 1 - i + (role == POOL_ALONE)
            if role == POOL_ALONE or j - i > 1:
                out.append((text, index, tuple(words[i:j]), tuple(tags[i:j]), (i == 0) + (j == n), spans_within - 1, j == n))


def keyphrase_features(
    art: Article, analyzer: Analyzer, pool: list | None = None, only: set[str] | None = None, sentences: list | None = None
) -> dict[str, dict[str, float]]:
    """Per candidate phrase of an article (:func:`keyphrase_pool`), its :data:`KEYPHRASE_FEATURES`.

    Shape features that hold for news as for abstracts, from the article alone and jieba's IDF table
    (a fixed general corpus), so that no other article moves them (issue 16):

    * frequency (``log_tf``, ``tf2``, ``tf3``) and position: in the title, the first sentence
      index as ``1/(1 + i)`` (PositionRank, Florescu & Caragea 2017) and as a share of the
      sentences (KEA's first occurrence, Witten et al. 1999), in the lead or last sentence;
    * spread: the share of sentences it occurs in (YAKE's "different sentences", Campos et al.
      2020) and between first and last occurrence;
    * specificity: jieba's IDF of the phrase (:meth:`Analyzer.phrase_idf`), of its rarest,
      commonest and last word, whether a single word or the head is generic
      (:meth:`Analyzer.is_generic`), whether a dictionary term or passes :meth:`Analyzer.is_candidate`;
    * shape: number of words and characters, the tags of the first and last word, a name or
      Latin word inside, how often it is a whole run of content words or ends one, how often it
      occurs inside a longer candidate (``inside_ratio``), whether shorter ones lie inside it;
    * TextRank of its best word (Mihalcea & Tarau 2004; :attr:`Article.textrank`);
    * clause shapes, which filter a long text's candidates (:func:`admitted_features`): a verb inside
      (``verb_inside``), a generic verb first (``first_v_generic``).

    Four more values are not the model's but its filters' (:func:`_news_subject`): ``end_ratio``, the share of
    uses that end their run of content words, and, for a single word, ``modifier_ratio``, the share followed
    by another content word, ``verbal_ratio``, the share followed by an aspect particle or 《, and
    ``of_org_ratio``, the share one or two words after an organisation's name.  Values are floats; a phrase's
    words and tags are those of its first occurrence.
    ``only``: the phrases to describe (default all); ``sentences``: the article's :func:`_sentences`, when already cut.
    """
    pool = keyphrase_pool(art, analyzer) if pool is None else pool
    body = _sentences(art) if sentences is None else sentences
    n_sentences = max(len(body), 1)
    table, median = analyzer.idf_table()
    rank = art.textrank
    top = max(rank.values(), default=1.0) or 1.0
    seen: dict[str, dict] = {}  # the phrases described, in order of first occurrence: their uses
    for text, index, words, tags, edges, inside, ends in pool:
        if only is not None and text not in only:
            continue
        d = seen.get(text)
        if d is None:
            d = seen[text] = {
                "n": 0,
                "title": 0,
                "sentences": set(),
                "words": words,
                "tags": tags,
                "full": 0,
                "edge": 0,
                "sub": 0,
                "end": 0,
            }
        d["n"] += 1
        d["end"] += ends
        d["full"] += edges == 2
        d["edge"] += edges >= 1
        d["sub"] = max(d["sub"], inside)
        if index < 0:
            d["title"] += 1
        else:
            d["sentences"].add(index)
    supers = _inside_longer(pool, seen)
    title_text = art.title
    title_words = {w for w, _f in art.title_tagged}
    word_tf = Counter(map(itemgetter(0), chain(art.title_tagged, *body)))
    singles = {text for text, d in seen.items() if len(d["words"]) == 1}
    modifier, verbal, of_org, quoted = _word_contexts(analyzer, [art.title_tagged, *body], singles)
    rows: dict[str, dict[str, float]] = {}
    for text, d in seen.items():
        words, tags, n = d["words"], d["tags"], len(d["words"])
        idf = analyzer.phrase_idf(text) if n > 1 else table.get(text, median)
        word_idf = [table.get(w, median) for w in words]
        sentences = d["sentences"]
        first = min(sentences) if sentences else n_sentences
        rows[text] = {
            "log_tf": math.log(d["n"]),
            "in_title": float(d["title"] > 0),
            "title_only": float(d["title"] > 0 and not sentences),
            "first_pos": 1 / (1 + first),
            "first_rel": first / n_sentences,
            "spread": len(sentences) / n_sentences,
            "last_first": (max(sentences) - min(sentences)) / n_sentences if sentences else 0.0,
            "n_words_1": float(n == 1),
            "n_words_2": float(n == 2),
            "n_words_3p": float(n >= 3),
            "chars": min(len(text), POOL_MAX_CHARS) / POOL_MAX_CHARS,
            "idf": idf / 12,
            "max_idf": max(word_idf) / 12,
            "min_idf": min(word_idf) / 12,
            "head_idf": word_idf[-1] / 12,
            "generic_single": float(n == 1 and analyzer.is_generic(text)),
            "generic_head": float(analyzer.is_generic(words[-1])),
            "term": float(text in analyzer.terms),
            "head_v": float(tags[-1] == "v"),
            "head_vn": float(tags[-1] == "vn"),
            "first_v": float(n > 1 and tags[0] in ("v", "vn")),
            "first_a": float(tags[0] in ("a", "b")),
            "name": float(any(t.startswith(NAME_POS) for t in tags)),
            "eng": float("eng" in tags),
            "textrank": max((rank.get(w, 0.0) for w in words), default=0.0) / top,
            "candidate": float(n > 1 or analyzer.is_candidate(words[0], tags[0])),
            "full_run": d["full"] / d["n"],
            "edge_run": d["edge"] / d["n"],
            "lead": float(0 in sentences),
            "last": float(n_sentences - 1 in sentences),
            "title_x_multi": float(d["title"] > 0 and n > 1),
            "idf_x_single": idf / 12 * (n == 1),
            "tf2": float(d["n"] >= 2),
            "tf3": float(d["n"] >= 3),
            "head_n": float(tags[-1].startswith("n") and len(words[-1]) == 1),
            "inside_ratio": min(supers[text] / d["n"], 1.0),
            "has_sub": float(d["sub"] > 0),
            "dict_word": float(analyzer.has_word(text)),
            "title_substr": float(text in title_text),
            "title_share": sum(w in title_words for w in words) / n,
            "tfidf": math.log((1 + math.log(d["n"])) * idf * (1 + 1 / (1 + first)) * (2.5 if d["title"] else 1.0)),
            "word_tf": math.log(max(word_tf[w] for w in words)),
            "verb_inside": float("v" in tags[1:-1]),
            "first_v_generic": float(n > 1 and tags[0] in CLAUSE_FIRST_TAGS and analyzer.is_generic(words[0])),
            "end_ratio": d["end"] / d["n"],
            "modifier_ratio": min(modifier[text] / d["n"], 1.0) if n == 1 else 0.0,
            "verbal_ratio": min(verbal[text] / d["n"], 1.0) if n == 1 else 0.0,
            "of_org_ratio": min(of_org[text] / d["n"], 1.0) if n == 1 else 0.0,
            "quoted_ratio": min(quoted[text] / d["n"], 1.0) if n == 1 else 0.0,
        }
    return rows


def _inside_longer(pool: list, phrases: Iterable[str]) -> Counter:
    """Per phrase of ``phrases``, how many times it lies inside a longer candidate occurrence of ``pool``
    (as a span of the occurrence's words other than the whole).

    A span's text starts with its first word, so only spans whose text so far is a prefix of one of
    ``phrases`` are followed: a few set lookups per occurrence instead of every span joined.
    """
    targets = set(phrases)
    prefixes = {phrase[:k] for phrase in targets for k in range(1, len(phrase) + 1)}
    supers: Counter = Counter()
    for _text, _index, words, *_rest in pool:
        n = len(words)
        if n < 2 or prefixes.isdisjoint(words):  # no span of it starts one of the phrases
            continue
        for i in range(n):
            text = ""
            for word in words[i : n if i else n - 1]:  # the spans words[i:j], the whole one left out
                text += word
                if text not in prefixes:
                    break
                if text in targets:
                    supers[text] += 1
    return supers


def _word_contexts(
    analyzer: Analyzer, sentences: list[list[tuple[str, str]]], words: set[str]
) -> tuple[Counter, Counter, Counter, Counter]:
    """Uses of each of ``words`` in four contexts, over ``sentences`` (``(word, flag)`` lists).

    Returns ``(modifier, verbal, of_org, quoted)``: uses followed by another content word of its run
    (高质量 of 高质量发展: a pool part, :func:`_pool_roles`), followed by an aspect particle or a document
    title (印发了, 印发《), one or two words after an organisation's name (``nt``: 建设厅有关负责同志), and between
    quotation marks (勇闯“无人区”).
    """
    modifier: Counter = Counter()
    verbal: Counter = Counter()
    of_org: Counter = Counter()
    quoted: Counter = Counter()
    roles = analyzer._pool_roles
    for sentence in sentences:
        if words.isdisjoint(map(itemgetter(0), sentence)):
            continue
        last = len(sentence) - 1
        for k in [k for k, pair in enumerate(sentence) if pair[0] in words]:
            word = sentence[k][0]
            if k < last:
                nxt = sentence[k + 1]
                role = roles.get(nxt)
                if role is None:
                    role = roles[nxt] = _pool_role(analyzer, *nxt)
                if role != POOL_NONE:
                    modifier[word] += 1
                if nxt[1] in ASPECT_TAGS or nxt[0] == "《":
                    verbal[word] += 1
                if k >= 1 and sentence[k - 1][0] in OPENING_QUOTES and nxt[0] in CLOSING_QUOTES:
                    quoted[word] += 1
            if (k >= 1 and sentence[k - 1][1].startswith("nt")) or (k >= 2 and sentence[k - 2][1].startswith("nt")):
                of_org[word] += 1
    return modifier, verbal, of_org, quoted


#: tags of a first word that make a phrase of several words a clause (贯彻落实党, 明确上海), not a name
CLAUSE_FIRST_TAGS = ("v",)
#: a text of at least this many body sentences is long (news; CSL's abstracts have at most 15): there a
#: keyphrase outside the title must be used :data:`LONG_TEXT_USES` times, and no phrase starts with a verb
LONG_TEXT_SENTENCES = 16
LONG_TEXT_USES = 2
#: tags of a word that names an activity, not a subject, as a single keyphrase or the head of one in a long text (盘活, 成功举办)
ACTIVITY_TAGS = ("v", "vn")
#: in a long text a single word that is neither a domain term nor tagged a place or organisation counts when used this often
LONG_SINGLE_USES = 3
#: jieba's tags of aspect particles (了, 着, 过): the word before one acts as a verb
ASPECT_TAGS = ("ul", "uz", "ug")
#: tags of places and organisations (jieba's ``nr`` also tags common words as given names: 智慧, 康乐, 福祉)
PLACE_ORG_POS = ("ns", "nt")


def admitted_features(
    art: Article, analyzer: Analyzer, pool: list | None = None, sentences: list | None = None
) -> tuple[dict[str, dict[str, float]], Counter]:
    """The candidates of an article that may be keyphrases, with their :func:`keyphrase_features`, and the
    uses of every pooled phrase: the filters :func:`rank_keyphrases` applies before the model (the
    training script fits on the same set).

    Shape rules, no word lists.  In any text: a single word must pass :meth:`Analyzer.is_candidate`
    or be a title word above :data:`TITLE_GENERIC_IDF`; the article's own people (:func:`_own_names`)
    and titles of office (:func:`_titles_of_office`) are out.  In a long text a phrase of several words
    starting with a verb (贯彻落实党) or with a verb inside (科创中心集聚创新资源) is a clause, not a name; in a
    short one (an abstract) such shapes are as often terms (作物模拟模型, 造纸废水, 原状脱硫石膏), so there they are
    features the model weighs (``verb_inside``, ``first_v_generic``), not filters — KEA's way of learning
    from labelled data what a hand rule would fix (Witten et al. 1999).  On CSL dev + train (486 rows),
    5-fold CV F1@5 0.2535 -> 0.2591.

    A long text (:data:`LONG_TEXT_SENTENCES`: news, not an abstract) is held to what its subjects
    look like there (:func:`_news_subject`), so that the model, fitted on abstracts, does not pick the
    slogans and metaphors of news (新纪元, 底气, 高质量).

    ``pool`` and ``sentences``: the article's :func:`keyphrase_pool` and :func:`_sentences`, when already made.
    """
    sentences = _sentences(art) if sentences is None else sentences
    pool = keyphrase_pool(art, analyzer, sentences) if pool is None else pool
    counts = Counter(map(itemgetter(0), pool))
    if not pool:
        return {}, counts
    allow = _title_allowed(art, analyzer)
    names = _own_names(art)
    long_text = len(sentences) >= LONG_TEXT_SENTENCES
    # each phrase's words and tags at its first occurrence (read backwards, the first one is written last)
    shapes = {text: (words, tags) for text, _index, words, tags, *_rest in reversed(pool)}

    def shape_ok(phrase: str, words: tuple[str, ...], tags: tuple[str, ...]) -> bool:
        if long_text and counts[phrase] < LONG_TEXT_USES:  # the cheapest test first: most phrases of news occur once
            return False
        if len(words) == 1 and not (analyzer.is_candidate(phrase, tags[0]) or phrase in allow):
            return False
        if long_text and len(words) > 1 and (tags[0] in CLAUSE_FIRST_TAGS or "v" in tags[1:-1]):
            return False  # a verb + its object, or a verb inside: in news a clause, not a name (in an abstract, features)
        return True

    shaped = {phrase for phrase, (words, tags) in shapes.items() if shape_ok(phrase, words, tags)}
    offices = _titles_of_office(sentences, analyzer, among=shaped)  # only the words still in play
    only = {phrase for phrase in shaped if not (phrase in offices or any(phrase in name or name in phrase for name in names))}
    rows = keyphrase_features(art, analyzer, pool, only, sentences)
    if long_text:
        rows = {p: f for p, f in rows.items() if _news_subject(p, *shapes[p], f, counts[p], analyzer)}
    return rows, counts


def _news_subject(
    phrase: str, words: tuple[str, ...], tags: tuple[str, ...], features: dict[str, float], uses: int, analyzer: Analyzer
) -> bool:
    """Whether a candidate of a long text looks like one of its subjects (see :func:`admitted_features`).

    A subject recurs: used :data:`LONG_TEXT_USES` times, title included (a slogan of the lead is said
    once).  It is no activity: it does not end in a verb or a generic verbal noun (成功举办, 高质量发展),
    nor is a single word a verb or verbal noun (:data:`ACTIVITY_TAGS`: 盘活).  A phrase of several words
    ends its run of content words at least once (not 省住房 of 省住房城乡建设厅: a fragment) and, unless a domain
    term, neither starts with a numeral or direction word (亿元规模: in news a numeral is a quantity) nor is
    a generic verbal noun before generic words only (合作机制, 建设试点, 发展模式: an activity's frame, every
    word below :data:`GENERIC_IDF`).  A single word is named on its own (:func:`_named_alone`).
    """
    if uses < LONG_TEXT_USES or tags[-1] == "v" or (tags[-1] == "vn" and len(words) > 1 and analyzer.is_generic(words[-1])):
        return False
    term = phrase in analyzer.terms
    if len(words) == 1:
        return _named_alone(phrase, tags[0], features, uses, term, analyzer)
    if not term and (tags[0] in POOL_MODIFIER_POS or (tags[0] == "vn" and all(analyzer.is_generic(w) for w in words))):
        return False
    return features["end_ratio"] > 0


#: quotation marks around a word (full-width and ASCII): a word always quoted in news is a metaphor or a slogan
OPENING_QUOTES = frozenset("“‘「『\"'")
CLOSING_QUOTES = frozenset("”’」』\"'")
#: a single word of a long text is no subject when at least this share of its uses read it as a verb,
#: a modifier or an organisation's people (:func:`_named_alone`)
NEWS_USE_SHARE = 0.5


def _named_alone(word: str, tag: str, features: dict[str, float], uses: int, term: bool, analyzer: Analyzer) -> bool:
    """Whether a single word of a long text is named on its own (see :func:`_news_subject`).

    Not used as the modifier of a following word in most of its uses (高质量 of 高质量发展, 深度融合); a word tagged
    a noun but read as a verb (before an aspect particle or a document's 《title》 in half its uses: 印发了, 印发《…》)
    is out, as is one that follows an organisation's name (one word between at most) in half its uses: the
    body's people or units (建设厅有关负责同志).  An abstract quality noun (an adjective or verb of the dictionary
    with 性: 前瞻性, 3+ characters) is out; so is a word between quotation marks in half its uses (勇闯“无人区”: a
    metaphor or slogan), a word jieba tags as a given name (``nr``: 高水平, 智慧 — a real person is an entity, with
    a page of their own) unless the title has it, and a Latin word that is no acronym (fewer than two capitals:
    Survey).  Unless a domain term or tagged a place or organisation, it is used :data:`LONG_SINGLE_USES` times.
    A domain term passes every shape rule but the first two.
    """
    if not features["candidate"] or tag in ACTIVITY_TAGS:
        return False
    place_org = tag.startswith(PLACE_ORG_POS)
    if not term:
        if features["modifier_ratio"] > NEWS_USE_SHARE or features["verbal_ratio"] >= NEWS_USE_SHARE:
            return False
        if features["of_org_ratio"] >= NEWS_USE_SHARE and not place_org:
            return False
        if len(word) >= 3 and word.endswith("性") and analyzer.has_word(word[:-1]):
            return False
        if features["quoted_ratio"] >= NEWS_USE_SHARE:
            return False
        if tag.startswith("nr") and not features["in_title"]:
            return False
        if tag == "eng" and sum(c.isupper() for c in word) < 2:
            return False
    return term or place_org or uses >= LONG_SINGLE_USES


def rank_keyphrases(
    art: Article, analyzer: Analyzer, model: KeyphraseModel | None = None, pool: list | None = None, sentences: list | None = None
) -> list[tuple[str, float]]:
    """An article's keyphrases best first, as ``(phrase, log-odds)``, near-duplicates collapsed.

    Candidates (:func:`keyphrase_pool`) that pass the filters of :func:`admitted_features` are
    scored by a logistic-regression model over :func:`keyphrase_features` (KEA, Witten et al. 1999,
    with a linear model instead of naive Bayes; :class:`KeyphraseModel`, trained on CSL dev by
    ``scripts/train_keyphrases.py``).  Near-duplicates collapse into the best of their group
    (:func:`_collapse`, as MultipartiteRank's topic clusters do, Boudin 2018), a phrase followed by
    a generic word (未来社区 / 未来社区建设) included.  The scores depend on the article alone, so a new
    article in the corpus changes no other article's list; ties are broken by the phrase, so output is
    deterministic.  ``pool`` and ``sentences``: the article's :func:`keyphrase_pool` and :func:`_sentences`, when already made.
    """
    model = model or keyphrase_model()
    rows, counts = admitted_features(art, analyzer, pool, sentences)
    scored = sorted(((phrase, model.score(features)) for phrase, features in rows.items()), key=lambda kv: (-kv[1], kv[0]))
    return _collapse(scored[:COLLAPSE_WINDOW], counts)
