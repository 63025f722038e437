"""Cache entries: a seed file's analysed articles as stored and as loaded.

A :class:`~urbankb.ingest.ParsedFile` whose articles carry their
segmentation, TextRank scores and topic scores is what the analysis cache
(:mod:`urbankb.pipeline.cache`) keeps per seed file; these functions pack
it compactly for disk and for the trip back from a worker process, and
make the copies a build may change.
"""

from __future__ import annotations

import copy
import dataclasses
import sys
from array import array
from operator import itemgetter

from ..ingest import ParsedFile
from ..nlp import Analyzer


def fresh_copy(parsed: ParsedFile) -> ParsedFile:
    """A copy of an analysed entry whose articles and collection a build may change freely.

    Shallow: the corpus-wide steps and the renderer assign an article's
    fields (slug, keywords, mentions, ...), they do not change the lists
    the analysis made, so those are shared.
    """
    return dataclasses.replace(parsed, articles=[copy.copy(a) for a in parsed.articles], collection=copy.copy(parsed.collection))


#: attribute of a stored article: its distinct (word, flag) pairs, which its token arrays index
PAIRS = "_pairs"


def packed(parsed: ParsedFile) -> ParsedFile:
    """A cache entry as stored: each article's tokens as arrays of indexes into its own
    list of distinct ``(word, flag)`` pairs (a few hundred), not millions of tuples.

    Loading an array is copying bytes, so a cached build spends its time on
    the corpus, not on rebuilding token tuples.  The articles of the build
    are left as they are (shallow copies are stored).
    """
    articles = []
    for art in parsed.articles:
        index: dict[tuple[str, str], int] = {}
        stored = copy.copy(art)
        stored.title_tagged = _indexes(art.title_tagged, index)  # type: ignore[assignment]
        stored.tagged = [_indexes(block, index) for block in art.tagged]  # type: ignore[misc]
        stored.title_tokens, stored.tokens = [], []
        setattr(stored, PAIRS, list(index))
        articles.append(stored)
    return dataclasses.replace(parsed, articles=articles)


def _indexes(tagged: list[tuple[str, str]], index: dict[tuple[str, str], int]) -> array:
    """Each pair's position in ``index`` (new pairs appended), as an unsigned int array."""
    for pair in dict.fromkeys(tagged):  # new pairs numbered in text order, so entries are the same bytes every time
        if pair not in index:
            index[pair] = len(index)
    return array("I", map(index.__getitem__, tagged))


def unpacked(parsed: ParsedFile, analyzer: Analyzer) -> ParsedFile:
    """A stored entry back as analysed articles, their ``(word, flag)`` pairs and words
    shared with the rest of the build (:meth:`urbankb.nlp.Analyzer.share`)."""
    for art in parsed.articles:
        pair = analyzer.share(getattr(art, PAIRS)).__getitem__
        delattr(art, PAIRS)
        art.title_tagged = list(map(pair, art.title_tagged))  # type: ignore[arg-type]
        art.tagged = [list(map(pair, block)) for block in art.tagged]  # type: ignore[arg-type]
        art.title_tokens = list(map(itemgetter(0), art.title_tagged))
        art.tokens = [list(map(itemgetter(0), block)) for block in art.tagged]
        art.textrank = {sys.intern(w): score for w, score in art.textrank.items()}
    return parsed
