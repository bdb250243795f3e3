"""Staff-written FAQ entries (`knowledge/faq/entries/*.yml`): one specific question and its
answer each, found by meaning (knowledge/retriever.py) without retraining. Schema and checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from knowledge import FAQ_DIR
from knowledge.easy_japanese import with_readings
from knowledge.faq import REQUIRED_LANGUAGES, SOURCE_SCHEMA, TRANSLATED_SCHEMA, Source, topic_ids
from knowledge.yaml_lines import (KnowledgeError, first_of_each_id, line_of, load, plain,
                                   schema_problems)

ENTRIES_DIR = FAQ_DIR / "entries"

_LANGUAGE_CODE = r"^[a-z]{2}(-easy)?$"
_TEXT = {"type": "string", "pattern": r"\S"}
ENTRY_SCHEMA = {
    "type": "object",
    "required": ["id", "topic", "question", "answer", "sources", "last_reviewed"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$"},
        "topic": {"type": "string"},
        "question": {"type": "object", "minProperties": 1,
                     "propertyNames": {"pattern": _LANGUAGE_CODE}, "additionalProperties": _TEXT},
        "also": {"type": "array", "items": _TEXT},
        "answer": {"type": "object", "required": list(REQUIRED_LANGUAGES),
                   "propertyNames": {"pattern": _LANGUAGE_CODE}, "additionalProperties": _TEXT},
        "translated": TRANSLATED_SCHEMA,
        "sources": {"type": "array", "minItems": 1, "items": SOURCE_SCHEMA},
        "places": {"type": "array", "items": {"type": "string", "pattern": r"^[a-z0-9_]+$"}},
        "last_reviewed": {"type": "string", "format": "date"},
    },
}
FILE_SCHEMA = {"type": "object", "required": ["entries"], "additionalProperties": False,
               "properties": {"entries": {"type": "array", "items": ENTRY_SCHEMA}}}


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    question: dict[str, str]  # language -> the question as staff wrote it
    also: tuple[str, ...]  # other ways people ask it, any language
    answer: dict[str, str]
    sources: tuple[Source, ...]
    places: tuple[str, ...] = ()
    last_reviewed: str = ""

    def questions(self) -> list[str]:
        return [*self.question.values(), *self.also]

    def question_in(self, language: str) -> str:
        return with_readings(self.question.get(language) or self.question.get("en")
                             or next(iter(self.question.values())))

    def answer_in(self, language: str) -> str:
        """The answer in `language`, else English (the shared fallback), trimmed, names with
        their readings."""
        return with_readings(self.answer.get(language) or self.answer["en"]).strip()


def entry_files(directory: Path = ENTRIES_DIR) -> list[Path]:
    return sorted(directory.glob("*.yml"))


def _entry(data: dict) -> Entry:
    return Entry(
        id=data["id"], topic=data["topic"],
        question={lang: text.strip() for lang, text in data["question"].items()},
        also=tuple(text.strip() for text in data.get("also", [])),
        answer=data["answer"],
        sources=tuple(Source(s["url"], s.get("title", ""), s["checked"]) for s in data["sources"]),
        places=tuple(data.get("places", [])), last_reviewed=data["last_reviewed"],
    )


def check_entries_file(path: Path) -> tuple[list[KnowledgeError], list[tuple[Entry, int]]]:
    """Problems of one entries file on its own, and each good entry with its line.

    A broken entry is reported and left out; the other entries of the file stay in service."""
    try:
        document = load(path)
    except KnowledgeError as error:
        return [error], []
    data = plain(document)
    if data is None:
        return [], []  # an empty file holds no entries
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        return [KnowledgeError(path, 1, "an entries file is a mapping: entries: [...]")], []
    problems, good = [], []
    known_topics = set(topic_ids())
    for index, item in enumerate(data["entries"]):
        where = ["entries", index]
        found = schema_problems(path, document, {"entries": [item]}, FILE_SCHEMA)
        found = [KnowledgeError(path, line_of(document, where + _after_index(p.message)),
                                p.message.replace("entries.0", f"entries.{index}", 1))
                 for p in found]
        if not found and item["topic"] not in known_topics:
            found.append(KnowledgeError(path, line_of(document, where + ["topic"]),
                                        f"unknown topic id '{item['topic']}' (see taxonomy.yml)"))
        problems += found
        if not found:
            good.append((_entry(item), line_of(document, where + ["id"])))
    return problems, good


def _after_index(message: str) -> list:
    """The path inside one entry named by a schema message ("entries.0.answer.en: …")."""
    place = message.split(":", 1)[0].split(".")
    return [int(step) if step.isdigit() else step for step in place[2:]]


def load_entries(directory: Path = ENTRIES_DIR) -> tuple[list[KnowledgeError], list[Entry]]:
    """Every good entry of every file, and every problem (duplicate ids too)."""
    problems: list[KnowledgeError] = []
    found = {}
    for path in entry_files(directory):
        file_problems, found[path] = check_entries_file(path)
        problems += file_problems
    duplicates, entries = first_of_each_id(found, "entry id")
    return problems + duplicates, entries
