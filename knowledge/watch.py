"""Notices that files in a folder changed, looking at most once per interval (not per message)."""

from __future__ import annotations

import time
from pathlib import Path


class FolderWatch:
    def __init__(self, directory: Path, pattern: str = "*.yml", interval: float = 1.0) -> None:
        self._directory, self._pattern, self._interval = directory, pattern, interval
        self._looked_at = float("-inf")
        self._snapshot: dict[Path, int] | None = None

    def changed(self) -> bool:
        """True the first time, then whenever a file was added, removed or modified."""
        now = time.monotonic()
        if now - self._looked_at < self._interval:
            return False
        self._looked_at = now
        snapshot = {}
        for path in sorted(self._directory.glob(self._pattern)):
            try:
                snapshot[path] = path.stat().st_mtime_ns
            except OSError:
                continue  # removed while we looked
        if snapshot == self._snapshot:
            return False
        self._snapshot = snapshot
        return True

    def forget(self) -> None:
        """Look again at the next call, as if everything had changed (after a failed reload)."""
        self._snapshot, self._looked_at = None, float("-inf")
