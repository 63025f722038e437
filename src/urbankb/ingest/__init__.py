"""Readers: a seed file's name and bytes in, a :class:`ParsedFile` of
:class:`~urbankb.model.Article` objects out.

Readers are classes chosen by file extension from :data:`READERS` (as in
Pelican's ``readers.py``): a new input format is one new :class:`Reader`
subclass decorated with :func:`register`.  A reader knows nothing of the
seeds folder, the cache or worker processes; :mod:`urbankb.pipeline` lists
the files and hands each one's bytes to :func:`read_file`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import ClassVar

import frontmatter
import yaml
import yaml.composer

from ..config import SAFE_LOADER
from ..model import Article, Block, BlockKind, Collection, Issue
from .decode import MAX_SEED_BYTES, SeedError, decode_bytes
from .radicals import RADICAL_RE, unify_radicals_by_paragraph
from .structure import ParsedFile, Segmenter, parse_text

__all__ = ["READERS", "MarkdownReader", "ParsedFile", "PlainTextReader", "Reader", "SeedError", "TextReader", "read_file", "register"]

#: front matter keys a ``.md`` seed may use, with the Python types accepted
FRONT_MATTER_KEYS: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "date": (str, int, dt.date, dt.datetime),
    "publication": (str,),
    "authors": (list, str),
    "url": (str,),
    "topics": (list, str),
    "slug": (str,),
    "speaker": (str,),
    "affiliation": (str,),
    "issue": (str, int),
    "source": (str,),
    "note": (str,),
}


def read_markdown(path: Path, text: str, segmenter: Segmenter) -> ParsedFile:
    """Read a ``.md`` seed: YAML front matter plus a Markdown body.

    Front matter wins over anything inferred.  Unknown keys are warned about;
    a value of the wrong type, an impossible date or a non-web URL is an
    error for that key (the key is ignored, the article is still built).
    Every message names the file and the line of the key.

    Raises:
        SeedError: the front matter is not valid YAML (with its line), not a
            mapping, not closed by a ``---`` line, or the body is empty.
    """
    seed = path.name
    issues: list[Issue] = []
    metadata, key_lines, body, body_offset = split_front_matter(text, seed, issues)
    body, flattened = bound_nesting(body)
    if flattened:
        issues.append(
            Issue(
                seed,
                body_offset + flattened[0],
                f"Markdown nested deeper than {MAX_NESTING} levels on {len(flattened)} line(s) flattened to {MAX_NESTING} levels (text kept)",
            )
        )
    meta: dict = {}
    for key, value in metadata.items():
        line = key_lines.get(key, 1)
        if key not in FRONT_MATTER_KEYS:
            issues.append(Issue(seed, line, f"unknown front matter key {key!r} ignored (known: {', '.join(FRONT_MATTER_KEYS)})"))
            continue
        if value is None:
            continue
        problem = _check_value(key, value)
        if problem:
            issues.append(Issue(seed, line, f"front matter {key!r} {problem}; ignored", "error"))
            continue
        if key == "date":
            value = _check_date(value)
            if value is None:
                issues.append(
                    Issue(
                        seed,
                        line,
                        f"front matter 'date' is not a real date (YYYY-MM-DD, YYYY-MM or YYYY): {metadata[key]!r}; ignored",
                        "error",
                    )
                )
                continue
        if key == "slug" and not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value):
            issues.append(Issue(seed, line, f"front matter 'slug' {value!r} may only use a-z, 0-9, '-' and '_'; it will be cleaned"))
        meta[key] = value
    blocks = _markdown_blocks(body, body_offset)
    if not blocks:
        raise SeedError(seed, "the article has no body text after the front matter", body_offset + 1)
    stem = path.stem
    title = str(meta.get("title") or "").strip()
    title_heading = None
    if not title:
        title_heading = next((b for b in blocks if b.kind is BlockKind.HEADING), None)
        title = title_heading.text if title_heading else stem
        if title_heading:
            blocks.remove(title_heading)
    art = Article(id=f"{stem}-1", seed=seed, title=title, blocks=blocks, line=1, markdown=True)
    # the heading taken for the title is not repeated in the body
    art.source = body if title_heading is None else re.sub(r"(?m)^#{1,6}[ \t]+.*$\n?", "", body, count=1)
    art.publication = str(meta.get("publication", ""))
    art.date = str(meta.get("date", ""))
    authors = meta.get("authors", [])
    art.authors = [authors] if isinstance(authors, str) else [str(a) for a in authors]
    art.url = str(meta.get("url") or meta.get("source") or "")
    topics = meta.get("topics", [])
    art.declared_topics = [topics] if isinstance(topics, str) else [str(t) for t in topics]
    art.slug = str(meta.get("slug", ""))
    art.speaker = str(meta.get("speaker", ""))
    art.affiliation = str(meta.get("affiliation", ""))
    art.issue = str(meta.get("issue", ""))
    art.collection = stem
    collection = Collection(id=stem, seed=seed, title=title, article_ids=[art.id], publication=art.publication, date=art.date)
    return ParsedFile([art], collection, issues, Counter())


#: lists and quotes nested deeper than this are flattened: Python-Markdown recurses once per level
#: (a few hundred levels exhaust the stack, and time grows with the square of the depth)
MAX_NESTING = 16
_INDENT = re.compile(r"^[ \t]*")
_MARKER = re.compile(r"(?:[-*+][ \t]+|\d{1,9}[.)][ \t]+|>[ \t]?)")
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")


def bound_nesting(body: str, depth: int = MAX_NESTING) -> tuple[str, list[int]]:
    """``body`` with no line nested deeper than ``depth`` levels, and the (1-based) lines changed.

    Outside fenced code, a line's indentation is cut to ``2 × depth`` columns
    and a run of list or quote markers at its start (``- - - -``, ``>>>>``) to
    ``depth`` markers; the text itself is kept.

    >>> bound_nesting("- " * 40 + "文字", 3)
    ('- - - 文字', [1])
    """
    lines = body.split("\n")
    changed: list[int] = []
    fence = ""
    for n, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
            continue
        if opening:
            fence = opening.group(1)
            continue
        indent = _INDENT.match(line).group().expandtabs(4)
        rest = line[_INDENT.match(line).end() :]
        markers = []
        at = 0
        while m := _MARKER.match(rest, at):
            markers.append(m.group())
            at = m.end()
        if len(indent) <= 2 * depth and len(markers) <= depth:
            continue
        lines[n] = indent[: 2 * depth] + "".join(markers[:depth]) + rest[at:]
        changed.append(n + 1)
    return "\n".join(lines), changed


class _FrontMatterLoader(SAFE_LOADER):
    """Safe YAML without implicit timestamps (an impossible date would raise
    ``ValueError`` inside PyYAML instead of being reported).  Aliases are
    refused by :func:`_compose_front_matter` (no "billion laughs" expansion from a hostile seed)."""


def _compose_front_matter(source: str) -> tuple[yaml.Node | None, object]:
    """The YAML node tree of ``source`` and the data it makes, from one parse.

    Raises:
        yaml.YAMLError: invalid YAML, or an alias (``*name``): it makes one node
            appear twice in the tree, which is how it is found.
    """
    loader = _FrontMatterLoader(source)
    try:
        node = loader.get_single_node()
        seen: set[int] = set()
        stack = [node] if node is not None else []
        while stack:
            current = stack.pop()
            if id(current) in seen:
                raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in front matter", current.start_mark)
            seen.add(id(current))
            if isinstance(current, yaml.MappingNode):
                stack.extend(n for pair in current.value for n in pair)
            elif isinstance(current, yaml.SequenceNode):
                stack.extend(current.value)
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def split_front_matter(text: str, seed: str, issues: list[Issue] | None = None) -> tuple[dict, dict, str, int]:
    """Split a ``.md`` seed into front matter and body.

    Front matter is a YAML mapping between a first line ``---`` and the next
    ``---`` line (python-frontmatter's ``YAMLHandler`` finds them).  A file
    without it is all body.

    Returns:
        ``(metadata, key -> 1-based line, body, number of lines before the body)``.

    Raises:
        SeedError: unclosed front matter, invalid YAML, or not a mapping.
    """
    # python-frontmatter finds the fences; PyYAML (with the loader above) reads them
    handler = frontmatter.YAMLHandler()
    if not handler.detect(text):
        return {}, {}, text, 0
    try:
        source, body = handler.split(text)
    except ValueError:
        raise SeedError(seed, "front matter opened with '---' on line 1 is never closed by a '---' line", 1) from None
    source = source[1:] if source.startswith("\n") else source
    body = body[1:] if body.startswith("\n") else body
    offset = text.count("\n", 0, len(text) - len(body))
    try:
        node, data = _compose_front_matter(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the opening ---, +1 for 1-based
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SeedError(seed, f"front matter is not valid YAML: {problem}", line) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SeedError(seed, f"front matter must be a mapping of keys to values, not {_type_name(data)}", 2)
    key_lines: dict = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            line = key_node.start_mark.line + 2
            key = next((k for k in data if str(k) == key_node.value), key_node.value)
            if key in key_lines and issues is not None:
                issues.append(Issue(seed, line, f"front matter key {key!r} given twice; the later value (line {line}) is used"))
            key_lines[key] = line
    return data, key_lines, body, offset


def _type_name(value) -> str:
    names = {str: "text", list: "a list", dict: "a mapping", int: "a number", float: "a number", bool: "true/false"}
    return names.get(type(value), type(value).__name__)


def _check_value(key: str, value) -> str | None:
    """Why ``value`` is not acceptable for front matter ``key``, or None."""
    types = FRONT_MATTER_KEYS[key]
    if isinstance(value, bool) or not isinstance(value, types):
        return f"should be {_type_names(types)}, got {_type_name(value)}"
    if isinstance(value, list):
        bad = [v for v in value if not isinstance(v, str)]
        if bad:
            return f"should be a list of text, but holds {_type_name(bad[0])} {bad[0]!r}"
    if key in ("url", "source") and isinstance(value, str) and value.strip() and not re.match(r"^https?://[^\s<>\"']+$", value.strip()):
        return f"should be an http:// or https:// address, got {value!r}"
    return None


def _type_names(types: tuple[type, ...]) -> str:
    names = {str: "text", list: "a list", int: "a number", dt.date: "a date", dt.datetime: "a date"}
    return " or ".join(dict.fromkeys(names[t] for t in types))


def _check_date(value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d", text):
        text = text[:10]  # a timestamp: the date part
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            parsed = dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        if len(text) != size or parsed.year < 1000:
            continue
        return text
    return None


def _markdown_blocks(body: str, offset: int) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    lines = body.split("\n")
    for number, line in enumerate(lines + [""], start=offset + 1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip())
            continue
        if current:
            text = "\n".join(current)
            m = re.match(r"^(#{1,6})\s+(.+?)\s*#*$", text)
            if m and len(current) == 1:
                blocks.append(Block(BlockKind.HEADING, m.group(2), start))
            else:
                blocks.append(Block(BlockKind.PARAGRAPH, text, start))
            current = []
    return blocks


class Reader:
    """A seed format: turns one file's bytes into articles.

    Subclasses set :attr:`extensions` and implement :meth:`read`, and are
    added to :data:`READERS` by :func:`register`.  A reader is given the
    file's path in the seeds folder (for its name, stem and extension;
    never opened) and its bytes.
    """

    #: lower-case file extensions this reader takes, with the dot
    extensions: ClassVar[tuple[str, ...]] = ()
    #: the largest file this reader is given (bytes); the seed loop refuses bigger ones before reading them
    max_bytes: ClassVar[int] = MAX_SEED_BYTES

    def read(self, path: Path, data: bytes, segmenter: Segmenter) -> ParsedFile:
        """The articles of one file.

        Args:
            path: the file's path (only its name parts are used).
            data: the file's bytes.
            segmenter: for the layout repair (an :class:`urbankb.nlp.Analyzer` is one).

        Raises:
            SeedError: the file cannot be used (with the reason, and line where it applies).
        """
        raise NotImplementedError


class TextReader(Reader):
    """A text format: the bytes are decoded (:func:`~urbankb.ingest.decode.decode_bytes`),
    then :meth:`parse` reads the text; :attr:`ParsedFile.encoding` records the encoding."""

    def read(self, path: Path, data: bytes, segmenter: Segmenter) -> ParsedFile:
        decoded = decode_bytes(data, path.name)
        parsed = self.parse(path, decoded.text, segmenter)
        parsed.encoding = decoded.encoding
        if decoded.damaged:
            where = ", ".join(f"line {line} (byte {offset})" for line, offset in decoded.damaged[:5])
            more = f" and {len(decoded.damaged) - 5} more" if len(decoded.damaged) > 5 else ""
            line = decoded.damaged[0][0]
            parsed.issues.append(Issue(path.name, line, f"bytes that are not UTF-8 replaced by U+FFFD at {where}{more}"))
        return parsed

    def parse(self, path: Path, text: str, segmenter: Segmenter) -> ParsedFile:
        """The articles of the decoded text (see :meth:`Reader.read`)."""
        raise NotImplementedError


#: extension -> the reader for it
READERS: dict[str, Reader] = {}


def register(cls: type[Reader]) -> type[Reader]:
    """Class decorator: make ``cls`` the reader of each of its :attr:`Reader.extensions`."""
    for ext in cls.extensions:
        READERS[ext] = cls()
    return cls


@register
class PlainTextReader(TextReader):
    """Plain text as PDF and print-layout extractors give it (see
    :func:`urbankb.ingest.structure.parse_text`: layout repair, several articles per file)."""

    extensions = (".txt",)

    def parse(self, path: Path, text: str, segmenter: Segmenter) -> ParsedFile:
        if RADICAL_RE.search(text):
            # pdfminer passes on the radical code points some PDF fonts use (⽼ for 老); a file may hold both scripts
            text = "\n".join(unify_radicals_by_paragraph(text.split("\n")))
        return parse_text(text, path.name, segmenter)


@register
class MarkdownReader(TextReader):
    """Markdown with YAML front matter (see :func:`read_markdown`)."""

    extensions = (".md", ".markdown")

    def parse(self, path: Path, text: str, segmenter: Segmenter) -> ParsedFile:
        return read_markdown(path, text, segmenter)


def read_file(path: Path, data: bytes, segmenter: Segmenter) -> ParsedFile:
    """Read one seed's bytes with the reader registered for its extension.

    Raises:
        SeedError: no reader for the extension, undecodable, broken front
            matter, or no article text.

    Titles and metadata lose invisible characters (:func:`clean_labels`).
    """
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise SeedError(path.name, f"unsupported file type {path.suffix!r} (readers: {', '.join(READERS)})")
    parsed = reader.read(path, data, segmenter)
    if not any(a.blocks for a in parsed.articles):
        raise SeedError(path.name, "no article text found")
    clean_labels(parsed, path.name)
    return parsed


#: invisible characters never kept in a title, a metadata value or a slug: C0 and C1 controls,
#: bidirectional controls (U+202E turns text around) and zero-width characters
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_JOINER = re.compile("[\u200c\u200d]")
#: the article fields that are labels (shown in page heads, navigation, front matter), not body text
LABEL_FIELDS = ("title", "kicker", "subtitle", "publication", "issue", "date", "byline", "speaker", "affiliation", "url", "slug")
LIST_LABEL_FIELDS = ("authors", "reporters", "correspondents", "declared_topics")


def clean_label(text: str) -> str:
    """``text`` without invisible characters (:data:`_INVISIBLE`, loose joiners); tabs and line breaks become spaces.

    >>> clean_label("\\u202e城市\\u200b更新\\x00")
    '城市更新'
    """
    text = _INVISIBLE.sub("", re.sub(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+", " ", text))
    return _JOINER.sub(lambda m: m.group() if _in_word(text, m.start()) else "", text)


def _in_word(text: str, at: int) -> bool:
    """Whether ``text[at]`` sits between two letters or marks (where ZWJ and ZWNJ shape a script)."""
    return 0 < at < len(text) - 1 and all(unicodedata.category(c)[0] in "LM" for c in (text[at - 1], text[at + 1]))


def clean_labels(parsed: ParsedFile, seed: str) -> None:
    """Remove invisible characters from every title and metadata value of a file's
    articles and collection (body text is left as it is); one warning per file names them."""
    found: set[str] = set()

    def clean(value: str) -> str:
        cleaned = clean_label(value)
        if cleaned != re.sub(r"[\t\n\r\x0b\x0c\x85\u2028\u2029]+", " ", value):
            found.update(f"U+{ord(c):04X}" for c in set(value) - set(cleaned) if _INVISIBLE.match(c) or _JOINER.match(c))
        return cleaned

    for art in parsed.articles:
        for name in LABEL_FIELDS:
            setattr(art, name, clean(getattr(art, name)))
        for name in LIST_LABEL_FIELDS:
            setattr(art, name, [v for v in map(clean, getattr(art, name)) if v.strip()])
        if not art.title.strip():
            art.title = Path(seed).stem
    coll = parsed.collection
    for name in ("title", "subtitle", "publication", "issue", "date"):
        setattr(coll, name, clean(getattr(coll, name)))
    if found:
        parsed.issues.append(Issue(seed, 0, f"invisible characters removed from titles and metadata: {', '.join(sorted(found))}"))


from . import docx as _docx  # noqa: E402, F401  (registers DocxReader)
from . import html as _html  # noqa: E402, F401  (registers HtmlReader)
from . import pdf as _pdf  # noqa: E402, F401  (registers PdfReader)
