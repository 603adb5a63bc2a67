"""Run every CSL test-suite fixture through Memoria and print the figure and a table by category.

``python -m tests.csl_suite.report`` (also ``python tests/csl_suite/report.py``, or
``invoke csl-suite``) prints ``N/845 fixtures pass`` and, per category (the fixture name's prefix
before the first ``_``: date, name, disambiguate, ...), how many pass, of how many, in percent.

``--write-expected`` rewrites ``expected_failures.txt`` from this run, each failing fixture with
the reason :mod:`~tests.csl_suite.classify` finds, and prints how many failures each reason class
has. ``--json`` prints the same figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "tests.csl_suite"

from .fixture import load_named, names
from .runner import Outcome, run

EXPECTED_FAILURES = Path(__file__).with_name("expected_failures.txt")
_HEADER = """\
# CSL test-suite fixtures Memoria's engine fails, one per line: `name  # reason`.
# Written by `python -m tests.csl_suite.report --write-expected` (`invoke csl-suite
# --write-expected`) with the reasons tests/csl_suite/classify.py finds. A listed fixture that
# passes fails test_csl_suite.py (remove it); an unlisted one that fails fails it too.
"""


def expected_failures(path: Path = EXPECTED_FAILURES) -> dict[str, str]:
    """name -> reason, as listed in ``expected_failures.txt`` (no file: nothing listed)."""
    listed: dict[str, str] = {}
    if not path.exists():
        return listed
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, reason = line.partition("#")
        listed[name.strip()] = reason.strip()
    return listed


def run_all() -> list[Outcome]:
    return [run(load_named(name)) for name in names()]


def by_category(outcomes: Sequence[Outcome]) -> dict[str, tuple[int, int]]:
    """category -> (passed, total)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        entry = counts[outcome.name.split("_", 1)[0]]
        entry[0] += outcome.passed
        entry[1] += 1
    return {name: (passed, total) for name, (passed, total) in sorted(counts.items())}


def reasons(outcomes: Sequence[Outcome]) -> dict[str, str]:
    """name -> reason of every failing fixture (the classifier is only loaded here)."""
    from .classify import reason

    return {o.name: reason(load_named(o.name), o) for o in outcomes if not o.passed}


def write_expected(failures: dict[str, str], path: Path = EXPECTED_FAILURES) -> None:
    width = max((len(name) for name in failures), default=0)
    body = "".join(f"{name:<{width}}  # {why}\n" for name, why in sorted(failures.items()))
    path.write_text(_HEADER + body, encoding="utf-8")


def reason_counts(failures: dict[str, str]) -> list[tuple[str, int]]:
    from .classify import reason_class

    return Counter(reason_class(why) for why in failures.values()).most_common()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--write-expected",
        action="store_true",
        help="rewrite expected_failures.txt from this run, with reasons",
    )
    options = parser.parse_args(argv)
    started = time.perf_counter()
    outcomes = run_all()
    seconds = time.perf_counter() - started
    passed = sum(o.passed for o in outcomes)
    table = by_category(outcomes)
    failures = reasons(outcomes) if options.write_expected else {}
    if options.write_expected:
        write_expected(failures)
    if options.json:
        figures = {
            "passed": passed,
            "total": len(outcomes),
            "seconds": round(seconds, 2),
            "categories": {
                name: {"passed": ok, "total": total} for name, (ok, total) in table.items()
            },
            "failing": sorted(o.name for o in outcomes if not o.passed),
        }
        if failures:
            figures["reasons"] = failures
            figures["reason_counts"] = dict(reason_counts(failures))
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return 0
    print(f"{passed}/{len(outcomes)} fixtures pass ({100 * passed / len(outcomes):.1f}%)")
    print(f"\n{'category':<16}{'passed':>7}{'total':>7}{'%':>6}")
    for name, (ok, total) in table.items():
        print(f"{name:<16}{ok:>7}{total:>7}{100 * ok / total:>6.0f}")
    if failures:
        print(f"\n{EXPECTED_FAILURES.name}: {len(failures)} failures, by reason")
        for why, count in reason_counts(failures):
            print(f"{count:>5}  {why}")
    print(f"\n{seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
