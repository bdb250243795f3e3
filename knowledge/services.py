"""The service directory files (`knowledge/services/*.yml`): schema, loading and checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from knowledge import KNOWLEDGE_DIR
from knowledge.faq import SERVICE_KINDS, topic_ids
from knowledge.opening_hours import WEEKDAYS, WeeklyHours, parse_period
from knowledge.yaml_lines import (KnowledgeError, first_of_each_id, line_of, load, plain,
                                   schema_problems)

SERVICES_DIR = KNOWLEDGE_DIR / "services"
ALL_TOPICS = "all"
FACT_FIELDS = ["address", "phone", "email", "hours", "languages", "countries", "access",
               "section_phones"]
# The ten wards of Sapporo; a place with `wards` serves only the residents of those wards.
WARDS = ["chuo", "kita", "higashi", "shiroishi", "atsubetsu", "toyohira", "kiyota", "minami",
         "nishi", "teine"]

_TEXTS = {"type": "object", "required": ["ja", "en"],
          "properties": {"ja": {"type": "string"}, "en": {"type": "string"}}}
_OPTIONAL_TEXTS = {"oneOf": [{"type": "null"}, _TEXTS]}
_PERIOD = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$"}
_PHONE = {"type": "string", "pattern": r"^(#?\d[\d-]*\d|\d{3})$"}
SERVICE_SCHEMA = {
    "type": "object",
    "required": ["id", "name", "kind", "topics", "languages", "sources", "last_reviewed"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^[a-z0-9_]+$"},
        "name": _TEXTS,
        "kind": {"enum": SERVICE_KINDS},
        "help_desk": {"type": "boolean"},
        "topics": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "languages": {"type": "array", "items": {
            "type": "object", "required": ["code"], "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "pattern": r"^([a-z]{2}|other)$"},
                "days": {"type": "array", "items": {"enum": list(WEEKDAYS)}},
                "note": {"type": "string"},
            }}},
        "hours": {"oneOf": [{"type": "null"}, {
            "type": "object", "additionalProperties": False,
            "properties": {day: {"type": "array", "items": _PERIOD} for day in WEEKDAYS}}]},
        "holiday_hours": {"type": "array", "items": _PERIOD},
        "hours_unknown": {"type": "boolean"},
        "closed_on_public_holidays": {"type": "boolean"},
        "closed_dates": {"type": "array", "items": {
            "type": "string", "pattern": r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}},
        "address": _OPTIONAL_TEXTS,
        "phone": {"oneOf": [{"type": "null"}, _PHONE]},
        "section_phones": {"type": "array", "items": {
            "type": "object", "required": ["name", "phone"], "additionalProperties": False,
            "properties": {"name": _TEXTS, "phone": _PHONE}}},
        "email": {"type": ["string", "null"], "pattern": r"^[^@\s]+@[^@\s]+\.[a-z]+$"},
        "web": {"type": ["string", "null"], "pattern": r"^https?://\S+$"},
        "countries": {"type": "array", "items": {"type": "string", "pattern": r"^[A-Z]{2}$"}},
        "wards": {"type": "array", "items": {"enum": WARDS}},
        "access": _OPTIONAL_TEXTS,
        "note": _OPTIONAL_TEXTS,
        "confirmed": {"type": "array", "items": {"enum": FACT_FIELDS}},
        "secondary": {"type": "array", "items": {"enum": FACT_FIELDS}},
        "sources": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["url", "checked"], "additionalProperties": False,
            "properties": {"url": {"type": "string", "pattern": r"^https?://\S+$"},
                           "title": {"type": "string"},
                           "checked": {"type": "string", "format": "date"}}}},
        "last_reviewed": {"type": "string", "format": "date"},
    },
}
FILE_SCHEMA = {"type": "object", "required": ["services"], "additionalProperties": False,
               "properties": {"services": {"type": "array", "items": SERVICE_SCHEMA}}}


@dataclass(frozen=True)
class Language:
    code: str
    days: tuple[str, ...] = ()  # empty: every opening day
    note: str = ""

    def spoken_on(self, weekday: str) -> bool:
        return not self.days or weekday in self.days


@dataclass(frozen=True)
class Service:
    id: str
    name: dict[str, str]
    kind: str
    topics: tuple[str, ...]
    languages: tuple[Language, ...]
    hours: WeeklyHours | None  # None: hours unknown
    address: dict[str, str] | None = None
    phone: str | None = None
    email: str | None = None
    web: str | None = None
    countries: tuple[str, ...] = ()
    wards: tuple[str, ...] = ()  # empty: serves residents of every ward
    access: dict[str, str] | None = None  # nearest station
    section_phones: tuple[dict, ...] = ()  # {name: {ja, en}, phone}
    note: dict[str, str] | None = None
    confirmed: tuple[str, ...] = ()
    secondary: tuple[str, ...] = ()
    sources: tuple[dict, ...] = field(default=())
    last_reviewed: str = ""
    help_desk: bool = False  # the desk residents are sent to when nothing else fits
    entry: dict = field(default_factory=dict, compare=False, repr=False)  # as written in the file

    def serves(self, topic: str) -> bool:
        return topic in self.topics or ALL_TOPICS in self.topics

    def serves_ward(self, ward: str | None) -> bool:
        """Whether a resident of `ward` (None: not known) may go here."""
        return not self.wards or ward in self.wards


def the_help_desk(services: list[Service]) -> Service | None:
    """The place marked `help_desk: true` (the first one, if staff marked several)."""
    return next((s for s in services if s.help_desk), None)


def service_files(directory: Path = SERVICES_DIR) -> list[Path]:
    return sorted(directory.glob("*.yml"))


def service_from_dict(data: dict) -> Service:
    hours = None
    if data.get("hours") is not None and not data.get("hours_unknown"):
        hours = WeeklyHours(
            periods={day: tuple(sorted(parse_period(p) for p in periods))
                     for day, periods in data["hours"].items()},
            closed_on_public_holidays=data.get("closed_on_public_holidays", True),
            closed_dates=frozenset(data.get("closed_dates", [])),
            holiday_periods=tuple(sorted(parse_period(p) for p in data.get("holiday_hours", []))),
        )
    return Service(
        id=data["id"], name=data["name"], kind=data["kind"], topics=tuple(data["topics"]),
        languages=tuple(Language(lang["code"], tuple(lang.get("days", [])), lang.get("note", ""))
                        for lang in data["languages"]),
        hours=hours, address=data.get("address"), phone=data.get("phone"),
        email=data.get("email"), web=data.get("web"), countries=tuple(data.get("countries", [])),
        wards=tuple(data.get("wards", [])), access=data.get("access"),
        section_phones=tuple(data.get("section_phones", [])),
        note=data.get("note"), confirmed=tuple(data.get("confirmed", [])),
        secondary=tuple(data.get("secondary", [])), sources=tuple(data["sources"]),
        last_reviewed=data["last_reviewed"], help_desk=bool(data.get("help_desk")), entry=data,
    )


def _content_problems(path, document, index: int, data: dict) -> list[KnowledgeError]:
    where = ["services", index]
    problems = []
    known = set(topic_ids()) | {ALL_TOPICS}
    for position, topic in enumerate(data["topics"]):
        if topic not in known:
            problems.append(KnowledgeError(path, line_of(document, where + ["topics", position]),
                                           f"unknown topic id '{topic}'"))
    for day, periods in (data.get("hours") or {}).items():
        for position, period in enumerate(periods):
            try:
                parse_period(period)
            except ValueError as error:
                problems.append(KnowledgeError(
                    path, line_of(document, where + ["hours", day, position]), str(error)))
    if data.get("holiday_hours") and data.get("closed_on_public_holidays", True):
        problems.append(KnowledgeError(
            path, line_of(document, where + ["holiday_hours"]),
            f"{data['id']}: `holiday_hours` needs `closed_on_public_holidays: false`"))
    for position, period in enumerate(data.get("holiday_hours", [])):
        try:
            parse_period(period)
        except ValueError as error:
            problems.append(KnowledgeError(
                path, line_of(document, where + ["holiday_hours", position]), str(error)))
    if data.get("hours") is None and not data.get("hours_unknown"):
        problems.append(KnowledgeError(path, line_of(document, where + ["id"]),
                                       f"{data['id']}: give `hours` or set `hours_unknown: true`"))
    for month_day in data.get("closed_dates", []):
        try:
            dt.date.fromisoformat(f"2024-{month_day}")
        except ValueError:
            problems.append(KnowledgeError(path, line_of(document, where + ["closed_dates"]),
                                           f"closed date '{month_day}' does not exist"))
    return problems


def check_services_file(path: Path) -> tuple[list[KnowledgeError], list[tuple[Service, int]]]:
    """Problems of one directory file, or its services with the line each starts on."""
    try:
        document = load(path)
    except KnowledgeError as error:
        return [error], []
    data = plain(document)
    problems = schema_problems(path, document, data, FILE_SCHEMA)
    if problems:
        return problems, []
    for index, entry in enumerate(data["services"]):
        problems += _content_problems(path, document, index, entry)
    if problems:
        return problems, []
    return [], [(service_from_dict(entry), line_of(document, ["services", index, "id"]))
                for index, entry in enumerate(data["services"])]


def load_directory(directory: Path = SERVICES_DIR) -> tuple[list[KnowledgeError], list[Service]]:
    """Every problem of the directory files (duplicate ids too), or all services if none."""
    problems: list[KnowledgeError] = []
    found = {}
    for path in service_files(directory):
        file_problems, found[path] = check_services_file(path)
        problems += file_problems
    duplicates, services = first_of_each_id(found)
    problems += duplicates
    return problems, ([] if problems else services)
