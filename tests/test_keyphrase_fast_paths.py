"""The keyphrase stage's fast paths (issue 16) against their plain definitions, on every real seed article.

:func:`urbankb.nlp.keyphrase_pool`, the sub-span counts, word contexts and titles of office are
computed with memos, prefix pruning and counts kept as spans grow; each test here recomputes
the same thing the direct way (every span, every token) and asks for the same values.
"""

from __future__ import annotations

from collections import Counter

import pytest

from urbankb import nlp


@pytest.fixture(scope="module")
def articles(seed_corpus):
    corpus, _report = seed_corpus
    return [art for art in corpus.articles if art.tagged]


def _plain_pool(art, analyzer) -> list[tuple]:
    """Every candidate span of every run, each run's spans compared pairwise for ``inside``."""
    out = []
    for index, sentence in [(-1, art.title_tagged), *enumerate(nlp._sentences(art))]:
        roles = [nlp._pool_role(analyzer, *pair) for pair in sentence]
        run: list[tuple[str, str]] = []
        for pair, role in [*zip(sentence, roles, strict=True), (("。", "x"), nlp.POOL_NONE)]:
            if role != nlp.POOL_NONE:
                run.append(pair)
                continue
            spans = []
            for i in range(len(run)):
                for j in range(i + 1, min(len(run), i + nlp.POOL_MAX_WORDS) + 1):
                    if not nlp._pool_head(analyzer, *run[j - 1]):
                        continue
                    text = "".join(w for w, _f in run[i:j])
                    if len(text) > nlp.POOL_MAX_CHARS:
                        break
                    if j - i == 1 and (len(text) < 2 or text.isdigit()):
                        continue
                    spans.append((i, j, text))
            for i, j, text in spans:
                inside = sum(1 for a, b, _t in spans if i <= a and b <= j and (a, b) != (i, j))
                words = tuple(w for w, _f in run[i:j])
                tags = tuple(f for _w, f in run[i:j])
                out.append((text, index, words, tags, (i == 0) + (j == len(run)), inside, j == len(run)))
            run = []
    return out


def test_pool_is_every_span_of_every_run(articles, analyzer):
    for art in articles:
        assert nlp.keyphrase_pool(art, analyzer) == _plain_pool(art, analyzer), art.id


def test_inside_longer_counts_every_sub_span(articles, analyzer):
    for art in articles:
        pool = nlp.keyphrase_pool(art, analyzer)
        plain: Counter = Counter()
        for _text, _index, words, *_rest in pool:
            for i in range(len(words)):
                for j in range(i + 1, len(words) + 1):
                    if (i, j) != (0, len(words)):
                        plain["".join(words[i:j])] += 1
        phrases = {text for text, *_rest in pool}
        fast = nlp._inside_longer(pool, phrases)
        assert {p: fast[p] for p in phrases} == {p: plain[p] for p in phrases}, art.id


def test_word_contexts_count_every_token(articles, analyzer):
    for art in articles:
        sentences = [art.title_tagged, *nlp._sentences(art)]
        words = {w for sentence in sentences for w, _f in sentence}
        plain = [Counter(), Counter(), Counter(), Counter()]  # modifier, verbal, of_org, quoted
        for sentence in sentences:
            org_before = False
            for k in range(1, len(sentence) - 1):
                if sentence[k - 1][0] in nlp.OPENING_QUOTES and sentence[k + 1][0] in nlp.CLOSING_QUOTES:
                    plain[3][sentence[k][0]] += 1
            for (word, flag), nxt in zip(sentence, sentence[1:], strict=False):
                plain[0][word] += nlp._pool_role(analyzer, *nxt) != nlp.POOL_NONE
                plain[1][word] += nxt[1] in nlp.ASPECT_TAGS or nxt[0] == "《"
                org = flag.startswith("nt")
                plain[2][nxt[0]] += org or org_before
                org_before = org
        fast = nlp._word_contexts(analyzer, sentences, words)
        for counted, expected in zip(fast, plain, strict=True):
            assert +counted == +expected, art.id


def test_titles_of_office_among_some_words_is_the_same_answer_for_them(articles, analyzer):
    for art in articles:
        sentences = nlp._sentences(art)
        every = nlp._titles_of_office(sentences, analyzer)
        some = {w for k, sentence in enumerate(sentences) for w, _f in sentence if k % 2 == 0}
        assert nlp._titles_of_office(sentences, analyzer, among=some) == every & some, art.id
