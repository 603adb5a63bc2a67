"""Many small jobs done by this process and processes forked from it.

Writing thousands of entry pages is one-core work (Jinja2 and file creation), and a 2-core machine
leaves the other core idle. Forked children inherit the build's state (templates, context, pages)
instead of pickling it. Each process takes the next chunk of jobs nobody has taken yet, so all end
at about the same time even when one of them is slowed down, and marks each job it has done. This
process works too rather than wait. The jobs a child did not mark (it failed, was killed, or took
far longer than this process did) are done here afterwards, so a real error is raised the way a
one-process build raises it.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Sequence

from memoria.csl.background import Background, can_fork

#: A child may take this many times as long as this process took for its own jobs (plus
#: :data:`GRACE` seconds) before it is stopped and its jobs are done here.
PATIENCE = 4
GRACE = 30.0


def run_jobs(jobs: Sequence[Callable[[], None]], processes: int, chunk: int | None = None) -> None:
    """Run every job once: here, and in ``processes - 1`` forked children when there are more
    jobs than one ``chunk`` (default: up to 32, so that each process takes several)."""
    if chunk is None:
        chunk = max(1, min(32, len(jobs) // (max(processes, 1) * 8)))
    if processes < 2 or len(jobs) <= chunk or not can_fork():
        for job in jobs:
            job()
        return
    fork = multiprocessing.get_context("fork")
    taken = fork.Value("q", 0)  # index of the first job nobody has taken, shared by all
    done = fork.Array("b", len(jobs), lock=False)  # 1 where a job is done, shared by all

    def work() -> bool:
        while True:
            with taken.get_lock():
                start = taken.value
                taken.value = start + chunk
            if start >= len(jobs):
                return True
            for index in range(start, min(start + chunk, len(jobs))):
                jobs[index]()
                done[index] = 1

    children = []
    for _ in range(processes - 1):
        try:
            children.append(Background(work))
        except OSError:  # the system cannot fork now: fewer processes
            break
    began = time.monotonic()
    work()
    deadline = time.monotonic() + PATIENCE * (time.monotonic() - began) + GRACE
    for child in children:
        child.result(timeout=max(0.0, deadline - time.monotonic()))
    for index, job in enumerate(jobs):
        if not done[index]:
            job()
