"""Processes forked from the build: the one module that forks.

A build forks for three reasons: a cold build renders the whole library in a background child
while Pelican reads the content (:class:`~memoria.bibliography.library.Library`), a prerender
shares its renderings among a pool of children (:class:`~memoria.csl.render.CslProcessor`), and
the bibliography generator shares its thousands of pages with children while it writes them too.
They used to fork in three ways (a forked child, chunks of jobs shared by such children, a
``ProcessPoolExecutor``), each with its own answer to what a child may print, how long it is
waited for and what happens when it fails. One module gives the three one answer each:

- :func:`fork_child` is the only place that forks. A :class:`Child` runs one function; its result
  comes back pickled through a pipe. The background render is a child of its own.
- :class:`Shares` is jobs shared in chunks by forked children: each process takes the next chunk
  nobody has taken, so all end at about the same time even when one is slowed down. Children
  inherit the build's state (style, items, templates, pages) instead of pickling it.
  :func:`run_jobs` (pages written) lets this process take chunks too; :class:`Pool`
  (renderings) starts the children and lets this process go on with other work (sorting the
  library) until it asks for the results, in the order of the jobs.
- One rule for every child: :func:`can_fork` (POSIX only), :func:`silence` (nothing a child does
  reaches the console: it may have been locked by another thread of the build at the moment of
  the fork, rich's live status under the ``pelican`` command), one process group per child forked
  by the build (a child's own children stay in it, so stopping a child stops what it forked),
  and a child never asked for its result is stopped and reaped.
- One time limit: once one process has ended its share of some jobs (every chunk is taken), the
  others get :data:`PATIENCE` times as long as it took, plus :data:`GRACE` seconds, and are then
  stopped (a child that hangs). A lone child (the background render) shares its work with no
  one: it is waited for as long as the work would take here.
- One fallback: whatever a child did not bring back (it failed, was killed, could not be forked)
  is done in this process afterwards, so a real error is raised there the way a one-process build
  raises it, and a broken child costs only time.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import select
import signal
import sys
import time
import warnings
import weakref
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")
X = TypeVar("X")

#: Once one process has ended its share, the others may take this many times as long as it took
#: (plus :data:`GRACE` seconds) before they are stopped and their jobs are done here.
PATIENCE = 4
GRACE = 30.0

#: True in a forked child: the children it forks stay in its process group.
_IN_CHILD = False


def can_fork() -> bool:
    return hasattr(os, "fork")


def silence() -> None:
    """Nothing a forked process does may reach the console."""
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    sys.stdout = sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115


def time_limit(took: float) -> float:
    """Seconds the other processes are given once one has ended its share in ``took`` seconds."""
    return PATIENCE * took + GRACE


def fork_child(work: Callable[[], T]) -> Child[T]:
    """``work()`` running in a forked child now (POSIX only: see :func:`can_fork`).

    Raises OSError when the system cannot fork now (memory, process limits): the caller then
    does the work itself.
    """
    return Child(work)


class Child(Generic[T]):
    """One forked child running a function; its result collected with :meth:`result`."""

    def __init__(self, work: Callable[[], T]) -> None:
        global _IN_CHILD
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
        if pid == 0:
            os.close(read_end)
            status = 1
            try:
                if not _IN_CHILD:  # its own process group, so what it forks goes with it
                    os.setpgid(0, 0)
                _IN_CHILD = True
                silence()
                data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        if not _IN_CHILD:
            with contextlib.suppress(OSError):
                os.setpgid(pid, pid)  # also here: the child may not have done it yet
        self.pid, self._read_end = pid, read_end
        self._chunks: list[bytes] = []
        self._ended = False  # its pipe is closed: it wrote everything it will write
        self._asked = False
        # Stops the child (and what it forked) unless its result was collected: when the build
        # fails before asking, is interrupted while waiting, or ends.
        self._stop = weakref.finalize(self, _stop, pid, read_end)

    def fileno(self) -> int:
        return self._read_end

    def read_some(self) -> bool:
        """Read what the child wrote (the pipe is readable); False once it has all been read."""
        chunk = os.read(self._read_end, 1 << 20)
        if chunk:
            self._chunks.append(chunk)
        else:
            self._ended = True
        return not self._ended

    def result(self, timeout: float | None = None) -> T | None:
        """The child's result, waiting at most ``timeout`` seconds (None: as long as it takes);
        None if the child failed, ran out of time, was stopped, or was asked before."""
        if self._asked:
            return None
        self._asked = True
        if not self._stop.alive:
            return None
        deadline = None if timeout is None else time.monotonic() + timeout
        data = b""
        status = 1
        try:
            while not self._ended:
                if deadline is not None:
                    left = deadline - time.monotonic()
                    if left <= 0 or not select.select([self], [], [], left)[0]:
                        return None  # out of time: stopped below
                self.read_some()
            data = b"".join(self._chunks)
            _, status = os.waitpid(self.pid, 0)
        finally:
            if data:
                self._stop.detach()
                os.close(self._read_end)
            else:
                self._stop()
        if status != 0 or not data:
            return None
        return pickle.loads(data)

    def stop(self) -> None:
        """Kill the child (and what it forked) and reap it; its result is then None."""
        self._stop()


def _stop(pid: int, read_end: int) -> None:
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(OSError):
            kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
    with contextlib.suppress(OSError):
        os.close(read_end)


def default_chunk(jobs: int, processes: int) -> int:
    """Up to 32 jobs a chunk, so that each process takes several."""
    return max(1, min(32, jobs // (max(processes, 1) * 8)))


class Shares(Generic[T]):
    """``jobs`` shared in chunks by ``children`` processes forked now (fewer when the system
    cannot fork that many), and by this process if it calls :meth:`work_here`.

    :meth:`results` waits for the children (see :data:`PATIENCE`), does here every job no child
    brought back, and gives each job's return value in their order. With ``keep`` False the jobs
    are done for their effects: a job a child marked done is not done again, even when the child
    failed later.
    """

    def __init__(
        self,
        jobs: Sequence[Callable[[], T]],
        children: int,
        chunk: int | None = None,
        keep: bool = True,
    ) -> None:
        self.jobs, self.keep = jobs, keep
        self.chunk = default_chunk(len(jobs), children) if chunk is None else chunk
        fork = multiprocessing.get_context("fork")
        self._taken = fork.Value("q", 0)  # index of the first job nobody has taken, shared
        self._done = fork.Array("b", len(jobs), lock=False)  # 1 where a job is done, shared
        self._values: dict[int, T] = {}
        self._ended_here: float | None = None
        self.failed = False  # a child gave nothing back (or could not be forked)
        self.children: list[Child[dict[int, T]]] = []
        self._began = time.monotonic()
        for _ in range(children):
            try:
                self.children.append(fork_child(self._share))
            except OSError:  # the system cannot fork now: fewer processes
                self.failed = True
                break

    def _share(self) -> dict[int, T]:
        values: dict[int, T] = {}
        jobs, done, chunk = self.jobs, self._done, self.chunk
        while True:
            with self._taken.get_lock():
                start = self._taken.value
                self._taken.value = start + chunk
            if start >= len(jobs):
                return values
            for index in range(start, min(start + chunk, len(jobs))):
                value = jobs[index]()
                done[index] = 1
                if self.keep:
                    values[index] = value

    def work_here(self) -> None:
        """Take chunks here too until none is left."""
        began = time.monotonic()
        self._values.update(self._share())
        self._ended_here = time.monotonic()
        self._began = began

    def results(self) -> list[T]:
        self._wait()
        for child in self.children:
            values = child.result(timeout=0)
            if values is None:
                self.failed = True
            else:
                self._values.update(values)
        done, values = self._done, self._values
        for index, job in enumerate(self.jobs):
            if (index not in values) if self.keep else not done[index]:
                value = job()
                if self.keep:
                    values[index] = value
        return [values.get(index) for index in range(len(self.jobs))]  # type: ignore[misc]

    def _wait(self) -> None:
        """Until every child has written its result, or the others' time is up (then stopped)."""
        deadline = None
        if self._ended_here is not None:
            deadline = self._ended_here + time_limit(self._ended_here - self._began)
        pending = list(self.children)
        while pending:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                break
            for child in select.select(pending, [], [], left)[0]:
                if not child.read_some():
                    pending.remove(child)
                    if deadline is None:  # the first to end its share sets the pace
                        now = time.monotonic()
                        deadline = now + time_limit(now - self._began)
        for child in pending:
            child.stop()

    def stop(self) -> None:
        """Stop every child not collected (the work is abandoned)."""
        for child in self.children:
            child.stop()


def run_jobs(jobs: Sequence[Callable[[], None]], processes: int, chunk: int | None = None) -> None:
    """Run every job once: here, and in ``processes - 1`` forked children when there are more
    jobs than one ``chunk`` (default: :func:`default_chunk`). Writing thousands of entry pages is
    one-core work (Jinja2 and file creation): this process works too rather than wait."""
    if chunk is None:
        chunk = default_chunk(len(jobs), processes)
    if processes < 2 or len(jobs) <= chunk or not can_fork():
        for job in jobs:
            job()
        return
    shares = Shares(jobs, processes - 1, chunk, keep=False)
    shares.work_here()
    shares.results()


class Pool(Generic[X, T]):
    """Many calls of ``run``: here, or shared by ``processes`` forked children when there are at
    least ``parallel_min``. Once a child failed (or could not be forked), the rest is run here."""

    def __init__(self, run: Callable[[X], T], processes: int, parallel_min: int) -> None:
        self.run = run
        self.processes = processes
        self.parallel_min = parallel_min
        self._open: list[Shares[T]] = []

    def __enter__(self) -> Pool[X, T]:
        return self

    def __exit__(self, *_exc: object) -> None:
        for shares in self._open:
            shares.stop()
        self._open.clear()

    def start(self, args: list[X]) -> Callable[[], list[T]]:
        """Start ``run`` on each of ``args``; the function returned gives the results in their
        order. In children they start now, while this process goes on; here, when asked for."""
        parallel = self.processes > 1 and len(args) >= max(self.parallel_min, 2)
        if parallel and can_fork():
            shares = Shares([partial(self.run, arg) for arg in args], self.processes)
            if shares.children:
                self._open.append(shares)
                return lambda: self._collect(shares)
            self.processes = 1  # the system cannot fork now
        return lambda: [self.run(arg) for arg in args]

    def _collect(self, shares: Shares[T]) -> list[T]:
        values = shares.results()
        self._open.remove(shares)
        if shares.failed:
            self.processes = 1
        return values
