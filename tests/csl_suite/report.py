"""Run every CSL test-suite fixture through Memoria and print the figure and a table by category.

``python -m tests.csl_suite.report`` (or ``invoke csl-suite``) prints ``N/845 fixtures pass`` and,
per category (the fixture name's prefix: date, name, disambiguate, ...), how many pass.
``--write-passing`` rewrites ``passing.txt``, the list ``test_csl_suite.py`` holds the engine to;
``--json`` prints the same figures as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "tests.csl_suite"

from .fixture import load_named, names
from .runner import Outcome, run

PASSING = Path(__file__).with_name("passing.txt")


def run_all() -> list[Outcome]:
    return [run(load_named(name)) for name in names()]


def known_passing() -> set[str]:
    lines = PASSING.read_text(encoding="utf-8").splitlines() if PASSING.exists() else []
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def by_category(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        entry = counts[outcome.name.split("_", 1)[0]]
        entry[0] += outcome.passed
        entry[1] += 1
    return {name: (passed, total) for name, (passed, total) in sorted(counts.items())}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--write-passing", action="store_true", help="rewrite passing.txt")
    options = parser.parse_args(argv)
    outcomes = run_all()
    passed = sum(o.passed for o in outcomes)
    table = by_category(outcomes)
    if options.write_passing:
        header = (
            "# Fixtures Memoria's engine passes; written by `invoke csl-suite --write-passing`.\n"
        )
        body = "".join(f"{o.name}\n" for o in outcomes if o.passed)
        PASSING.write_text(header + body, encoding="utf-8")
    if options.json:
        print(json.dumps({"passed": passed, "total": len(outcomes), "categories": table}))
        return 0
    print(f"{passed}/{len(outcomes)} fixtures pass ({100 * passed / len(outcomes):.1f}%)")
    print(f"{'category':<16}{'passed':>7}{'total':>7}{'%':>7}")
    for name, (ok, total) in sorted(table.items(), key=lambda kv: kv[1][0] - kv[1][1]):
        print(f"{name:<16}{ok:>7}{total:>7}{100 * ok / total:>7.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
