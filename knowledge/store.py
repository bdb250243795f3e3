"""The FAQ in service: the topics' general answers and the staff's entries, and a retriever over
them, kept current as staff edit the files (knowledge/live_folder.py: a broken file keeps its
last good version in service, a deleted file leaves it)."""

from __future__ import annotations

import threading
from pathlib import Path

from knowledge import FAQ_DIR
from knowledge.encoder import CachedEncoder
from knowledge.entries import Entry, check_entries_file
from knowledge.faq import Topic, check_topic_file
from knowledge.live_folder import LiveFolder
from knowledge.retriever import Document, Hit, Retriever
from knowledge.yaml_lines import served


class FaqStore:
    """The topics' general answers, one file each."""

    def __init__(self, directory: Path = FAQ_DIR, check_interval: float = 1.0) -> None:
        self._files = LiveFolder(directory, lambda path: check_topic_file(path)[:2],
                                 interval=check_interval)
        self._by_id: tuple[int, dict[str, Topic]] = (-1, {})

    def topic(self, topic_id: str) -> Topic | None:
        return self.topics().get(topic_id)

    def topics(self) -> dict[str, Topic]:
        return self.snapshot()[1]

    def snapshot(self) -> tuple[int, dict[str, Topic]]:
        generation, files = self._files.snapshot()
        made = self._by_id
        if made[0] != generation:  # made again only after an edit, not at every message
            made = self._by_id = (generation, {topic.id: topic for topic in files.values()})
        return made


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
        self._encoder, self._topics = encoder, topics
        self._files = LiveFolder(directory, check_entries_file, interval=check_interval)
        self._entries: dict[str, Entry] = {}
        self._built_from = (-1, -1)  # the generations of the files the retriever was built from
        self._retriever = Retriever([], encoder)
        self._lock = threading.Lock()

    def entries(self) -> dict[str, Entry]:
        self._refresh()
        return self._entries

    def ranking(self, question: str) -> Ranking:
        """Every entry and general answer ranked for `question`, to choose from (one retrieval
        however many choices are made)."""
        self._refresh()
        retriever = self._retriever
        return Ranking(retriever.rank(question, len(retriever.documents)), self._entries)

    def closest(self, question: str, top: int, floor: float) -> list[Entry]:
        return self.ranking(question).closest(top, floor)

    def _refresh(self) -> None:
        topics_generation, topics = self._topics.snapshot()  # reads the files that changed
        entries_generation, files = self._files.snapshot()
        with self._lock:
            generations = (entries_generation, topics_generation)
            if generations == self._built_from:
                return
            self._built_from = generations
            # Replaced whole: readers in other threads never see a half-made dict.
            self._entries = {entry.id: entry for entry in served(files, "entry id")}
            documents = [as_document(e) for e in self._entries.values()]
            documents += [topic_document(t) for t in topics.values()]
            self._retriever = Retriever(documents, self._encoder)


class Ranking:
    """Entries and general answers ranked for one question."""

    def __init__(self, hits: list[Hit], entries: dict[str, Entry]) -> None:
        self._hits, self._entries = hits, entries

    def best(self, topic: str | None, floor: float, margin: float | None) -> Entry | None:
        """The entry that answers: among the entries of `topic` (all entries if None), the best
        one, if its closest question is at least `floor` similar and (unless `margin` is None)
        no less than `margin` above the closest question of the topic's general answer (of any
        topic's, when `topic` is None)."""
        general = [h for h in self._hits if h.id.startswith(TOPIC_PREFIX)
                   and (topic is None or h.id == TOPIC_PREFIX + topic)]
        best_entry = next((h for h in self._hits if h.id in self._entries
                           and (topic is None or self._entries[h.id].topic == topic)), None)
        if best_entry is None or best_entry.question_similarity < floor:
            return None
        best_general = max((h.question_similarity for h in general), default=-1.0)
        if margin is not None and best_entry.question_similarity < best_general + margin:
            return None
        return self._entries[best_entry.id]

    def closest(self, top: int, floor: float) -> list[Entry]:
        """Up to `top` entries whose closest question is at least `floor` similar, best first."""
        return [self._entries[h.id] for h in self._hits
                if h.id in self._entries and h.question_similarity >= floor][:top]
