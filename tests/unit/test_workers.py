"""Processes forked from the build (memoria.csl.workers): one child and its result, jobs shared
by children, and the render pool; what a child fails, hangs on or never gives is done here."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from memoria.csl import workers
from memoria.csl.workers import Pool, fork_child, run_jobs


# -- one child ----------------------------------------------------------------------------------
def test_the_result_comes_from_the_child_process():
    here = os.getpid()
    job = fork_child(lambda: {"pid": os.getpid(), "text": "ü" * 100_000})
    result = job.result()
    assert result is not None
    assert result["pid"] != here
    assert result["text"] == "ü" * 100_000  # larger than a pipe's buffer


def test_a_child_that_fails_gives_no_result():
    def work():
        raise ValueError("broken entry")

    assert fork_child(work).result() is None


def test_the_result_is_given_once():
    job = fork_child(lambda: 42)
    assert job.result() == 42
    assert job.result() is None


def test_a_child_never_asked_is_stopped_with_its_job(tmp_path):
    marker = tmp_path / "still-running"

    def work():
        time.sleep(30)
        marker.write_text("the child outlived its job")

    job = fork_child(work)
    pid = job.pid
    del job  # the build failed before it asked: the child is killed and reaped
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert not marker.exists()


def test_a_child_out_of_time_gives_no_result_and_is_stopped():
    job = fork_child(lambda: time.sleep(60))
    began = time.monotonic()
    assert job.result(timeout=0.3) is None
    assert time.monotonic() - began < 5
    with pytest.raises(ChildProcessError):
        os.waitpid(job.pid, os.WNOHANG)


def test_a_child_keeps_quiet(capfd):
    def work():
        print("from the child")
        import logging
        import warnings

        logging.getLogger("pelican").error("from the child's logger")
        warnings.warn("from the child's warnings", stacklevel=1)
        return 1

    assert fork_child(work).result() == 1
    captured = capfd.readouterr()
    assert "from the child" not in captured.out + captured.err


# -- jobs shared by this process and children ---------------------------------------------------
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
    monkeypatch.setattr(workers, "GRACE", 0.5)
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


# -- the render pool ----------------------------------------------------------------------------
def pid_and_square(number: int) -> tuple[int, int]:
    time.sleep(0.002)  # long enough that both children take chunks
    return os.getpid(), number * number


def test_the_pool_renders_in_children_and_gives_results_in_order():
    with Pool(pid_and_square, processes=2, parallel_min=10) as pool:
        results = pool.start(list(range(300)))
        here_meanwhile = os.getpid()  # this process goes on while the children work
        values = results()
    assert [square for _, square in values] == [n * n for n in range(300)]
    pids = {pid for pid, _ in values}
    assert here_meanwhile not in pids and len(pids) == 2


def test_few_calls_are_run_here():
    with Pool(pid_and_square, processes=2, parallel_min=10) as pool:
        values = pool.start(list(range(5)))()
    assert {pid for pid, _ in values} == {os.getpid()}


def test_what_a_failed_child_did_not_bring_back_is_run_here_and_then_all_here():
    here = os.getpid()
    failing = {}

    def run(number):
        if os.getpid() != here and not failing:
            failing[number] = True  # each child fails on its first call
            raise MemoryError("the child ran out of memory")
        return pid_and_square(number)

    with Pool(run, processes=2, parallel_min=10) as pool:
        values = pool.start(list(range(100)))()
        assert [square for _, square in values] == [n * n for n in range(100)]
        assert here in {pid for pid, _ in values}  # the failed child's share, redone here
        assert pool.processes == 1  # as a pool that broke: the rest is rendered here
        later = pool.start(list(range(100)))()
    assert {pid for pid, _ in later} == {here}


def test_a_pool_child_that_hangs_is_stopped_and_its_share_run_here(monkeypatch):
    monkeypatch.setattr(workers, "GRACE", 0.5)
    here = os.getpid()
    hung = {}

    def run(number):
        if os.getpid() != here and (hung or number == 0):
            hung[number] = True  # the child that takes the first chunk is stuck from then on
            time.sleep(60)
        return pid_and_square(number)

    began = time.monotonic()
    with Pool(run, processes=2, parallel_min=10) as pool:
        values = pool.start(list(range(100)))()
    assert [square for _, square in values] == [n * n for n in range(100)]
    assert time.monotonic() - began < 20


def test_an_error_of_a_call_itself_is_raised_here():
    def run(number):
        raise ValueError(f"bad entry {number}")

    with Pool(run, processes=2, parallel_min=10) as pool, pytest.raises(ValueError, match="bad"):
        pool.start(list(range(100)))()


def test_a_child_stopped_stops_the_children_it_forked(tmp_path):
    def work():
        def stuck(number):
            (tmp_path / f"{number}.pid").write_text(str(os.getpid()))
            time.sleep(30)

        with Pool(stuck, processes=2, parallel_min=1) as pool:
            pool.start([1, 2])()

    job = fork_child(work)
    deadline = time.monotonic() + 10
    while len(list(tmp_path.glob("*.pid"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    grandchildren = [int(path.read_text()) for path in tmp_path.glob("*.pid")]
    assert len(grandchildren) == 2
    assert job.result(timeout=0.1) is None  # out of time: stopped with its process group
    time.sleep(0.2)
    for pid in grandchildren:  # gone, or dead and waiting to be reaped by init
        stat = Path(f"/proc/{pid}/stat")
        assert not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] in ("Z", "X")
