"""Glossary terms: which words get a page, with what definition and topic.

A term gets a page when it occurs in some article (as a whole word, see
:mod:`urbankb.knowledge.matcher`) and it is

* a glossary entry (``urbankb/data/glossary.yaml``: term, topic, definition,
  aliases) — its aliases are matched as the same term;
* a domain-dictionary or taxonomy term (``dict.txt`` words tagged as
  anything but a person, place or organisation) that is specific;
* or a keyphrase of two or more articles (:func:`urbankb.nlp.extract_keywords`)
  that is specific, not a common word of the corpus (in at most
  :data:`MAX_KEYWORD_DF` of the articles) and not an entity name.

Specific is the keyword rule (:meth:`urbankb.nlp.Analyzer.is_generic`): a single
word that jieba's general-corpus IDF table finds common (数据, 理论) is not.

Its topic is the glossary's, else the taxonomy topic that weighs it most, else
(:func:`article_topic`) the first topic of the articles that use it when a clear
majority of them share it — and none otherwise.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import yaml

from ..model import Article, Key, Topic
from ..nlp import Analyzer, data_path
from .datafile import DataFileError, line, load_nodes, scalar, words

#: a keyword shared by several articles becomes a term only if it is in at most this share of articles
MAX_KEYWORD_DF = 0.4
#: a term takes its topic from the articles using it only when this share of them, and at least
#: :data:`MIN_TOPIC_VOTES`, have it as their first topic, and more than have any other
TOPIC_MAJORITY = 0.75
MIN_TOPIC_VOTES = 2
#: dictionary POS tags that mark entities rather than terms
ENTITY_POS = ("nr", "ns", "nt")


@dataclass
class GlossaryEntry:
    """One glossary entry."""

    term: str
    topic: str = ""
    definition: str = ""
    aliases: list[str] = field(default_factory=list)


#: keys a glossary entry may have
GLOSSARY_KEYS = ("term", "topic", "definition", "aliases")


def load_glossary(path: Path | None = None) -> list[GlossaryEntry]:
    """Read a glossary YAML: a list of ``{term, topic, definition, aliases}`` (only ``term`` required).

    Raises:
        DataFileError: invalid YAML, not a list, an entry that is not a
            mapping, has no term, an unknown key or a value of the wrong
            kind (with the file and line).
    """
    path = path or data_path("glossary.yaml")
    root = load_nodes(path)
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise DataFileError(path, "a glossary must be a list of entries ({term, topic, definition, aliases})", line(root))
    entries = []
    for item in root.value:
        if not isinstance(item, yaml.MappingNode):
            raise DataFileError(path, "each glossary entry must be a mapping with a 'term'", line(item))
        fields: dict[str, yaml.Node] = {}
        for key_node, value in item.value:
            key = scalar(path, key_node, "a key")
            if key not in GLOSSARY_KEYS:
                raise DataFileError(path, f"unknown glossary key {key!r} (known: {', '.join(GLOSSARY_KEYS)})", line(key_node))
            fields[key] = value
        term = scalar(path, fields["term"], "'term'").strip() if "term" in fields else ""
        if not term:
            raise DataFileError(path, "glossary entry without a 'term'", line(item))
        text = {
            k: scalar(path, fields[k], repr(k)) if k in fields and not fields[k].tag.endswith(":null") else ""
            for k in ("topic", "definition")
        }
        aliases = words(path, fields["aliases"], "'aliases'") if "aliases" in fields else []
        entries.append(GlossaryEntry(term, text["topic"], text["definition"].strip(), aliases))
    return entries


@dataclass
class TermSpec(GlossaryEntry):
    """A term that may get a page: a glossary entry and where the term came from."""

    source: str = "dictionary"  # glossary | dictionary | keyword

    @property
    def key(self) -> Key:
        """The term's :class:`~urbankb.model.Key`."""
        return Key.term(self.term)


def term_specs(
    articles: list[Article],
    analyzer: Analyzer,
    glossary: list[GlossaryEntry],
    taxonomy: list[Topic],
    entity_surfaces: set[str],
) -> list[TermSpec]:
    """Every term that may get a page, glossary entries first."""
    specs: dict[str, TermSpec] = {}
    taken: set[str] = set()
    for entry in glossary:
        if entry.term in taken:
            continue
        aliases = [a for a in entry.aliases if a not in taken and a != entry.term]
        specs[entry.term] = TermSpec(entry.term, entry.topic, entry.definition, aliases, "glossary")
        taken.update([entry.term, *aliases])
    weights: dict[str, tuple[float, str]] = {}
    for topic in taxonomy:
        for term, w in topic.terms.items():
            if term not in weights or w > weights[term][0]:
                weights[term] = (w, topic.id)
    for term, pos in sorted(analyzer.terms.items()):
        if term in taken or term in entity_surfaces or pos in ENTITY_POS or len(term) < 2 or _generic(term, analyzer):
            continue
        specs[term] = TermSpec(term, weights.get(term, (0, ""))[1], source="dictionary")
        taken.add(term)
    n = len(articles)
    shared = Counter(k for art in articles for k, _ in art.keywords)
    candidates = []
    for word, count in sorted(shared.items()):
        if count < 2 or word in taken or word in entity_surfaces or word in analyzer.stopwords or _generic(word, analyzer):
            continue
        if len(word) < 2 or any(c.isdigit() for c in word):
            continue
        candidates.append(word)
    # the articles whose tokens hold each candidate (only the candidates: a base has a million tokens)
    wanted = set(candidates)
    df: Counter = Counter()
    for art in articles:
        df.update(wanted.intersection(chain.from_iterable(art.tokens)))
    for word in candidates:
        if df[word] > MAX_KEYWORD_DF * n or word in taken:
            continue
        specs[word] = TermSpec(word, weights.get(word, (0, ""))[1], source="keyword")
        taken.add(word)
    for spec in specs.values():
        if not spec.topic and spec.term in weights:
            spec.topic = weights[spec.term][1]
    return list(specs.values())


def _generic(term: str, analyzer: Analyzer) -> bool:
    """A term made of one word that the keyword rule finds generic (:meth:`Analyzer.is_generic`)."""
    return len(analyzer.phrase_words(term)) == 1 and analyzer.is_generic(term)


def article_topic(first_topics: list[str]) -> str:
    """The topic a term without a glossary or taxonomy topic takes from the articles that use it.

    Args:
        first_topics: per article using the term, its first topic id ("" for an article without one).

    Returns:
        The topic that at least :data:`MIN_TOPIC_VOTES` articles and a :data:`TOPIC_MAJORITY`
        share of them have first, and more than have any other; "" when there is none (a term used
        by one article, or across topics, has no topic).
    """
    votes = Counter(first_topics)
    ranked = sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))
    if not ranked or not ranked[0][0]:
        return ""
    topic, n = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if n < MIN_TOPIC_VOTES or n < TOPIC_MAJORITY * len(first_topics) or n <= runner_up:
        return ""
    return topic
