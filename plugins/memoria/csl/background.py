"""A function run in a child process forked now, its result collected later.

A cold build renders the whole library (sort, disambiguate, every reference) before any page
needs it, and none of that depends on the pages. Started when the library is loaded, it runs
while Pelican reads the content, on the core that reading leaves idle. The result comes back
pickled through a pipe. A child that fails, or takes longer than it is given, gives no result:
the caller then does the work itself, and a real error is raised there, the way a build without
a child raises it.

A child stays silent (logging, warnings, standard output): the console it would write to may
have been locked by another thread of the build at the moment of the fork (rich's live status
under the ``pelican`` command), and problems reach the build as a missing result anyway.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import sys
import time
import warnings
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    return hasattr(os, "fork")


def silence() -> None:
    """Nothing a forked process does may reach the console."""
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    sys.stdout = sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115


class Background(Generic[T]):
    """``work()`` running in a forked child (POSIX only: see :func:`can_fork`).

    Raises OSError when the system cannot fork now (memory, process limits): the caller then
    does the work itself.
    """

    def __init__(self, work: Callable[[], T]) -> None:
        read_end, write_end = os.pipe()
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            raise
        if pid == 0:  # the child: its own process group, so its workers go with it
            os.close(read_end)
            status = 1
            try:
                os.setpgid(0, 0)
                silence()
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
        self._asked = False
        # Stops the child (and its workers) unless its result was collected: when the build
        # fails before asking, is interrupted while waiting, or ends.
        self._stop = weakref.finalize(self, _stop, pid, read_end)

    def result(self, timeout: float | None = None) -> T | None:
        """The child's result, waiting at most ``timeout`` seconds (None: as long as it takes);
        None if the child failed, ran out of time, or was asked before."""
        if self._asked:
            return None
        self._asked = True
        data = b""
        try:
            data = self._read(timeout)
            if data is None:
                return None  # out of time: the finaliser kills it
            _, status = os.waitpid(self._pid, 0)
        finally:
            if data:
                self._stop.detach()
                os.close(self._read_end)
            else:
                self._stop()
        if status != 0 or not data:
            return None
        return pickle.loads(data)

    def _read(self, timeout: float | None) -> bytes | None:
        chunks = []
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([self._read_end], [], [], left)[0]:
                    return None
            chunk = os.read(self._read_end, 1 << 20)
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)


def _stop(pid: int, read_end: int) -> None:
    for kill in (os.killpg, os.kill):
        with contextlib.suppress(OSError):
            kill(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.waitpid(pid, 0)
    with contextlib.suppress(OSError):
        os.close(read_end)
