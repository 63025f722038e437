"""Chinese site search: a pre-segmented, pre-scored index for mkdocs-material's search UI.

Stock mkdocs-material search segments pages with jieba at build time but
splits the reader's query in the browser by a different rule (greedy
matching against the index, never the whole query), then ORs the pieces:
``低空经济`` returns every page with ``经济``.  This module makes both sides
split text the same way:

* **Index side** (Python, in ``urbankb build``): an article page is indexed
  from the tokens the analysis already made (:attr:`Article.tokens`, one
  segmentation per text, with the build's own dictionary), so a domain term
  is one token and ``--dictionary`` words are whole in the index as in
  ``kb.json``; hand-written pages are segmented once by the same
  :class:`~urbankb.nlp.Analyzer`.  Each long token also adds the shorter
  dictionary words inside it, as jieba's search mode does (``低空经济`` →
  ``低空``, ``经济``), so readers who type a part still find it.  The tokens
  are of the simplified text (OpenCC ``t2s``); the displayed text stays as
  written.  Each (token, page) pair gets a weight: title, keywords, people,
  section headings and tags by the :class:`~urbankb.config.SearchRanking`
  weights, body text ``1 + ln(tf)``; parts of a compound count
  ``part``; times the token's IDF and the page's boost.
* **Query side** (``assets/search-worker.js``, in the browser): the query is
  lower-cased, converted to simplified characters with the same OpenCC
  character table, and segmented by forward maximum matching over the
  index's own vocabulary -- the tokens the index side produced -- so the
  query is split exactly where the pages were.  Every token is required
  (AND); the last one also matches as a prefix while the reader types.

The build writes the index as :data:`SOURCE_PATH` in the docs folder, its
pages named by their Markdown paths; the MkDocs plugin only turns those into
the site's URLs (:func:`relocate`) and writes it gzip-compressed as
:data:`INDEX_PATH`, where a small worker that speaks mkdocs-material's
worker protocol loads it, so the search box, result list, suggestions and
highlighting of the theme are kept.  Listing pages are not indexed, and
neither are the navigation parts of article pages (topic evidence,
provenance, related articles).
"""

from __future__ import annotations

import json
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from html.parser import HTMLParser

import numpy as np
import opencc
from scipy import sparse

from ..artifacts import FORMAT
from ..config import SearchRanking
from ..han import HAN

#: characters kept of each paragraph for result teasers (matching uses the whole text)
TEASER_CHARS = 160
#: classes of elements in hand-written pages that are navigation, not content
SKIP_CLASSES = {"kb-topics", "kb-provenance", "kb-reason", "headerlink", "md-tags"}
#: headings that start a navigation section (dropped to the end of the page)
SKIP_HEADINGS = {"相关文章"}
BLOCK_TAGS = {"p", "li", "pre", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "dt", "dd", "br"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_WORD = re.compile(r"[\w]", re.UNICODE)
_ASCII_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class Section:
    """One searchable part of a page: the page itself (no anchor) or a heading's section.

    Attributes:
        anchor: the heading's id (``""`` for the page itself).
        title: the heading as shown.
        blocks: the paragraphs as shown (teasers are cut from them).
        words: per block, its tokens (simplified text, as segmented once).
        title_words: the heading's tokens.
    """

    anchor: str
    title: str
    blocks: list[str] = field(default_factory=list)
    words: list[list[str]] = field(default_factory=list)
    title_words: list[str] = field(default_factory=list)


@dataclass
class PageRecord:
    """What the search index keeps of one page: its texts as shown and as tokens.

    Attributes:
        path: the page's Markdown path in the docs folder (``articles/x.md``).
        title: the page title; its tokens are the first section's ``title_words``.
        sections: the page itself first, then each heading's section.
        keywords, people, tags: tokens of each keyword, person and tag.
        tag_names: the tags as shown (topic names).
        meta: the page's metadata as shown, ``(field label, value)`` pairs (关键词, 发言人, 作者, 主题 …):
            a result that matched in one shows that field with the match highlighted.
        boost: the page's score factor.
        key: what the record was made from, compared with ``==`` (:class:`IndexMemo`); None: not kept.
    """

    path: str
    title: str
    sections: list[Section]
    keywords: list[list[str]] = field(default_factory=list)
    people: list[list[str]] = field(default_factory=list)
    tags: list[list[str]] = field(default_factory=list)
    tag_names: list[str] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)
    boost: float = 1.0
    key: object = None


class _PageParser(HTMLParser):
    """Splits the HTML of a hand-written page into sections of plain-text blocks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = [Section("", "")]
        self.stack: list[tuple[str, bool, str]] = []  # (tag, skipped, class)
        self.skip_depth = 0
        self.stopped = False
        self.heading: list[str] | None = None
        self.heading_id = ""
        self.block: list[str] = []

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self.block)).strip()
        if text:
            self.sections[-1].blocks.append(text)
        self.block = []

    def handle_starttag(self, tag, attrs):
        if self.stopped or tag in ("br", "hr", "img", "input", "meta", "link", "wbr"):
            if tag == "br" and not self.stopped:
                self._flush()
            return
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        skipped = bool(classes & SKIP_CLASSES) or "data-search-exclude" in attrs or tag in ("script", "style")
        self.stack.append((tag, skipped, " ".join(classes)))
        if skipped:
            self.skip_depth += 1
            return
        if self.skip_depth:
            return
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in HEADINGS:
            self.heading, self.heading_id = [], attrs.get("id", "")

    def handle_endtag(self, tag):
        if self.stopped or not self.stack or tag not in (t for t, _, _ in self.stack):
            return
        while self.stack:
            open_tag, skipped, classes = self.stack.pop()
            if skipped:
                self.skip_depth -= 1
            elif not self.skip_depth:
                self._close(open_tag, classes)
            if open_tag == tag:
                break

    def _close(self, tag, classes):
        if tag in HEADINGS and self.heading is not None:
            title = re.sub(r"\s+", " ", "".join(self.heading)).strip()
            self.heading = None
            self.block = []
            if title in SKIP_HEADINGS:
                self.stopped = True
                return
            if tag == "h1" and not self.sections[0].title:
                self.sections[0].title = title
            elif self.heading_id:
                self.sections.append(Section(self.heading_id, title))
            return
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if self.stopped or self.skip_depth:
            return
        if self.heading is not None:
            self.heading.append(data)
            return
        self.block.append(data)

    def close(self):
        super().close()
        self._flush()


def html_sections(content: str) -> list[Section]:
    """The sections of a page's HTML: the page itself first (its ``<h1>`` as title), then each
    heading with an id; navigation parts left out (:data:`SKIP_CLASSES`, :data:`SKIP_HEADINGS`)."""
    parser = _PageParser()
    parser.feed(content)
    parser.close()
    return [s for s in parser.sections if s.blocks or s.anchor == ""]


@lru_cache(maxsize=1)
def t2s_table() -> dict[str, str]:
    """Traditional -> simplified character table from OpenCC ``t2s`` (CJK Unified + Extension A)."""
    chars = [chr(i) for i in (*range(0x3400, 0x4DC0), *range(0x4E00, 0xA000))]
    converted = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return {a: b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}


def utf16_key(term: str) -> bytes:
    """Sort key matching JavaScript's string order (UTF-16 code units)."""
    return term.encode("utf-16-be")


def index_terms(words: Iterable[str], stopwords: set[str], has_word: Callable[[str], bool], part: float) -> list[tuple[str, float]]:
    """``(term, factor)`` pairs of a text's tokens: each whole token (1.0), lower-cased, and the
    dictionary words of 2-3 characters inside a longer one (``part``, as jieba's search mode).

    Tokens without a letter or digit, and stop words, are left out.
    """
    out: list[tuple[str, float]] = []
    for raw in words:
        word = raw.strip().lower()
        if not word or not _WORD.search(word) or word in stopwords:
            continue
        out.append((word, 1.0))
        ascii_words = _ASCII_WORD.findall(word)
        if len(ascii_words) > 1:  # x-road: also x, road
            out.extend((w, part) for w in ascii_words if w not in stopwords)
        if len(word) > 2 and HAN.search(word):
            for n in (2, 3):
                for i in range(len(word) - n + 1):
                    gram = word[i : i + n]
                    if gram != word and gram not in stopwords and has_word(gram):
                        out.append((gram, part))
    return out


def _ints(values: array) -> np.ndarray:
    """An ``array('q')`` as an int64 NumPy array, sharing its memory."""
    return np.frombuffer(values, dtype=np.int64)


class Vocabulary:
    """The body words and index terms met so far, by id, and each word's whole terms and parts as the entries
    ``(word id, term id)`` of the word -> term matrices: each distinct word is expanded once.

    Ids are given in the order words and terms are met; the index does not depend on them (terms are written
    in UTF-16 order, and a term no page has is left out).
    """

    def __init__(self):
        self.term_id: dict[str, int] = {}
        self.word_id: dict[str, int] = {}
        # machine integers, not lists of Python ints: a 1,000-article index has about 700,000 entries
        self.whole_rows, self.whole_cols = array("q"), array("q")
        self.part_rows, self.part_cols = array("q"), array("q")

    def term(self, token: str) -> int:
        """The id of an index term (a new one for a term not met before)."""
        return self.term_id.setdefault(token, len(self.term_id))


#: one page's row of the index matrix before IDF: its field terms' ids and weights, its body words' ids and counts
PageVector = tuple[array, array, array, array]


@dataclass
class IndexMemo:
    """What the search index keeps between the builds of one long-running process (``urbankb serve``): the
    :class:`Vocabulary`, and each page's :data:`PageVector` with the :attr:`PageRecord.key` it was made from, so that
    an unchanged page is not counted again.  Made for one :class:`~urbankb.config.SearchRanking`."""

    ranking: SearchRanking
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    pages: dict[str, tuple[object, PageVector]] = field(default_factory=dict)
    reused: int = 0  # pages whose vector the last index took from here


class IndexBuilder:
    """Collects page records and makes the compact index.

    Args:
        stopwords: words never indexed (the domain dictionary's terms are not among them).
        has_word: whether a string is a dictionary word (for the parts of compounds).
        ranking: the field weights.
        memo: the previous build's words and page vectors (for ``ranking``), in a long-running process; the
            index is the same without it.
    """

    def __init__(
        self,
        stopwords: set[str],
        has_word: Callable[[str], bool],
        ranking: SearchRanking | None = None,
        memo: IndexMemo | None = None,
    ):
        self.stopwords = stopwords
        self.has_word = has_word
        self.ranking = ranking or SearchRanking()
        self.memo = memo if memo is not None and memo.ranking == self.ranking else None
        if self.memo is not None:
            self.memo.reused = 0
        self.pages: dict[str, PageRecord] = {}
        self._terms: dict[str, list[tuple[str, float]]] = {}  # word -> its index terms (a corpus has few distinct words)
        self._split: dict[str, tuple[list[str], list[str]]] = {}  # word -> (whole terms, parts)

    def word_terms(self, word: str) -> list[tuple[str, float]]:
        """:func:`index_terms` of one word, computed once per distinct word."""
        found = self._terms.get(word)
        if found is None:
            found = self._terms[word] = index_terms((word,), self.stopwords, self.has_word, self.ranking.part)
        return found

    def _whole_and_parts(self, word: str) -> tuple[list[str], list[str]]:
        found = self._split.get(word)
        if found is None:
            pairs = self.word_terms(word)
            found = self._split[word] = ([t for t, f in pairs if f == 1.0], [t for t, f in pairs if f != 1.0])
        return found

    def add(self, record: PageRecord) -> None:
        """Add (or replace) one page."""
        self.pages[record.path] = record

    def field_weights(self, record: PageRecord) -> dict[str, float]:
        """Term -> weight of one page from its fields (title, keywords, people, tags, headings):
        each field counts a term once, at its highest weight."""
        r = self.ranking
        weights: dict[str, float] = defaultdict(float)
        seen_field: dict[tuple[str, str], float] = {}

        def add_field(name: str, words: list[str], weight: float):
            for word in words:
                for token, factor in self.word_terms(word):
                    key = (name, token)
                    value = weight * factor
                    if seen_field.get(key, 0) < value:  # a field counts a token once
                        weights[token] += value - seen_field.get(key, 0)
                        seen_field[key] = value

        add_field("title", record.sections[0].title_words, r.title)
        for words in record.keywords:
            add_field("keyword", words, r.keyword)
        for words in record.people:
            add_field("people", words, r.people)
        for words in record.tags:
            add_field("tag", words, r.tag)
        for section in record.sections[1:]:
            add_field("heading", section.title_words, r.heading)
        return weights

    def page_weights(self, record: PageRecord) -> dict[str, float]:
        """Term -> field-weighted score of one page (before IDF and boost): its
        :meth:`field_weights`, plus ``1 + ln tf`` of each term of the body and
        ``part × (1 + ln tf)`` of each part of a longer token."""
        matrix, terms = self._weights([record])
        row = matrix.getrow(0)
        return {terms[j]: float(w) for j, w in zip(row.indices.tolist(), row.data.tolist(), strict=True)}

    def _weights(self, pages: list[PageRecord]) -> tuple[sparse.csr_matrix, list[str]]:
        """The pages × terms matrix of :meth:`page_weights`, and the terms of its columns (a term no page has
        may be among them, with an empty column).

        Body words are counted per page (:meth:`_vector`) and turned into term counts by two sparse products
        (words × whole terms, words × parts), so each distinct word is expanded once, not once per page.
        """
        part_weight = self.ranking.part
        vocabulary = self.memo.vocabulary if self.memo is not None else Vocabulary()
        # every page's vector appended as it is made (a vector not kept by the memo is freed at once)
        f_cols, f_vals, word_ids, counts = array("q"), array("d"), array("q"), array("q")
        f_lengths, b_lengths = array("q"), array("q")
        for record in pages:
            vector = self._vector(record, vocabulary)
            f_cols.extend(vector[0])
            f_vals.extend(vector[1])
            word_ids.extend(vector[2])
            counts.extend(vector[3])
            f_lengths.append(len(vector[0]))
            b_lengths.append(len(vector[2]))
        f_rows = np.repeat(np.arange(len(pages)), _ints(f_lengths))
        b_rows = np.repeat(np.arange(len(pages)), _ints(b_lengths))
        shape = (len(vocabulary.word_id), len(vocabulary.term_id))
        ones = np.ones(len(vocabulary.whole_rows), dtype=np.int64)
        whole = (_ints(vocabulary.whole_rows), _ints(vocabulary.whole_cols))
        whole_matrix = sparse.csr_matrix((ones, whole), shape=shape, dtype=np.int64)
        part_ones = np.ones(len(vocabulary.part_rows), dtype=np.int64)
        parts = (_ints(vocabulary.part_rows), _ints(vocabulary.part_cols))
        part_matrix = sparse.csr_matrix((part_ones, parts), shape=shape, dtype=np.int64)
        body_counts = sparse.csr_matrix((_ints(counts), (b_rows, _ints(word_ids))), shape=(len(pages), shape[0]))
        del b_rows, word_ids, counts
        body = (body_counts @ whole_matrix).tocsr()
        part = (body_counts @ part_matrix).tocsr()
        # 1 + ln tf looked up per count (the counts are small integers): the same floats as math.log gives, one by one
        most = int(max(body.data.max(initial=0), part.data.max(initial=0)))
        log_tf = np.array([0.0] + [1 + math.log(n) for n in range(1, most + 1)], dtype=np.float64)
        part_tf = np.array([0.0] + [part_weight * (1 + math.log(n)) for n in range(1, most + 1)], dtype=np.float64)
        body.data = log_tf[body.data]
        part.data = part_tf[part.data]
        fields = sparse.csr_matrix((np.frombuffer(f_vals, dtype=np.float64), (f_rows, _ints(f_cols))), shape=(len(pages), shape[1]))
        # (fields + body) + parts: the order in which a page's weight of a term has always been summed
        return ((fields + body) + part).tocsr(), list(vocabulary.term_id)

    def _vector(self, record: PageRecord, vocabulary: Vocabulary) -> PageVector:
        """One page's :data:`PageVector`: its :meth:`field_weights` and its body words' counts, ids from
        ``vocabulary`` (which learns the page's new words and their terms); the memo's when it has the page
        from an equal :attr:`PageRecord.key`."""
        memo = self.memo if record.key is not None else None
        if memo is not None:
            kept = memo.pages.get(record.path)
            if kept is not None and kept[0] == record.key:
                memo.reused += 1
                return kept[1]
        f_cols, f_vals = array("q"), array("d")
        for token, w in self.field_weights(record).items():
            f_cols.append(vocabulary.term(token))
            f_vals.append(w)
        words: Counter[str] = Counter()
        for section in record.sections:
            for block in section.words:
                words.update(block)
        word_ids, counts = array("q"), array("q")
        word_id = vocabulary.word_id
        for word, n in words.items():
            w = word_id.get(word)
            if w is None:
                w = word_id[word] = len(word_id)
                whole, parts = self._whole_and_parts(word)
                for token in whole:
                    vocabulary.whole_rows.append(w)
                    vocabulary.whole_cols.append(vocabulary.term(token))
                for token in parts:
                    vocabulary.part_rows.append(w)
                    vocabulary.part_cols.append(vocabulary.term(token))
            word_ids.append(w)
            counts.append(n)
        vector = (f_cols, f_vals, word_ids, counts)
        if memo is not None:
            memo.pages[record.path] = (record.key, vector)
        return vector

    def build(self) -> dict:
        """The index as a JSON-ready dict (see ``assets/search-worker.js`` for the reader).

        ``docs`` holds ``[location, title, teaser text(, tags(, metadata))]`` per section, the
        location a page's Markdown path (``articles/x.md#anchor``) until :func:`relocate`;
        a page's first section carries its tags and its metadata as ``[[label, value], ...]``.
        ``postings`` holds per term ``[gap, score, gap, score, ...]`` (page numbers delta-encoded).
        Scores are ``max(1, round(weight × idf × boost × 4))``, ``idf = ln(1 + N / df)``.
        """
        index = self._assemble()
        index["postings"] = list(index["postings"])
        return index

    def to_json(self) -> str:
        """:meth:`build`'s dict as compact JSON (``json.dumps(..., ensure_ascii=False, separators=(",", ":"))``, the
        same text), written one term's postings at a time: all together they are millions of numbers (about
        2 M at 1,000 articles), which as Python ints would cost some 70 MiB at once."""
        dump = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))
        parts = []
        for key, value in self._assemble().items():
            text = "[" + ",".join(map(dump, value)) + "]" if key == "postings" else dump(value)
            parts.append(f"{dump(key)}:{text}")
        return "{" + ",".join(parts) + "}"

    def _assemble(self) -> dict:
        """:meth:`build`'s dict with ``postings`` an iterator of each term's list, made as it is read."""
        pages = sorted(self.pages.values(), key=lambda r: r.path)
        weights, vocabulary = self._weights(pages)
        if self.memo is not None:  # forget the pages this build does not have
            for path in self.memo.pages.keys() - self.pages.keys():
                del self.memo.pages[path]
        n = max(len(pages), 1)
        columns = weights.tocsc()
        present = np.flatnonzero(np.diff(columns.indptr)).tolist()  # a kept vocabulary has terms no page has now
        order = sorted(present, key=lambda j: utf16_key(vocabulary[j]))
        terms = [vocabulary[j] for j in order]
        by_term = columns[:, order].tocsc()
        by_term.sort_indices()
        df = np.diff(by_term.indptr)
        idf = np.fromiter((math.log(1 + n / d) for d in df.tolist()), dtype=np.float64, count=len(terms))
        factor = np.array([r.boost * 4 for r in pages], dtype=np.float64)
        page_of = by_term.indices
        column = np.repeat(np.arange(len(terms)), df)
        scores = np.maximum(1, np.rint(by_term.data * idf[column] * factor[page_of])).astype(np.int64)
        # doc ids delta-encoded within each term: [gap, score, gap, score, ...]
        gaps = page_of.astype(np.int64).copy()
        gaps[1:] -= page_of[:-1]
        starts = by_term.indptr[:-1][df > 0]
        gaps[starts] = page_of[starts]
        flat = np.empty(2 * len(gaps), dtype=np.int64)
        flat[0::2], flat[1::2] = gaps, scores
        bounds = (2 * by_term.indptr).tolist()
        postings = (flat[lo:hi].tolist() for lo, hi in zip(bounds[:-1], bounds[1:], strict=True))
        docs = []
        for record in pages:
            for s in record.sections:
                location = record.path + (f"#{s.anchor}" if s.anchor else "")
                text = "\n".join(b if len(b) <= TEASER_CHARS else b[:TEASER_CHARS] + "…" for b in s.blocks)
                extra: list = []
                if not s.anchor and record.meta:
                    extra = [record.tag_names, [list(pair) for pair in record.meta]]
                elif not s.anchor and record.tag_names:
                    extra = [record.tag_names]
                docs.append([location, s.title, text, *extra])
        # only the characters a query can meet: their simplified form is in some term
        used = {ch for t in terms for ch in t}
        table = {a: b for a, b in t2s_table().items() if b in used}
        return {
            "format": FORMAT,
            "docs": docs,
            "terms": terms,
            "postings": postings,
            "t2s": "".join(a + b for a, b in sorted(table.items())),
            "stopwords": sorted(w for w in self.stopwords if len(w) <= 4),
            "maxlen": max((len(t) for t in terms), default=1),
        }
