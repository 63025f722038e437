"""The one writer: puts a rendered :class:`~urbankb.render.Site` into the docs folder.

Nothing else touches the output folder (as in Pelican's ``writers.py``).
Three promises:

* **Only generated files.**  A manifest (``.urbankb-manifest.json``) lists
  the files urbankb wrote.  A file that exists but is not in it is a
  hand-written page: it is never replaced or removed (it is reported as
  skipped).  Paths that would leave the docs folder are refused.
* **Atomic.**  Every new file is first written into a staging folder
  (``docs/.urbankb-staging``); only when all of them are written are they
  swapped in, each by a rename, the files they replace moved to a backup
  folder (``docs/.urbankb-backup``) with a journal.  An error during the
  swap puts the backup back at once; a hard crash (power cut, ``kill -9``)
  is undone by the next :func:`write_site`, which finds the journal.  Either
  way the previous output is left exactly as it was.  Both folders start
  with a dot, so MkDocs ignores them.
* **Quiet.**  A file whose bytes did not change is not rewritten, so its
  modification time stays and ``mkdocs serve`` does not reload for nothing.

One build at a time: :func:`build_lock` takes an OS file lock
(``docs/.urbankb-lock``, with `filelock`_) before :func:`recover` looks for
a journal and holds it until the swap is committed or undone, so two builds
into the same folder never undo each other's swap; a journal found under
the lock belongs to a build that died.  While it holds the lock, a build's
process id is in ``docs/.urbankb-lock.pid``, so a build that waits can name
the one it waits for.

.. _filelock: https://py-filelock.readthedocs.io/
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from ..artifacts import MANIFEST
from .memo import KeptPage

if TYPE_CHECKING:
    from . import Site

STAGING = ".urbankb-staging"
BACKUP = ".urbankb-backup"
JOURNAL = "journal.json"
#: the lock file in the docs folder (hidden: MkDocs skips it and no generated page can have its name)
LOCK = ".urbankb-lock"
#: next to it, the process id of the build that holds the lock
LOCK_PID = ".urbankb-lock.pid"
#: seconds a build waits by default for another build to finish writing the same docs folder
LOCK_TIMEOUT = 600.0


class WriteError(Exception):
    """Output could not be written; the message names the path.  The docs folder is as it was."""


class BuildLocked(WriteError):
    """Another build is writing the docs folder (it holds :func:`build_lock`); nothing was written.

    Attributes:
        pid: the process id of the build holding the lock, or None when it could not be read.
        docs: the docs folder.
    """

    def __init__(self, message: str, pid: int | None, docs: Path):
        super().__init__(message)
        self.pid = pid
        self.docs = docs


#: one lock object per lock file and process, so a thread that holds the lock may take it again
_locks: dict[str, FileLock] = {}
_locks_guard = threading.Lock()


@contextmanager
def build_lock(docs: Path, timeout: float | None = LOCK_TIMEOUT, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the docs folder's build lock for the ``with`` block: one build at a time per folder.

    An OS lock (``flock``) on ``docs/.urbankb-lock``, so it is released
    when its process dies, however it dies.  The holder's process id is in
    ``docs/.urbankb-lock.pid`` while it holds it.  A thread that holds the
    lock already (``pipeline.build`` around :func:`write_site`) just goes on.
    The lock file stays (removing it would let two builds lock two different
    files); its modification time is put back after each locking, so a build
    that changes nothing changes nothing in ``docs``.

    Args:
        docs: the docs folder (created when missing).
        timeout: seconds to wait for another build to finish; None waits as
            long as it takes, 0 does not wait.
        on_wait: called once with ``"waiting for the build in progress (pid N)
            to finish writing DOCS"`` when the lock is taken and the build
            waits; by default that line is printed on stderr, after
            ``urbankb:``.

    Raises:
        BuildLocked: another build holds the lock and ``timeout`` is 0, or
            it still held it after ``timeout`` seconds (the message names its pid).
        WriteError: the lock file cannot be created in ``docs``.
    """
    try:
        docs.mkdir(parents=True, exist_ok=True)
        path = (docs / LOCK).resolve()
    except OSError as exc:
        raise WriteError(f"cannot prepare {docs}: {exc}") from exc
    with _locks_guard:
        lock = _locks.setdefault(str(path), FileLock(str(path)))
    if lock.is_locked:  # held by this thread (the lock object's state is per thread)
        yield
        return
    try:
        before = path.stat() if path.is_file() else None
        try:
            lock.acquire(timeout=0)
        except Timeout:
            pid = _holder(docs)
            if timeout == 0:
                raise BuildLocked(f"another build ({_pid(pid)}) is writing {docs}; try again when it is done", pid, docs) from None
            (on_wait or _print_waiting)(f"waiting for the build in progress ({_pid(pid)}) to finish writing {docs}")
            try:
                lock.acquire(timeout=-1 if timeout is None else timeout)
            except Timeout:
                pid = _holder(docs) or pid
                raise BuildLocked(
                    f"another build ({_pid(pid)}) was still writing {docs} after {timeout:g} s of waiting; try again when it is done",
                    pid,
                    docs,
                ) from None
    except OSError as exc:
        raise WriteError(f"cannot lock {docs}: {exc}") from exc
    try:
        with suppress(OSError):
            if before is not None:
                os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
            (docs / LOCK_PID).write_text(f"{os.getpid()}\n", encoding="ascii")
        yield
    finally:
        with suppress(OSError):
            (docs / LOCK_PID).unlink()
        lock.release()


def lock_holder(docs: Path) -> int | None:
    """The process id of the build holding ``docs``' lock, as its pid file says (None: none or unreadable).

    A stale value may remain after a build was killed; it means something
    only while the lock is held.
    """
    try:
        return int((docs / LOCK_PID).read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None


def _holder(docs: Path, patience: float = 0.5) -> int | None:
    """The lock holder's pid, waiting a moment for a holder that has just taken the lock to write it."""
    deadline = time.monotonic() + patience
    while (pid := lock_holder(docs)) is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return pid


def _pid(pid: int | None) -> str:
    return f"pid {pid}" if pid is not None else "pid unknown"


def _print_waiting(message: str) -> None:
    print(f"urbankb: {message}", file=sys.stderr, flush=True)


@dataclass
class WriteResult:
    """What :func:`write_site` did, as relative paths in the docs folder."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        """Counts of ``written``, ``unchanged``, ``removed`` and ``skipped`` files."""
        return {k: len(getattr(self, k)) for k in ("written", "unchanged", "removed", "skipped")}


def safe_relative(rel: str) -> bool:
    """True for a plain relative path inside the docs folder (no ``..``, no absolute, no hidden parts).

    >>> safe_relative("articles/a.md"), safe_relative("../x.md"), safe_relative("/etc/passwd")
    (True, False, False)
    """
    if not rel or "\\" in rel or "\x00" in rel:
        return False
    path = PurePosixPath(rel)
    return not path.is_absolute() and all(part not in ("", ".", "..") and not part.startswith(".") for part in path.parts)


def read_manifest(docs: Path) -> set[str]:
    """Files the previous build generated (only safe relative paths; an unreadable manifest is empty)."""
    try:
        files = json.loads((docs / MANIFEST).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return set()
    return {f for f in files if isinstance(f, str) and safe_relative(f)}


def write_site(
    site: Site, docs: Path, lock_timeout: float | None = LOCK_TIMEOUT, pages: Iterable[tuple[str, str | KeptPage]] | None = None
) -> WriteResult:
    """Write the rendered site into ``docs``: only generated files, all or nothing.

    Holds :func:`build_lock` throughout (it waits up to ``lock_timeout``
    seconds for another build writing ``docs``; see there), so the
    :func:`recover` it starts with only ever undoes a write whose process is gone.

    Args:
        site: the rendered site (its ``nav``, ``data`` and ``directory_urls`` go into the manifest).
        docs: the docs folder.
        lock_timeout: seconds to wait for another build's lock (None: no limit).
        pages: the files to write as ``(path in docs/, text)`` pairs, taken one at a time
            (:func:`urbankb.render.render_stream`'s iterator, so no page's text outlives its
            comparison with the file on disk); default ``site.files``.  A path given twice keeps
            its last text, as in a dict.  A text may be a :class:`~urbankb.render.memo.KeptPage`
            (a page a long-running process kept): when its file is still the one noted, it is left
            unchanged without being read.

    Returns:
        What was written, left unchanged, removed, and skipped (hand-written
        files in the way of a generated one), each sorted.

    Raises:
        BuildLocked: another build is writing ``docs`` (see :func:`build_lock`).
        WriteError: a generated path is unsafe or the folder cannot be
            written; nothing in ``docs`` has changed.
    """
    with build_lock(docs, lock_timeout):
        return _write_locked(site, docs, sorted(site.files.items()) if pages is None else pages)


def _write_locked(site: Site, docs: Path, pages: Iterable[tuple[str, str | KeptPage]]) -> WriteResult:
    """:func:`write_site`'s work, under the lock: each changed page is staged as it comes, then all are swapped in."""
    try:
        recover(docs)
    except OSError as exc:
        raise WriteError(f"cannot prepare {docs}: {exc}") from exc
    root = docs.resolve()
    old = read_manifest(docs)
    staging = docs / STAGING
    status: dict[str, str] = {}  # path -> "written", "unchanged" or "skipped"
    try:
        for rel, text in pages:
            if not safe_relative(rel):
                raise WriteError(f"refusing to write {rel!r}: not a plain path inside {docs}")
            target = docs / rel
            if not target.resolve().is_relative_to(root):
                raise WriteError(f"refusing to write {target}: it leads outside {docs} (symbolic link?)")
            if status.pop(rel, None) == "written":  # given again: the last text counts
                (staging / rel).unlink()
            if target.exists() and rel not in old:
                status[rel] = "skipped"
                continue
            if isinstance(text, KeptPage):
                if text.on_disk(target):  # the file this process left there: it holds the text
                    status[rel] = "unchanged"
                    continue
                text = str(text)
            data = text.encode("utf-8")
            if target.is_file() and target.read_bytes() == data:
                status[rel] = "unchanged"
            else:
                _stage_file(docs, staging, rel, data)
                status[rel] = "written"
        result = WriteResult(
            written=sorted(rel for rel, s in status.items() if s == "written"),
            unchanged=sorted(rel for rel, s in status.items() if s == "unchanged"),
            skipped=sorted(rel for rel, s in status.items() if s == "skipped"),
        )
        owned = sorted(result.written + result.unchanged)
        result.removed = sorted(rel for rel in old - set(owned) if (docs / rel).is_file() and (docs / rel).resolve().is_relative_to(root))
        manifest = {
            "generator": "urbankb",
            "files": owned,
            "skipped": result.skipped,
            "nav": site.nav,
            "directory_urls": site.directory_urls,
        }
        if site.data:
            manifest["data"] = site.data
        data = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        changed = list(result.written)
        if not ((docs / MANIFEST).is_file() and (docs / MANIFEST).read_bytes() == data):
            _stage_file(docs, staging, MANIFEST, data)
            changed.append(MANIFEST)
        if changed or result.removed:
            _commit(docs, staging, changed, result.removed)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _stage_file(docs: Path, staging: Path, rel: str, data: bytes) -> None:
    """Write one new file into the staging folder, made on first use (:func:`recover` has removed an earlier build's).

    Raises:
        WriteError: the file cannot be written (the caller removes the staging folder).
    """
    path = staging / rel
    try:
        if not staging.is_dir():
            staging.mkdir()
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        raise WriteError(f"cannot write {docs / rel}: {exc.strerror or exc}") from exc


def _commit(docs: Path, staging: Path, files: list[str], removed: list[str]) -> None:
    """Swap the staged files in, keeping what they replace in the backup folder until done."""
    backup = docs / BACKUP
    shutil.rmtree(backup, ignore_errors=True)
    # the manifest goes in last: until then the previous one describes the folder
    order = sorted(files, key=lambda rel: (rel == MANIFEST, rel))
    created = [rel for rel in order if not (docs / rel).exists()]
    journal = {
        "replaced": [rel for rel in order if (docs / rel).exists()],
        "created": created,
        "removed": removed,
        # folders the new files need that do not exist yet (removed again on undo)
        "folders": sorted({p.as_posix() for rel in created for p in PurePosixPath(rel).parents if not (docs / p).exists()}),
    }
    try:
        backup.mkdir()
        _write_journal(backup, journal)
        for rel in order:
            target = docs / rel
            if rel in journal["replaced"]:
                (backup / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, backup / rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, target)
        for rel in removed:
            (backup / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(docs / rel, backup / rel)
    except BaseException as exc:
        # an error or an interrupt (Ctrl-C) half way: put everything back now
        recover(docs)
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write into {docs}: {exc}; the previous output is unchanged") from exc
        raise
    # committed: from here on the new output stands
    (backup / JOURNAL).unlink()
    shutil.rmtree(backup, ignore_errors=True)
    for rel in removed:
        _prune_empty((docs / rel).parent, docs)


def _write_journal(backup: Path, journal: dict) -> None:
    tmp = backup / (JOURNAL + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(journal, f, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, backup / JOURNAL)


def recover(docs: Path) -> bool:
    """Undo a write that was interrupted half way (its journal is still there).

    Files moved to the backup go back where they were, files created by the
    interrupted write are removed, and the staging and backup folders are
    deleted.  Call it only while holding :func:`build_lock` (as
    :func:`write_site` does): then a journal belongs to a write whose
    process died, never to one still swapping.

    Returns:
        True when an interrupted write was undone.
    """
    backup = docs / BACKUP
    journal_path = backup / JOURNAL
    undone = False
    if journal_path.is_file():
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
        for rel in journal.get("created", []):
            if _journaled(rel) and (docs / rel).is_file():
                (docs / rel).unlink()
        for rel in journal.get("replaced", []) + journal.get("removed", []):
            if _journaled(rel) and (backup / rel).exists():
                (docs / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(backup / rel, docs / rel)
        for rel in sorted(journal.get("folders", []), key=len, reverse=True):
            folder = docs / rel
            if safe_relative(rel) and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
        journal_path.unlink()
        undone = True
    shutil.rmtree(backup, ignore_errors=True)
    shutil.rmtree(docs / STAGING, ignore_errors=True)
    return undone


def _journaled(rel: str) -> bool:
    """A path the journal may name: a generated file or the manifest."""
    return rel == MANIFEST or safe_relative(rel)


def _prune_empty(folder: Path, root: Path) -> None:
    """Remove ``folder`` and its parents up to ``root`` while they are empty."""
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
