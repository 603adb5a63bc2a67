"""The CSL processor test suite (845 fixtures), each run through Memoria's rendering path.

``passing.txt`` lists the fixtures the engine passes. A listed fixture that fails is a
regression; an unlisted one that passes fails too, until it is added (``invoke csl-suite
--write-passing``), so the list, and the figure in the README, stay true.
"""

from __future__ import annotations

import pytest

from .fixture import load_named, names
from .report import known_passing
from .runner import run

PASSING = known_passing()


@pytest.mark.csl_suite
@pytest.mark.parametrize("name", names())
def test_fixture(name):
    outcome = run(load_named(name))
    if name in PASSING:
        assert outcome.passed, (
            f"{name} passed before and fails now"
            + (f" ({outcome.error})" if outcome.error else "")
            + f"\nexpected:\n{outcome.expected}\nactual:\n{outcome.actual}"
        )
    else:
        assert not outcome.passed, (
            f"{name} passes now: add it to tests/csl_suite/passing.txt "
            "(invoke csl-suite --write-passing)"
        )
