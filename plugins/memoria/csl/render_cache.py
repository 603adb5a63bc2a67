"""Rendered citation HTML kept between builds, so a warm rebuild renders nothing it has seen.

One JSON file per style fingerprint; each key already names everything that changes the output
(the item's CSL-JSON hash, its year suffix, the locator), so an edited entry, another style or
another locale simply misses. Written atomically: an interrupted build leaves the old file.
Without a folder the store lives in memory only, for one build.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


class RenderCache:
    """A persistent ``str -> str`` store in ``folder``, one file per fingerprint (None: memory)."""

    def __init__(self, folder: Path | None, name: str = "render") -> None:
        self.folder = Path(folder) if folder is not None else None
        self.name = name  # files are <name>-<fingerprint>.json
        self.hits = 0  # lookups answered from the cache in this build
        self.misses = 0  # lookups that had to render
        self._stores: dict[str, dict[str, str]] = {}
        self._dirty: set[str] = set()

    def _store(self, fingerprint: str) -> dict[str, str]:
        store = self._stores.get(fingerprint)
        if store is None:
            store = {}
            if self.folder is not None:
                try:
                    store = json.loads(self._path(fingerprint).read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    store = {}
            self._stores[fingerprint] = store
        return store

    def _path(self, fingerprint: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{self.name}-{fingerprint[:24]}.json"

    def get(self, fingerprint: str, key: str) -> str | None:
        value = self._store(fingerprint).get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def has(self, fingerprint: str, key: str) -> bool:
        """Whether ``key`` is stored (not counted as a hit or a miss)."""
        return key in self._store(fingerprint)

    def put(self, fingerprint: str, key: str, value: str) -> None:
        self._store(fingerprint)[key] = value
        self._dirty.add(fingerprint)

    def save(self) -> None:
        """Write every changed store atomically (temp file + rename)."""
        if not self._dirty or self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        for fingerprint in sorted(self._dirty):
            handle, temp = tempfile.mkstemp(dir=self.folder, prefix=f".{self.name}-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(self._stores[fingerprint], out, ensure_ascii=False, sort_keys=True)
            Path(temp).replace(self._path(fingerprint))
        self._dirty.clear()
