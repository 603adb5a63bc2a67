"""``invoke bench`` runs end to end on a tiny synthetic portal (figures are not judged here: speed
goals live in the benchmark's output, not in timed tests)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).with_name("bench_build.py")


def test_the_benchmark_prints_its_figures_as_json(tmp_path):
    run = subprocess.run(
        [
            sys.executable,
            str(BENCH),
            "--posts",
            "4",
            "--entries",
            "12",
            "--runs",
            "1",
            "--dir",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    figures = json.loads(run.stdout)
    assert figures["posts"] == 4 and figures["entries"] == 12
    for name in ("floor_plain_pelican_s", "memoria_cold_s", "memoria_warm_s"):
        assert figures[name] > 0
    # The seconds are printed rounded to 0.01: the ratio of the rounded figures is only that exact.
    cold, floor = figures["memoria_cold_s"], figures["floor_plain_pelican_s"]
    assert (cold - 0.005) / (floor + 0.005) - 0.01 <= figures["cold_ratio"]
    assert figures["cold_ratio"] <= (cold + 0.005) / (floor - 0.005) + 0.01
    assert figures["targets"] == {"cold_ratio": 2.0, "warm_ratio": 0.8}
    assert list(tmp_path.iterdir()) == []  # the synthetic sites are removed
