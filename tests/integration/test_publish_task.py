"""``invoke publish`` refuses to build with the placeholder SITEURL (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_publish_without_a_site_address_refuses_before_building(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "MEMORIA_SITEURL"}
    run = subprocess.run(
        [sys.executable, "-m", "invoke", "-r", str(REPO), "publish"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.startswith(
        "publishconf.py:11: error: SITEURL is 'https://memoria.example.org': not an address"
    )
    assert "Traceback" not in run.stderr
    assert "Ready to publish" not in run.stdout
