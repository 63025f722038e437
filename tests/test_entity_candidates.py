"""Entity candidates recorded per article (a cached per-file stage) and replayed in corpus order
find exactly what one direct pass of the entity finder over the corpus finds.

Runs on the real seeds, analysed by the pipeline (so the records come from the file stage,
through the analysis cache), in their order and reversed: the rules that read what earlier
articles found (short forms of places, acronyms of known places, a person's first detail)
depend on the order.
"""

from __future__ import annotations

import pytest
from conftest import SEEDS

from urbankb.config import BuildConfig
from urbankb.knowledge.entities import EntityFinder, Found, analysis_blocks
from urbankb.pipeline import analyse, load_analysis


@pytest.fixture(scope="module")
def analysis():
    return load_analysis(BuildConfig())


def _shape(found: list[Found]) -> list[tuple]:
    """Everything the corpus stage reads of the entities found, orders included."""
    return [(e.type, e.name, sorted(e.aliases), e.detail, list(e.talks), list(e.roles.items())) for e in found]


def direct(articles, analysis) -> list[tuple]:
    """The entity finder called block by block, as before candidates were recorded."""
    finder = EntityFinder(analysis.gazetteer)
    finder.from_gazetteer()
    texts = []
    for art in articles:
        finder.from_metadata(art)
        for block, (text, tags) in zip(art.blocks, analysis_blocks(art, analysis.analyzer), strict=True):
            finder.from_tags(text, tags)
            finder.from_title_pattern(text)
            finder.from_shapes(text)
            finder.from_documents(block.text)
            texts.append(block.text)
    finder.short_document_titles(texts)
    return _shape(finder.resolve())


def replayed(articles, analysis) -> list[tuple]:
    """The records of the file stage replayed, as :func:`urbankb.knowledge.enrich` does."""
    finder = EntityFinder(analysis.gazetteer)
    finder.from_gazetteer()
    for art in articles:
        finder.from_metadata(art)
        finder.replay(art.entity_candidates, analysis_blocks(art, analysis.analyzer))
    finder.short_titles()
    return _shape(finder.resolve())


@pytest.fixture(scope="module")
def cached_corpus(tmp_path_factory):
    """The seeds analysed twice with one cache folder: the second time every file comes from the cache."""
    cache = tmp_path_factory.mktemp("cache")
    analyse(BuildConfig(seeds=SEEDS, cache=cache))
    corpus, seeds = analyse(BuildConfig(seeds=SEEDS, cache=cache))
    return corpus, seeds


def test_the_file_stage_records_every_article(cached_corpus):
    corpus, seeds = cached_corpus
    assert seeds.cached == len(seeds.collections) > 0, "the second analysis did not come from the cache"
    missing = [a.id for a in corpus.articles if a.entity_candidates is None]
    assert not missing, f"articles without entity candidates: {missing}"
    assert any(op[0] == "add" for a in corpus.articles for op in a.entity_candidates), "no candidate recorded at all"


@pytest.mark.parametrize("order", ["corpus", "reversed"])
def test_replayed_candidates_find_what_one_direct_pass_finds(cached_corpus, analysis, order):
    corpus, _seeds = cached_corpus
    articles = corpus.articles if order == "corpus" else corpus.articles[::-1]
    want, got = direct(articles, analysis), replayed(articles, analysis)
    assert len(want) > 100, "too few entities for the comparison to mean much"
    diff = [(w, g) for w, g in zip(want, got, strict=False) if w != g]
    assert got == want, f"{len(want)} entities directly, {len(got)} replayed; first differences: {diff[:3]}"


def _entities(corpus) -> dict:
    """Each entity's aliases, detail, and per article its count and quoted line."""
    return {k: (e.aliases, e.detail, {aid: (n, str(q)) for aid, (n, q) in e.occurrences.items()}) for k, e in corpus.entities.items()}


def test_enrich_without_records_gives_the_same_entities(cached_corpus, analysis):
    """A corpus built by hand (no file stage) is recorded inside enrich: the same entities and counts."""
    from urbankb.knowledge import enrich

    corpus, _seeds = cached_corpus
    enrich(corpus, analysis.analyzer, analysis.glossary, analysis.gazetteer)
    with_records = _entities(corpus)
    records = [a.entity_candidates for a in corpus.articles]
    try:
        for art in corpus.articles:
            art.entity_candidates = None
        enrich(corpus, analysis.analyzer, analysis.glossary, analysis.gazetteer)
    finally:
        for art, ops in zip(corpus.articles, records, strict=True):
            art.entity_candidates = ops
    assert _entities(corpus) == with_records
