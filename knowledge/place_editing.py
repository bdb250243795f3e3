"""Changing a place's facts in its directory file from the staff console: phone, opening hours
per weekday, holiday hours, closures, and the languages spoken (on which weekdays). The same
checks as `kakehashi validate` run before anything is written; the rest of the file is kept as
it was (knowledge/yaml_editing.py)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from knowledge.opening_hours import WEEKDAYS
from knowledge.services import check_services_file
from knowledge.yaml_editing import current_text, dump, round_trip_yaml, write_if_valid

EDITED_FIELDS = ("phone", "hours", "hours_unknown", "holiday_hours", "closed_on_public_holidays",
                 "closed_dates", "languages", "last_reviewed")


def _flow(items, quoted: bool = True) -> CommentedSeq:
    """A list written on one line, as the directory files write hours and dates ("09:00-17:00")."""
    seq = CommentedSeq(DoubleQuotedScalarString(item) if quoted else item for item in items)
    seq.fa.set_flow_style()
    return seq


def _styled_like(old, new):
    """`new` written in the style (one line or one item a line) `old` was written in."""
    if isinstance(new, (CommentedMap, CommentedSeq)) and hasattr(old, "fa"):
        if old.fa.flow_style():
            new.fa.set_flow_style()
        else:
            new.fa.set_block_style()
    return new


def split_list(text: str) -> list[str]:
    """ "09:00-12:00, 13:00-17:00" or one per line → the items."""
    return [item for item in re.split(r"[\s,、]+", text.strip()) if item]


def languages_text(languages: list[dict]) -> str:
    """The form's text for a place's languages: one a line, the weekdays after a colon."""
    return "\n".join(lang["code"] + (": " + " ".join(lang["days"]) if lang.get("days") else "")
                     for lang in languages)


def parse_languages(text: str) -> CommentedSeq:
    """The languages of the form's text, one a line: "ja", "vi: tue thu"."""
    languages = CommentedSeq()
    for line in text.splitlines():
        code, _, days = line.partition(":")
        if code.strip():
            language = CommentedMap(code=code.strip())
            if split_list(days):
                language["days"] = _flow(split_list(days), quoted=False)
            language.fa.set_flow_style()
            languages.append(language)
    return languages


def _keep_notes(old_languages, new_languages: CommentedSeq) -> CommentedSeq:
    """Each language keeps the note it had (the form edits codes and weekdays only)."""
    notes = {lang.get("code"): lang["note"] for lang in old_languages or [] if "note" in lang}
    for language in new_languages:
        if language["code"] in notes:
            language["note"] = notes[language["code"]]
    return new_languages


def facts_from_form(form) -> dict:
    """The edited fields from the console's form (hours_<day>, holiday_hours, closed_dates,
    languages, phone, the two check boxes)."""
    hours = CommentedMap()
    for day in WEEKDAYS:
        periods = split_list(form.get(f"hours_{day}", ""))
        if periods:
            hours[day] = _flow(periods)
    return {
        "phone": form.get("phone", "").strip() or None,
        "hours_unknown": form.get("hours_unknown") == "on",
        "hours": hours or None,
        "holiday_hours": _flow(split_list(form.get("holiday_hours", ""))),
        "closed_on_public_holidays": form.get("closed_on_public_holidays") == "on",
        "closed_dates": _flow(split_list(form.get("closed_dates", ""))),
        "languages": parse_languages(form.get("languages", "")),
    }


def with_facts(text: str, place_id: str, facts: dict, today: dt.date) -> str:
    """The file's text with the place's facts replaced and `last_reviewed` set to today; empty
    optional lists are left out rather than written empty."""
    document = round_trip_yaml().load(text)
    place = next((s for s in document["services"] if s.get("id") == place_id), None)
    if place is None:
        raise KeyError(place_id)
    for name, value in facts.items():
        if name == "languages":
            value = _keep_notes(place.get("languages"), value)
        if name in ("holiday_hours", "closed_dates") and not value:
            place.pop(name, None)
        elif name == "hours_unknown" and not value and name not in place:
            continue
        else:
            place[name] = _styled_like(place.get(name), value)
    place["last_reviewed"] = today
    return dump(document)


def _place_in(path: Path, place_id: str) -> tuple[list[str], dict | None]:
    problems, services = check_services_file(path)
    found = next((dict(s.entry) for s, _ in services if s.id == place_id), None)
    return [p.message for p in problems], found


def save_place(path: Path, place_id: str, facts: dict, opened: str, today: dt.date
               ) -> tuple[list[str], dict, dict]:
    """Writes the place's new facts unless they break a check: (problems, before, after).
    Raises EditConflict when the file is no longer the version the editor opened."""
    text = current_text(path, opened)
    _, before = _place_in(path, place_id)
    problems, after = write_if_valid(path, with_facts(text, place_id, facts, today),
                                     lambda candidate: _place_in(candidate, place_id))
    if problems:
        return problems, {}, {}
    return [], {k: before.get(k) for k in EDITED_FIELDS}, {k: after.get(k) for k in EDITED_FIELDS}
