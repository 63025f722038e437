"""The build, readable in one place: seeds in, pages and ``kb.json`` out.

:func:`build` owns the loop — the seeds folder, the analysis cache, the
worker processes, the state a long-running ``urbankb serve`` keeps — and
runs the stages listed here, in order:

* :data:`FILE_STAGES` run on the articles of one seed file, right after
  its reader (:func:`urbankb.ingest.read_file`); they depend on that file
  alone, so their result is cached per file and may run in a worker;
* :data:`CORPUS_STAGES` run on the whole :class:`~urbankb.model.Corpus`
  (keywords need the corpus IDF, terms and entities every article, ...);
* then :func:`urbankb.render.render_stream` decides which pages exist and
  renders them with the search index, one page at a time, and
  :func:`urbankb.render.writer.write_site` writes each as it comes.

Stages are plain functions over the document model (spaCy's components
over a ``Doc``): they know nothing of caches, processes or files.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from pathlib import Path

from .. import knowledge, nlp, topics
from ..config import BuildConfig
from ..escape import sanitize_markdown
from ..ingest import ParsedFile, read_file
from ..knowledge.entities import SHIPPED_DATA, Gazetteer, load_gazetteer
from ..knowledge.terms import GlossaryEntry, load_glossary
from ..model import Article, Corpus, Issue, Topic
from ..render import PageMemo, Site, render_stream
from ..render.writer import LOCK_TIMEOUT, WriteResult, build_lock, write_site
from . import entries
from .cache import AnalysisCache, fingerprint
from .seeds import SeedSet, read_seeds
from .workers import available_cores

__all__ = ["CORPUS_STAGES", "FILE_STAGES", "Analysis", "BuildResult", "BuildState", "SeedSet", "analyse", "build", "data_files", "warm"]


@dataclasses.dataclass
class Analysis:
    """What the stages are given besides the articles: the loaded data files and the settings.

    Attributes:
        config: the build's settings.
        analyzer: segmenter, dictionary and stop words.
        taxonomy: the topics, in file order.
        glossary: term definitions.
        gazetteer: known entities and exclusions.
    """

    config: BuildConfig
    analyzer: nlp.Analyzer
    taxonomy: list[Topic]
    glossary: list[GlossaryEntry]
    gazetteer: Gazetteer


def _render_markdown(articles: list[Article], analysis: Analysis) -> None:
    """A ``.md`` seed's body, rendered and sanitised once (kept with the cached analysis)."""
    for art in articles:
        if art.markdown and art.source.strip():
            art.source_html = sanitize_markdown(art.source)


#: stages over the articles of one seed file (cached with the file), in order
FILE_STAGES: list[tuple[str, Callable[[list[Article], Analysis], None]]] = [
    ("markdown", _render_markdown),
    ("segment", lambda articles, a: nlp.analyse(articles, a.analyzer)),
    ("textrank", lambda articles, a: nlp.rank_words(articles, a.analyzer)),
    ("topics", lambda articles, a: topics.score_articles(articles, a.taxonomy, a.analyzer, a.config.topic_scoring)),
    ("entity candidates", lambda articles, a: knowledge.find_candidates(articles, a.analyzer, a.gazetteer)),
]


def _declared_topics(corpus: Corpus, analysis: Analysis) -> None:
    """Front matter topics that the taxonomy lacks are reported (and were ignored by the topic stage)."""
    unknown = sorted({t for a in corpus.articles for t in a.declared_topics} - {t.id for t in corpus.topics})
    for art in corpus.articles:
        for t in art.declared_topics:
            if t in unknown:
                corpus.issues.append(Issue(art.seed, 1, f"front matter topic {t!r} is not in the taxonomy; ignored"))


#: stages over the whole corpus, in order (``memo``: what a long-running process keeps between builds)
CORPUS_STAGES: list[tuple[str, Callable[[Corpus, Analysis, BuildState], None]]] = [
    ("declared topics", lambda corpus, a, state: _declared_topics(corpus, a)),
    ("keywords", lambda corpus, a, state: nlp.extract_keywords(corpus.articles, a.analyzer)),
    ("knowledge", lambda corpus, a, state: knowledge.enrich(corpus, a.analyzer, a.glossary, a.gazetteer, state.mentions)),
    (
        "related",
        lambda corpus, a, state: knowledge.relate(
            corpus.articles, a.analyzer, a.config.related_scoring, threads=available_cores(), memo=state.related if state.kept else None
        ),
    ),
]


@dataclasses.dataclass
class BuildState:
    """What a long-running process (``urbankb serve``) keeps from one build to the next.

    Attributes:
        entries: analysed seed files by cache key (:class:`AnalysisCache` ``memory``).
        analysis: ``(fingerprint of the data files, Analysis)`` of the last build.
        mentions: each article's term and entity mentions (:class:`urbankb.knowledge.MentionMemo`).
        pages: the article, term and entity pages of the last build, with what they were made from
            (:class:`urbankb.render.PageMemo`): one whose inputs did not change is not rendered again.
        related: the related step's vectors, neighbours and scores (:class:`urbankb.knowledge.RelatedMemo`).
        kept: whether there is a next build to keep things for (False for the state a one-off
            :func:`build` or :func:`analyse` makes itself: the related step then keeps nothing).
    """

    entries: dict[str, ParsedFile] = dataclasses.field(default_factory=dict)
    analysis: tuple[str, Analysis] | None = None
    mentions: knowledge.MentionMemo = dataclasses.field(default_factory=knowledge.MentionMemo)
    pages: PageMemo = dataclasses.field(default_factory=PageMemo)
    related: knowledge.RelatedMemo = dataclasses.field(default_factory=knowledge.RelatedMemo)
    kept: bool = True


@dataclasses.dataclass
class BuildResult:
    """What one build made.

    Attributes:
        corpus: the analysed corpus.
        seeds: the reading report (failed files, encodings, cache hits).
        site: the site's navigation, manifest data and render problems (its pages went straight to the writer,
            so ``site.files`` is empty), or None when nothing was rendered (``write=False``).
        written: what the writer did, or None.
    """

    corpus: Corpus
    seeds: SeedSet
    site: Site | None = None
    written: WriteResult | None = None


def data_files(config: BuildConfig) -> dict[str, Path]:
    """The data files a build reads, by role: dictionary, stop words, taxonomy, glossary, gazetteer
    (the shipped ones where the settings name none)."""
    return {
        "dictionary": config.dictionary or nlp.data_path("dict.txt"),
        "stopwords": config.stopwords or nlp.data_path("stopwords.txt"),
        "taxonomy": config.taxonomy or nlp.data_path("taxonomy.yaml"),
        "glossary": config.glossary or nlp.data_path("glossary.yaml"),
        "gazetteer": config.gazetteer or nlp.data_path("gazetteer.yaml"),
    }


def data_labels(config: BuildConfig) -> dict[str, str]:
    """The data files by role as the manifest records them: a file the settings name as given,
    a shipped one as ``urbankb:data/<name>`` (the same on every machine)."""
    given = {"dictionary": config.dictionary, "stopwords": config.stopwords, "taxonomy": config.taxonomy}
    given |= {"glossary": config.glossary, "gazetteer": config.gazetteer}
    return {role: str(given[role]) if given[role] else f"urbankb:data/{path.name}" for role, path in data_files(config).items()}


#: the data files the per-file stages read: they key the analysis cache
FILE_STAGE_DATA = ("dictionary", "stopwords", "taxonomy", "gazetteer")


def load_analysis(config: BuildConfig) -> Analysis:
    """Load and check every data file, before any seed is read or page written.

    Raises:
        urbankb.topics.TaxonomyError, urbankb.knowledge.DataFileError:
            a data file is unusable (the message names the file and line).
    """
    taxonomy = topics.load_taxonomy(config.taxonomy)
    glossary = load_glossary(config.glossary)
    gazetteer = load_gazetteer(config.gazetteer)
    analyzer = nlp.Analyzer(config.dictionary, config.stopwords, extra_terms=topics.taxonomy_terms(taxonomy))
    return Analysis(config, analyzer, taxonomy, glossary, gazetteer)


def cache_fingerprint(config: BuildConfig) -> str:
    """What keys the analysis cache besides each seed: the data files and settings the
    :data:`FILE_STAGES` read, and urbankb's code (:func:`~urbankb.pipeline.cache.fingerprint`)."""
    files = data_files(config)
    shipped = [nlp.data_path(name) for name in (*SHIPPED_DATA, *nlp.SHIPPED_DATA)]
    return fingerprint([*(files[role] for role in FILE_STAGE_DATA), *shipped], settings=repr(config.topic_scoring))


def run_file_stages(articles: list[Article], analysis: Analysis) -> None:
    """Every :data:`FILE_STAGES` stage on ``articles``, in order."""
    for _name, stage in FILE_STAGES:
        stage(articles, analysis)


def _load_lazy_data(analysis: Analysis) -> None:
    """Load what the file stages read on first use — jieba's IDF table, the keyphrase model — once, here,
    so forked workers share it instead of each reading it again (about 0.25 s and 50 MiB a worker)."""
    analysis.analyzer.idf_table()
    nlp.keyphrase_model()


def warm(state: BuildState) -> None:
    """Load now what the file stages load on first use — :func:`_load_lazy_data` and the SciPy solver
    TextRank imports (about 0.4 s in all) — for a long-running process whose first build took every seed
    from the cache: the first seed that changes then does not wait for it.  Does nothing before a build
    has loaded the data files.  (A cold build leaves the solver to its workers: imported before they are
    forked, it would add 10 MiB to the main process.)"""
    if state.analysis is not None:
        _load_lazy_data(state.analysis[1])
        import scipy.sparse.linalg  # noqa: F401 - TextRank's solver (urbankb.nlp._rank_batch)


def _reader(analysis: Analysis) -> Callable[[list[tuple[Path, bytes]]], list]:
    """Reads and analyses a batch of seed files: per file its :class:`ParsedFile` or the exception raised."""

    def read_and_analyse(files: list[tuple[Path, bytes]]) -> list:
        out: list = []
        for path, data in files:
            try:
                out.append(read_file(path, data, analysis.analyzer))
            except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
                out.append(exc)
        read = [e for e in out if isinstance(e, ParsedFile)]
        try:  # as one batch: TextRank solves the batch's articles together
            run_file_stages([a for parsed in read for a in parsed.articles], analysis)
        except Exception:  # noqa: BLE001 - find the file at fault: the others are analysed alone
            for i, entry in enumerate(out):
                if isinstance(entry, ParsedFile):
                    try:
                        run_file_stages(entry.articles, analysis)
                    except Exception as exc:  # noqa: BLE001
                        out[i] = exc
        return out

    return read_and_analyse


def analyse(config: BuildConfig, state: BuildState | None = None, progress: Callable | None = None) -> tuple[Corpus, SeedSet]:
    """Read and analyse every seed: the file stages (from the cache where it has them), then the corpus stages.

    Args:
        config: build settings.
        state: kept between the builds of one process; unchanged seeds and
            data files are then taken from memory, not from disk.
        progress: optional iterator wrapper (``tqdm``) for the seed files read.

    Returns:
        The analysed corpus (nothing written yet) and the reading report.

    Raises:
        urbankb.topics.TaxonomyError, urbankb.knowledge.DataFileError: a data
            file is unusable (raised before any seed is read or page written).
        FileNotFoundError: the seeds folder does not exist.
    """
    state = state or BuildState(kept=False)
    # the data files are loaded again only when one of them changed
    loaded = fingerprint(data_files(config).values(), code=False)
    if state.analysis is None or state.analysis[0] != loaded:
        state.analysis = (loaded, load_analysis(config))
        state.pages.clear()
        state.related = knowledge.RelatedMemo()
    analysis = state.analysis[1]
    analysis.config = config
    cache = AnalysisCache(
        config.cache,
        cache_fingerprint(config),
        store=entries.packed,
        restore=lambda entry: entries.unpacked(entry, analysis.analyzer),
        memory=state.entries,
        copy=entries.fresh_copy,
    )
    jobs = config.jobs or available_cores()
    seeds = read_seeds(config.seeds, _reader(analysis), cache, progress, jobs=jobs, prepare=lambda: _load_lazy_data(analysis))
    if not state.mentions.surfaces:  # a new process: the previous build's mentions, from beside the cache
        state.mentions = _stored_mentions(cache)
    else:  # kept in memory (``urbankb serve``); the stored copy stays for the next process
        cache.keep_extra(MENTIONS)
    cache.prune()
    corpus = Corpus(articles=seeds.articles, collections=seeds.collections, topics=analysis.taxonomy, issues=list(seeds.issues))
    for _name, stage in CORPUS_STAGES:
        stage(corpus, analysis, state)
    if state.mentions.changed:
        cache.save_extra(MENTIONS, {"code": _mentions_code(), "memo": state.mentions.export()})
    return corpus, seeds


#: the name of the stored :class:`~urbankb.knowledge.MentionMemo` in the analysis cache's folder
MENTIONS = "mentions"


def _mentions_code() -> str:
    """A digest of the code that finds mentions (the analysis cache's fingerprint covers the rest)."""
    from ..knowledge import matcher

    return fingerprint([Path(knowledge.__file__), Path(matcher.__file__)], code=False)


def _stored_mentions(cache: AnalysisCache) -> knowledge.MentionMemo:
    """The mentions the previous build stored, when the code that found them is this one's; else an empty memo."""
    stored = cache.load_extra(MENTIONS)
    if not isinstance(stored, dict) or stored.get("code") != _mentions_code():
        return knowledge.MentionMemo()
    return knowledge.MentionMemo.restore(stored.get("memo"))


def build(
    config: BuildConfig,
    state: BuildState | None = None,
    progress: Callable | None = None,
    write: bool = True,
    *,
    lock_timeout: float | None = LOCK_TIMEOUT,
) -> BuildResult:
    """One whole build: :func:`analyse`, then render every page and the search index, then write them.

    Rendering (it reads the hand-written pages and the manifest in
    ``config.docs``) and writing run under the docs folder's build lock
    (:func:`urbankb.render.writer.build_lock`): one build at a time per docs
    folder; the analysis before it runs alongside other builds.

    Python's cycle collector is paused while it runs (and resumed after):
    a build makes millions of small objects (tokens, mentions) and almost
    no reference cycles, and the collector would walk them again and again
    (a sixth of a 5,000-article build; peak memory is the same without it).

    Args:
        config: build settings.
        state: see :class:`BuildState` (``urbankb serve`` passes one).
        progress: optional iterator wrapper for the seed files read.
        write: render and write the pages into ``config.docs``; False
            analyses only (``urbankb check``, ``urbankb eval``) and takes no lock.
        lock_timeout: seconds to wait while another build is writing
            ``config.docs`` (a line on stderr says so); None waits as long
            as it takes, 0 does not wait.

    Raises:
        urbankb.topics.TaxonomyError, urbankb.knowledge.DataFileError,
        FileNotFoundError: see :func:`analyse`.
        urbankb.render.writer.BuildLocked: another build kept ``config.docs``
            locked (``lock_timeout`` 0, or longer than ``lock_timeout``); nothing written.
        urbankb.render.writer.WriteError: the docs folder cannot be written
            (the pages that were there are left as they were).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        state = state or BuildState(kept=False)  # a long-running process passes one: its pages are worth keeping
        corpus, seeds = analyse(config, state, progress)
        result = BuildResult(corpus, seeds)
        if not write:
            return result
        assert state.analysis is not None
        analysis = state.analysis[1]
        # under the lock: another build's swap in progress would show its new pages as hand-written ones
        with build_lock(config.docs, lock_timeout):
            # pages go to the writer as they are made: no build holds every page's text at once
            result.site, made = render_stream(
                corpus,
                analysis.analyzer,
                site_title=config.site_title,
                search=config.search_ranking,
                hand_written=_hand_written(config.docs),
                data=data_labels(config),
                directory_urls=config.directory_urls,
                memo=state.pages if state.kept else None,
            )
            result.written = write_site(result.site, config.docs, pages=made)
            if state.kept:  # the files as written: the next build's kept pages need not be read back
                state.pages.note_files(config.docs, [*result.written.written, *result.written.unchanged])
        return result
    finally:
        if was_enabled:
            gc.enable()


def _hand_written(docs: Path) -> dict[str, str]:
    """The Markdown pages in the docs folder that urbankb did not generate: path -> text (for the search index)."""
    from ..render.writer import read_manifest

    generated = read_manifest(docs)
    pages: dict[str, str] = {}
    if not docs.is_dir():
        return pages
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        if rel in generated or any(part.startswith(".") for part in path.relative_to(docs).parts):
            continue
        try:
            pages[rel] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return pages
