"""Describing and choosing places, on frozen clocks."""

import datetime as dt

from kakehashi.replies.places import choose_places, describe
from knowledge.opening_hours import TOKYO
from knowledge.services import service_from_dict


def service(**overrides):
    entry = {
        "id": "desk", "name": {"ja": "相談窓口", "en": "Help Desk"}, "kind": "help_desk",
        "topics": ["all"], "languages": [{"code": "en"}, {"code": "vi", "days": ["wed"]}],
        "hours": {"mon": ["09:30-17:00"], "wed": ["09:30-19:00"], "fri": ["09:30-17:00"]},
        "closed_dates": ["12-29"], "address": {"ja": "札幌市中央区北1条西3丁目", "en": "Kita 1 Nishi 3"},
        "phone": "011-211-3678", "sources": [{"url": "https://example.org", "checked": "2026-11-27"}],
        "last_reviewed": "2026-11-27",
    }
    return service_from_dict({**entry, **overrides})


WEDNESDAY_EVENING = dt.datetime(2026, 11, 25, 18, 0, tzinfo=TOKYO)
SUNDAY = dt.datetime(2026, 11, 29, 11, 0, tzinfo=TOKYO)


def test_an_open_place_says_until_when_and_its_languages_today():
    text = describe(service(), WEDNESDAY_EVENING, "en")
    assert "Open now (until 19:00)" in text
    assert "Languages today: English, Vietnamese" in text
    assert "Phone: 011-211-3678" in text
    assert "https://www.google.com/maps/search/?api=1&query=" in text


def test_on_sunday_a_place_says_when_it_opens_next_in_japanese():
    text = describe(service(), SUNDAY, "ja")
    assert "現在は閉まっています。次は明日 9:30から" in text
    assert "ベトナム語" not in text  # Vietnamese only on Wednesdays


def test_unknown_facts_are_left_out_and_secondary_ones_flagged():
    text = describe(service(address=None, phone=None, hours=None, hours_unknown=True,
                            secondary=["hours"]), SUNDAY, "en")
    assert "Phone" not in text and "Address" not in text
    assert "please check the official page" in text and "please confirm: hours" in text


def test_places_speaking_the_wanted_language_today_come_first():
    english_only = service(id="english", languages=[{"code": "en"}])
    vietnamese = service(id="vietnamese", languages=[{"code": "vi"}])
    chosen = choose_places([english_only, vietnamese], "vi", WEDNESDAY_EVENING)
    assert [s.id for s in chosen] == ["vietnamese", "english"]


def test_open_places_come_before_closed_ones():
    closed_now = service(id="closed", hours={"mon": ["09:00-10:00"]})
    chosen = choose_places([closed_now, service(id="open")], None, WEDNESDAY_EVENING)
    assert [s.id for s in chosen] == ["open", "closed"]
