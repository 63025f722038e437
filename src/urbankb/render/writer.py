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
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..artifacts import MANIFEST

if TYPE_CHECKING:
    from . import Site

STAGING = ".urbankb-staging"
BACKUP = ".urbankb-backup"
JOURNAL = "journal.json"


class WriteError(Exception):
    """Output could not be written; the message names the path.  The docs folder is as it was."""


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


def write_site(site: Site, docs: Path) -> WriteResult:
    """Write the rendered site into ``docs``: only generated files, all or nothing.

    Returns:
        What was written, left unchanged, removed, and skipped (hand-written
        files in the way of a generated one).

    Raises:
        WriteError: a generated path is unsafe or the folder cannot be
            written; nothing in ``docs`` has changed.
    """
    try:
        docs.mkdir(parents=True, exist_ok=True)
        recover(docs)
    except OSError as exc:
        raise WriteError(f"cannot prepare {docs}: {exc}") from exc
    root = docs.resolve()
    old = read_manifest(docs)
    result = WriteResult()
    changed: dict[str, bytes] = {}
    for rel in sorted(site.files):
        if not safe_relative(rel):
            raise WriteError(f"refusing to write {rel!r}: not a plain path inside {docs}")
        target = docs / rel
        if not target.resolve().is_relative_to(root):
            raise WriteError(f"refusing to write {target}: it leads outside {docs} (symbolic link?)")
        data = site.files[rel].encode("utf-8")
        if target.exists() and rel not in old:
            result.skipped.append(rel)
        elif target.is_file() and target.read_bytes() == data:
            result.unchanged.append(rel)
        else:
            changed[rel] = data
            result.written.append(rel)
    owned = sorted(result.written + result.unchanged)
    result.removed = sorted(rel for rel in old - set(owned) if (docs / rel).is_file() and (docs / rel).resolve().is_relative_to(root))
    manifest = {"generator": "urbankb", "files": owned, "skipped": result.skipped, "nav": site.nav}
    if site.data:
        manifest["data"] = site.data
    changed[MANIFEST] = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if (docs / MANIFEST).is_file() and (docs / MANIFEST).read_bytes() == changed[MANIFEST]:
        del changed[MANIFEST]
    if not changed and not result.removed:
        return result
    staging = _stage(docs, changed)
    try:
        _commit(docs, staging, changed, result.removed)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return result


def _stage(docs: Path, files: dict[str, bytes]) -> Path:
    """Write every new file into the staging folder; on failure remove it and raise."""
    staging = docs / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for rel, data in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise WriteError(f"cannot write {docs / rel}: {exc.strerror or exc}") from exc
    return staging


def _commit(docs: Path, staging: Path, files: dict[str, bytes], removed: list[str]) -> None:
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
    deleted.  Safe to call at any time.

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
