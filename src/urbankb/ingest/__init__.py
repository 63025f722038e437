"""Readers: seed files in, :class:`~urbankb.model.Article` objects out.

Readers are chosen by file extension from :data:`READERS` (as in Pelican's
``readers.py``), so a new input format is one new function.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from ..model import Article, Block, BlockKind, Collection, Issue
from .decode import SeedError, read_seed
from .structure import ParsedFile, Segmenter, parse_text

__all__ = ["READERS", "SeedError", "SeedSet", "read_seeds", "read_markdown", "read_txt"]

#: front matter keys a ``.md`` seed may use, with the Python types accepted
FRONT_MATTER_KEYS: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "date": (str, dt.date, dt.datetime),
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
    a value of the wrong type or an impossible date is an error for that key
    (the key is ignored, the article is still built).

    Raises:
        SeedError: the front matter is not valid YAML (with its line), or
            not a mapping.
    """
    seed = path.name
    issues: list[Issue] = []
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the opening ---, +1 for 1-based
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SeedError(seed, f"front matter is not valid YAML: {problem}", line) from None
    if not isinstance(post.metadata, dict):
        raise SeedError(seed, "front matter must be a mapping of keys to values", 1)
    meta: dict = {}
    for key, value in post.metadata.items():
        line = _front_matter_line(text, str(key))
        if key not in FRONT_MATTER_KEYS:
            issues.append(Issue(seed, line, f"unknown front matter key {key!r} ignored (known: {', '.join(FRONT_MATTER_KEYS)})"))
            continue
        if value is None:
            continue
        if not isinstance(value, FRONT_MATTER_KEYS[key]):
            issues.append(Issue(seed, line, f"front matter {key!r} should be {_type_names(FRONT_MATTER_KEYS[key])}, got {type(value).__name__}; ignored", "error"))
            continue
        if key == "date":
            value = _check_date(value)
            if value is None:
                issues.append(Issue(seed, line, f"front matter 'date' is not a real date: {post.metadata[key]!r}; ignored", "error"))
                continue
        meta[key] = value
    body_offset = text.count("\n", 0, len(text) - len(post.content)) if post.metadata else 0
    blocks = _markdown_blocks(post.content, body_offset)
    stem = path.stem
    title = str(meta.get("title") or "").strip()
    if not title:
        heading = next((b for b in blocks if b.kind is BlockKind.HEADING), None)
        title = heading.text if heading else stem
        if heading:
            blocks.remove(heading)
    art = Article(id=f"{stem}-1", seed=seed, title=title, blocks=blocks, line=1, markdown=True)
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
    if not blocks:
        issues.append(Issue(seed, body_offset + 1, "the article has no body text"))
    return ParsedFile([art], collection, issues, Counter())


def _type_names(types: tuple[type, ...]) -> str:
    names = {str: "text", list: "a list", int: "a number", dt.date: "a date", dt.datetime: "a date"}
    return " or ".join(dict.fromkeys(names[t] for t in types))


def _check_date(value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
        return text[:size]
    return None


def _front_matter_line(text: str, key: str) -> int:
    for number, line in enumerate(text.split("\n")[:200], start=1):
        if re.match(rf"^{re.escape(key)}\s*:", line):
            return number
    return 1


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
    """

    articles: list[Article] = field(default_factory=list)
    collections: dict[str, Collection] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    encodings: dict[str, str] = field(default_factory=dict)
    repairs: Counter = field(default_factory=Counter)


def seed_files(folder: Path) -> list[Path]:
    """The seed files in ``folder`` (recursively), sorted by path; hidden files skipped."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def read_seeds(folder: Path, segmenter: Segmenter, progress: Callable | None = None) -> SeedSet:
    """Read every seed in ``folder``.

    A file that cannot be read is reported in :attr:`SeedSet.issues` and
    :attr:`SeedSet.failed`; the other files are still read.

    Args:
        folder: the seeds folder.
        segmenter: used by the layout repair (an :class:`urbankb.nlp.Analyzer`).
        progress: optional wrapper for the file iterator (e.g. ``tqdm``).

    Raises:
        FileNotFoundError: ``folder`` does not exist.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"seeds folder not found: {folder}")
    result = SeedSet()
    files = seed_files(folder)
    for path in progress(files) if progress else files:
        reader = READERS.get(path.suffix.lower())
        if reader is None:
            result.issues.append(Issue(path.name, 0, f"unsupported file type {path.suffix!r} skipped (readers: {', '.join(READERS)})"))
            continue
        try:
            decoded = read_seed(path)
            if decoded.encoding != "utf-8":
                result.encodings[path.name] = decoded.encoding
                result.issues.append(Issue(path.name, 0, f"read as {decoded.encoding} (not UTF-8)", "info"))
            parsed = reader(path, decoded.text, segmenter)
        except SeedError as exc:
            result.issues.append(Issue(exc.seed, exc.line, exc.reason, "error"))
            result.failed.append(path.name)
            continue
        result.articles.extend(parsed.articles)
        result.collections[parsed.collection.id] = parsed.collection
        result.issues.extend(parsed.issues)
        result.repairs.update(parsed.repairs)
        parsed.collection.repairs = dict(parsed.repairs)
    return result
