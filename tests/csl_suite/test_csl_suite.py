"""The CSL processor test suite (845 fixtures), each run through Memoria's rendering path.

``expected_failures.txt`` lists the fixtures the engine fails, each with its reason. An unlisted
fixture must pass; a listed one must still fail, and fail the way its reason says (a crash, or
wrong output), so the list stays true: regenerate it with ``invoke csl-suite --write-expected``.
"""

from __future__ import annotations

import dataclasses
import difflib

import pytest

from memoria.csl import CiteItem, Cluster

from .fixture import FIXTURES, load_named, names
from .report import EXPECTED_FAILURES, expected_failures
from .runner import CITE_FIELDS, CLUSTER_FIELDS, Outcome, run

EXPECTED = expected_failures()
REGENERATE = "python -m tests.csl_suite.report --write-expected"

pytestmark = pytest.mark.csl_suite


def _shown(outcome: Outcome) -> str:
    if outcome.error:
        return f"raised {outcome.error} in {outcome.raised_in}"
    diff = difflib.unified_diff(
        outcome.expected.splitlines(),
        outcome.actual.splitlines(),
        "expected",
        "memoria",
        lineterm="",
    )
    return "\n".join(diff)


@pytest.mark.parametrize("name", names())
def test_fixture(name):
    outcome = run(load_named(name))
    reason = EXPECTED.get(name)
    if reason is None:
        assert outcome.passed, f"{name} fails:\n{_shown(outcome)}"
        return
    assert not outcome.passed, f"{name} passes now: remove it from {EXPECTED_FAILURES.name}"
    listed_crash = reason.startswith("crash: ")
    if listed_crash:
        listed_type = reason.removeprefix("crash: ").split(":")[0].split(" ")[0]
        assert outcome.error.split(":")[0] == listed_type, (
            f"{name} is listed as '{reason}' but now {_shown(outcome)}: update its reason "
            f"({REGENERATE})"
        )
    else:
        assert not outcome.error, (
            f"{name} is listed as '{reason}' but now {_shown(outcome)}: update its reason "
            f"({REGENERATE})"
        )


def test_expected_failures_name_existing_fixtures():
    stale = sorted(set(EXPECTED) - set(names()))
    assert not stale, f"{EXPECTED_FAILURES.name} names fixtures {FIXTURES} lacks: {stale}"


def test_every_listed_failure_has_a_reason():
    assert all(EXPECTED.values()), [name for name, why in EXPECTED.items() if not why]


def test_adapter_tables_name_real_fields():
    """The runner's tables map fixture data onto CiteItem/Cluster fields that exist."""
    for table, cls in ((CITE_FIELDS, CiteItem), (CLUSTER_FIELDS, Cluster)):
        fields = {field.name for field in dataclasses.fields(cls)}
        named = {target for target in table.values() if target is not None}
        assert named <= fields, f"{cls.__name__} lacks {sorted(named - fields)}"
