"""The build pipeline, readable in one place.

read seeds → segment → keywords → topics → entities and terms → related
articles → render.  Each step takes the corpus and enriches it (spaCy-style
components over one document model); only :mod:`urbankb.render` writes.
"""

from __future__ import annotations

import copy
import dataclasses
import sys
from array import array
from collections.abc import Callable
from operator import itemgetter
from pathlib import Path

from . import knowledge, links, nlp, topics
from .cache import AnalysisCache, fingerprint
from .config import BuildConfig
from .escape import sanitize_markdown
from .ingest import ParsedFile, SeedSet, read_each, read_seeds
from .model import Article, Corpus, Issue
from .workers import available_cores


def make_analyzer(config: BuildConfig, taxonomy: list) -> nlp.Analyzer:
    """An :class:`~urbankb.nlp.Analyzer` with the configured dictionary plus the taxonomy terms."""
    return nlp.Analyzer(config.dictionary, config.stopwords, extra_terms=topics.taxonomy_terms(taxonomy))


def cache_inputs(config: BuildConfig) -> list[Path]:
    """The data files an analysis depends on: dictionary, stop words, taxonomy."""
    return [
        config.dictionary or nlp.data_path("dict.txt"),
        config.stopwords or nlp.data_path("stopwords.txt"),
        config.taxonomy or nlp.data_path("taxonomy.yaml"),
    ]


def open_cache(config: BuildConfig, analyzer: nlp.Analyzer, memory: dict | None = None, signature: str | None = None) -> AnalysisCache:
    """The analysis cache of ``config.cache`` for these dictionary, stop-word and taxonomy files.

    With no cache folder (``config.cache`` None) it stores nothing on
    disk, but still packs entries for the trip back from worker processes
    and keeps them in ``memory`` when given (see :class:`Resident`).
    ``signature``: the data files' :func:`~urbankb.cache.fingerprint`, if already computed.
    """
    return AnalysisCache(
        config.cache,
        signature or fingerprint(cache_inputs(config)),
        store=_packed,
        restore=lambda entry: _unpacked(entry, analyzer),
        memory=memory,
        copy=_fresh_copy,
    )


def _fresh_copy(entry: tuple[ParsedFile, str]) -> tuple[ParsedFile, str]:
    """A copy of an analysed entry whose articles and collection a build may change freely.

    Shallow: the corpus-wide steps and the renderer assign an article's
    fields (slug, keywords, mentions, ...), they do not change the lists
    the analysis made, so those are shared.
    """
    parsed, encoding = entry
    return dataclasses.replace(parsed, articles=[copy.copy(a) for a in parsed.articles], collection=copy.copy(parsed.collection)), encoding


@dataclasses.dataclass
class Resident:
    """What a long-running process (``urbankb serve``) keeps from one build to the next.

    Attributes:
        entries: analysed seed files by cache key (:class:`AnalysisCache` ``memory``).
        analysis: ``(fingerprint of the data files, taxonomy, analyzer)`` of the last build.
        mentions: each article's term and entity mentions (:class:`urbankb.knowledge.MentionMemo`).
    """

    entries: dict[str, tuple[ParsedFile, str]] = dataclasses.field(default_factory=dict)
    analysis: tuple[str, list, nlp.Analyzer] | None = None
    mentions: knowledge.MentionMemo = dataclasses.field(default_factory=knowledge.MentionMemo)


#: attribute of a stored article: its distinct (word, flag) pairs, which its token arrays index
PAIRS = "_pairs"


def _packed(entry: tuple[ParsedFile, str]) -> tuple[ParsedFile, str]:
    """A cache entry as stored: each article's tokens as arrays of indexes into its own
    list of distinct ``(word, flag)`` pairs (a few hundred), not millions of tuples.

    Loading an array is copying bytes, so a cached build spends its time on
    the corpus, not on rebuilding token tuples.  The articles of the build
    are left as they are (shallow copies are stored).
    """
    parsed, encoding = entry
    articles = []
    for art in parsed.articles:
        index: dict[tuple[str, str], int] = {}
        stored = copy.copy(art)
        stored.title_tagged = _indexes(art.title_tagged, index)  # type: ignore[assignment]
        stored.tagged = [_indexes(block, index) for block in art.tagged]  # type: ignore[misc]
        stored.title_tokens, stored.tokens = [], []
        setattr(stored, PAIRS, list(index))
        articles.append(stored)
    return dataclasses.replace(parsed, articles=articles), encoding


def _indexes(tagged: list[tuple[str, str]], index: dict[tuple[str, str], int]) -> array:
    """Each pair's position in ``index`` (new pairs appended), as an unsigned int array."""
    for pair in dict.fromkeys(tagged):  # new pairs numbered in text order, so entries are the same bytes every time
        if pair not in index:
            index[pair] = len(index)
    return array("I", map(index.__getitem__, tagged))


def _unpacked(entry: tuple[ParsedFile, str], analyzer: nlp.Analyzer) -> tuple[ParsedFile, str]:
    """A stored entry back as analysed articles, their ``(word, flag)`` pairs and words
    shared with the rest of the build (:meth:`urbankb.nlp.Analyzer.share`)."""
    for art in entry[0].articles:
        pair = analyzer.share(getattr(art, PAIRS)).__getitem__
        delattr(art, PAIRS)
        art.title_tagged = list(map(pair, art.title_tagged))  # type: ignore[arg-type]
        art.tagged = [list(map(pair, block)) for block in art.tagged]  # type: ignore[arg-type]
        art.title_tokens = list(map(itemgetter(0), art.title_tagged))
        art.tokens = [list(map(itemgetter(0), block)) for block in art.tagged]
        art.textrank = {sys.intern(w): score for w, score in art.textrank.items()}
        art.candidates = [sys.intern(w) for w in art.candidates]
    return entry


def analyse_articles(articles: list[Article], analyzer: nlp.Analyzer, taxonomy: list[topics.Topic]) -> None:
    """The work that depends on each article alone: segmentation and tags, TextRank (the
    articles ranked together, :func:`urbankb.nlp.textrank_many`), topic scores, and the
    sanitised HTML of a Markdown body."""
    for art in articles:
        if art.markdown and art.source.strip():
            art.source_html = sanitize_markdown(art.source)
        nlp.analyse([art], analyzer)
    nlp.rank_words(articles, analyzer)
    for art in articles:
        topics.score_article(art, taxonomy, analyzer)


def analyse(config: BuildConfig, progress: Callable | None = None, resident: Resident | None = None) -> tuple[Corpus, SeedSet]:
    """Read and analyse every seed.

    Files whose analysis is in the cache (``config.cache``) are not read
    again; the others are read and analysed, over ``config.jobs`` worker
    processes when there are enough of them, and stored.  Then the corpus-wide steps
    run over all articles: keywords (IDF), terms and entities, related
    articles.

    Args:
        config: build settings.
        progress: optional iterator wrapper (``tqdm``) for the seed files read.
        resident: kept between the builds of one process; unchanged seeds
            and data files are then taken from memory, not from disk.

    Returns:
        The analysed corpus (nothing written yet) and the reading report.

    Raises:
        urbankb.topics.TaxonomyError: the taxonomy file is unusable (raised
            before any seed is read or page written).
        FileNotFoundError: the seeds folder does not exist.
    """
    signature = fingerprint(cache_inputs(config))
    if resident is None:
        taxonomy = topics.load_taxonomy(config.taxonomy)
        analyzer = make_analyzer(config, taxonomy)
    else:
        if resident.analysis is None or resident.analysis[0] != signature:
            resident.entries.clear()
            taxonomy = topics.load_taxonomy(config.taxonomy)
            resident.analysis = (signature, taxonomy, make_analyzer(config, taxonomy))
        _signature, taxonomy, analyzer = resident.analysis
    cache = open_cache(config, analyzer, resident.entries if resident else None, signature)

    def read_and_analyse(files: list[tuple[Path, bytes]]) -> list:
        entries = read_each(files, analyzer)
        read = [e for e in entries if not isinstance(e, Exception)]
        try:
            analyse_articles([a for parsed, _ in read for a in parsed.articles], analyzer, taxonomy)
        except Exception:  # noqa: BLE001 - find the file at fault: the others are analysed alone
            for i, entry in enumerate(entries):
                if not isinstance(entry, Exception):
                    try:
                        analyse_articles(entry[0].articles, analyzer, taxonomy)
                    except Exception as exc:  # noqa: BLE001
                        entries[i] = exc
        return entries

    jobs = config.jobs or available_cores()
    seeds = read_seeds(config.seeds, analyzer, progress, cache, read=read_and_analyse, jobs=jobs)
    cache.prune()
    corpus = Corpus(articles=seeds.articles, collections=seeds.collections, topics=taxonomy, issues=list(seeds.issues))
    unknown = sorted({t for a in corpus.articles for t in a.declared_topics} - {t.id for t in taxonomy})
    for art in corpus.articles:
        for t in art.declared_topics:
            if t in unknown:
                corpus.issues.append(Issue(art.seed, 1, f"front matter topic {t!r} is not in the taxonomy; ignored"))
    nlp.extract_keywords(corpus.articles, analyzer)
    knowledge.enrich(corpus, analyzer, config.glossary, config.gazetteer, resident.mentions if resident else None)
    links.relate(corpus.articles, analyzer)
    return corpus, seeds
