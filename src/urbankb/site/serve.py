"""Live preview: ``urbankb serve``.

Builds the pages, then runs the MkDocs development server
(``mkdocs.commands.serve.serve``, the code behind ``mkdocs serve``) in the
main thread while a watchdog observer (the file-watching library MkDocs
itself uses) watches the seeds folder and the data files.  A change there
re-runs the incremental build: the analysis cache skips unchanged seeds and
the writer rewrites only pages whose bytes changed, so MkDocs, which
watches ``docs/``, rebuilds once and the browser reloads.  Ctrl-C stops the
server (MkDocs handles it) and then the observer.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from ..config import CONFIG_FILE, BuildConfig

#: seconds without further changes before a rebuild starts (an editor saving
#: a file, or a copy of many seeds, fires several events)
QUIET_SECONDS = 0.4
#: from this many pages on, a full MkDocs rebuild takes several seconds (about 6 s per 500 on 2 cores):
#: the preview suggests ``--dirty``
DIRTY_HINT_PAGES = 500


class RebuildOnChange(FileSystemEventHandler):
    """Calls ``rebuild`` once changes to the watched paths have settled.

    Args:
        rebuild: the build to run (no arguments; its result is ignored).
        files: single files to react to (others in their folders are ignored);
            every file in a watched folder counts except hidden ones (a
            part starting with ``.``: editor swap files, the cache).
        quiet: seconds to wait after the last event.
    """

    def __init__(self, rebuild: Callable[[], object], files: Iterable[Path] = (), quiet: float = QUIET_SECONDS):
        self.rebuild = rebuild
        self.files = {f.resolve() for f in files}
        self.quiet = quiet
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()
        self._building = threading.Lock()
        self.builds = 0

    def relevant(self, path: str) -> bool:
        """Whether a change at ``path`` should trigger a rebuild."""
        p = Path(path).resolve()
        if p.parent in {f.parent for f in self.files} and p not in self.files:
            return False
        return not any(part.startswith(".") for part in p.parts[-3:])

    def on_any_event(self, event: FileSystemEvent) -> None:
        """watchdog callback: (re)start the quiet-period timer for a relevant change."""
        if event.event_type in ("opened", "closed_no_write"):
            return
        paths = [event.src_path, getattr(event, "dest_path", "")]
        if not any(p and self.relevant(str(p)) for p in paths):
            return
        with self._lock:
            if self._timer:
                self._timer.cancel()
            self._timer = threading.Timer(self.quiet, self._run)
            self._timer.daemon = True
            self._timer.start()

    def _run(self) -> None:
        """Run the rebuild, one at a time, reporting its time; a failure is printed, never raised."""
        with self._building:  # one build at a time; changes during it schedule the next
            started = time.perf_counter()
            print("urbankb: change detected, rebuilding…", flush=True)
            try:
                self.rebuild()
            except Exception as exc:  # noqa: BLE001 - the preview keeps running after a failed build
                print(f"urbankb: error: rebuild failed: {type(exc).__name__}: {exc}", flush=True)
            self.builds += 1
            print(f"urbankb: rebuilt in {time.perf_counter() - started:.2f} s", flush=True)

    def cancel(self) -> None:
        """Drop a rebuild that has not started yet."""
        with self._lock:
            if self._timer:
                self._timer.cancel()


def watched_paths(config: BuildConfig) -> tuple[list[Path], list[Path]]:
    """``(folders, files)`` whose changes a preview rebuilds for: the seeds, ``urbankb.yml`` and the data files given in the settings."""
    files = [Path(CONFIG_FILE)]
    files += [p for p in (config.taxonomy, config.dictionary, config.stopwords, config.glossary, config.gazetteer) if p]
    return [config.seeds], [f for f in files if f.is_file()]


def serve(config: BuildConfig, config_file: Path, dev_addr: str | None, build: Callable[[], int], dirty: bool = False) -> int:
    """Build, then serve with live reload until Ctrl-C; returns the exit status.

    Args:
        config: build settings (seeds, docs, data files).
        config_file: the MkDocs configuration.
        dev_addr: ``IP:PORT`` to serve on, or None for the MkDocs setting.
        build: runs one urbankb build, returning its exit status; each run
            takes the docs folder's build lock (``urbankb.render.writer.build_lock``,
            in ``pipeline.build``), so a rebuild waits for an ``urbankb build``
            writing the same folder, and the other way round.
        dirty: MkDocs re-renders only the pages whose Markdown changed (its
            ``--dirty`` build type); the urbankb plugin keeps the search index whole.

    Returns:
        2 when the first build could not write the pages or the MkDocs
        configuration is missing; 0 after a clean stop.
    """
    from mkdocs.commands.serve import serve as mkdocs_serve

    if not config_file.is_file():
        print(f"urbankb: error: MkDocs configuration not found: {config_file}")
        return 2
    # Ctrl-C stops the preview even when the shell started it with SIGINT ignored (a background job
    # of a script does), which Python would otherwise inherit and never turn into KeyboardInterrupt
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if build() == 2:
        return 2
    folders, files = watched_paths(config)
    handler = RebuildOnChange(build, files)
    observer = Observer()
    for folder in folders:
        observer.schedule(handler, str(folder), recursive=True)
    for parent in sorted({str(f.resolve().parent) for f in files}):
        observer.schedule(handler, parent, recursive=False)
    observer.daemon = True
    observer.start()
    _mkdocs_logging()
    print(f"urbankb: watching {', '.join(str(p) for p in [*folders, *files])}", flush=True)
    if not dirty and _page_count(config.docs) >= DIRTY_HINT_PAGES:
        print("urbankb: tip: `urbankb serve --dirty` has MkDocs re-render only the pages a change touches", flush=True)
    try:
        kwargs = {"dev_addr": dev_addr} if dev_addr else {}
        mkdocs_serve(str(config_file), livereload=True, build_type="dirty" if dirty else None, **kwargs)
    finally:
        handler.cancel()
        observer.stop()
        observer.join(timeout=5)
    print("urbankb: preview stopped", flush=True)
    return 0


def _page_count(docs: Path) -> int:
    """Markdown pages in the docs folder (what MkDocs renders on a full rebuild)."""
    return sum(1 for _ in docs.rglob("*.md"))


def _mkdocs_logging() -> None:
    """Show MkDocs' INFO messages (the serving address, rebuilds) as ``mkdocs serve`` does."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
