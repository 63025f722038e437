"""Glossary terms: which words get a page, with what definition and topic.

A term gets a page when it occurs in some article (as a whole word, see
:mod:`urbankb.knowledge.matcher`) and it is

* a glossary entry (``urbankb/data/glossary.yaml``: term, topic, definition,
  aliases) — its aliases are matched as the same term;
* a domain-dictionary or taxonomy term (``dict.txt`` words tagged as
  anything but a person, place or organisation);
* or a keyword of two or more articles that is not a common word of the
  corpus (in at most :data:`MAX_KEYWORD_DF` of the articles) and not an
  entity name.

Its topic is the glossary's, else the taxonomy topic that weighs it most,
else the topic most of the articles using it carry.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..config import SAFE_LOADER
from ..model import Article, Topic
from ..nlp import Analyzer, data_path

#: a keyword shared by several articles becomes a term only if it is in at most this share of articles
MAX_KEYWORD_DF = 0.4
#: dictionary POS tags that mark entities rather than terms
ENTITY_POS = ("nr", "ns", "nt")


@dataclass
class GlossaryEntry:
    """One glossary entry."""

    term: str
    topic: str = ""
    definition: str = ""
    aliases: list[str] = field(default_factory=list)


def load_glossary(path: Path | None = None) -> list[GlossaryEntry]:
    """Read a glossary YAML: a list of ``{term, topic, definition, aliases}``."""
    data = yaml.load((path or data_path("glossary.yaml")).read_text(encoding="utf-8"), Loader=SAFE_LOADER) or []
    entries = []
    for item in data:
        if isinstance(item, dict) and item.get("term"):
            entries.append(
                GlossaryEntry(
                    str(item["term"]),
                    str(item.get("topic") or ""),
                    str(item.get("definition") or "").strip(),
                    [str(a) for a in item.get("aliases") or []],
                )
            )
    return entries


@dataclass
class TermSpec(GlossaryEntry):
    """A term that may get a page: a glossary entry and where the term came from."""

    source: str = "dictionary"  # glossary | dictionary | keyword

    @property
    def key(self) -> str:
        return f"term:{self.term}"


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
        if term in taken or term in entity_surfaces or pos in ENTITY_POS or len(term) < 2:
            continue
        specs[term] = TermSpec(term, weights.get(term, (0, ""))[1], source="dictionary")
        taken.add(term)
    n = len(articles)
    df: Counter = Counter()
    for art in articles:
        df.update({t for block in art.tokens for t in block})
    shared = Counter(k for art in articles for k, _ in art.keywords)
    for word, count in sorted(shared.items()):
        if count < 2 or word in taken or word in entity_surfaces or word in analyzer.stopwords:
            continue
        if len(word) < 2 or any(c.isdigit() for c in word) or df[word] > MAX_KEYWORD_DF * n:
            continue
        specs[word] = TermSpec(word, weights.get(word, (0, ""))[1], source="keyword")
        taken.add(word)
    for spec in specs.values():
        if not spec.topic and spec.term in weights:
            spec.topic = weights[spec.term][1]
    return list(specs.values())
