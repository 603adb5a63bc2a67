"""A function run in a child process forked now, its result collected later.

A cold build renders the whole library (sort, disambiguate, every reference) before any page
needs it, and none of that depends on the pages. Started when the library is loaded, it runs
while Pelican reads the content, on the core that reading leaves idle. The result comes back
pickled through a pipe. A child that fails gives no result: the caller then does the work
itself, and a real error is raised there, the way a build without a child raises it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    return hasattr(os, "fork")


class Background(Generic[T]):
    """``work()`` running in a forked child (POSIX only: see :func:`can_fork`)."""

    def __init__(self, work: Callable[[], T]) -> None:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its own process group, so its workers go with it
            os.close(read_end)
            status = 1
            try:
                os.setpgid(0, 0)
                data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write_end, "wb") as out:
                    out.write(data)
                status = 0
            finally:
                os._exit(status)
        os.close(write_end)
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)  # also here: the child may not have done it yet
        self._pid, self._read_end = pid, read_end
        self._done = False
        # A build that fails before it asks for the result must not leave the child running.
        self._stop = weakref.finalize(self, _stop, pid, read_end)

    def result(self) -> T | None:
        """The child's result, waiting for it; None if the child failed (or was asked before)."""
        if self._done:
            return None
        self._done = True
        self._stop.detach()
        with os.fdopen(self._read_end, "rb") as source:
            data = source.read()
        _, status = os.waitpid(self._pid, 0)
        if status != 0 or not data:
            return None
        return pickle.loads(data)


def _stop(pid: int, read_end: int) -> None:
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(OSError):
            kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
    with contextlib.suppress(OSError):
        os.close(read_end)
