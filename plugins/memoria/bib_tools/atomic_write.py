"""Write a file so that it is either wholly old or wholly new, never half-written.

An interrupted ``bib-format`` or ``bib-import`` must not leave a truncated ``.bib`` behind: the
text goes to a temporary file in the same folder (same file system, so the rename is atomic),
is flushed to disk, and then replaces the target, keeping the target's permissions.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def write_text_atomically(target: Path, text: str) -> None:
    """Replace ``target`` with ``text`` (UTF-8, ``\\n`` line ends) in one rename."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    mode = stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o644
    handle, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        temp.chmod(mode)
        temp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
