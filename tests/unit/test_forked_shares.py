"""Jobs shared with forked children: each done once, all done again here if a child fails."""

from __future__ import annotations

import os
import time

import pytest

from memoria.bibliography.forked_shares import can_fork, run_jobs

pytestmark = pytest.mark.skipif(not can_fork(), reason="forking needs a POSIX system")


def jobs_writing_their_pid(folder, count):
    def job(index):
        time.sleep(0.002)  # long enough that the child, forked a little later, takes its share
        (folder / f"{index}.txt").write_text(f"{os.getpid()}\n", encoding="utf-8")

    return [lambda index=index: job(index) for index in range(count)]


def test_every_job_is_done_once_by_this_process_and_the_children(tmp_path):
    run_jobs(jobs_writing_their_pid(tmp_path, 200), processes=2, chunk=5)
    pids = [int(path.read_text()) for path in tmp_path.iterdir()]
    assert len(pids) == 200
    assert len(set(pids)) == 2 and os.getpid() in pids


def test_few_jobs_are_done_here(tmp_path):
    run_jobs(jobs_writing_their_pid(tmp_path, 3), processes=2, chunk=5)
    assert {int(path.read_text()) for path in tmp_path.iterdir()} == {os.getpid()}


def test_when_a_child_fails_every_job_is_done_again_here(tmp_path):
    here = os.getpid()

    def job(index):
        if os.getpid() != here:
            raise OSError("disk trouble in the child")
        (tmp_path / f"{index}.txt").write_text("done", encoding="utf-8")

    run_jobs([lambda index=index: job(index) for index in range(100)], processes=2, chunk=5)
    assert len(list(tmp_path.iterdir())) == 100


def test_an_error_of_a_job_itself_is_raised_here():
    def job():
        raise ValueError("bad template")

    with pytest.raises(ValueError, match="bad template"):
        run_jobs([job] * 100, processes=2, chunk=5)
