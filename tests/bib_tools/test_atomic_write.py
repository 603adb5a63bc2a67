"""An interrupted write leaves the old file whole and no temporary file behind."""

from __future__ import annotations

import pytest

from memoria.bib_tools import atomic_write
from memoria.bib_tools.atomic_write import write_text_atomically


def test_a_write_replaces_the_file_and_keeps_its_permissions(tmp_path):
    target = tmp_path / "a.bib"
    target.write_text("old\n")
    target.chmod(0o640)
    write_text_atomically(target, "new\n")
    assert target.read_text() == "new\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bib"]


def test_an_interrupted_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.bib"
    target.write_text("@book{a, title={Old}}\n")

    def interrupted(_fd):
        raise KeyboardInterrupt  # Ctrl-C after the text was written, before the rename

    monkeypatch.setattr(atomic_write.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text_atomically(target, "@book{a, title={New}}\n" * 1000)
    assert target.read_text() == "@book{a, title={Old}}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bib"]
