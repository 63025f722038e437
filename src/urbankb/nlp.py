"""Segmentation, stop words and keywords, with one private jieba tokenizer.

jieba keeps a module-level default tokenizer (``jieba.dt``) that other code
in the same process may change.  :class:`Analyzer` never touches it: it
owns a ``jieba.Tokenizer`` loaded with the domain user dictionary and a
``jieba.posseg.POSTokenizer`` wrapping that same instance (see jieba's
README, "载入词典" and "词性标注").  Traditional-Chinese text is analysed
in a simplified form made with OpenCC (``t2s``), so it is tagged and linked
like any other text while pages keep it as written.
"""

from __future__ import annotations

import html
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import jieba
import jieba.analyse
import jieba.posseg
import markdown
import nh3
import opencc
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from .escape import MARKDOWN_EXTENSIONS
from .model import Article, BlockKind

jieba.setLogLevel(logging.WARNING)

#: part-of-speech tags (jieba/ICTCLAS) a keyword may have: nouns, proper
#: nouns, verbal nouns, abbreviations, idioms used as terms, English words
KEYWORD_POS = ("n", "nz", "ns", "nt", "nr", "vn", "j", "l", "eng")
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
    terms = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.strip().split()
        if not parts or parts[0].startswith("#"):
            continue
        tag = parts[2] if len(parts) > 2 else (parts[1] if len(parts) == 2 and not parts[1].isdigit() else "")
        terms[parts[0]] = tag
    return terms


class Analyzer:
    """Chinese text analysis for one build.

    Args:
        dictionary: jieba user dictionary (default: the shipped ``dict.txt``).
        stopwords: stop-word list (default: the shipped ``stopwords.txt``).
        extra_terms: more terms to keep whole (e.g. taxonomy indicator
            terms), added with POS ``nz``.

    Attributes:
        tokenizer: the private ``jieba.Tokenizer``.
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
        self.tokenizer = jieba.Tokenizer()
        self.tokenizer.load_userdict(str(self.dictionary))
        self.terms = dictionary_terms(self.dictionary)
        for term in extra_terms:
            if term not in self.terms:
                self.tokenizer.add_word(term, freq=2000, tag="nz")
                self.terms[term] = "nz"
        self.postokenizer = jieba.posseg.POSTokenizer(self.tokenizer)
        self.postokenizer.makesure_userdict_loaded()
        self._tags: dict[str, str] = self.postokenizer.word_tag_tab
        self._new_word_tags: dict[str, str] = {}
        self.stopwords = load_word_list(stopwords or data_path("stopwords.txt"))
        self._t2s = opencc.OpenCC("t2s")

    # -- segmentation ----------------------------------------------------
    def cut(self, text: str) -> list[str]:
        """Segment text into words (jieba precise mode, HMM on)."""
        return self.tokenizer.lcut(text)

    def cut_for_search(self, text: str) -> list[str]:
        """Words plus the shorter words inside long ones (jieba search mode)."""
        return self.tokenizer.lcut_for_search(text)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """Segment with part-of-speech tags: ``[(word, flag), ...]``.

        Words come from the tokenizer's precise mode (HMM on for unknown
        words); flags from the dictionaries' tag table, as in
        ``jieba.posseg``.  A word missing from the table (found by the HMM)
        is tagged by ``jieba.posseg`` on that word alone — which gives the
        flags of ``posseg.lcut`` on the whole text about 2.5 times faster,
        because posseg's joint segmentation-and-tagging Viterbi runs only on
        new words.  Numbers are ``m``, Latin words ``eng``, punctuation ``x``.
        """
        out = []
        table = self._tags
        for word in self.tokenizer.lcut(text):
            flag = table.get(word)
            if flag is None:
                flag = self._new_word_tags.get(word)
                if flag is None:
                    flag = self._tag_new_word(word)
                    self._new_word_tags[word] = flag
            out.append((word, flag))
        return out

    def _tag_new_word(self, word: str) -> str:
        if not word.strip() or not any(c.isalnum() for c in word):
            return "x"
        if re.fullmatch(r"[0-9０-９.,%％]+", word):
            return "m"
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9\-_.+]*", word):
            return "eng"
        pairs = self.postokenizer.lcut(word)
        return pairs[0].flag if len(pairs) == 1 else "n"

    # -- script ----------------------------------------------------------
    def simplify(self, text: str) -> str:
        """Simplified-Chinese form of ``text`` (OpenCC ``t2s``); same length is not guaranteed."""
        return self._t2s.convert(text)

    def is_traditional(self, text: str, sample: int = 3000) -> bool:
        """True when at least 3% of the Han characters change under t2s conversion."""
        head = text[:sample]
        han = [c for c in head if "\u4e00" <= c <= "\u9fff"]
        if len(han) < 20:
            return False
        simple = self.simplify(head)
        changed = sum(1 for a, b in zip(head, simple, strict=False) if a != b)
        return changed / len(han) >= 0.03

    # -- keywords --------------------------------------------------------
    def is_candidate(self, word: str, flag: str) -> bool:
        """Whether a token may be a keyword: 2+ characters, not a stop word, noun-like."""
        if len(word) < 2 or word in self.stopwords or word.isdigit():
            return False
        if word in self.terms:
            return True
        if flag == "eng" and (word.lower() in ENGLISH_STOP_WORDS or (word.islower() and len(word) < 4)):
            return False
        return flag.startswith(KEYWORD_POS) and not any(c.isdigit() for c in word)


def markdown_text(text: str) -> str:
    """The visible text of a Markdown block: rendered by Python-Markdown, every tag
    removed by nh3 (scripts and styles with their content), entities decoded."""
    rendered = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS)
    return html.unescape(nh3.clean(rendered, tags=set())).strip()


def analyse(articles: list[Article], analyzer: Analyzer) -> None:
    """Segment and POS-tag every article once (simplified form).

    Sets :attr:`Article.traditional`, :attr:`Article.tagged` and
    :attr:`Article.tokens` (one list per body block), and
    :attr:`Article.title_tagged`/:attr:`Article.title_tokens`.  Later
    components reuse these instead of segmenting again.
    """
    for art in articles:
        visible = [markdown_text(b.text) if art.markdown else b.text for b in art.blocks]
        art.traditional = analyzer.is_traditional(art.title + "".join(visible))
        convert = analyzer.simplify if art.traditional else (lambda t: t)
        art.title_tagged = analyzer.tag(convert(art.title))
        art.title_tokens = [w for w, _ in art.title_tagged]
        art.tagged = [analyzer.tag(convert(text)) for text in visible]
        art.tokens = [[w for w, _ in block] for block in art.tagged]


def textrank(tagged: list[tuple[str, str]], keep, span: int = 5) -> dict[str, float]:
    """TextRank scores of the kept words (Mihalcea & Tarau 2004).

    The co-occurrence graph is built over a window of ``span`` tokens exactly
    as ``jieba.analyse.TextRank.textrank`` does, and ranked with jieba's own
    ``UndirectWeightedGraph`` — but over tokens tagged once by
    :func:`analyse` instead of segmenting the text again.

    Args:
        tagged: ``(word, flag)`` pairs in text order.
        keep: ``(word, flag) -> bool``, which tokens may be graph nodes.
        span: co-occurrence window in tokens.

    Returns:
        word -> score scaled to at most 1.
    """
    from jieba.analyse.textrank import UndirectWeightedGraph

    graph = UndirectWeightedGraph()
    counts: Counter = Counter()
    for i, (word, flag) in enumerate(tagged):
        if not keep(word, flag):
            continue
        for j in range(i + 1, min(i + span, len(tagged))):
            other, other_flag = tagged[j]
            if keep(other, other_flag):
                counts[(word, other)] += 1
    for (a, b), weight in sorted(counts.items()):
        graph.addEdge(a, b, weight)
    return dict(graph.rank()) if counts else {}


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
    docs: list[list[str]] = []
    for art in articles:
        tagged = art.title_tagged + [
            p for b, block in zip(art.blocks, art.tagged, strict=True) if b.kind is not BlockKind.CAPTION for p in block
        ]
        docs.append([w for w, f in tagged if analyzer.is_candidate(w, f)])
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
        table = jieba.analyse.TFIDF()

        def idf(word: str) -> float:
            return table.idf_freq.get(word, table.median_idf)

    for art, doc in zip(articles, docs, strict=True):
        counts = Counter(doc)
        tfidf = {w: (1 + math.log(c)) * idf(w) for w, c in counts.items()}
        tagged = art.title_tagged + [p for block in art.tagged for p in block]
        rank = textrank(tagged, lambda w, f: analyzer.is_candidate(w, f))
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
