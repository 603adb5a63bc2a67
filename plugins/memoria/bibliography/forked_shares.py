"""Work split into shares, done by this process and processes forked from it.

Writing thousands of entry pages is one-core work (Jinja2 and file creation), and a 2-core machine
leaves the other core idle. Forked children inherit the build's state (templates, context, pages)
instead of pickling it; each returns a small picklable result. This process does share 0 itself
rather than wait. A child that fails is not trusted: its share is done again here, so a real
error is raised the way a one-process build raises it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

#: The work of the shares, set in this process before the children are forked (they inherit it).
_WORK: Callable[[int], Any] | None = None


def _run_share(index: int) -> Any:
    assert _WORK is not None
    return _WORK(index)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run_shares(work: Callable[[int], T], shares: int) -> list[T]:
    """``[work(0), ..., work(shares - 1)]``: share 0 here, the others in forked children."""
    global _WORK
    if shares < 2 or not can_fork():
        return [work(index) for index in range(shares)]
    _WORK = work
    try:
        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(shares - 1, mp_context=fork) as pool:
            futures = [pool.submit(_run_share, index) for index in range(1, shares)]
            results = [work(0)]
            results += [
                _result_or_redo(future, work, index)
                for index, future in enumerate(futures, start=1)
            ]
    finally:
        _WORK = None
    return results


def _result_or_redo(future: Future, work: Callable[[int], T], index: int) -> T:
    try:
        return future.result()
    except Exception:  # a child that died or raised: redo its share here, to raise it here
        return work(index)
