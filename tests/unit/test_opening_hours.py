"""Open now / opens next, on frozen clocks in Asia/Tokyo."""

import datetime as dt

import pytest

from knowledge.opening_hours import TOKYO, WeeklyHours, open_status, parse_period

YEAR_END = frozenset(["12-29", "12-30", "12-31", "01-01", "01-02", "01-03"])
WEEKDAYS_0930 = {day: (parse_period("09:30-17:00"),) for day in ("mon", "tue", "thu", "fri")}
HELP_DESK = WeeklyHours({**WEEKDAYS_0930, "wed": (parse_period("09:30-19:00"),)},
                        closed_on_public_holidays=True, closed_dates=YEAR_END)
NIGHT_CLINIC = WeeklyHours({day: (parse_period("19:00-07:00"),)
                            for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
                           closed_on_public_holidays=False)
LUNCH_BREAK = WeeklyHours({"mon": (parse_period("09:00-12:00"), parse_period("13:00-17:00"))})


def at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=TOKYO)


def test_a_weekday_morning_is_open_until_five():
    status = open_status(HELP_DESK, at("2026-11-26T10:00"))  # Thursday
    assert status.open_now and status.closes_at == at("2026-11-26T17:00")


def test_wednesday_evening_is_open_until_seven():
    status = open_status(HELP_DESK, at("2026-11-25T18:30"))
    assert status.open_now and status.closes_at == at("2026-11-25T19:00")


def test_just_before_closing_is_still_open_and_closing_time_is_closed():
    assert open_status(HELP_DESK, at("2026-11-27T16:59")).open_now
    after = open_status(HELP_DESK, at("2026-11-27T17:00"))
    assert not after.open_now and after.opens_at == at("2026-11-30T09:30")  # next Monday


def test_on_sunday_it_says_when_it_opens_next():
    status = open_status(HELP_DESK, at("2026-11-29T11:00"))
    assert not status.open_now and status.opens_at == at("2026-11-30T09:30")


def test_a_public_holiday_is_closed():
    status = open_status(HELP_DESK, at("2026-11-23T10:00"))  # Labour Thanksgiving Day, a Monday
    assert not status.open_now and status.opens_at == at("2026-11-24T09:30")


def test_the_year_end_closure_runs_to_january_fourth():
    status = open_status(HELP_DESK, at("2026-12-30T10:00"))
    assert not status.open_now
    assert status.opens_at == at("2027-01-04T09:30")  # Monday after the closure


def test_an_overnight_clinic_is_open_after_midnight():
    status = open_status(NIGHT_CLINIC, at("2026-11-29T03:00"))
    assert status.open_now and status.closes_at == at("2026-11-29T07:00")
    assert open_status(NIGHT_CLINIC, at("2026-11-23T20:00")).open_now  # holidays too


def test_a_lunch_break_is_closed_and_reopens_at_one():
    status = open_status(LUNCH_BREAK, at("2026-11-30T12:15"))
    assert not status.open_now and status.opens_at == at("2026-11-30T13:00")


def test_a_time_in_another_zone_is_read_in_tokyo():
    utc_night = dt.datetime(2026, 11, 26, 1, 0, tzinfo=dt.timezone.utc)  # 10:00 in Tokyo
    assert open_status(HELP_DESK, utc_night).open_now


@pytest.mark.parametrize("bad", ["9:30-17:00x", "17:00-17:00", "25:00-26:00", "nine to five"])
def test_bad_periods_are_refused(bad):
    with pytest.raises(ValueError):
        parse_period(bad)


def test_a_place_open_all_day_is_open_at_midnight():
    always = WeeklyHours({day: (parse_period("00:00-24:00"),) for day in
                          ("mon", "tue", "wed", "thu", "fri", "sat", "sun")},
                         closed_on_public_holidays=False)
    assert open_status(always, at("2026-11-29T00:00")).open_now
    assert open_status(always, at("2026-11-29T23:59")).open_now


DV_CENTER = WeeklyHours({**{day: (parse_period("08:45-20:00"),)
                            for day in ("mon", "tue", "wed", "thu", "fri")},
                         "sat": (parse_period("11:00-17:00"),), "sun": (parse_period("11:00-17:00"),)},
                        closed_on_public_holidays=False, closed_dates=YEAR_END,
                        holiday_periods=(parse_period("11:00-17:00"),))


def test_a_public_holiday_on_a_weekday_has_the_holiday_hours():
    status = open_status(DV_CENTER, at("2027-01-11T09:00"))  # Coming of Age Day, a Monday
    assert not status.open_now and status.opens_at == at("2027-01-11T11:00")
    assert open_status(DV_CENTER, at("2027-01-11T16:00")).closes_at == at("2027-01-11T17:00")


def test_the_year_end_closure_wins_over_holiday_hours():
    status = open_status(DV_CENTER, at("2027-01-01T12:00"))  # New Year's Day, a holiday
    assert not status.open_now and status.opens_at == at("2027-01-04T08:45")
