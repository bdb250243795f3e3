"""The words around directory facts (open now, phone, map, dates) in the reply language, from
the phrase files (knowledge/phrases.py)."""

from __future__ import annotations

import datetime as dt

from knowledge import phrases


def phrase(language: str, key: str, **values) -> str:
    return phrases.phrase(language, "places", key, **values)


def field_names(language: str, fields) -> str:
    return list_of([phrases.raw(language, "fields", f) for f in fields], language)


def list_of(names: list[str], language: str) -> str:
    """Names joined the way the reply language writes a list."""
    return phrases.raw(language, "places", "list_separator").join(names)


def clock(moment: dt.time | dt.datetime, language: str) -> str:
    """A time as the reply language writes it: 9:30, or ごぜん 9じ30ぷん in Easy Japanese."""
    halves = phrases.raw(language, "places", "halves") or ["", ""]
    counters = phrases.raw(language, "places", "minute_counters") or [""] * 10
    minute = moment.minute
    return phrase(language, "clock", hour=moment.hour, minute=f"{minute:02d}",
                  hour12=moment.hour - 12 if moment.hour > 12 else moment.hour,
                  half=halves[moment.hour >= 12],
                  minute_word=f"{minute}{counters[minute % 10]}" if minute else "")


def when(moment: dt.datetime, now: dt.datetime, language: str) -> str:
    """ "today 9:30", "tomorrow 9:30", "Mon 1 Dec 9:30" / 「12月1日(月) 9:30」."""
    time = clock(moment, language)
    days = (moment.date() - now.date()).days
    if days in (0, 1):
        return f"{phrase(language, 'today' if days == 0 else 'tomorrow')} {time}"
    months = phrases.raw(language, "places", "months")
    date = phrase(language, "date", weekday=phrases.raw(language, "places", "weekdays")[moment.weekday()],
                  day=moment.day, month=moment.month, month_name=months[moment.month - 1])
    return f"{date} {time}"
