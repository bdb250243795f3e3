"""FAQ topics: the schema of a file in `knowledge/faq/`, loading and checking one file."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from knowledge import FAQ_DIR, TAXONOMY_FILE
from knowledge.easy_japanese import with_readings
from knowledge.yaml_lines import KnowledgeError, line_of, load, plain, schema_problems

REQUIRED_LANGUAGES = ("ja", "ja-easy", "en")
MIN_QUESTIONS = {"ja": 25, "en": 25, "ja-easy": 12}
SERVICE_KINDS = ["help_desk", "npo", "consulate", "public_office", "medical", "emergency"]

_LANGUAGE_CODE = r"^[a-z]{2}(-easy)?$"
_TEXTS_BY_LANGUAGE = {
    "type": "object",
    "required": list(REQUIRED_LANGUAGES),
    "propertyNames": {"pattern": _LANGUAGE_CODE},
    "additionalProperties": {"type": "string", "pattern": r"\S"},
}
# A page that says what the answer says, and the day someone opened it.
SOURCE_SCHEMA = {
    "type": "object",
    "required": ["url", "checked"],
    "additionalProperties": False,
    "properties": {
        "url": {"type": "string", "pattern": r"^https?://[^\s/]+\.[^\s]+$"},
        "title": {"type": "string"},
        "checked": {"type": "string", "format": "date"},
    },
}
# Where each translation of an answer comes from: the language it was made from, the day, and a
# fingerprint of that source text (knowledge/translations.py), so that an edit of the source
# shows which translations to review.
TRANSLATED_SCHEMA = {
    "type": "object",
    "propertyNames": {"pattern": _LANGUAGE_CODE},
    "additionalProperties": {
        "type": "object",
        "required": ["from", "on"],
        "additionalProperties": False,
        "properties": {
            "from": {"type": "string", "pattern": _LANGUAGE_CODE},
            "on": {"type": "string", "format": "date"},
            "source": {"type": "string", "pattern": r"^[0-9a-f]{8}$"},
        },
    },
}
SCHEMA = {
    "type": "object",
    "required": ["id", "title", "questions", "answer", "sources", "routes_to", "last_reviewed"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string"},
        "title": _TEXTS_BY_LANGUAGE,
        "questions": {
            "type": "object",
            "required": list(REQUIRED_LANGUAGES),
            "propertyNames": {"pattern": _LANGUAGE_CODE},
            "additionalProperties": {
                "type": "array",
                "items": {"type": "string", "pattern": r"\S"},
            },
        },
        "answer": _TEXTS_BY_LANGUAGE,
        "translated": TRANSLATED_SCHEMA,
        "sources": {"type": "array", "minItems": 1, "items": SOURCE_SCHEMA},
        "routes_to": {"type": "array", "items": {"enum": SERVICE_KINDS}},
        "last_reviewed": {"type": "string", "format": "date"},
    },
}


@dataclass(frozen=True)
class Source:
    url: str
    title: str
    checked: str


@dataclass(frozen=True)
class Topic:
    id: str
    title: dict[str, str]
    questions: dict[str, list[str]]
    answer: dict[str, str]
    sources: tuple[Source, ...]
    routes_to: tuple[str, ...]
    last_reviewed: str

    def answer_in(self, language: str) -> str:
        """The answer in `language`, else English (the shared fallback), trimmed, names with
        their readings."""
        return with_readings(self.answer.get(language) or self.answer["en"]).strip()

    def title_in(self, language: str) -> str:
        return with_readings(self.title.get(language) or self.title["en"])


@lru_cache(maxsize=1)
def topic_ids() -> tuple[str, ...]:
    """The fixed topic ids of the taxonomy."""
    return tuple(yaml.safe_load(TAXONOMY_FILE.read_text(encoding="utf-8"))["topics"])


def faq_files(directory: Path = FAQ_DIR) -> list[Path]:
    return sorted(directory.glob("*.yml"))


def _content_problems(path: Path, document, data) -> list[KnowledgeError]:
    problems = []
    if data["id"] not in topic_ids():
        problems.append(KnowledgeError(path, line_of(document, ["id"]),
                                       f"unknown topic id '{data['id']}' (see taxonomy.yml)"))
    elif path.stem != data["id"]:
        problems.append(KnowledgeError(path, line_of(document, ["id"]),
                                       f"id '{data['id']}' does not match the file name"))
    for language, minimum in MIN_QUESTIONS.items():
        count = len(data["questions"][language])
        if count < minimum:
            problems.append(KnowledgeError(
                path, line_of(document, ["questions", language]),
                f"questions.{language}: {count} questions, at least {minimum} needed"))
    return problems


def parse_topic(path: Path) -> tuple[Topic, object]:
    """Reads and checks one FAQ file; raises the first KnowledgeError found.

    Returns the topic and the round-trip document (for the line numbers of later checks)."""
    problems, topic, document = check_topic_file(path)
    if problems:
        raise problems[0]
    return topic, document


def check_topic_file(path: Path) -> tuple[list[KnowledgeError], Topic | None, object]:
    """All problems of one FAQ file on its own, and the topic if there are none."""
    try:
        document = load(path)
    except KnowledgeError as error:
        return [error], None, None
    data = plain(document)
    if not isinstance(data, dict):
        return [KnowledgeError(path, 1, "an FAQ file must be a mapping (id: …, title: …)")], None, None
    problems = schema_problems(path, document, data, SCHEMA)
    if problems:
        return problems, None, document
    problems = _content_problems(path, document, data)
    if problems:
        return problems, None, document
    topic = Topic(
        id=data["id"],
        title=data["title"],
        questions={lang: [q.strip() for q in qs] for lang, qs in data["questions"].items()},
        answer=data["answer"],
        sources=tuple(Source(s["url"], s.get("title", ""), s["checked"]) for s in data["sources"]),
        routes_to=tuple(data["routes_to"]),
        last_reviewed=data["last_reviewed"],
    )
    return [], topic, document
