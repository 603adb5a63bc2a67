"""Jobs shared with forked children: each done once; what a child did not do is done here."""

from __future__ import annotations

import os
import time

import pytest

from memoria.csl import forked_shares
from memoria.csl.forked_shares import run_jobs


def jobs_writing_their_pid(folder, count, pause=0.005):
    def job(index):
        time.sleep(pause)  # long enough that the child, forked a little later, takes its share
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


def test_what_a_failed_child_did_not_do_is_done_here_and_nothing_twice(tmp_path):
    here = os.getpid()
    runs = tmp_path / "runs"
    runs.mkdir()

    def job(index):
        time.sleep(0.005)
        if os.getpid() != here and index % 10 == 7:
            raise OSError("disk trouble in the child")
        with (runs / f"{index}.txt").open("a", encoding="utf-8") as out:
            out.write(f"{os.getpid()}\n")

    run_jobs([lambda index=index: job(index) for index in range(100)], processes=2, chunk=5)
    lines = {path.name: path.read_text().splitlines() for path in runs.iterdir()}
    assert len(lines) == 100
    assert all(len(pids) == 1 for pids in lines.values())  # a job done by the child is not redone
    assert any(pids != [str(here)] for pids in lines.values())  # the child did some


def test_a_child_that_hangs_is_stopped_and_its_jobs_done_here(tmp_path, monkeypatch):
    monkeypatch.setattr(forked_shares, "GRACE", 0.5)
    here = os.getpid()

    def job(index):
        if os.getpid() != here:
            time.sleep(60)  # stuck, as on a console lock held at the fork
        (tmp_path / f"{index}.txt").write_text("done", encoding="utf-8")

    began = time.monotonic()
    run_jobs([lambda index=index: job(index) for index in range(50)], processes=2, chunk=5)
    assert len(list(tmp_path.iterdir())) == 50
    assert time.monotonic() - began < 20


def test_an_error_of_a_job_itself_is_raised_here():
    def job():
        raise ValueError("bad template")

    with pytest.raises(ValueError, match="bad template"):
        run_jobs([job] * 100, processes=2, chunk=5)
