"""The FAQ answers in service: reloaded when a file changes, the last good version kept on errors.

Staff edit files while the action server runs. When a file changes (looked at no more than once a
second), the files are read again; a file that fails its checks is logged with `file:line` and the
last good version of its topic stays in service.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from knowledge import FAQ_DIR
from knowledge.faq import Topic, faq_files, parse_topic
from knowledge.watch import FolderWatch
from knowledge.yaml_lines import KnowledgeError

logger = logging.getLogger(__name__)


class FaqStore:
    def __init__(self, directory: Path = FAQ_DIR, check_interval: float = 1.0) -> None:
        self._directory = directory
        self._watch = FolderWatch(directory, interval=check_interval)
        self._topics: dict[Path, Topic] = {}
        self._lock = threading.Lock()

    def topic(self, topic_id: str) -> Topic | None:
        return self.topics().get(topic_id)

    def topics(self) -> dict[str, Topic]:
        with self._lock:
            if self._watch.changed():
                self._reload()
            return {topic.id: topic for topic in self._topics.values()}

    def _reload(self) -> None:
        for path in faq_files(self._directory):
            try:
                self._topics[path] = parse_topic(path)[0]
            except KnowledgeError as error:
                logger.error("%s (the last good version stays in service)", error)
