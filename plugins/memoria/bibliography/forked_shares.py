"""Many small jobs done by this process and processes forked from it.

Writing thousands of entry pages is one-core work (Jinja2 and file creation), and a 2-core machine
leaves the other core idle. Forked children inherit the build's state (templates, context, pages)
instead of pickling it. Each process takes the next chunk of jobs nobody has taken yet, so all end
at about the same time even when one of them is slowed down. This process works too rather than
wait. A child that fails is not trusted: what it took is unknown, so every job is done again here,
and a real error is raised the way a one-process build raises it.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

#: The work of the children, set in this process before they are forked (they inherit it).
_WORK: Callable[[], None] | None = None


def _run_work() -> None:
    assert _WORK is not None
    _WORK()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def run_jobs(jobs: Sequence[Callable[[], None]], processes: int, chunk: int | None = None) -> None:
    """Run every job once: here, and in ``processes - 1`` forked children when there are more
    jobs than one ``chunk`` (default: up to 32, so that each process takes several)."""
    global _WORK
    if chunk is None:
        chunk = max(1, min(32, len(jobs) // (max(processes, 1) * 8)))
    if processes < 2 or len(jobs) <= chunk or not can_fork():
        for job in jobs:
            job()
        return
    fork = multiprocessing.get_context("fork")
    taken = fork.Value("q", 0)  # index of the first job nobody has taken, shared by all

    def work() -> None:
        while True:
            with taken.get_lock():
                start = taken.value
                taken.value = start + chunk
            if start >= len(jobs):
                return
            for job in jobs[start : start + chunk]:
                job()

    _WORK = work
    try:
        with ProcessPoolExecutor(processes - 1, mp_context=fork) as pool:
            children = [pool.submit(_run_work) for _ in range(processes - 1)]
            work()
            failed = [child for child in children if child.exception() is not None]
    finally:
        _WORK = None
    if failed:
        for job in jobs:
            job()
