"""The one way every knowledge folder is served while staff edit it (topics, entries, the service
directory, notices): files are looked at no more than once per interval (not per message), and
only files added, changed or removed are read again.

- a changed file that passes its checks replaces its old version;
- a changed file that fails them is logged (`file:line`) and its last good version stays in
  service (a new file that fails them serves what of it is good, if anything);
- a removed file leaves service.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable, Generic, TypeVar

from knowledge.yaml_lines import KnowledgeError

logger = logging.getLogger(__name__)
T = TypeVar("T")
# Reads one file: its problems, and what of it can be served (None: nothing).
Reader = Callable[[Path], "tuple[list[KnowledgeError], T | None]"]


class LiveFolder(Generic[T]):
    def __init__(self, directory: Path, read: Reader, pattern: str = "*.yml",
                 interval: float = 1.0) -> None:
        self._directory, self._read, self._pattern, self._interval = (
            directory, read, pattern, interval)
        self._looked_at = float("-inf")
        self._versions: dict[Path, int] = {}  # the modification time of what was read
        self._served: dict[Path, T] = {}
        self._lock = threading.Lock()
        self.generation = 0  # goes up each time what is served changes

    def contents(self) -> dict[Path, T]:
        """What each file serves, in file name order, after reading what changed."""
        return self.snapshot()[1]

    def snapshot(self) -> tuple[int, dict[Path, T]]:
        """The generation and the contents together (to know whether something built from
        them is still current)."""
        with self._lock:
            now = time.monotonic()
            if now - self._looked_at >= self._interval:
                self._looked_at = now
                self._read_changes()
            return self.generation, dict(self._served)

    def _read_changes(self) -> None:
        present = {}
        for path in sorted(self._directory.glob(self._pattern)):
            try:
                present[path] = path.stat().st_mtime_ns
            except OSError:
                continue  # removed while we looked
        changed = [path for path, mtime in present.items() if self._versions.get(path) != mtime]
        removed = [path for path in self._served if path not in present]
        for path in removed:
            del self._served[path]
            self._versions.pop(path, None)
        for path in changed:
            self._versions[path] = present[path]
            problems, content = self._read(path)
            kept = problems and path in self._served
            for problem in problems:
                logger.error("%s (%s)", problem, "the last good version stays in service" if kept
                             else "not served")
            if not kept and content is not None:
                self._served[path] = content
        if changed or removed:
            self._served = dict(sorted(self._served.items()))
            self.generation += 1
