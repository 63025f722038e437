"""The analysis cache: each seed file's articles, read and analysed, kept on disk.

Reading, repairing, segmenting, TextRank and topic scoring depend only on
one seed file and on the build's inputs, so their result is stored per seed
file and reused while neither changes.  An entry's key is the SHA-256 of

* the seed's path in the seeds folder and its bytes, and
* the *fingerprint*: the dictionary, stop-word, taxonomy and gazetteer files
  (and the shipped place and name lists), the
  urbankb source files that do the per-file work, and the versions of
  urbankb, rjieba, OpenCC and Python (see :func:`fingerprint`).

So an edited seed, dictionary or taxonomy, or a new urbankb, simply misses.
Entries are ``pickle`` files (Python's standard object serialisation) in
``<folder>/<fingerprint[:16]>/<key[:2]>/<key>.pickle``; a build removes the
entries it did not use and folders of other fingerprints, so the cache
holds one generation.  The folder is safe to delete at any time; a damaged
or unreadable entry counts as a miss.  Only load a cache folder you made:
unpickling runs code chosen by whoever wrote the file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

from .. import __version__

#: bump when the cached objects change shape
CACHE_FORMAT = 3
#: urbankb modules whose code shapes a cached entry (relative to the package), and the keyphrase model the per-file stage applies
CACHED_CODE = (
    "han.py", "model.py", "nlp.py", "topics.py", "escape.py", "ingest", "knowledge/entities.py", "knowledge/datafile.py",
    "pipeline/__init__.py", "pipeline/entries.py", "data/keyphrase_model.json",
)  # fmt: skip


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "-"


def fingerprint(inputs: Iterable[Path], settings: str = "", code: bool = True) -> str:
    """Hex SHA-256 of everything besides the seed that shapes a cache entry.

    Args:
        inputs: data files read by the per-file work (dictionary, stop
            words, taxonomy).
        settings: the settings that work reads, as text (their ``repr``).
        code: include the urbankb source files of :data:`CACHED_CODE` and
            the versions of the libraries that do the per-file work; False
            fingerprints the data files alone.

    Raises:
        OSError: an input file cannot be read.
    """
    digest = hashlib.sha256(f"urbankb-cache {CACHE_FORMAT} {__version__} {sys.version_info[:2]}\0{settings}".encode())
    files = []
    if code:
        for dist in ("rjieba", "opencc", "python-frontmatter", "charset-normalizer", "markdown", "nh3"):
            digest.update(f"\0{dist} {_version(dist)}".encode())
        package = Path(__file__).parent.parent
        for name in CACHED_CODE:
            path = package / name
            files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    for path in [*files, *inputs]:
        digest.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class AnalysisCache:
    """Per-seed-file cache of read and analysed articles.

    Args:
        folder: the cache folder (created on first write); ``None`` turns
            the cache off (every lookup misses, nothing is written).
        fingerprint: see :func:`fingerprint`.
        store: applied to each value before it is written (e.g. to pack it);
            identity by default.
        restore: applied to each value as it is loaded (the inverse of
            ``store``, and e.g. sharing strings with the rest of the build).
        memory: a dict kept by a long-running process (``urbankb serve``)
            from one build to the next: values found or saved are also kept
            there, so the next build takes them from memory, not from disk.
            Entries the build did not use are dropped by :meth:`prune`.
        copy: what a build gets of a value kept in memory (a build changes
            the objects it is given; the kept one must stay as analysed).

    Attributes:
        hits, misses: lookups so far.
    """

    def __init__(
        self,
        folder: Path | None,
        fingerprint: str,
        store: Callable[[Any], Any] | None = None,
        restore: Callable[[Any], Any] | None = None,
        memory: dict[str, Any] | None = None,
        copy: Callable[[Any], Any] | None = None,
    ):
        self.folder = folder
        self.generation = folder / fingerprint[:16] if folder else None
        self._fingerprint = fingerprint
        self._store = store
        self._restore = restore
        self._memory = memory
        self._copy = copy or (lambda value: value)
        self._used: set[Path] = set()
        self._kept: set[str] = set()
        self.hits = 0
        self.misses = 0

    def key(self, name: str, data: bytes) -> str:
        """Entry key of a seed: its path in the seeds folder (POSIX form) and its bytes."""
        digest = hashlib.sha256(self._fingerprint.encode())
        digest.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.generation is not None
        return self.generation / key[:2] / f"{key}.pickle"

    def load(self, key: str) -> object | None:
        """The stored value, or ``None`` (not stored, unreadable or damaged)."""
        if self._memory is not None and key in self._memory:
            self.hits += 1
            self._kept.add(key)
            if self.generation is not None:
                self._used.add(self._path(key))
            return self._copy(self._memory[key])
        if self.generation is None:
            self.misses += 1
            return None
        path = self._path(key)
        try:
            with open(path, "rb") as f:
                value = pickle.load(f)
        except FileNotFoundError:
            value = None
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, never an error
            value = None
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used.add(path)
        value = self.unpack(value)
        self.remember(key, value)
        return value

    def remember(self, key: str, value: Any) -> None:
        """Keep a copy of ``value`` in memory for the next build (when there is a memory)."""
        if self._memory is not None:
            self._memory[key] = self._copy(value)
            self._kept.add(key)

    def pack(self, value: Any) -> Any:
        """``value`` in its stored form (``store`` applied)."""
        return self._store(value) if self._store else value

    def unpack(self, stored: Any) -> Any:
        """A stored form back as a value (``restore`` applied)."""
        return self._restore(stored) if self._restore else stored

    def save(self, key: str, value: object, packed: bool = False) -> None:
        """Store ``value`` (atomically: a temporary file renamed into place).

        ``packed``: ``value`` is already in its stored form (:meth:`pack`).
        A cache that cannot be written is skipped silently: the build's
        output does not depend on it.
        """
        if not packed:
            self.remember(key, value)
        if self.generation is not None:
            self._write(self._path(key), value if packed else self.pack(value))

    def _write(self, path: Path, stored: object) -> None:
        """Pickle ``stored`` to ``path`` atomically (a temporary file renamed into place) and count it
        as used; a cache that cannot be written is skipped silently."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile("wb", dir=path.parent, suffix=".tmp", delete=False) as f:
                pickle.dump(stored, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(f.name, path)
            self._used.add(path)
        except OSError:
            pass

    def load_extra(self, name: str) -> object | None:
        """A build-wide value stored under ``name`` in this generation (:meth:`save_extra`), or None
        (none stored, unreadable or damaged).  Counted as used, so :meth:`prune` keeps it."""
        if self.generation is None:
            return None
        path = self.generation / f"{name}.pickle"
        self.keep_extra(name)
        try:
            with open(path, "rb") as f:
                return pickle.load(f)
        except Exception:  # noqa: BLE001 - a damaged file is a miss, never an error
            return None

    def keep_extra(self, name: str) -> None:
        """Count the build-wide value ``name`` as used by this build (:meth:`prune` keeps it)."""
        if self.generation is not None:
            self._used.add(self.generation / f"{name}.pickle")

    def save_extra(self, name: str, value: object) -> None:
        """Store a build-wide value (not a seed file's entry) under ``name``, atomically; skipped
        silently when the cache cannot be written."""
        if self.generation is not None:
            self._write(self.generation / f"{name}.pickle", value)

    def adopt(self, key: str) -> None:
        """Count an entry saved by another process (a worker) as used by this build, so
        :meth:`prune` keeps it."""
        if self.generation is not None:
            self._used.add(self._path(key))

    def prune(self) -> int:
        """Remove entries this build did not use and other generations' folders; returns files removed."""
        if self._memory is not None:
            for key in set(self._memory) - self._kept:
                del self._memory[key]
        if self.generation is None or not self.folder or not self.folder.is_dir():
            return 0
        removed = 0
        for child in self.folder.iterdir():
            if child.is_dir() and child != self.generation:
                shutil.rmtree(child, ignore_errors=True)
                removed += 1
        if self.generation.is_dir():
            for path in self.generation.rglob("*"):
                if path.is_file() and path not in self._used:
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed
