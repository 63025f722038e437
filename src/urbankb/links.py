"""Links between articles: related articles with reasons.

Related-article rule (documented in the README):

``score = COSINE_WEIGHT · cos(tfidf_a, tfidf_b)
+ TOPIC_WEIGHT · |topics_a ∩ topics_b| / |topics_a ∪ topics_b|
+ SHARED_WEIGHT · min(1, shared keywords and entities / SHARED_CAP)``

TF-IDF vectors are built with scikit-learn's ``TfidfVectorizer`` over the
segmented content tokens (sublinear TF, L2 norm) and kept sparse; cosine
similarities are computed a block of rows at a time and only the top
candidates of each row are kept, so memory grows with ``N × block``, never
``N × N``.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .model import Article
from .nlp import Analyzer

COSINE_WEIGHT = 0.6
TOPIC_WEIGHT = 0.25
SHARED_WEIGHT = 0.15
SHARED_CAP = 5
RELATED_K = 5
ROW_BLOCK = 256


def content_tokens(art: Article, analyzer: Analyzer) -> list[str]:
    """Title and body tokens of 2+ characters that are not stop words."""
    tokens = [t for block in art.tokens for t in block] + art.title_tokens
    return [t for t in tokens if len(t) >= 2 and t not in analyzer.stopwords and not t.isdigit()]


def _shared(a: Article, b: Article) -> list[str]:
    ka = {k for k, _ in a.keywords} | {n for names in a.entities.values() for n in names}
    kb = {k for k, _ in b.keywords} | {n for names in b.entities.values() for n in names}
    ranked = [k for k, _ in a.keywords if k in kb] + sorted((ka & kb) - {k for k, _ in a.keywords})
    return ranked


def relate(articles: list[Article], analyzer: Analyzer, k: int = RELATED_K) -> None:
    """Fill :attr:`Article.related` with the ``k`` best ``(id, score, reasons)``.

    Reasons are short Chinese phrases: the shared topic, up to four shared
    keywords or entities, and the shared source when both come from one file.
    Ties break on article id, so output is deterministic.
    """
    n = len(articles)
    if n < 2:
        return
    docs = [content_tokens(a, analyzer) for a in articles]
    vectorizer = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True)
    matrix = vectorizer.fit_transform(docs)
    topic_sets = [{t.topic for t in a.topics} for a in articles]
    candidates = min(n - 1, max(4 * k, 20))
    for start in range(0, n, ROW_BLOCK):
        stop = min(n, start + ROW_BLOCK)
        sims = (matrix[start:stop] @ matrix.T).toarray()
        for row in range(stop - start):
            i = start + row
            sims[row, i] = -1.0
            top = np.argpartition(-sims[row], candidates - 1)[:candidates] if candidates < n else np.arange(n)
            scored = []
            for j in top:
                j = int(j)
                if j == i:
                    continue
                a, b = articles[i], articles[j]
                union = topic_sets[i] | topic_sets[j]
                topic_overlap = len(topic_sets[i] & topic_sets[j]) / len(union) if union else 0.0
                shared = _shared(a, b)
                score = COSINE_WEIGHT * float(sims[row, j]) + TOPIC_WEIGHT * topic_overlap + SHARED_WEIGHT * min(1.0, len(shared) / SHARED_CAP)
                reasons = []
                common_topics = [t.topic for t in a.topics if t.topic in topic_sets[j]]
                if common_topics:
                    reasons.append("topic:" + common_topics[0])
                reasons.extend("term:" + s for s in shared[:4])
                if a.collection and a.collection == b.collection:
                    reasons.append("source:" + a.collection)
                scored.append((b.id, round(score, 4), reasons))
            scored.sort(key=lambda t: (-t[1], t[0]))
            articles[i].related = scored[:k]
