"""Running per-file work in parallel worker processes, results in input order.

Reading, repairing and analysing a seed depends on that seed alone, so a
cold build spreads the files over worker processes (one per CPU core).
Workers are forked (``multiprocessing`` ``fork`` start method): they
inherit the loaded dictionary, taxonomy and the work list instead of
re-importing and re-loading them, and only the results travel back,
pickled.  Output does not depend on the number of workers: results come
back in input order (``Pool.imap``).
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

#: (function, items) of the running :func:`fork_map`, inherited by its forked workers
_TASK: tuple[Callable[[Any], Any], Sequence[Any]] | None = None
#: process id of the process that forked the workers of the running :func:`fork_map`
_PARENT = 0


def available_cores() -> int:
    """CPU cores this process may run on (``os.sched_getaffinity`` where there is one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether forking workers is safe here: the ``fork`` start method exists (not on
    Windows) and this process runs no other thread (a fork copies locks held by
    other threads, as Python 3.12 warns)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def fork_map(fn: Callable[[Any], Any], items: Sequence[Any], jobs: int) -> Iterator[Any]:
    """``fn(item)`` for every item, in order, over ``jobs`` forked workers.

    Runs in this process instead when ``jobs`` is 1 or less, when there is
    only one item, or when forking is not safe (:func:`can_fork`).  ``fn`` and ``items`` are inherited by the
    workers, not pickled; each result is pickled back, so it must pickle.

    Yields:
        ``fn(item)`` for each item (a pickled copy when made in a worker:
        ``fn`` can tell by :func:`in_worker`).
    """
    global _TASK, _PARENT
    if jobs <= 1 or len(items) < 2 or not can_fork():
        for item in items:
            yield fn(item)
        return
    _TASK, _PARENT = (fn, items), os.getpid()
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(items))) as pool:
            yield from pool.imap(_run, range(len(items)))
    finally:
        _TASK = None


def in_worker() -> bool:
    """Whether this code runs in a worker forked by :func:`fork_map` (its result will be pickled back)."""
    return _TASK is not None and os.getpid() != _PARENT


def _run(index: int) -> Any:
    assert _TASK is not None
    fn, items = _TASK
    return fn(items[index])
