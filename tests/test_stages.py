"""Each stage on its own, spaCy style: articles built by hand, no seed files, no cache, no pages.

The stages are functions over the document model (``Article``, ``Corpus``);
these tests call them the way :mod:`urbankb.pipeline` does and look at
what each one fills in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from urbankb.config import BuildConfig, RelatedScoring, TopicScoring
from urbankb.ingest import READERS, ParsedFile, Reader, SeedError, read_file, register
from urbankb.knowledge import enrich, relate
from urbankb.knowledge.entities import Gazetteer
from urbankb.knowledge.terms import GlossaryEntry
from urbankb.model import Article, Block, BlockKind, Collection, Corpus
from urbankb.nlp import analyse as segment
from urbankb.nlp import extract_keywords
from urbankb.pipeline import analyse
from urbankb.topics import load_taxonomy, score_article, score_articles

# -- readers ---------------------------------------------------------------


class NoteReader(Reader):
    """A made-up format: the first line is the title, every further line a paragraph."""

    extensions = (".note",)

    def read(self, path: Path, data: bytes, segmenter) -> ParsedFile:
        title, *lines = data.decode("utf-8").splitlines()
        blocks = [Block(BlockKind.PARAGRAPH, text, n) for n, text in enumerate(lines, start=2) if text.strip()]
        art = Article(id=f"{path.stem}-1", seed=path.name, title=title, blocks=blocks, line=1)
        return ParsedFile([art], Collection(id=path.stem, seed=path.name, title=title, article_ids=[art.id]), encoding="note")


NOTE = "口袋公园走进老旧小区\n街道把闲置空地改造成口袋公园。\n居民有了休息的地方。\n".encode()


@pytest.fixture
def note_reader():
    """:class:`NoteReader` registered for ``.note``; the registry is put back as it was afterwards."""
    assert ".note" not in READERS, "a .note reader is already registered"
    before = dict(READERS)
    try:
        yield register(NoteReader)
    finally:
        READERS.clear()
        READERS.update(before)


def test_a_registered_reader_reads_files_with_its_extension(note_reader, analyzer):
    assert note_reader is NoteReader, "register must return the class (it is a class decorator)"
    assert isinstance(READERS[".note"], NoteReader)
    parsed = read_file(Path("x.note"), NOTE, analyzer)
    assert parsed.encoding == "note", "read_file did not hand the .note file to the registered reader"
    [art] = parsed.articles
    assert (art.id, art.seed, art.title) == ("x-1", "x.note", "口袋公园走进老旧小区")
    assert [b.text for b in art.blocks] == ["街道把闲置空地改造成口袋公园。", "居民有了休息的地方。"]
    # the extension is matched whatever its case
    assert read_file(Path("Y.NOTE"), NOTE, analyzer).encoding == "note"


def test_titles_from_a_new_reader_lose_invisible_characters_too(note_reader, analyzer):
    """read_file cleans every reader's labels, not only the shipped readers'."""
    parsed = read_file(Path("x.note"), "口袋\u202e公园\u200b走进小区\n居民有了休息的地方。\n".encode(), analyzer)
    assert parsed.articles[0].title == "口袋公园走进小区"


def test_a_seeds_folder_with_a_file_of_the_new_format_is_built(note_reader, tmp_path):
    """The pipeline lists seeds by the registry: a .note seed needs nothing but the reader."""
    (tmp_path / "500_note.note").write_bytes(NOTE)
    corpus, seeds = analyse(BuildConfig(seeds=tmp_path, cache=None, jobs=1))
    assert not seeds.failed
    assert [a.title for a in corpus.articles] == ["口袋公园走进老旧小区"]
    assert corpus.articles[0].tokens, "the .note article was not segmented by the file stages"


def test_a_file_no_reader_takes_is_refused_with_its_name(analyzer):
    with pytest.raises(SeedError) as caught:
        read_file(Path("seeds/report.xlsx"), b"PK\x03\x04", analyzer)
    assert caught.value.seed == "report.xlsx"
    assert str(caught.value).startswith("report.xlsx: ")
    assert "'.xlsx'" in str(caught.value) and ".txt" in str(caught.value), f"no reason given: {caught.value}"


def test_without_its_reader_a_note_file_is_refused(analyzer):
    """The registry is really put back: .note is unknown outside the fixture."""
    with pytest.raises(SeedError, match=r"x\.note"):
        read_file(Path("x.note"), NOTE, analyzer)


# -- hand-made articles ----------------------------------------------------

GLOSSARY = [GlossaryEntry("口袋公园", topic="future-cities", definition="利用街角空地建成的小型公园。", aliases=["袖珍公园"])]
#: a made-up organisation, so it can only be found through the gazetteer
ORG = "澄湖城市研究院"
GAZETTEER = Gazetteer(organization={ORG})


def _article(aid: str, title: str, paragraphs: list[str]) -> Article:
    return Article(id=aid, seed=f"{aid}.txt", title=title, blocks=[Block(BlockKind.PARAGRAPH, p, i + 1) for i, p in enumerate(paragraphs)])


def _articles() -> list[Article]:
    """Two articles on city management (both about 口袋公园 and naming the institute) and one about holidays."""
    governance = _article(
        "a-1",
        "数字孪生让城市治理更聪明",
        [
            "市里依托一网统管平台和数字孪生技术，把道路、管网和公园的数据汇集到城市运管服平台。",
            f"{ORG}参与了平台设计，口袋公园的巡查也接入了数字孪生系统，智慧城市建设提速。",
        ]
        * 2,
    )
    parks = _article(
        "b-1",
        "口袋公园走进老旧小区",
        [
            f"{ORG}的专家说，口袋公园让老旧小区的居民有了休息的地方，袖珍公园也成了智慧城市的一部分。",
            "街道把闲置空地改造成口袋公园，数字孪生平台记录每一处设施，居民满意度明显提高。",
        ]
        * 2,
    )
    holiday = _article(
        "c-1",
        "春节假期旅游市场火热",
        ["今年春节假期，各地景区游客数量明显增加，酒店预订量同比上涨。", "专家提醒游客注意出行安全，合理安排行程。"] * 2,
    )
    return [governance, parks, holiday]


@pytest.fixture
def corpus(analyzer) -> Corpus:
    """The hand-made articles through the stages before the knowledge stage: segment, topics, keywords."""
    articles = _articles()
    segment(articles, analyzer)
    taxonomy = load_taxonomy()
    score_articles(articles, taxonomy, analyzer)
    extract_keywords(articles, analyzer)
    return Corpus(articles=articles, topics=taxonomy)


@pytest.fixture
def enriched(corpus, analyzer) -> Corpus:
    enrich(corpus, analyzer, GLOSSARY, GAZETTEER)
    return corpus


# -- knowledge.enrich ------------------------------------------------------


def test_a_glossary_term_gets_every_article_that_uses_it(enriched):
    term = enriched.terms.get("口袋公园")
    assert term is not None, f"口袋公园 has no term page; terms: {sorted(enriched.terms)}"
    assert set(term.occurrences) == {"a-1", "b-1"}
    assert term.definition == "利用街角空地建成的小型公园。" and term.topic == "future-cities"
    # 口袋公园 twice in each paragraph pair of b-1, plus its alias 袖珍公园 twice
    assert term.occurrences["b-1"][0] == 6
    assert "口袋公园" in str(term.occurrences["a-1"][1]), "the quoted line does not show the term"


def test_a_gazetteer_organisation_is_an_entity_of_the_articles_naming_it(enriched):
    entity = enriched.entities.get(("organization", ORG))
    assert entity is not None, f"{ORG} not found; entities: {sorted(enriched.entities)}"
    assert set(entity.occurrences) == {"a-1", "b-1"}
    by_id = {a.id: a for a in enriched.articles}
    assert ORG in by_id["a-1"].entities["organization"] and ORG in by_id["b-1"].entities["organization"]
    assert ORG not in by_id["c-1"].entities["organization"]


def test_without_the_gazetteer_the_made_up_organisation_is_not_an_entity(corpus, analyzer):
    """The entity above comes from the gazetteer given to enrich, not from the shipped data."""
    enrich(corpus, analyzer, GLOSSARY, Gazetteer())
    assert ("organization", ORG) not in corpus.entities


def test_mentions_point_at_the_text_they_were_found_in(enriched):
    for art in enriched.articles:
        for b, start, end, key in art.mentions:
            assert art.blocks[b].text[start:end] in {key.name, "袖珍公园"}, f"{art.id}: mention of {key.name} at the wrong place"


# -- knowledge.relate ------------------------------------------------------


@pytest.fixture
def scores(enriched, analyzer):
    """``relate`` with given weights: ``{(article, related article): score}``."""

    def run(**weights) -> dict[tuple[str, str], float]:
        relate(enriched.articles, analyzer, RelatedScoring(**weights))
        return {(a.id, rid): score for a in enriched.articles for rid, score, _reasons in a.related}

    return run


def test_related_count_caps_the_related_articles_of_each_article(enriched, analyzer):
    relate(enriched.articles, analyzer, RelatedScoring())
    assert max(len(a.related) for a in enriched.articles) >= 2, "the test needs an article with two related ones"
    relate(enriched.articles, analyzer, RelatedScoring(count=1))
    assert all(len(a.related) <= 1 for a in enriched.articles), {a.id: a.related for a in enriched.articles}
    by_id = {a.id: a for a in enriched.articles}
    assert [rid for rid, _s, _r in by_id["a-1"].related] == ["b-1"], "the one related article is not the closest"


def test_related_scores_are_zero_when_every_weight_is_zero(scores):
    result = scores(cosine=0, topic=0, shared=0)
    assert result and set(result.values()) == {0.0}


def test_related_score_is_the_weighted_sum_of_its_three_parts(scores):
    cosine, topic, shared = scores(cosine=1, topic=0, shared=0), scores(cosine=0, topic=1, shared=0), scores(cosine=0, topic=0, shared=1)
    assert cosine[("a-1", "b-1")] > 0 and topic[("a-1", "b-1")] > 0 and shared[("a-1", "b-1")] > 0, "a part of the formula is 0 here"
    weighted = scores(cosine=0.1, topic=2, shared=0.7)
    for pair, score in weighted.items():
        expected = 0.1 * cosine[pair] + 2 * topic[pair] + 0.7 * shared[pair]
        assert score == pytest.approx(expected, abs=5e-4), f"{pair}: score {score}, formula gives {expected}"


def test_sharing_the_institute_and_the_term_is_the_reason_given(enriched, analyzer):
    relate(enriched.articles, analyzer, RelatedScoring())
    a = next(a for a in enriched.articles if a.id == "a-1")
    _rid, _score, reasons = a.related[0]
    named = {(r.kind, r.value) for r in reasons}
    assert {("entity", ORG), ("term", "口袋公园")} <= named, f"reasons shown: {sorted(named)}"


# -- topics.score_article --------------------------------------------------


def test_an_obviously_on_topic_article_is_tagged_with_its_topic(analyzer):
    art = _articles()[0]
    segment([art], analyzer)
    score_article(art, load_taxonomy(), analyzer)
    assert art.topics and art.topics[0].topic == "smart-governance", f"tagged {[t.topic for t in art.topics]}"
    assert art.topics[0].evidence, "the tag shows no evidence"


def test_a_threshold_no_score_reaches_tags_nothing(analyzer):
    art = _articles()[0]
    segment([art], analyzer)
    score_article(art, load_taxonomy(), analyzer, TopicScoring(threshold=1000))
    assert art.topics == [], f"tagged {[(t.topic, t.score) for t in art.topics]} although no score reaches 1000"
    assert max(art.topic_scores.values()) > 1, "the scores themselves are still computed"
