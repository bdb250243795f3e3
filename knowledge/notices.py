"""Urgent notices (`knowledge/notices/*.yml`): what staff must tell every resident at once, in a
disaster or an outage. While a notice is active (between its `start` and `end`) the assistant puts
it before every answer and the web widget shows it as a banner. Live within a second of a save,
like every knowledge file; a broken file is reported (file:line) and the last good notices stay.

    notices:
      - id: snowstorm-2027-01-15
        start: 2027-01-15T06:00:00+09:00
        end: 2027-01-16T18:00:00+09:00
        title: {ja: 大雪警報, ja-easy: おおゆきの けいほう, en: Heavy snow warning}
        text: {ja: …, ja-easy: …, en: …}        # zh, vi, ko, … optional (English stands in)
        link: https://www.city.sapporo.jp/…      # optional
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from knowledge import KNOWLEDGE_DIR, served_folder
from knowledge.easy_japanese import with_readings
from knowledge.faq import REQUIRED_LANGUAGES
from knowledge.live_folder import LiveFolder
from knowledge.yaml_lines import KnowledgeError, load, plain, schema_problems

logger = logging.getLogger(__name__)
NOTICES_DIR = KNOWLEDGE_DIR / "notices"
_TEXTS = {"type": "object", "required": list(REQUIRED_LANGUAGES),
          "propertyNames": {"pattern": r"^[a-z]{2}(-easy)?$"},
          "additionalProperties": {"type": "string", "pattern": r"\S"}}
SCHEMA = {
    "type": "object", "required": ["notices"], "additionalProperties": False,
    "properties": {"notices": {"type": "array", "items": {
        "type": "object", "required": ["id", "start", "end", "title", "text"],
        "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$"},
            "start": {"type": "string", "format": "date-time"},
            "end": {"type": "string", "format": "date-time"},
            "title": _TEXTS, "text": _TEXTS,
            "link": {"type": "string", "pattern": r"^https://\S+$"},
        }}}},
}


@dataclass(frozen=True)
class Notice:
    id: str
    start: dt.datetime
    end: dt.datetime
    title: dict[str, str]
    text: dict[str, str]
    link: str = ""

    def active(self, now: dt.datetime) -> bool:
        return self.start <= now < self.end

    def in_language(self, language: str) -> dict[str, str]:
        """Title, text and link in `language`, else in English."""
        def pick(texts: dict[str, str]) -> str:
            return with_readings(texts.get(language) or texts["en"]).strip()

        return {"id": self.id, "title": pick(self.title), "text": pick(self.text), "link": self.link}

    def as_line(self, language: str) -> str:
        shown = self.in_language(language)
        return " ".join(part for part in (f"⚠ {shown['title']}:", shown["text"], shown["link"]) if part)


def _moment(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a time zone is needed (…+09:00)")
    return moment


def check_notices_file(path: Path) -> tuple[list[KnowledgeError], list[Notice]]:
    try:
        document = load(path)
    except KnowledgeError as error:
        return [error], []
    data = plain(document)
    if data is None:
        return [], []
    problems = schema_problems(path, document, data, SCHEMA)
    if problems:
        return problems, []
    notices = []
    for item in data["notices"]:
        try:
            start, end = _moment(item["start"]), _moment(item["end"])
        except ValueError as error:
            return [KnowledgeError(path, 1, f"{item['id']}: start/end: {error}")], []
        if end <= start:
            return [KnowledgeError(path, 1, f"{item['id']}: ends before it starts")], []
        notices.append(Notice(item["id"], start, end, item["title"], item["text"],
                              item.get("link", "")))
    return [], notices


def load_notices(directory: Path = NOTICES_DIR) -> tuple[list[KnowledgeError], list[Notice]]:
    problems, notices = [], []
    for path in sorted(directory.glob("*.yml")):
        found, good = check_notices_file(path)
        problems += found
        notices += good
    return problems, notices


class NoticeStore:
    """The notices in service, kept current as staff publish them (knowledge/live_folder.py: a
    broken file keeps its last good notices, a deleted file takes its notices down)."""

    def __init__(self, directory: Path | None = None, check_interval: float = 1.0) -> None:
        self._files = LiveFolder(directory or served_folder("notices"), check_notices_file,
                                 interval=check_interval)

    def active(self, now: dt.datetime) -> list[Notice]:
        return [notice for notices in self._files.contents().values() for notice in notices
                if notice.active(now)]
