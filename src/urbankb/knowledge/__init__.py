"""The knowledge graph: terms, entities and their mentions in the articles.

:func:`enrich` is the pipeline component.  It finds entity candidates
(:mod:`.entities`) and term candidates (:mod:`.terms`), then scans every
article body once with one :class:`~.matcher.Matcher` holding all their
surface forms — so a place inside an organisation's name (上海 in
上海市人民政府) is never counted, and the mentions the renderer links
(:mod:`.inline`) are exactly the ones counted on the term and entity pages.

It fills :attr:`Corpus.terms`, :attr:`Corpus.entities`,
:attr:`Article.entities` and :attr:`Article.mentions`.

Entity finding is in two parts: :func:`find_candidates`, a per-file stage,
records what each article's body gives by itself (tags, shapes, 《》
titles: the costly part), and :func:`enrich` replays those records in corpus
order after the gazetteer and each article's metadata, with the rules that
read what earlier articles found; the result is that of one pass.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from operator import itemgetter

from ..escape import slugify
from ..model import Article, BlockKind, Corpus, Entity, Key, Term
from ..nlp import Analyzer
from .datafile import DataFileError
from .entities import ENTITY_TYPES, TYPE_NAMES, EntityFinder, Found, Gazetteer, find_candidates
from .entities import analysis_blocks as _analysis_blocks
from .matcher import Matcher, boundaries
from .related import RelatedMemo, relate
from .terms import GlossaryEntry, article_topic, term_specs

__all__ = [
    "DataFileError",
    "ENTITY_TYPES",
    "TYPE_NAMES",
    "MentionMemo",
    "Quote",
    "enrich",
    "find_candidates",
    "kwic",
    "page_slug",
    "RelatedMemo",
    "relate",
]

#: characters of context kept on each side of a mention in a KWIC line
KWIC_CONTEXT = 36
_SENTENCE_END = "。！？；!?;\n"
_SENTENCE_END_RE = re.compile(f"[{_SENTENCE_END}]")
_SPACES = re.compile(r"\s+")
#: a KWIC line from a byline block, replaced by the first mention in a paragraph
_BYLINE_LINES = ("发言人", "记者", "通讯员", "作者")


def page_slug(name: str, used: set[str], limit: int = 8) -> str:
    """ASCII page name from pinyin (and Latin words), unique within ``used`` (which it extends)."""
    base = slugify(name, limit, fallback="x")
    slug = base
    if slug in used:
        slug = f"{base}-{hashlib.sha1(name.encode()).hexdigest()[:6]}"
    used.add(slug)
    return slug


def kwic(text: str, start: int, end: int, context: int = KWIC_CONTEXT) -> str:
    """The sentence around ``text[start:end]``, cut to ``context`` characters each side."""
    # only ``context`` + 1 characters each side can matter: a sentence that starts or ends further away is cut
    lo, hi = max(0, start - context - 1), min(len(text), end + context + 1)
    before = text[lo:start]
    left = lo + max(map(before.rfind, _SENTENCE_END)) + 1
    after = _SENTENCE_END_RE.search(text, end, hi)
    right = after.end() if after else hi
    pre, post = text[left:start], text[end:right]
    if len(pre) > context:
        pre = "…" + pre[-context:]
    if len(post) > context:
        post = post[:context] + "…"
    return _SPACES.sub(" ", (pre + text[start:end] + post)).strip()


class Quote:
    """A KWIC line not cut yet: the mention's text and offsets; ``str()`` cuts it (:func:`kwic`) once.

    Pages quote a term's or entity's first few articles only, so most lines
    of a large corpus are never cut.

    Attributes:
        text: the block's visible text.
        start, end: the mention's offsets in it.
        bylined: whether ``text`` contains a byline word (记者, 作者, ...), so
            the line may start like a byline.
    """

    __slots__ = ("text", "start", "end", "bylined", "_line")

    def __init__(self, text: str, start: int, end: int, bylined: bool):
        self.text, self.start, self.end, self.bylined = text, start, end, bylined
        self._line: str | None = None

    def __str__(self) -> str:
        if self._line is None:
            self._line = kwic(self.text, self.start, self.end)
        return self._line

    def __repr__(self) -> str:
        return f"Quote({str(self)!r})"


class MentionMemo:
    """Each article's mentions as the previous build's matcher found them, kept from build to
    build: in memory by a long-running process (``urbankb serve``), on disk beside the analysis
    cache by the command line (:meth:`export`, :meth:`restore`; the pipeline stores them).

    An article is scanned again only when its text changed or it holds a surface form that
    was added, dropped or given another key since the previous build; otherwise the matcher
    would find exactly the same mentions, since it only ever sees the surfaces that occur in
    the text.  Entries are keyed by a BLAKE2 digest of the article's matched texts, visible
    texts and block kinds (what :func:`_find_mentions` reads; the words come from the same
    texts through the analysis, whose inputs key the analysis cache and so the memo's file).
    """

    #: more changed surface forms than this and every article is scanned again
    MAX_CHANGED = 500
    #: bump when what an entry holds changes shape
    FORMAT = 1

    def __init__(self) -> None:
        self.surfaces: dict[str, Key] = {}
        # digest -> (mentions, quotes as (block, start, end, bylined) by key)
        self._found: dict[bytes, tuple[list[tuple[int, int, int, Key]], dict[Key, tuple[int, int, int, bool]]]] = {}
        self._changed: list[str] = []
        self._seen: set[bytes] = set()
        self._missed: dict[int, tuple[list[str], bytes]] = {}  # id(article) -> (texts, digest) of a get that missed
        #: whether this build found or dropped anything (the stored copy is then out of date)
        self.changed = False

    def start(self, surfaces: dict[str, Key]) -> None:
        """Begin a build whose matcher has ``surfaces`` (surface form -> key)."""
        changed = {form for form in surfaces.keys() | self.surfaces.keys() if surfaces.get(form) != self.surfaces.get(form)}
        if len(changed) > self.MAX_CHANGED:
            self._found.clear()
            changed = set()
        self.changed = bool(changed) or surfaces != self.surfaces
        self._changed = sorted(changed)
        self.surfaces = dict(surfaces)
        self._seen = set()

    @staticmethod
    def digest(art: Article, texts: list[str]) -> bytes:
        """What an entry is keyed by: ``texts`` (the blocks' matched texts), the visible texts and block kinds."""
        h = hashlib.blake2b(digest_size=16)
        for b, text in enumerate(texts):
            shown = art.visible[b] if b < len(art.visible) else art.blocks[b].text
            h.update(f"{art.blocks[b].kind.value}\x1f{text}\x1f{shown}\x1e".encode("utf-8", "surrogatepass"))
        return h.digest()

    def get(self, art: Article, texts: list[str]) -> tuple[list[tuple[int, int, int, Key]], dict[Key, Quote]] | None:
        """The mentions and quotes found in ``art`` (whose blocks' matched texts are ``texts``) before, if still valid."""
        digest = self.digest(art, texts)
        entry = self._found.get(digest)
        if entry is None:
            self._missed[id(art)] = (texts, digest)
            return None
        if self._changed:
            joined = "\n".join(texts)
            if any(form in joined for form in self._changed):
                del self._found[digest]
                self.changed = True
                self._missed[id(art)] = (texts, digest)
                return None
        self._seen.add(digest)
        mentions, spots = entry
        shown = art.visible if len(art.visible) >= len(art.blocks) else [_shown(art, b) for b in range(len(art.blocks))]
        return mentions, {key: Quote(shown[b], start, end, bylined) for key, (b, start, end, bylined) in spots.items()}

    def put(self, art: Article, texts: list[str], mentions: list[tuple[int, int, int, Key]], quoted: dict[Key, Quote]) -> None:
        """Keep what the matcher found in ``art`` (whose blocks' matched texts are ``texts``)."""
        blocks = {}
        for b in range(len(art.blocks)):
            blocks.setdefault(_shown(art, b), b)
        spots = {key: (blocks[q.text], q.start, q.end, q.bylined) for key, q in quoted.items()}
        missed = self._missed.pop(id(art), None)
        # the digest the get that missed made, when given the same texts: each article is digested once a build
        digest = missed[1] if missed is not None and missed[0] is texts else self.digest(art, texts)
        self._found[digest] = (mentions, spots)
        self._seen.add(digest)
        self.changed = True

    def finish(self) -> None:
        """End a build: forget articles it did not have."""
        self._missed.clear()
        gone = self._found.keys() - self._seen
        for digest in gone:
            del self._found[digest]
        self.changed = self.changed or bool(gone)

    def export(self) -> dict:
        """Everything kept, as plain data (for :mod:`pickle`): ``{"format", "surfaces", "found"}``."""
        return {"format": self.FORMAT, "surfaces": self.surfaces, "found": self._found}

    @classmethod
    def restore(cls, data: object) -> MentionMemo:
        """A memo from :meth:`export`'s data; an empty one when ``data`` is not such data."""
        memo = cls()
        if isinstance(data, dict) and data.get("format") == cls.FORMAT:
            memo.surfaces = dict(data.get("surfaces") or {})
            memo._found = dict(data.get("found") or {})
        return memo


def _shown(art: Article, b: int) -> str:
    """Block ``b``'s visible text (what a KWIC line quotes)."""
    return art.visible[b] if b < len(art.visible) else art.blocks[b].text


def enrich(
    corpus: Corpus, analyzer: Analyzer, glossary: list[GlossaryEntry], gazetteer: Gazetteer, memo: MentionMemo | None = None
) -> None:
    """Find terms and entities, count their mentions and fill the corpus (see the module docstring).

    Args:
        corpus: analysed articles (segmentation, keywords and topics done).
        analyzer: the build's analyzer.
        glossary: term definitions (:func:`urbankb.knowledge.terms.load_glossary`).
        gazetteer: known entities (:func:`urbankb.knowledge.entities.load_gazetteer`); the one
            :func:`find_candidates` was given, for articles whose ``entity_candidates`` it set
            (articles without them are recorded here).
        memo: mentions carried over from the previous build of a long-running
            process; the result is the same without it.
    """
    gaz = gazetteer
    entries = glossary
    prepared = {art.id: _analysis_blocks(art, analyzer) for art in corpus.articles}

    finder = EntityFinder(gaz)
    finder.from_gazetteer()
    recorder = None  # for articles the per-file stage did not see (a corpus built by hand)
    for art in corpus.articles:
        finder.from_metadata(art)
        ops = art.entity_candidates
        if ops is None:
            recorder = recorder or EntityFinder(gaz)
            ops = recorder.record(art, prepared[art.id])
        finder.replay(ops, prepared[art.id])
    finder.short_titles()
    found = finder.resolve()
    entity_words = {f for ent in found for f in (ent.name, *ent.aliases)}
    specs = term_specs(corpus.articles, analyzer, entries, corpus.topics, entity_words)

    # one matcher: glossary terms win a shared surface, then entities, then other terms
    matcher = finder.matcher(analyzer)
    for spec in specs:
        if spec.source == "glossary":
            for form in (spec.term, *spec.aliases):
                matcher.add(form, spec.key)
    for ent in found:
        for form in ent.surfaces():
            matcher.add(form, ent.key)
    for spec in specs:
        if spec.source != "glossary":
            matcher.add(spec.term, spec.key)

    people_in_metadata: dict[str, list[tuple[str, Found]]] = defaultdict(list)  # article id -> (name, person)
    for (type_, name), ent in finder.found.items():
        if type_ == "person":
            for aid in ent.roles:
                people_in_metadata[aid].append((name, ent))
    counts: dict[Key, Counter] = defaultdict(Counter)  # key -> article id -> count
    lines: dict[Key, dict[str, str]] = defaultdict(dict)  # key -> article id -> KWIC
    if memo is not None:
        memo.start(matcher.surfaces)
    for art in corpus.articles:
        texts = [text for text, _tags in prepared[art.id]]
        known = memo.get(art, texts) if memo is not None else None
        mentions, quoted = known if known is not None else _find_mentions(art, prepared[art.id], matcher)
        if memo is not None and known is None:
            memo.put(art, texts, mentions, quoted)
        art.mentions = mentions
        for key, n in Counter([key for _b, _s, _e, key in mentions]).items():
            counts[key][art.id] += n
        for key, line in quoted.items():
            lines[key][art.id] = line
        _metadata_mentions(art, people_in_metadata.get(art.id, []), matcher, analyzer, counts, lines)

    if memo is not None:
        memo.finish()
    _fill_terms(corpus, specs, counts, lines)
    _fill_entities(corpus, found, counts, lines)


def _find_mentions(
    art: Article, blocks: list[tuple[str, list[tuple[str, str]]]], matcher: Matcher
) -> tuple[list[tuple[int, int, int, Key]], dict[Key, Quote]]:
    """The mentions in an article's body blocks ``(text matched, tags)``, and per key the line to quote:
    the first mention's, or the first in a paragraph over one that reads like a byline."""
    mentions: list[tuple[int, int, int, str]] = []
    quoted: dict[Key, Quote] = {}
    for b, (text, tags) in enumerate(blocks):
        hits = matcher.find(text, boundaries(text, list(map(itemgetter(0), tags))))
        if not hits:
            continue
        mentions.extend([(b, start, end, key) for start, end, key in hits])
        shown = _shown(art, b)
        paragraph = art.blocks[b].kind is BlockKind.PARAGRAPH
        bylined = any(word in shown for word in _BYLINE_LINES)  # only then can a line here start like a byline
        for start, end, key in hits:
            quote = quoted.get(key)
            if quote is None or (paragraph and quote.bylined and str(quote).startswith(_BYLINE_LINES)):
                quoted[key] = Quote(shown, start, end, bylined)
    return mentions, quoted


def _metadata_mentions(art: Article, people: list[tuple[str, Found]], matcher: Matcher, analyzer: Analyzer, counts, lines) -> None:
    """People named in the article's metadata (``people``: name and entity, in the finder's
    order), and organisations/places in a speaker's affiliation."""
    for name, ent in people:
        key = ent.key
        if counts[key][art.id] == 0:
            counts[key][art.id] = 1
        if art.id not in lines[key]:
            role = ent.roles[art.id]
            line = f"{role}：{name}"
            if role == "发言人" and art.affiliation:
                line += f"（{art.affiliation}）"
            lines[key][art.id] = line
    if art.affiliation:
        text = art.affiliation
        cuts = boundaries(text, analyzer.cut(text))
        for _start, _end, key in matcher.find(text, cuts):
            if key.kind == "entity":
                if counts[key][art.id] == 0:
                    counts[key][art.id] = 1
                lines[key].setdefault(art.id, f"发言人单位：{art.affiliation}")


def _fill_terms(corpus: Corpus, specs, counts, lines) -> None:
    first_topic = {a.id: a.topics[0].topic if a.topics else "" for a in corpus.articles}
    used: set[str] = set()
    corpus.terms = {}
    for spec in sorted(specs, key=lambda s: s.term):
        occ = counts.get(spec.key)
        if not occ:
            continue
        topic = spec.topic
        if not topic:
            topic = article_topic(list(map(first_topic.__getitem__, occ)))
        quoted = lines[spec.key]
        corpus.terms[spec.term] = Term(
            term=spec.term,
            slug=page_slug(spec.term, used),
            topic=topic,
            definition=spec.definition,
            occurrences={aid: (occ[aid], quoted.get(aid, "")) for aid in sorted(occ)},
            aliases=list(spec.aliases),
        )


def _fill_entities(corpus: Corpus, found: list[Found], counts, lines) -> None:
    corpus.entities = {}
    used: dict[str, set[str]] = defaultdict(set)
    for ent in found:
        occ = counts.get(ent.key)
        if not occ:
            continue
        detail = ent.detail
        quoted = lines[ent.key]
        corpus.entities[(ent.type, ent.name)] = Entity(
            name=ent.name,
            type=ent.type,
            slug=page_slug(ent.name, used[ent.type]),
            detail=detail,
            occurrences={aid: (occ[aid], quoted.get(aid, "")) for aid in sorted(occ)},
            aliases=sorted(ent.aliases),
        )
    per_article: dict[str, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: {t: [] for t in ENTITY_TYPES})
    for (type_, name), ent in corpus.entities.items():
        for aid, (n, _line) in ent.occurrences.items():
            per_article[aid][type_].append((n, name))
    for art in corpus.articles:
        found_here = per_article.get(art.id) or {t: [] for t in ENTITY_TYPES}
        art.entities = {t: [name for _n, name in sorted(found_here[t], key=lambda p: (-p[0], p[1]))] for t in ENTITY_TYPES}
