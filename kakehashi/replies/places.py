"""Choosing places from the directory and describing them: name, open now, languages today,
address with a map link, phone."""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import quote

from kakehashi.replies.words import clock, field_names, list_of, phrase, when
from knowledge.countries import display_name, name_script
from knowledge.easy_japanese import with_readings
from knowledge.opening_hours import TOKYO, WEEKDAYS, open_status
from knowledge.services import Service

MAX_PLACES = 3


def tokyo_now() -> dt.datetime:
    return dt.datetime.now(TOKYO)


def speaks(service: Service, language: str | None, day: str) -> bool:
    return bool(language) and any(
        lang.code == language and lang.spoken_on(day) for lang in service.languages)


def choose_places(services: list[Service], wanted_language: str | None, now: dt.datetime,
                  limit: int = MAX_PLACES, first: bool = False) -> list[Service]:
    """The best places first: those that speak the wanted language today, then those open now,
    then in the order given (the most specific first). `first`: the first place given stays
    first (the person's own ward office)."""
    day = WEEKDAYS[now.weekday()]

    def rank(indexed):
        position, service = indexed
        is_open = service.hours is not None and open_status(service.hours, now).open_now
        return (not (first and position == 0), not speaks(service, wanted_language, day),
                not is_open, position)

    return [service for _, service in sorted(enumerate(services), key=rank)[:limit]]


def status_line(service: Service, now: dt.datetime, language: str) -> str:
    if service.hours is None:
        return phrase(language, "hours_unknown")
    status = open_status(service.hours, now)
    if status.open_now:
        return phrase(language, "open_until", time=clock(status.closes_at, language))
    if status.opens_at:
        return phrase(language, "opens_at", when=when(status.opens_at, now, language))
    return phrase(language, "closed")


def languages_today(service: Service, now: dt.datetime, language: str) -> str:
    day = WEEKDAYS[now.weekday()]
    codes = [lang.code for lang in service.languages if lang.spoken_on(day)]
    return list_of([display_name("languages", code, language) for code in dict.fromkeys(codes)],
                   language)


def map_search(service: Service) -> str:
    """A map search for the place's address (Japanese, which maps find best)."""
    address = service.address["ja"] or service.address["en"]
    return f"https://www.google.com/maps/search/?api=1&query={quote(address)}"


def map_link(service: Service) -> str:
    """The link a reply shows: short, through this server (`/webhooks/widget/map/<id>`), when
    KAKEHASHI_PUBLIC_URL says where residents reach it; else the map search itself (150+
    characters for a Japanese address)."""
    public = os.environ.get("KAKEHASHI_PUBLIC_URL", "").rstrip("/")
    return f"{public}/webhooks/widget/map/{service.id}" if public else map_search(service)


def in_language(texts: dict[str, str], language: str) -> str:
    """A directory text (name, note) in the reply language where the directory has it (Easy
    Japanese, with its readings), else in the language's script."""
    return with_readings(texts.get(language) or texts[name_script(language)])


def place_name(service: Service, language: str) -> str:
    """The name in the reply language; in a language the directory has no names in (zh, vi, ko),
    the English name with the Japanese one that residents find on signs."""
    script = name_script(language)
    if language in ("ja", "ja-easy", "en") or service.name["ja"] == service.name[script]:
        return in_language(service.name, language)
    return f"{service.name[script]} ({service.name['ja']})"


def describe(service: Service, now: dt.datetime, language: str) -> str:
    """A few lines about one place, only with the facts the directory has."""
    script = name_script(language)
    lines = [f"■ {place_name(service, language)}", status_line(service, now, language)]
    spoken = languages_today(service, now, language)
    if spoken:
        lines.append(phrase(language, "languages_today", languages=spoken))
    if service.address:
        address = service.address[script] or service.address["ja"]
        lines.append(f"{phrase(language, 'address')}: {address}")
        lines.append(f"{phrase(language, 'map')}: {map_link(service)}")
    if service.access:
        lines.append(f"{phrase(language, 'access')}: {service.access[script]}")
    if service.phone:
        lines.append(f"{phrase(language, 'phone')}: {service.phone}")
    for section in service.section_phones:
        lines.append(f"{section['name'][script]}: {section['phone']}")
    if service.web:
        lines.append(f"{phrase(language, 'web')}: {service.web}")
    if service.note:
        lines.append(in_language(service.note, language))
    if service.secondary:
        lines.append(phrase(language, "to_confirm", fields=field_names(language, service.secondary)))
    return "\n".join(lines)


def card(service: Service, now: dt.datetime, language: str, wanted_language: str | None) -> str:
    """A place in two or three short lines: its name, open now or when it opens (and whether it
    speaks the person's language today), its phone and a map. The rest is one tap away
    (`describe`, through the "more about this place" button)."""
    day = WEEKDAYS[now.weekday()]
    status = [status_line(service, now, language)]
    if wanted_language not in (None, "ja") and speaks(service, wanted_language, day):
        status.append(phrase(language, "speaks_today",
                             spoken=display_name("languages", wanted_language, language)))
    if service.phone:
        status.append(f"{phrase(language, 'phone')}: {service.phone}")
    lines = [f"■ {place_name(service, language)}", " · ".join(status)]
    if service.address:
        lines.append(f"{phrase(language, 'map')}: {map_link(service)}")
    return "\n".join(lines)


def describe_places(services: list[Service], now: dt.datetime, language: str,
                    wanted_language: str | None = None, compact: bool = False) -> str:
    """The places with their details (one message each), or as compact cards in one message."""
    if compact:
        cards = [card(service, now, language, wanted_language) for service in services]
        return "\n".join([phrase(language, "where_to_go"), *cards])
    blocks = [describe(service, now, language) for service in services]
    return "\n\n".join([phrase(language, "where_to_go"), *blocks])
