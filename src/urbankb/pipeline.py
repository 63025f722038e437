"""The build pipeline, readable in one place.

read seeds → segment → keywords → topics → entities and terms → related
articles → render.  Each step takes the corpus and enriches it (spaCy-style
components over one document model); only :mod:`urbankb.render` writes.
"""

from __future__ import annotations

from collections.abc import Callable

from . import knowledge, links, nlp, topics
from .config import BuildConfig
from .ingest import SeedSet, read_seeds
from .model import Corpus, Issue


def make_analyzer(config: BuildConfig, taxonomy: list) -> nlp.Analyzer:
    """An :class:`~urbankb.nlp.Analyzer` with the configured dictionary plus the taxonomy terms."""
    return nlp.Analyzer(config.dictionary, config.stopwords, extra_terms=topics.taxonomy_terms(taxonomy))


def analyse(config: BuildConfig, progress: Callable | None = None) -> tuple[Corpus, SeedSet]:
    """Read and analyse every seed.

    Args:
        config: build settings.
        progress: optional iterator wrapper (``tqdm``) for the seed files.

    Returns:
        The analysed corpus (nothing written yet) and the reading report.

    Raises:
        urbankb.topics.TaxonomyError: the taxonomy file is unusable (raised
            before any seed is read or page written).
        FileNotFoundError: the seeds folder does not exist.
    """
    taxonomy = topics.load_taxonomy(config.taxonomy)
    analyzer = make_analyzer(config, taxonomy)
    seeds = read_seeds(config.seeds, analyzer, progress)
    corpus = Corpus(articles=seeds.articles, collections=seeds.collections, topics=taxonomy, issues=list(seeds.issues))
    unknown = sorted({t for a in corpus.articles for t in a.declared_topics} - {t.id for t in taxonomy})
    for art in corpus.articles:
        for t in art.declared_topics:
            if t in unknown:
                corpus.issues.append(Issue(art.seed, 1, f"front matter topic {t!r} is not in the taxonomy; ignored"))
    articles = progress(corpus.articles, desc="segmenting", unit="article") if progress else corpus.articles
    nlp.analyse(articles, analyzer)
    nlp.extract_keywords(corpus.articles, analyzer)
    topics.tag_articles(corpus.articles, taxonomy, analyzer)
    knowledge.enrich(corpus, analyzer, config.glossary, config.gazetteer)
    links.relate(corpus.articles, analyzer)
    return corpus, seeds
