"""Topic taxonomy: loading, validation and scoring with evidence.

The taxonomy is data (``urbankb/data/taxonomy.yaml`` or a project's own
file): each topic has an id, a name, a description, weighted indicator terms
and optional negative terms.  Indicator terms are added to the segmenter's
dictionary, so they are matched as whole tokens of the segmented text, never
as raw substrings.

Scoring rule (documented in the README, in the spirit of Hugo's related
content weights) — for an article and a topic *t*:

* every occurrence of an indicator term *w* counts ``weight(w) × place``,
  where ``place`` is ``title_weight`` in the title, ``lead_weight``
  in the lead (the first paragraph, or the first ``lead_share`` of the
  body if that is longer) and 1 elsewhere; negative terms count the same
  way with a minus sign;
* ``density = 100 × sum / (content_tokens + smoothing_tokens)`` (weighted
  hits per 100 content tokens — tokens of 2+ characters that are not stop
  words — with an additive prior of ``smoothing_tokens``, so a short
  text needs more evidence than its length alone would ask);
* ``breadth = min(1, distinct indicator terms / breadth_terms)``, so one
  term repeated cannot carry a topic alone;
* ``score = density × breadth``.
* Long articles (at least ``section_min_chars`` characters) are also
  scored per section (headings, or runs of paragraphs of about
  ``section_chars`` characters); ``share`` is the fraction of the text
  in sections whose best topic is *t*, and the score becomes
  ``score × (section_floor + share)``, so a topic that wins most of the article beats
  one that fills a single passage.

An article gets every topic with ``score ≥ threshold`` whose score is also
at least ``second_topic_ratio`` of the best one, best first, at most
``max_topics``; an article about none of them gets none.

The weights are settings (:class:`urbankb.config.TopicScoring`, ``topic_scoring:`` in ``urbankb.yml``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from .config import SAFE_LOADER, TopicScoring
from .model import Article, BlockKind, Topic, TopicTag
from .nlp import Analyzer, data_path

TOPIC_FIELDS = {"id", "name", "description", "terms", "negative"}
#: what a topic id may be: it is a folder name of the site (``topics/<id>/``) and a URL part
TOPIC_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


class TaxonomyError(Exception):
    """The taxonomy file is unusable; the message names the file and line."""

    def __init__(self, path: Path, line: int, reason: str):
        self.path, self.line, self.reason = path, line, reason
        super().__init__(f"{path}:{line}: {reason}")


def load_taxonomy(path: Path | None = None) -> list[Topic]:
    """Load and validate a taxonomy file.

    Expected shape::

        topics:
          - id: future-cities
            name: 未来城市
            description: ...
            terms: {未来城市: 3, 未来社区: 3, ...}
            negative: {...}        # optional

    Args:
        path: the YAML file (default: the shipped ``taxonomy.yaml``).

    Returns:
        Topics in file order.

    Raises:
        TaxonomyError: YAML syntax error, unknown field, missing field,
            duplicate id, a topic without terms, or a weight that is not a
            positive number — always with the file and 1-based line.
    """
    path = path or data_path("taxonomy.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TaxonomyError(path, 0, f"cannot read taxonomy: {exc.strerror}") from exc
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        context, context_mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        if context and context_mark is not None:
            problem += f" ({context} started at line {context_mark.line + 1})"
        raise TaxonomyError(path, mark.line + 1 if mark else 0, f"YAML syntax error: {problem}") from None
    if not isinstance(root, yaml.MappingNode):
        raise TaxonomyError(path, 1, "taxonomy must be a mapping with a 'topics' list")
    top = {k.value: (k, v) for k, v in root.value}
    for key, (knode, _v) in top.items():
        if key != "topics":
            raise TaxonomyError(path, knode.start_mark.line + 1, f"unknown field {key!r} (expected 'topics')")
    if "topics" not in top or not isinstance(top["topics"][1], yaml.SequenceNode):
        raise TaxonomyError(path, 1, "'topics' must be a list of topics")
    topics: list[Topic] = []
    seen: dict[str, int] = {}
    for node in top["topics"][1].value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            raise TaxonomyError(path, line, "each topic must be a mapping")
        fields = {}
        for knode, vnode in node.value:
            if knode.value not in TOPIC_FIELDS:
                raise TaxonomyError(
                    path, knode.start_mark.line + 1, f"unknown field {knode.value!r} (allowed: {', '.join(sorted(TOPIC_FIELDS))})"
                )
            fields[knode.value] = vnode
        for required in ("id", "name", "terms"):
            if required not in fields:
                raise TaxonomyError(path, line, f"topic is missing {required!r}")
        topic_id = str(fields["id"].value) if isinstance(fields["id"], yaml.ScalarNode) else ""
        if not TOPIC_ID.fullmatch(topic_id):
            shown = topic_id if topic_id else "a list or mapping"
            raise TaxonomyError(
                path,
                fields["id"].start_mark.line + 1,
                f"topic id {shown!r} must be a slug: lower-case a-z, 0-9 and '-', starting with a letter or digit (it names the topic's pages)",
            )
        if topic_id in seen:
            raise TaxonomyError(path, fields["id"].start_mark.line + 1, f"duplicate topic id {topic_id!r} (first at line {seen[topic_id]})")
        seen[topic_id] = fields["id"].start_mark.line + 1
        terms = _weights(path, fields["terms"], "terms")
        if not terms:
            raise TaxonomyError(path, fields["terms"].start_mark.line + 1, f"topic {topic_id!r} has no terms")
        negative = _weights(path, fields["negative"], "negative") if "negative" in fields else {}
        description = str(fields["description"].value) if "description" in fields else ""
        topics.append(Topic(topic_id, str(fields["name"].value), description.strip(), terms, negative))
    if not topics:
        raise TaxonomyError(path, 1, "taxonomy has no topics")
    return topics


def _weights(path: Path, node: yaml.Node, field: str) -> dict[str, float]:
    if isinstance(node, yaml.ScalarNode) and node.value in ("", "null", "~"):
        return {}
    if not isinstance(node, yaml.MappingNode):
        raise TaxonomyError(path, node.start_mark.line + 1, f"{field!r} must map each term to a weight")
    out = {}
    for knode, vnode in node.value:
        try:
            weight = float(vnode.value)
        except (TypeError, ValueError):
            weight = -1
        if weight <= 0:
            raise TaxonomyError(path, vnode.start_mark.line + 1, f"weight of {knode.value!r} must be a positive number")
        out[str(knode.value)] = weight
    return out


def taxonomy_terms(topics: list[Topic]) -> list[str]:
    """Every indicator and negative term, for the segmenter's dictionary."""
    return sorted({t for topic in topics for t in (*topic.terms, *topic.negative)})


@dataclass
class _Region:
    """A stretch of an article as scoring sees it."""

    hits: list[tuple[str, float]]  # (token, place weight) of the tokens some topic weighs, in text order
    chars: int
    content: int  # content words (2+ characters, not stop words) among all its tokens


def _regions(art: Article, weighed: set[str], analyzer: Analyzer, s: TopicScoring) -> tuple[_Region, list[_Region]]:
    """The whole article (title and lead weighted) and its sections (unweighted); only
    tokens in ``weighed`` are kept, the others counted."""
    whole = _Region([(t, s.title_weight) for t in art.title_tokens if t in weighed], 0, analyzer.count_content(art.title_tokens))
    body_chars = sum(len(b.text) for b in art.blocks)
    lead_chars = max(s.lead_share * body_chars, 1)
    seen_chars = 0
    first_para_done = False
    sections: list[_Region] = []
    current = _Region([], 0, 0)
    started = False  # the current section has tokens
    for block, tokens in zip(art.blocks, art.tokens, strict=False):
        if block.kind is BlockKind.CAPTION:
            continue
        if block.kind is BlockKind.HEADING and started:
            sections.append(current)
            current, started = _Region([], 0, 0), False
        in_lead = not first_para_done or seen_chars < lead_chars
        place = s.lead_weight if in_lead else 1.0
        found = [t for t in tokens if t in weighed]
        content = analyzer.count_content(tokens)
        whole.hits.extend((t, place) for t in found)
        whole.content += content
        current.hits.extend((t, 1.0) for t in found)
        current.content += content
        started = started or bool(tokens)
        current.chars += len(block.text)
        seen_chars += len(block.text)
        if block.kind is BlockKind.PARAGRAPH:
            first_para_done = True
        if current.chars >= s.section_chars:
            sections.append(current)
            current, started = _Region([], 0, 0), False
    if started:
        if sections and current.chars < s.section_chars / 3:
            sections[-1].hits.extend(current.hits)
            sections[-1].chars += current.chars
            sections[-1].content += current.content
        else:
            sections.append(current)
    return whole, sections


def _score(region: _Region, topics: list[Topic], s: TopicScoring) -> tuple[dict[str, float], dict[str, Counter]]:
    content = region.content + s.smoothing_tokens
    scores: dict[str, float] = {}
    evidence: dict[str, Counter] = {}
    for topic in topics:
        total = 0.0
        found: Counter = Counter()
        for token, place in region.hits:
            if token in topic.terms:
                total += topic.terms[token] * place
                found[token] += 1
            elif token in topic.negative:
                total -= topic.negative[token] * place
        density = 100.0 * total / content
        breadth = min(1.0, len(found) / s.breadth_terms)
        scores[topic.id] = max(0.0, density * breadth)
        evidence[topic.id] = found
    return scores, evidence


def score_article(art: Article, topics: list[Topic], analyzer: Analyzer, settings: TopicScoring | None = None) -> None:
    """Score an analysed article against every topic and assign its tags.

    Sets :attr:`Article.topic_scores`, :attr:`Article.topics` (with
    evidence) and :attr:`Article.section_topics` (best topic per section,
    ``""`` for none).  Topics declared in front matter are kept as the tags,
    in their order, with the computed scores and evidence.
    ``settings``: the weights (default :class:`~urbankb.config.TopicScoring`).
    Requires :func:`urbankb.nlp.analyse` to have run.
    """
    s = settings or TopicScoring()
    weighed = {w for t in topics for w in (*t.terms, *t.negative)}
    whole, sections = _regions(art, weighed, analyzer, s)
    scores, evidence = _score(whole, topics, s)
    art.section_topics = []
    if art.chars >= s.section_min_chars and len(sections) >= 2:
        share: Counter = Counter()
        total_chars = sum(s.chars for s in sections) or 1
        for section in sections:
            sec_scores, _ = _score(section, topics, s)
            best = max(sec_scores.items(), key=lambda kv: (kv[1], kv[0]))
            winner = best[0] if best[1] >= s.threshold else ""
            art.section_topics.append(winner)
            if winner:
                share[winner] += section.chars / total_chars
        scores = {t: score * (s.section_floor + share[t]) for t, score in scores.items()}
    art.topic_scores = {t: round(s, 3) for t, s in scores.items()}
    known = {t.id for t in topics}
    if art.declared_topics:
        chosen = [t for t in art.declared_topics if t in known]
    else:
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        best = ranked[0][1] if ranked else 0.0
        chosen = [t for t, score in ranked if score >= s.threshold and score >= s.second_topic_ratio * best][: s.max_topics]
    art.topics = [
        TopicTag(t, round(scores.get(t, 0.0), 3), sorted(evidence.get(t, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))[:8])
        for t in chosen
    ]


def score_articles(articles: list[Article], topics: list[Topic], analyzer: Analyzer, settings: TopicScoring | None = None) -> None:
    """:func:`score_article` on every article (the pipeline stage)."""
    for art in articles:
        score_article(art, topics, analyzer, settings)
