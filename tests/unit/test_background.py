"""Work done in a forked child, collected later: the result, a failure, a child never asked."""

from __future__ import annotations

import os
import time

import pytest

from memoria.csl.background import Background


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


def test_a_child_out_of_time_gives_no_result_and_is_stopped():
    job = Background(lambda: time.sleep(60))
    began = time.monotonic()
    assert job.result(timeout=0.3) is None
    assert time.monotonic() - began < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(job._pid, os.WNOHANG)


def test_a_child_keeps_quiet(capfd):
    def work():
        print("from the child")
        import logging
        import warnings

        logging.getLogger("pelican").error("from the child's logger")
        warnings.warn("from the child's warnings", stacklevel=1)
        return 1

    assert Background(work).result() == 1
    captured = capfd.readouterr()
    assert "from the child" not in captured.out + captured.err
