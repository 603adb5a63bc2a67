"""Work done in a forked child, collected later: the result, a failure, a child never asked."""

from __future__ import annotations

import os
import time

import pytest

from memoria.bibliography.background import Background, can_fork

pytestmark = pytest.mark.skipif(not can_fork(), reason="forking needs a POSIX system")


def test_the_result_comes_from_the_child_process():
    here = os.getpid()
    job = Background(lambda: {"pid": os.getpid(), "text": "ü" * 100_000})
    result = job.result()
    assert result is not None
    assert result["pid"] != here
    assert result["text"] == "ü" * 100_000  # larger than a pipe's buffer


def test_a_child_that_fails_gives_no_result():
    def work():
        raise ValueError("broken entry")

    assert Background(work).result() is None


def test_the_result_is_given_once():
    job = Background(lambda: 42)
    assert job.result() == 42
    assert job.result() is None


def test_a_child_never_asked_is_stopped_with_its_job(tmp_path):
    marker = tmp_path / "still-running"

    def work():
        time.sleep(30)
        marker.write_text("the child outlived its job")

    job = Background(work)
    pid = job._pid
    del job  # the build failed before it asked: the child is killed and reaped
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert not marker.exists()
