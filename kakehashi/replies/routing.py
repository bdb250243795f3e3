"""Routing residents to human help: the places for a topic, a consulate for a country, the help
desk. Each reply names the places with whether they are open now, from the service directory."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from typing import NamedTuple

from sqlalchemy.exc import SQLAlchemyError

from kakehashi.replies.words import list_of, phrase
from kakehashi.replies.places import choose_places, describe, describe_places, speaks
from knowledge import served_folder
from knowledge.countries import country_names, display_name, name_script
from knowledge.directory import Directory
from knowledge.opening_hours import WEEKDAYS
from knowledge.services import Service, the_help_desk

logger = logging.getLogger(__name__)


class Places(NamedTuple):
    """Places as a reply shows them, and their ids (for "more about this place")."""
    text: str
    ids: tuple[str, ...]


def _cards(places: list[Service], now: dt.datetime, language: str,
           wanted_language: str | None) -> Places:
    return Places(describe_places(places, now, language, wanted_language, compact=True),
                  tuple(p.id for p in places))
HELP_DESK_TOPIC = "plaza_counter"
CONSULATE_TOPIC = "consulate"
# Loaded at first use (the Rasa server warms it up at start: kakehashi/rasa_server/nlg.py).
DIRECTORY = Directory(files=served_folder("services"))


def _safe(query, *args) -> list[Service]:
    """A directory query; an unreachable database means no places, not a crash."""
    try:
        return query(*args)
    except SQLAlchemyError as error:
        logger.error("directory: query failed: %s", error)
        return []


def _same_all_minute(describe_for):
    """Keeps the places' description for the rest of the minute: opening hours are in whole
    minutes, so "open now" and "opens at" cannot change before the minute or the directory does.
    `now` is the last argument. A reply without places (perhaps a database error) is not kept."""
    kept: dict[tuple, str] = {}
    kept_for = None  # (minute, directory, its generation) of what is kept

    @functools.wraps(describe_for)
    def kept_or_made(*args):
        nonlocal kept_for
        *question, now = args
        minute = now.replace(second=0, microsecond=0)
        DIRECTORY.refresh()
        if kept_for != (minute, DIRECTORY, DIRECTORY.generation):
            kept.clear()
            kept_for = (minute, DIRECTORY, DIRECTORY.generation)
        key = tuple(question)
        if key not in kept:
            reply = describe_for(*question, minute)
            if reply is None:
                return None
            kept[key] = reply
        return kept[key]

    return kept_or_made


@_same_all_minute
def places_for_topic(topic: str, kinds: tuple[str, ...], wanted_language: str | None,
                     language: str, ward: str | None, now: dt.datetime) -> Places | None:
    """The places for a topic; offices by ward only for the person's ward (their own first), then
    in the order of the kinds the topic routes to (its `routes_to`), others after them; where the
    ward is not known but matters, a question for it."""
    services = [s for s in _safe(DIRECTORY.for_topic, topic)
                if s.kind != "emergency" or topic == "emergency"]

    def order(service: Service) -> tuple[bool, int]:
        return not service.wards, kinds.index(service.kind) if service.kind in kinds else len(kinds)

    candidates = sorted((s for s in services if s.serves_ward(ward)), key=order)
    own_office_first = bool(candidates) and bool(candidates[0].wards)
    places = choose_places(candidates, wanted_language, now, first=own_office_first)
    lines = [describe_places(places, now, language, wanted_language, compact=True)] if places else []
    if ward is None and any(s.wards for s in services):
        lines.append(phrase(language, "ask_ward"))
    return Places("\n\n".join(lines), tuple(p.id for p in places)) if lines else None


@_same_all_minute
def named_places(ids: tuple[str, ...], wanted_language: str | None, language: str,
                 ward: str | None, now: dt.datetime) -> Places | None:
    """The places an entry names that serve the person's ward, those that speak the wanted
    language and are open first."""
    services = [s for s in (_safe(lambda: [DIRECTORY.get(i) for i in ids]))
                if s is not None and s.serves_ward(ward)]
    places = choose_places(services, wanted_language, now)
    return _cards(places, now, language, wanted_language) if places else None


@_same_all_minute
def places_for_ward(ward: str, topic: str | None, wanted_language: str | None, language: str,
                    now: dt.datetime) -> Places | None:
    """The offices that serve residents of `ward`: for `topic` when some do, else all of them."""
    # The ward's own office (serving that ward alone) before offices shared by several wards.
    offices = sorted((s for s in _safe(DIRECTORY.everything) if ward in s.wards),
                     key=lambda s: len(s.wards))
    for_topic = [s for s in offices if topic and s.serves(topic)]
    places = choose_places(for_topic or offices, wanted_language, now)
    return _cards(places, now, language, wanted_language) if places else None


def help_desk(wanted_language: str | None, now: dt.datetime, language: str) -> str | None:
    """The help desk, and another desk beside it when it does not speak the wanted language."""
    candidates = [s for s in _safe(DIRECTORY.for_topic, HELP_DESK_TOPIC)
                  if s.kind in ("help_desk", "public_office")]
    candidates.sort(key=lambda s: not s.help_desk)
    places = choose_places(candidates, wanted_language, now, limit=2)
    if places and not places[0].help_desk:
        places = [p for p in candidates if p.help_desk][:1] + places[:1]
    return describe_places(places, now, language) if places else None


@_same_all_minute
def speaking(code: str, language: str, now: dt.datetime) -> str | None:
    """For a language we cannot answer in: the places that speak `code` today (open first), then
    those that interpret by phone (the help desk first, then medical care), else the help desk;
    as compact cards in `language`."""
    day = WEEKDAYS[now.weekday()]
    everything = _safe(DIRECTORY.everything)
    speakers = choose_places([s for s in everything if speaks(s, code, day)], code, now, limit=2)
    by_phone = [s for s in everything if speaks(s, "other", day) and s not in speakers]
    by_phone.sort(key=lambda s: (not s.help_desk, s.kind != "medical"))
    places = speakers + choose_places(by_phone, None, now, limit=2, first=True)
    if not places:
        places = [desk for desk in [the_help_desk(everything)] if desk]
    return describe_places(places, now, language, code, compact=True) if places else None


def place_details(place_id: str, now: dt.datetime, language: str) -> str | None:
    """Everything the directory says about one place ("more about this place")."""
    # Among all places, not DIRECTORY.get: its cache is keyed by the id asked for.
    found = [s for s in _safe(DIRECTORY.everything) if s.id == place_id]
    return describe(found[0], now, language) if found else None


def help_desk_contact(now: dt.datetime, language: str) -> str | None:
    desk = the_help_desk(_safe(DIRECTORY.everything))
    return describe(desk, now, language) if desk else None


def consulate_reply(country: str | None, now: dt.datetime, language: str) -> tuple[str, bool]:
    """(text, whether we asked for the country). A country not in countries.yml (a value
    nobody should see repeated) is treated as none named."""
    if country not in country_names():
        country = None
    if not country:
        names = [s.name[name_script(language)]
                 for s in _safe(DIRECTORY.for_topic, CONSULATE_TOPIC) if s.kind == "consulate"]
        lines = [phrase(language, "consulates_here", names=list_of(names, language))] if names else []
        return "\n".join(lines + [phrase(language, "ask_country")]), True
    consulates = _safe(DIRECTORY.consulates_for, country)
    if consulates:
        return describe_places(consulates, now, language), False
    name = display_name("countries", country, language)
    lines = [phrase(language, "no_consulate", country=name)]
    served_from = (country_names().get(country) or {}).get("served_from")
    if served_from:
        where = served_from[name_script(language)]
        lines.append(phrase(language, "served_from", country=name, place=where))
    lines.append(phrase(language, "ask_help_desk"))
    contact = help_desk_contact(now, language)
    return "\n".join(lines) + (f"\n\n{contact}" if contact else ""), False
