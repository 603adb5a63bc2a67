"""Rendered citation HTML kept between builds, so a warm rebuild renders nothing it has seen.

One JSON file per style fingerprint; each key already names everything that changes the output
(the item's CSL-JSON hash, its year suffix, the locator), so an edited entry, another style or
another locale simply misses. Written atomically: an interrupted build leaves the old file.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


class RenderCache:
    """A persistent ``str -> str`` store in ``folder``, one file per fingerprint."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.hits = 0  # lookups answered from the cache in this build
        self.misses = 0  # lookups that had to render
        self._stores: dict[str, dict[str, str]] = {}
        self._dirty: set[str] = set()

    def _store(self, fingerprint: str) -> dict[str, str]:
        store = self._stores.get(fingerprint)
        if store is None:
            path = self._path(fingerprint)
            try:
                store = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                store = {}
            self._stores[fingerprint] = store
        return store

    def _path(self, fingerprint: str) -> Path:
        return self.folder / f"render-{fingerprint[:24]}.json"

    def get(self, fingerprint: str, key: str) -> str | None:
        value = self._store(fingerprint).get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, fingerprint: str, key: str, value: str) -> None:
        self._store(fingerprint)[key] = value
        self._dirty.add(fingerprint)

    def save(self) -> None:
        """Write every changed store atomically (temp file + rename)."""
        if not self._dirty:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for fingerprint in sorted(self._dirty):
            handle, temp = tempfile.mkstemp(dir=self.folder, prefix=".render-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(self._stores[fingerprint], out, ensure_ascii=False, sort_keys=True)
            Path(temp).replace(self._path(fingerprint))
        self._dirty.clear()
