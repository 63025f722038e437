"""Readers: seed files in, :class:`~urbankb.model.Article` objects out.

Readers are chosen by file extension from :data:`READERS` (as in Pelican's
``readers.py``), so a new input format is one new function.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import frontmatter
import yaml
import yaml.composer

from ..config import SAFE_LOADER
from ..model import Article, Block, BlockKind, Collection, Issue
from .decode import SeedError, decode_bytes, read_seed_bytes
from .structure import ParsedFile, Segmenter, parse_text

if TYPE_CHECKING:
    from ..cache import AnalysisCache

__all__ = ["READERS", "SeedError", "SeedReader", "SeedSet", "read_each", "read_markdown", "read_seed", "read_seeds", "read_txt"]

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


def read_txt(path: Path, text: str, segmenter: Segmenter) -> ParsedFile:
    """Read a plain-text seed (see :func:`urbankb.ingest.structure.parse_text`)."""
    return parse_text(text, path.name, segmenter)


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


#: extension -> reader(path, text, segmenter) -> ParsedFile
READERS: dict[str, Callable[[Path, str, Segmenter], ParsedFile]] = {
    ".txt": read_txt,
    ".md": read_markdown,
    ".markdown": read_markdown,
}


@dataclass
class SeedSet:
    """All articles read from a seeds folder.

    Attributes:
        articles: every article, in seed-file order.
        collections: one per seed file that could be read.
        issues: warnings and errors, each naming the file (and line).
        failed: seed files that could not be used at all.
        encodings: seed file -> encoding, for files that were not UTF-8.
        repairs: counts of each repair made, over all files.
        cached: how many files came from the cache.
    """

    articles: list[Article] = field(default_factory=list)
    collections: dict[str, Collection] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    repairs: Counter = field(default_factory=Counter)
    cached: int = 0


def seed_files(folder: Path) -> list[Path]:
    """The seed files in ``folder`` (recursively), sorted by path; hidden files skipped."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def read_seed(path: Path, data: bytes, segmenter: Segmenter) -> tuple[ParsedFile, str]:
    """Decode and read one seed's bytes with the reader for its extension.

    Returns:
        ``(parsed file, encoding it was read in)``.

    Raises:
        SeedError: undecodable, broken front matter, or no article text.
    """
    decoded = decode_bytes(data, path.name)
    parsed = READERS[path.suffix.lower()](path, decoded.text, segmenter)
    if not any(a.blocks for a in parsed.articles):
        raise SeedError(path.name, "no article text found")
    return parsed, decoded.encoding


#: reads several seeds: ``[(path, bytes), ...] -> [(parsed file, encoding) or SeedError, ...]``
SeedReader = Callable[[list[tuple[Path, bytes]]], list["tuple[ParsedFile, str] | SeedError"]]

#: at most this many files are read together (by one worker, and analysed as one batch by the pipeline's reader)
READ_CHUNK = 16
#: fewer files to read than this are read in this process: starting workers would cost more
PARALLEL_MIN_FILES = 24


def read_each(files: list[tuple[Path, bytes]], segmenter: Segmenter) -> list:
    """:func:`read_seed` on each ``(path, bytes)``: its result, or the exception it raised
    (one bad file must not stop the others).  The default :data:`SeedReader`."""
    out: list = []
    for path, data in files:
        try:
            out.append(read_seed(path, data, segmenter))
        except Exception as exc:  # noqa: BLE001
            out.append(exc)
    return out


def read_seeds(
    folder: Path,
    segmenter: Segmenter,
    progress: Callable | None = None,
    cache: AnalysisCache | None = None,
    read: SeedReader | None = None,
    jobs: int = 1,
) -> SeedSet:
    """Read every seed in ``folder``.

    A file that cannot be used — empty, binary, undecodable, over
    :data:`~urbankb.ingest.decode.MAX_SEED_BYTES`, broken front matter, no
    article text, a symbolic link leading out of the folder, a name that
    would break the pages, or the same name as another seed — is reported
    in :attr:`SeedSet.issues` (file name and reason) and listed in
    :attr:`SeedSet.failed`; the other files are still read.

    Files are first listed, checked and looked up in the cache in order;
    the others are then read with ``read``, over ``jobs`` worker processes
    (:func:`urbankb.workers.fork_map`) when there are enough of them, and
    stored in the cache.  The result does not depend on ``jobs``.

    Args:
        folder: the seeds folder.
        segmenter: used by the layout repair (an :class:`urbankb.nlp.Analyzer`).
        progress: optional wrapper for an iterator (e.g. ``tqdm``), called
            as ``progress(iterator, total=n)`` on the files being read.
        cache: where files read before come from (``(ParsedFile, encoding)``
            pairs, as ``read`` returns them); files read now are stored in it.
        read: reads a list of files, returning per file its result or the
            exception raised (default :func:`read_seed` with ``segmenter``
            on each); the pipeline's also analyses the articles.
        jobs: worker processes for the files not in the cache (when there
            are :data:`PARALLEL_MIN_FILES` or more; up to :data:`READ_CHUNK`
            files at a time).

    Raises:
        FileNotFoundError: ``folder`` does not exist.
    """
    from ..workers import fork_map

    if not folder.is_dir():
        raise FileNotFoundError(f"seeds folder not found: {folder}")
    read = read or (lambda files: read_each(files, segmenter))
    result = SeedSet()
    root = folder.resolve()
    stems: dict[str, Path] = {}
    # per usable file, in order: [path, cache key, its bytes until read, then (parsed, encoding) or the Issue]
    slots: list[list] = []
    for path in seed_files(folder):
        if path.suffix.lower() not in READERS:
            result.issues.append(Issue(path.name, 0, f"unsupported file type {path.suffix!r} skipped (readers: {', '.join(READERS)})"))
            continue
        try:
            _check_path(path, folder, root, stems)
            data = read_seed_bytes(path)
        except SeedError as exc:
            result.issues.append(Issue(exc.seed, exc.line, exc.reason, "error"))
            result.failed.append(path.name)
            continue
        key = cache.key(path.relative_to(folder).as_posix(), data) if cache else ""
        entry = cache.load(key) if cache else None
        slots.append([path, key, entry if entry is not None else data])
    pending = [slot for slot in slots if isinstance(slot[2], bytes)]

    parent = os.getpid()

    def attempt(chunk: list[list]) -> list[tuple[str, object]]:
        # a failure comes back as the issue it is reported as; a worker stores its entries in the cache
        # and sends them back in the stored form (compact to pickle)
        out: list[tuple[str, object]] = []
        for (path, key, _data), entry in zip(chunk, read([(slot[0], slot[2]) for slot in chunk]), strict=True):
            if isinstance(entry, SeedError):
                out.append(("error", Issue(entry.seed, entry.line, entry.reason, "error")))
            elif isinstance(entry, Exception):
                reason = f"could not be read (internal error {type(entry).__name__}: {entry}); please report it"
                out.append(("error", Issue(path.name, 0, reason, "error")))
            elif cache and os.getpid() != parent:
                stored = cache.pack(entry)
                cache.save(key, stored, packed=True)
                out.append(("stored", stored))
            else:
                out.append(("read", entry))
        return out

    if len(pending) < PARALLEL_MIN_FILES:
        jobs = 1
    # about four chunks per worker at least, so the workers finish together
    size = max(1, min(READ_CHUNK, len(pending) // (4 * max(1, jobs))))
    chunks = [pending[i : i + size] for i in range(0, len(pending), size)]
    done = (result for results in fork_map(attempt, chunks, jobs) for result in results)
    for slot, (kind, value) in zip(pending, progress(done, total=len(pending)) if progress else done, strict=True):
        if kind == "stored":
            assert cache is not None
            cache.adopt(slot[1])
            value = cache.unpack(value)
            cache.remember(slot[1], value)
        elif kind == "read" and cache:
            cache.save(slot[1], value)
        slot[2] = value
    for path, _key, entry in slots:
        if isinstance(entry, Issue):
            result.issues.append(entry)
            result.failed.append(path.name)
            continue
        parsed, encoding = entry
        if encoding not in ("utf-8", "utf-8-sig"):
            result.encodings[path.name] = encoding
            result.issues.append(Issue(path.name, 0, f"read as {encoding} (not UTF-8)", "info"))
        result.articles.extend(parsed.articles)
        result.collections[parsed.collection.id] = parsed.collection
        result.issues.extend(parsed.issues)
        result.repairs.update(parsed.repairs)
        parsed.collection.repairs = dict(parsed.repairs)
    result.cached = cache.hits if cache else 0
    return result


#: characters a seed file name may not contain: they would break out of the
#: code span and table cell the name is shown in
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f`|<>\\\u2028\u2029]")


def _check_path(path: Path, folder: Path, root: Path, stems: dict[str, Path]) -> None:
    """Refuse seeds that are links out of the folder, have unsafe names, or share a name.

    Raises:
        SeedError: with the reason.
    """
    rel = path.relative_to(folder).as_posix()
    target = path.resolve()
    if not target.is_relative_to(root):
        # a seed is published: a link to ~/.ssh or /etc must never be read
        raise SeedError(path.name, f"is a symbolic link to {target}, outside the seeds folder; not read")
    bad = _UNSAFE_NAME.search(path.name)
    if bad:
        raise SeedError(path.name.encode("unicode_escape").decode("ascii"), f"file name contains {bad.group()!r}; rename the file")
    # the stem is the source page's name and the articles' id: it must be
    # unique, also on file systems that ignore case
    other = stems.get(path.stem.lower())
    if other is not None:
        raise SeedError(rel, f"has the same name as {other.relative_to(folder).as_posix()}; seed names must be unique, rename one")
    stems[path.stem.lower()] = path
