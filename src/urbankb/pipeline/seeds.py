"""The seed loop: list the seeds folder, check each file, look it up in the
cache, read and analyse the others (in worker processes when there are
enough), and gather the results in file order.

This is the only place that opens seed files; the readers
(:mod:`urbankb.ingest`) are given a path and its bytes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..ingest import READERS, ParsedFile
from ..ingest.decode import MAX_SEED_BYTES, SeedError, too_large
from ..model import Article, Collection, Issue
from .cache import AnalysisCache
from .workers import fork_map, in_worker

#: at most this many files are read and analysed together (by one worker, as one TextRank batch)
READ_CHUNK = 16
#: fewer files to read than this are read in this process: starting workers would cost more
PARALLEL_MIN_FILES = 24

#: reads and analyses several seeds: ``[(path, bytes), ...] -> [ParsedFile or the exception raised, ...]``
SeedReader = Callable[[list[tuple[Path, bytes]]], list["ParsedFile | Exception"]]


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


def read_seed_bytes(path: Path) -> bytes:
    """The bytes of one seed file, refused over its reader's :attr:`~urbankb.ingest.Reader.max_bytes`
    (:data:`~urbankb.ingest.decode.MAX_SEED_BYTES` for text).

    Raises:
        SeedError: the file is too large or cannot be read.
    """
    try:
        size = path.stat().st_size
        reader = READERS.get(path.suffix.lower())
        limit = reader.max_bytes if reader is not None else MAX_SEED_BYTES
        if size > limit:  # refused before it is read into memory
            raise SeedError(path.name, too_large(size, limit))
        return path.read_bytes()
    except OSError as exc:
        raise SeedError(path.name, f"cannot read file: {exc.strerror}") from exc


def read_seeds(
    folder: Path,
    read: SeedReader,
    cache: AnalysisCache,
    progress: Callable | None = None,
    jobs: int = 1,
    prepare: Callable[[], None] | None = None,
) -> SeedSet:
    """Read and analyse every seed in ``folder``.

    A file that cannot be used — empty, binary, undecodable, over
    :data:`~urbankb.ingest.decode.MAX_SEED_BYTES`, broken front matter, no
    article text, a symbolic link leading out of the folder, a name that
    would break the pages, or the same name as another seed — is reported
    in :attr:`SeedSet.issues` (file name and reason) and listed in
    :attr:`SeedSet.failed`; the other files are still read.

    Files are first listed, checked and looked up in ``cache`` in order;
    the others are then given to ``read``, over ``jobs`` forked worker
    processes (:func:`~urbankb.pipeline.workers.fork_map`) when there are
    :data:`PARALLEL_MIN_FILES` or more, up to :data:`READ_CHUNK` at a time,
    and stored in the cache.  The result does not depend on ``jobs``.

    Args:
        folder: the seeds folder.
        read: reads and analyses a list of files (see :data:`SeedReader`).
        cache: where files read before come from; files read now are stored in it.
        progress: optional wrapper for an iterator (e.g. ``tqdm``), called
            as ``progress(iterator, total=n)`` on the files being read.
        jobs: worker processes for the files not in the cache.
        prepare: called once in this process before any file is read (so before the workers are
            forked, which then share what it loaded), and only when some file is not in the cache.

    Raises:
        FileNotFoundError: ``folder`` does not exist.
    """
    if not folder.is_dir():
        raise FileNotFoundError(f"seeds folder not found: {folder}")
    result = SeedSet()
    root = folder.resolve()
    stems: dict[str, Path] = {}
    # per usable file, in order: [path, cache key, its bytes until read, then the ParsedFile or the Issue]
    slots: list[list] = []
    for path in seed_files(folder):
        if path.suffix.lower() not in READERS:
            result.issues.append(Issue(path.name, 0, f"unsupported file type {path.suffix!r} skipped (readers: {', '.join(READERS)})"))
            continue
        try:
            check_path(path, folder, root, stems)
            data = read_seed_bytes(path)
        except SeedError as exc:
            result.issues.append(Issue(exc.seed, exc.line, exc.reason, "error"))
            result.failed.append(path.name)
            continue
        key = cache.key(path.relative_to(folder).as_posix(), data)
        entry = cache.load(key)
        slots.append([path, key, entry if entry is not None else data])
    pending = [slot for slot in slots if isinstance(slot[2], bytes)]

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
            elif in_worker():
                stored = cache.pack(entry)
                cache.save(key, stored, packed=True)
                out.append(("stored", stored))
            else:
                out.append(("read", entry))
        return out

    if pending and prepare is not None:
        prepare()
    if len(pending) < PARALLEL_MIN_FILES:
        jobs = 1
    # about four chunks per worker at least, so the workers finish together
    size = max(1, min(READ_CHUNK, len(pending) // (4 * max(1, jobs))))
    chunks = [pending[i : i + size] for i in range(0, len(pending), size)]
    done = (result for results in fork_map(attempt, chunks, jobs) for result in results)
    for slot, (kind, value) in zip(pending, progress(done, total=len(pending)) if progress else done, strict=True):
        if kind == "stored":
            cache.adopt(slot[1])
            value = cache.unpack(value)
            cache.remember(slot[1], value)
        elif kind == "read":
            cache.save(slot[1], value)
        slot[2] = value
    for path, key, entry in slots:
        if isinstance(entry, Issue):
            result.issues.append(entry)
            result.failed.append(path.name)
            continue
        parsed: ParsedFile = entry
        for n, art in enumerate(parsed.articles):
            art.fingerprint = f"{key}:{n}"
        if parsed.encoding not in ("utf-8", "utf-8-sig", ""):
            result.encodings[path.name] = parsed.encoding
            result.issues.append(Issue(path.name, 0, f"read as {parsed.encoding} (not UTF-8)", "info"))
        result.articles.extend(parsed.articles)
        result.collections[parsed.collection.id] = parsed.collection
        result.issues.extend(parsed.issues)
        result.repairs.update(parsed.repairs)
        parsed.collection.repairs = dict(parsed.repairs)
    result.cached = cache.hits
    return result


#: characters a seed file name may not contain: they would break out of the
#: code span and table cell the name is shown in
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f`|<>\\\u2028\u2029]")


def check_path(path: Path, folder: Path, root: Path, stems: dict[str, Path]) -> None:
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
