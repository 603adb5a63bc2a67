"""The citeproc-py fork (memoria.csl.citeproc) is made from the installed release, and leaves it
alone: Memoria changes citeproc-py only in its own copy, never at run time."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import citeproc

FORK = Path(__file__).resolve().parents[2] / "plugins" / "memoria" / "csl" / "citeproc"
UPSTREAM = Path(citeproc.__file__).resolve().parent
REBASE = (
    "memoria.csl.citeproc is a fork of citeproc-py 0.11.1: re-base the fork on the installed "
    "release (see plugins/memoria/csl/UPSTREAM.md, `invoke csl-fork-diff`), then update this test"
)

#: SHA-256 of each file of citeproc-py 0.11.1 (PyPI) the fork was made from.
UPSTREAM_SHA256 = {
    "__init__.py": "8141256a3ee6550f43d7ae156360d8ee752b69b5cf5dfec257139b51bbeaad50",
    "formatter/__init__.py": "292e68a0bdd532133f2eb57565a57aaed30b4fbc40ac9aea3f93531bac995528",
    "formatter/html.py": "858cf55158f2d047aafed1ed247acbb483b36cff34b5138854e0bcf08cf9bb99",
    "formatter/plain.py": "57951603f3a1c2223eab1e6a5d5eef6d72e484bb4812556e7d2fec0890509c10",
    "formatter/rst.py": "cdb6078a7fdb23158daf87ff276cde1c9af1ba71cb7f98f7ac251ce003502cff",
    "frontend.py": "121568dc64533f7fe43b6793726bd99be4ba505a36b53287f2f0d729c2f419bf",
    "model.py": "7b569db7dbc0ecd69d42ff54873004634f0f0b5cb3949629764013a4ad7fbb09",
    "source/__init__.py": "6ebbdc53ac1c207b76e666444bba56b05ebb2eeca0bd4f257bc21a7982aaad8a",
    "source/json.py": "04afe25848c4671ef8392a0421e4806e6d4ea314ab2b18b4131976a72ac18c77",
    "string.py": "f7e489860bf252c323c634d5ccf150308930e9983c38338258624440000558e1",
    "types.py": "b7ceea508b0c1bbebdf4cf4f953456fa1f19accb539c1c4be698fe2125611e68",
}


def test_the_installed_release_is_the_forks_base():
    assert metadata.version("citeproc-py") == "0.11.1", REBASE
    digests = {
        name: hashlib.sha256((UPSTREAM / name).read_bytes()).hexdigest()
        for name in UPSTREAM_SHA256
        if (UPSTREAM / name).is_file()
    }
    assert digests == UPSTREAM_SHA256, REBASE


def test_every_fork_module_has_its_upstream_file():
    forked = {path.relative_to(FORK).as_posix() for path in FORK.rglob("*.py")}
    assert forked == set(UPSTREAM_SHA256), REBASE


#: Run in a fresh interpreter: note each upstream class's attributes, import Memoria's CSL
#: engine and render with it, then compare.
_UNTOUCHED = textwrap.dedent(
    """
    import inspect
    import citeproc.model, citeproc.source

    def classes():
        for module in (citeproc.model, citeproc.source):
            for cls in vars(module).values():
                if inspect.isclass(cls) and cls.__module__ == module.__name__:
                    yield cls

    before = {cls: dict(vars(cls)) for cls in classes()}
    from memoria.csl import CiteItem, Cluster, CslProcessor

    item = {"id": "a", "type": "book", "title": "a title", "author": [{"family": "Quispe"}]}
    processor = CslProcessor({"a": item})
    processor.library()
    processor.render_document([Cluster((CiteItem("a", "2"),))], lambda key: "#" + key)
    changed = [
        f"{cls.__name__}.{name}"
        for cls, attributes in before.items()
        for name in set(attributes) | set(vars(cls))
        if vars(cls).get(name, None) is not attributes.get(name, None)
    ]
    foreign = [
        f"{cls.__name__}.{name}"
        for cls in classes()
        for name, value in vars(cls).items()
        if inspect.isfunction(value) and value.__module__ != cls.__module__
    ]
    print(sorted(set(changed + foreign)))
    """
)


def test_memoria_leaves_the_installed_citeproc_untouched():
    result = subprocess.run(
        [sys.executable, "-c", _UNTOUCHED], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]", "memoria.csl changed citeproc-py's classes at run time"
