"""Keyword scoring components of :mod:`urbankb.nlp` against the libraries they re-implement."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from jieba.analyse.textrank import TextRank

from urbankb import nlp
from urbankb.nlp import textrank, textrank_many


def jieba_textrank(tagged: list[tuple[str, str]], keep) -> dict[str, float]:
    """jieba's own ``TextRank.textrank`` (window 5) over already tagged words kept by ``keep``."""
    ranker = TextRank()
    ranker.tokenizer = SimpleNamespace(cut=lambda _sentence: [SimpleNamespace(word=w, flag=f) for w, f in tagged])
    ranker.pairfilter = lambda wp: keep(wp.word, wp.flag)
    return dict(ranker.textrank("", topK=None, withWeight=True))


@pytest.mark.parametrize("index", [0, 5, 11, 19])
def test_textrank_equals_jieba_on_seed_articles(seed_corpus, analyzer, index):
    art = seed_corpus[0].articles[index]
    tagged = art.title_tagged + [p for block in art.tagged for p in block]
    ours = textrank(tagged, analyzer.candidate_mask)
    theirs = jieba_textrank(tagged, analyzer.is_candidate)
    assert len(ours) > 30  # generic words (jieba IDF below nlp.GENERIC_IDF) are no longer graph nodes
    assert ours.keys() == theirs.keys()
    # the same sweeps; only the order of additions inside one node's sum may differ
    assert max(abs(ours[w] - theirs[w]) for w in ours) < 1e-12


def test_textrank_self_loops_and_short_input():
    keep = lambda word, flag: flag == "n"  # noqa: E731
    mask = lambda tagged: [keep(*pair) for pair in tagged]  # noqa: E731
    tagged = [("城市", "n"), ("城市", "n"), ("，", "x"), ("更新", "n"), ("城市", "n")]
    assert textrank(tagged, mask) == pytest.approx(jieba_textrank(tagged, keep), abs=1e-12)
    assert textrank([("城市", "n")], mask) == {}
    assert textrank([], mask) == {}


def test_textrank_many_ranks_each_document_alone(seed_corpus, analyzer, monkeypatch):
    docs = [a.title_tagged + [p for block in a.tagged for p in block] for a in seed_corpus[0].articles]
    docs = [[], *docs[:6], [("城市", "n")], *docs[6:], []]  # documents with no graph at either end and between
    alone = [textrank(d, analyzer.candidate_mask) for d in docs]
    in_one = textrank_many(docs, analyzer.candidate_mask)
    monkeypatch.setattr(nlp, "TEXTRANK_BATCH_TOKENS", 500)  # several systems, cut between documents
    in_several = textrank_many(docs, analyzer.candidate_mask)
    for together in (in_one, in_several):
        assert [d.keys() for d in together] == [d.keys() for d in alone]
        assert all(abs(together[i][w] - alone[i][w]) < 1e-12 for i in range(len(docs)) for w in alone[i])
    assert alone[0] == alone[7] == alone[-1] == {}


def test_a_traditional_article_shows_its_keywords_as_written(analyzer):
    from urbankb.model import Article, Block, BlockKind

    text = "推進一網通辦，讓群眾辦事更加便捷。"
    art = Article(id="t-1", seed="t.txt", title="數字政府", blocks=[Block(BlockKind.PARAGRAPH, text)])
    art.visible, art.traditional = [text], True  # as nlp.analyse sets them for a traditional article
    assert nlp.written_forms(art, ["群众办事", "不在文中"], analyzer.simplify) == ["群眾辦事", "不在文中"]  # not found: as given
    art.traditional = False
    assert nlp.written_forms(art, ["群众办事"], analyzer.simplify) == ["群众办事"]
