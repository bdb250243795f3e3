"""The knowledge in service, reloaded when files change (looked at no more than once a second).

A file that fails its checks is logged with `file:line` and the last good version of what it
held stays in service; a deleted file takes its topic or entries out of service.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from knowledge import FAQ_DIR
from knowledge.encoder import CachedEncoder
from knowledge.entries import Entry, check_entries_file, entry_files
from knowledge.faq import Topic, faq_files, parse_topic
from knowledge.retriever import Document, Retriever
from knowledge.watch import FolderWatch
from knowledge.yaml_lines import KnowledgeError

logger = logging.getLogger(__name__)


class FaqStore:
    def __init__(self, directory: Path = FAQ_DIR, check_interval: float = 1.0) -> None:
        self._directory = directory
        self._watch = FolderWatch(directory, interval=check_interval)
        self._topics: dict[Path, Topic] = {}
        self._lock = threading.Lock()
        self.generation = 0  # goes up each time the files are read again

    def topic(self, topic_id: str) -> Topic | None:
        return self.topics().get(topic_id)

    def topics(self) -> dict[str, Topic]:
        with self._lock:
            if self._watch.changed():
                self._reload()
            return {topic.id: topic for topic in self._topics.values()}

    def _reload(self) -> None:
        self.generation += 1
        present = faq_files(self._directory)
        self._topics = {path: topic for path, topic in self._topics.items() if path in present}
        for path in present:
            try:
                self._topics[path] = parse_topic(path)[0]
            except KnowledgeError as error:
                logger.error("%s (the last good version stays in service)", error)


TOPIC_PREFIX = "topic:"


def as_document(entry: Entry) -> Document:
    """What the retriever indexes of an entry: its questions, and its answer in Japanese (the
    vectors are multilingual; Japanese is the language every entry has and staff write first)."""
    return Document(entry.id, tuple(entry.questions()), entry.answer["ja"])


def topic_document(topic: Topic) -> Document:
    """A topic's general answer competes with the entries: its training questions say what a
    general question of the topic looks like."""
    questions = tuple(q for qs in topic.questions.values() for q in qs)
    return Document(TOPIC_PREFIX + topic.id, questions, topic.answer["ja"])


class EntryStore:
    """The staff's FAQ entries and a retriever over them and the topics' general answers, rebuilt
    when an entries or topic file changes; vectors come from the encoder's on-disk cache, so only
    new or edited text is embedded."""

    def __init__(self, encoder: CachedEncoder, directory: Path, topics: FaqStore,
                 check_interval: float = 1.0) -> None:
        self._encoder, self._directory, self._topics = encoder, directory, topics
        self._watch = FolderWatch(directory, interval=check_interval)
        self._by_file: dict[Path, list[Entry]] = {}
        self._entries: dict[str, Entry] = {}
        self._topics_seen = -1
        self._retriever = Retriever([], encoder)
        self._lock = threading.Lock()

    def entries(self) -> dict[str, Entry]:
        self._refresh()
        return self._entries

    def best(self, question: str, topic: str | None, floor: float,
             margin: float | None) -> Entry | None:
        """The entry that answers `question`: among the entries of `topic` (all entries if None),
        the best one, if its closest question is at least `floor` similar and (unless `margin` is
        None) beats the closest question of the topic's general answer (of any topic's, when
        `topic` is None) by `margin`."""
        self._refresh()
        entries, retriever = self._entries, self._retriever
        among = {e.id for e in entries.values() if topic is None or e.topic == topic}
        if margin is not None:  # the general answers compete: the topic's, or all of them
            among |= {d.id for d in retriever.documents if d.id.startswith(TOPIC_PREFIX)
                      and (topic is None or d.id == TOPIC_PREFIX + topic)}
        hits = retriever.rank(question, len(retriever.documents), among)
        best_entry = next((h for h in hits if not h.id.startswith(TOPIC_PREFIX)), None)
        best_topic = max((h.question_similarity for h in hits if h.id.startswith(TOPIC_PREFIX)),
                         default=-1.0)
        if best_entry is None or best_entry.question_similarity < floor:
            return None
        if margin is not None and best_entry.question_similarity < best_topic + margin:
            return None
        return entries[best_entry.id]

    def closest(self, question: str, top: int, floor: float) -> list[Entry]:
        """Up to `top` entries whose closest question is at least `floor` similar, best first."""
        self._refresh()
        entries, retriever = self._entries, self._retriever
        hits = retriever.rank(question, top, set(entries))
        return [entries[h.id] for h in hits if h.question_similarity >= floor]

    def _refresh(self) -> None:
        topics = self._topics.topics()  # reads topic files that changed
        with self._lock:
            entries_changed = self._watch.changed()
            if not entries_changed and self._topics_seen == self._topics.generation:
                return
            self._topics_seen = self._topics.generation
            present = entry_files(self._directory)
            by_file = {path: entries for path, entries in self._by_file.items() if path in present}
            for path in present if entries_changed else ():
                problems, good = check_entries_file(path)
                for problem in problems:
                    logger.error("%s (this entry is not served)", problem)
                by_file[path] = [entry for entry, _ in good]
            entries: dict[str, Entry] = {}
            for path in present:
                for entry in by_file.get(path, []):
                    if entry.id in entries:
                        logger.error("%s: duplicate entry id '%s' (not served)", path, entry.id)
                        continue
                    entries[entry.id] = entry
            documents = [as_document(e) for e in entries.values()]
            documents += [topic_document(t) for t in topics.values()]
            self._by_file, self._entries = by_file, entries
            self._retriever = Retriever(documents, self._encoder)
