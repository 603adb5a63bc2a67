"""Fixtures of the bibliography-tools tests: a tiny site in tmp_path and the invoke tasks run on
it as a person runs them (a subprocess, so exit status and output are the real ones)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "fixtures" / "biblatex-examples" / "biblatex-examples.bib"

# Property tests stay within the suite's time budget on two cores; HYPOTHESIS_PROFILE=thorough
# runs many more examples.
settings.register_profile(
    "bib_tools", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "bib_tools"))


def write_files(root: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


class TaskSite:
    """A site folder with a pelicanconf.py; ``run("bib-check", "--format", "json")``."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, files: Mapping[str, str], **settings: object) -> None:
        conf = {"PATH": "content", **settings}
        lines = [f"{name} = {value!r}" for name, value in conf.items()]
        (self.root / "pelicanconf.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (self.root / "content").mkdir(exist_ok=True)  # Pelican refuses a missing PATH
        write_files(self.root, files)

    def run(self, task: str, *args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "invoke", "-r", str(REPO), task]
        command += [*args, "--settings", str(self.root / "pelicanconf.py")]
        env = {k: v for k, v in os.environ.items() if k != "MEMORIA_DEBUG"}
        return subprocess.run(
            command, cwd=self.root, capture_output=True, text=True, env=env, timeout=120
        )

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")


@pytest.fixture
def task_site(tmp_path: Path) -> TaskSite:
    return TaskSite(tmp_path)


@pytest.fixture
def corpus_text() -> Callable[[], str]:
    return lambda: CORPUS.read_text(encoding="utf-8")
