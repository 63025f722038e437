"""The document model every pipeline stage reads and enriches.

In the spirit of spaCy's ``Doc``: readers create :class:`Article` objects,
the analysis components (:mod:`urbankb.nlp`, :mod:`urbankb.topics`,
:mod:`urbankb.knowledge`) fill in their fields, and :mod:`urbankb.render` turns
the finished :class:`Corpus` into pages.  Nothing here does I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple


class BlockKind(StrEnum):
    """What a block of an article body is, as the reader recognised it."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    #: a photo caption or name card moved out of the sentence it interrupted
    CAPTION = "caption"


@dataclass
class Block:
    """One block of an article body.

    Attributes:
        kind: paragraph, section heading or caption.
        text: the repaired text, exactly as it will be shown (plain text, not
            Markdown; the renderer escapes it).
        line: 1-based line number in the seed file where the block starts.
    """

    kind: BlockKind
    text: str
    line: int = 0


class Key(NamedTuple):
    """What a mention refers to, and the page it links to: a term or an entity.

    Made with :meth:`term` and :meth:`entity`; ``str()`` gives ``term:<name>``
    or ``entity:<type>:<name>``.  Keys order by kind, type, then name.

    Attributes:
        kind: ``"term"`` or ``"entity"``.
        type: the entity type (``person``, ``organization``, ``place``, ``document``), ``""`` for a term.
        name: the term or the entity's canonical name.
    """

    kind: str
    type: str
    name: str

    @classmethod
    def term(cls, name: str) -> Key:
        """The key of a term."""
        return cls("term", "", name)

    @classmethod
    def entity(cls, type_: str, name: str) -> Key:
        """The key of an entity of type ``type_``."""
        return cls("entity", type_, name)

    def __str__(self) -> str:
        return f"term:{self.name}" if self.kind == "term" else f"entity:{self.type}:{self.name}"


class Reason(NamedTuple):
    """One reason an article is related to another (see :func:`urbankb.knowledge.relate`).

    Attributes:
        kind: ``"topic"`` (a shared topic), ``"term"`` or ``"entity"`` (a shared
            term or entity), ``"source"`` (the same seed file) or ``"text"``
            (only the wording is alike).
        value: the topic id, the term, the entity as shown (documents in 《》), the collection id, or ``""``.
    """

    kind: str
    value: str = ""


@dataclass
class Issue:
    """A problem found in a seed, reported with file and line.

    Attributes:
        seed: seed file name.
        line: 1-based line number, 0 when the problem concerns the whole file.
        message: what is wrong, in one sentence.
        severity: ``"warning"`` (the file was still used) or ``"error"`` (the
            file, or the part named, could not be used).
    """

    seed: str
    line: int
    message: str
    severity: str = "warning"

    def __str__(self) -> str:
        where = f"{self.seed}:{self.line}" if self.line else self.seed
        return f"{where}: {self.severity}: {self.message}"


@dataclass
class TopicTag:
    """One topic assigned to an article, with the evidence that earned it.

    Attributes:
        topic: taxonomy id, e.g. ``"smart-governance"``.
        score: the article-level score (see :func:`urbankb.topics.score_article`).
        evidence: indicator terms found, as ``(term, count)`` pairs, strongest first.
    """

    topic: str
    score: float
    evidence: list[tuple[str, int]] = field(default_factory=list)


#: a numbered subheading is at most this many characters after its enumerator
SUBHEADING_CHARS = 16
_ENUMERATOR = re.compile(
    r"^\s*(?:[（(]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]|(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.．、](?!\d))\s*"
)


def is_numbered_subheading(sentence: str) -> bool:
    """Whether a sentence is a numbered subheading by its shape: an enumerator (``1.``, ``二、``, ``（3）``)
    followed by a short phrase (at most :data:`SUBHEADING_CHARS` characters).

    >>> is_numbered_subheading("1.城镇发展，数智赋能。"), is_numbered_subheading("2025年，城市更新进入新阶段。")
    (True, False)
    """
    m = _ENUMERATOR.match(sentence)
    return bool(m) and len(sentence) - m.end() <= SUBHEADING_CHARS


@dataclass
class Article:
    """One article: a news report, a speech, a feature.

    Reader fields are set by :mod:`urbankb.ingest`; analysis fields start
    empty and are filled by the pipeline components.

    Attributes:
        id: stable identifier, ``<seed stem>-<n>`` (n counts from 1 in file order).
        seed: source file name (no directory).
        title: article title as printed.
        blocks: the repaired body.
        line: line in the seed where the article starts.
        kicker: a short line printed above the title (引题), if any.
        subtitle: a subtitle (副题), if any.
        publication: newspaper or journal name.
        issue: issue label as printed, e.g. ``"第6期（总第142期）"``.
        date: ISO date ``YYYY-MM-DD`` (or ``YYYY-MM``/``YYYY``) if printed.
        authors: bylined authors (``文/…``) and reporters, in order.
        byline: the byline as printed (``文/韩庆文 唐培峰``), if any.
        reporters: names after ``记者``.
        correspondents: names after ``通讯员``.
        speaker: for a speech, the speaker's name.
        affiliation: for a speech, the speaker's affiliation and job title.
        url: source URL from front matter.
        slug: page name (without ``.md``), unique in the corpus.
        declared_topics: topics given in front matter (they win over inferred).
        collection: id of the :class:`Collection` the article belongs to.
        traditional: True when the text is in traditional characters.
        markdown: True for a ``.md`` seed (the body is Markdown, not plain text).
        source: for a ``.md`` seed, the whole Markdown body as written.
        source_html: ``source`` rendered and sanitised
            (:func:`urbankb.escape.sanitize_markdown`), made once with the
            analysis and cached with it.
        visible: the text a reader sees, per body block (a ``.md`` block
            rendered to plain text; a ``.txt`` block as it is).
        tokens: segmented analysis text of the body (simplified), per block.
        tagged: the same tokens with jieba part-of-speech flags, per block.
        title_tokens: segmented title.
        title_tagged: the title's tokens with part-of-speech flags.
        textrank: TextRank score of each keyword candidate (at most 1).
        keywords: top keywords, best first, as ``(keyword, weight)`` pairs.
        topics: assigned topics, best first.
        topic_scores: score for every taxonomy topic.
        entities: entity names by type (``person``, ``organization``, ``place``, ``document``).
        related: ``(article id, score, reasons)`` triples, best first (reasons: :class:`Reason`).
        entity_candidates: what the article's body gives the entity finder by itself, as
            records of strings (:meth:`urbankb.knowledge.entities.EntityFinder.record`), set
            by a per-file stage; None until then.
        mentions: term and entity mentions in the body, in text order, as
            ``(block index, start, end, key)`` (offsets into the block text;
            key a :class:`Key`), set by
            :mod:`urbankb.knowledge`; the renderer links the first of each key.
        fingerprint: what the reader and file-stage fields were made from — the seed file's
            analysis-cache key (its path, bytes, data files and settings) and the article's
            place in the file — set by the pipeline; articles with equal fingerprints have
            equal reader and file-stage fields.  ``""`` when unknown (a corpus made by hand).
    """

    id: str
    seed: str
    title: str
    blocks: list[Block]
    line: int = 1
    kicker: str = ""
    subtitle: str = ""
    publication: str = ""
    issue: str = ""
    date: str = ""
    authors: list[str] = field(default_factory=list)
    byline: str = ""
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    speaker: str = ""
    affiliation: str = ""
    url: str = ""
    slug: str = ""
    declared_topics: list[str] = field(default_factory=list)
    collection: str = ""
    traditional: bool = False
    markdown: bool = False
    source: str = ""
    source_html: str = ""
    # analysis
    visible: list[str] = field(default_factory=list)
    tokens: list[list[str]] = field(default_factory=list)
    tagged: list[list[tuple[str, str]]] = field(default_factory=list)
    title_tokens: list[str] = field(default_factory=list)
    title_tagged: list[tuple[str, str]] = field(default_factory=list)
    textrank: dict[str, float] = field(default_factory=dict)
    keywords: list[tuple[str, float]] = field(default_factory=list)
    topics: list[TopicTag] = field(default_factory=list)
    topic_scores: dict[str, float] = field(default_factory=dict)
    section_topics: list[str] = field(default_factory=list)
    entities: dict[str, list[str]] = field(default_factory=dict)
    related: list[tuple[str, float, list[Reason]]] = field(default_factory=list)
    entity_candidates: list[tuple] | None = None
    mentions: list[tuple[int, int, int, Key]] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def paragraphs(self) -> list[str]:
        """Texts of the paragraph blocks, in order."""
        return [b.text for b in self.blocks if b.kind is BlockKind.PARAGRAPH]

    @property
    def text(self) -> str:
        """The whole body as one string, blocks separated by newlines."""
        return "\n".join(b.text for b in self.blocks)

    @property
    def chars(self) -> int:
        """Number of non-whitespace characters in the body."""
        return len("".join(self.text.split()))  # str.split() cuts at exactly the str.isspace characters

    @property
    def summary(self) -> str:
        """The first sentence of content in the body (at most ~80 characters).

        A numbered subheading printed as a sentence (``1.城镇发展，数智赋能。``,
        ``（二）总体要求。``: an enumerator, then at most :data:`SUBHEADING_CHARS`
        characters) is skipped, as is the rest of its paragraph when that is all it holds.
        """
        for text in self.paragraphs:
            rest = text
            while rest:
                cut = min((c for c in (rest.find(end) for end in "。！？") if c > 0), default=-1)
                if cut < 0 or cut >= 120:
                    return rest[:80] + ("…" if len(rest) > 80 else "")
                sentence, rest = rest[: cut + 1], rest[cut + 1 :].lstrip()
                if not is_numbered_subheading(sentence):
                    return sentence
        return ""


@dataclass
class Collection:
    """A seed file that holds more than one article (newspaper page, compilation).

    Attributes:
        id: the seed stem.
        seed: seed file name.
        title: compilation title, or a description of the page.
        kind: ``"compilation"`` (speeches under an editor's note),
            ``"page"`` (a newspaper page) or ``"single"`` (one article).
        intro: the introduction blocks (editor's note, subtitle).
        layout: layout material kept out of article bodies (QR prompts,
            print-run lines, "see page N" lines), each with its line number.
        article_ids: the articles it holds, in file order.
        publication, issue, date: masthead data, if printed.
        repairs: how many of each layout repair were made.
        text: the file's text exactly as extracted (decoded, before any repair), ``""`` when the reader keeps none;
            the line numbers of blocks count its lines.
        repair_spans: what each repair touched, as ``(kind, first line, last line)`` (1-based, inclusive), by line.
    """

    id: str
    seed: str
    title: str
    kind: str = "single"
    subtitle: str = ""
    intro: list[Block] = field(default_factory=list)
    layout: list[Block] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    publication: str = ""
    issue: str = ""
    date: str = ""
    repairs: dict[str, int] = field(default_factory=dict)
    text: str = ""
    repair_spans: list[tuple[str, int, int]] = field(default_factory=list)


@dataclass
class Topic:
    """A taxonomy topic.

    Attributes:
        id: slug-like id (``future-cities``).
        name: display name (未来城市).
        description: one or two sentences.
        terms: indicator term -> weight (positive).
        negative: counter-indicator term -> weight (positive number, subtracted).
    """

    id: str
    name: str
    description: str
    terms: dict[str, float]
    negative: dict[str, float] = field(default_factory=dict)


@dataclass
class Term:
    """A glossary term with the articles that use it.

    Attributes:
        term: the term as written.
        slug: page name.
        topic: taxonomy id it belongs to, or ``""``.
        definition: a short definition, or ``""``.
        occurrences: article id -> (count, KWIC sentence): a ``str``, or a
            :class:`urbankb.knowledge.Quote` that ``str()`` turns into one.
        aliases: other spellings matched as the same term.
    """

    term: str
    slug: str
    topic: str = ""
    definition: str = ""
    occurrences: dict[str, tuple[int, object]] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)


@dataclass
class Entity:
    """A named entity: person, organisation, place or cited document.

    Attributes:
        name: as written.
        type: ``person``, ``organization``, ``place`` or ``document``.
        slug: page name.
        detail: e.g. a speaker's affiliation.
        occurrences: article id -> (count, KWIC sentence): a ``str``, or a
            :class:`urbankb.knowledge.Quote` that ``str()`` turns into one.
        aliases: other spellings matched as the same entity (``广州市`` for ``广州``).
    """

    name: str
    type: str
    slug: str
    detail: str = ""
    occurrences: dict[str, tuple[int, object]] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)


@dataclass
class Corpus:
    """Everything the renderer needs.

    Attributes:
        articles: all articles in seed-file order.
        collections: one per seed file, keyed by id.
        topics: the taxonomy, in file order.
        terms: glossary terms that occur, keyed by term.
        entities: entities that occur, keyed by ``(type, name)``.
        issues: warnings and errors found on the way.
    """

    articles: list[Article] = field(default_factory=list)
    collections: dict[str, Collection] = field(default_factory=dict)
    topics: list[Topic] = field(default_factory=list)
    terms: dict[str, Term] = field(default_factory=dict)
    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
