"""Shares of work done here and in forked children: results in share order, failures redone here."""

from __future__ import annotations

import os

import pytest

from memoria.bibliography.forked_shares import can_fork, run_shares

pytestmark = pytest.mark.skipif(not can_fork(), reason="forking needs a POSIX system")


def test_results_come_back_in_share_order_from_other_processes():
    here = os.getpid()
    results = run_shares(lambda share: (share, os.getpid() == here), 3)
    assert results == [(0, True), (1, False), (2, False)]


def test_a_share_that_fails_in_a_child_is_redone_here():
    here = os.getpid()

    def work(share: int) -> int:
        if os.getpid() != here:
            raise OSError("disk trouble in the child")
        return share * 10

    assert run_shares(work, 2) == [0, 10]


def test_an_error_of_the_work_itself_is_raised_here():
    def work(share: int) -> int:
        if share == 1:
            raise ValueError("bad template")
        return share

    with pytest.raises(ValueError, match="bad template"):
        run_shares(work, 2)


def test_one_share_forks_nothing():
    assert run_shares(lambda share: os.getpid(), 1) == [os.getpid()]
