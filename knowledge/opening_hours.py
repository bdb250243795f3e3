"""Is a place open now, and if not, when does it open next? In Asia/Tokyo, with Japanese public
holidays (the `holidays` library) and a place's own closed dates (the year-end closure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

TOKYO = ZoneInfo("Asia/Tokyo")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_LOOK_AHEAD_DAYS = 14


@dataclass(frozen=True)
class WeeklyHours:
    """When a place opens: periods per weekday, and when it is closed whatever the weekday."""

    periods: dict[str, tuple[tuple[dt.time, dt.time], ...]]  # "mon" -> ((09:30, 17:00), ...)
    closed_on_public_holidays: bool = True
    closed_dates: frozenset[str] = frozenset()  # "12-29"
    # Periods on a public holiday, whatever the weekday (only when not closed on holidays);
    # empty: the weekday's own periods.
    holiday_periods: tuple[tuple[dt.time, dt.time], ...] = ()


@dataclass(frozen=True)
class OpenStatus:
    open_now: bool
    closes_at: dt.datetime | None = None  # while open
    opens_at: dt.datetime | None = None  # while closed: the next opening within two weeks


def parse_period(text: str) -> tuple[dt.time, dt.time]:
    """ "09:30-17:00" -> (09:30, 17:00); "24:00" is the end of the day ("00:00-24:00": all day).
    Raises ValueError on anything else."""
    start, end = (part.strip() for part in text.split("-"))
    opens = dt.time.fromisoformat(start)
    closes = dt.time(0, 0) if end == "24:00" else dt.time.fromisoformat(end)
    if opens == closes and end != "24:00":
        raise ValueError(f"'{text}' opens and closes at the same time")
    return opens, closes


@lru_cache(maxsize=8)
def _japanese_holidays(year: int) -> holidays.HolidayBase:
    return holidays.Japan(years=year)


def _periods_of_day(hours: WeeklyHours, day: dt.date) -> tuple[tuple[dt.time, dt.time], ...]:
    """The periods of one date: none on a closed date, holiday hours on a public holiday."""
    if day.strftime("%m-%d") in hours.closed_dates:
        return ()
    if day in _japanese_holidays(day.year):
        if hours.closed_on_public_holidays:
            return ()
        if hours.holiday_periods:
            return hours.holiday_periods
    return hours.periods.get(WEEKDAYS[day.weekday()], ())


def _periods_starting_on(hours: WeeklyHours, day: dt.date):
    """(opens, closes) datetimes of the periods that start on `day`; overnight ones end next day."""
    for opens, closes in _periods_of_day(hours, day):
        start = dt.datetime.combine(day, opens, TOKYO)
        next_day = closes <= opens  # overnight, or until midnight
        end = dt.datetime.combine(day + dt.timedelta(days=next_day), closes, TOKYO)
        yield start, end


def open_status(hours: WeeklyHours, now: dt.datetime) -> OpenStatus:
    now = now.astimezone(TOKYO)
    today = now.date()
    for offset in range(-1, _LOOK_AHEAD_DAYS + 1):  # from yesterday, for overnight periods
        for start, end in _periods_starting_on(hours, today + dt.timedelta(days=offset)):
            if start <= now < end:
                return OpenStatus(True, closes_at=end)
            if start > now:
                return OpenStatus(False, opens_at=start)
    return OpenStatus(False)
