"""The FAQ answers in service: reloaded when a file changes, the last good version kept on errors.

Staff edit files while the action server runs. Each file is re-read when its modification time
changes (looked at no more than once a second, so a busy server does not stat files on every
message). A file that fails its checks is logged with `file:line` and its last good topic stays
in service.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from knowledge import FAQ_DIR
from knowledge.faq import Topic, faq_files, parse_topic
from knowledge.yaml_lines import KnowledgeError

logger = logging.getLogger(__name__)


class FaqStore:
    def __init__(self, directory: Path = FAQ_DIR, check_interval: float = 1.0) -> None:
        self._directory = directory
        self._check_interval = check_interval
        self._checked_at = float("-inf")
        self._files: dict[Path, tuple[float, Topic]] = {}
        self._failed: dict[Path, float] = {}  # broken file -> mtime already reported
        self._lock = threading.Lock()

    def topic(self, topic_id: str) -> Topic | None:
        return self.topics().get(topic_id)

    def topics(self) -> dict[str, Topic]:
        self._refresh_if_due()
        return {topic.id: topic for _, topic in self._files.values()}

    def _refresh_if_due(self) -> None:
        now = time.monotonic()
        if now - self._checked_at < self._check_interval:
            return
        with self._lock:
            self._checked_at = now
            for path in faq_files(self._directory):
                self._refresh(path)

    def _refresh(self, path: Path) -> None:
        try:
            mtime = path.stat().st_mtime
        except OSError:
            return  # removed while we looked: keep what we have
        known = self._files.get(path)
        if (known and known[0] == mtime) or self._failed.get(path) == mtime:
            return
        try:
            topic, _ = parse_topic(path)
        except KnowledgeError as error:
            self._failed[path] = mtime
            logger.error("%s (the last good version stays in service)", error)
            return
        self._failed.pop(path, None)
        self._files[path] = (mtime, topic)
