"""Routing by ward, on the fixture directory (tests/fixtures/services) with a frozen clock."""

import datetime as dt
from pathlib import Path

import pytest

from kakehashi.replies import routing
from kakehashi.replies.words import field_names
from kakehashi.replies.places import languages_today
from knowledge.directory import Directory
from knowledge.opening_hours import TOKYO
from knowledge.services import FACT_FIELDS

FIXTURE_SERVICES = Path(__file__).resolve().parent.parent / "fixtures" / "services"
TUESDAY_10AM = dt.datetime(2026, 12, 1, 10, 0, tzinfo=TOKYO)


@pytest.fixture(autouse=True)
def directory(tmp_path, monkeypatch):
    monkeypatch.setattr(routing, "DIRECTORY",
                        Directory(f"sqlite:///{tmp_path / 'd.db'}", FIXTURE_SERVICES))


def test_without_a_ward_no_ward_office_is_guessed_and_the_ward_is_asked_for():
    text = routing.places_for_topic("moving_in_out", (), None, "en", None, TUESDAY_10AM).text
    assert "Ward Office" not in text
    assert "Test Help Desk" in text and "Which ward do you live in?" in text


def test_a_known_ward_puts_its_own_office_first_and_no_other_ward_office():
    places = routing.places_for_topic("moving_in_out", (), "en", "en", "shiroishi", TUESDAY_10AM)
    blocks = places.text.split("■")
    assert "Test Shiroishi Ward Office" in blocks[1]
    assert "Kita Ward" not in places.text and "Which ward" not in places.text
    # the station and the sections' phones are one tap away ("more about this place")
    details = routing.place_details(places.ids[0], TUESDAY_10AM, "en")
    assert "Nearest station: 1 min walk from Test Station" in details
    assert "Family Register and Resident Section: 011-000-0003" in details


def test_a_topic_without_ward_offices_does_not_ask_for_the_ward():
    text = routing.places_for_topic("garbage", (), None, "ja", None, TUESDAY_10AM).text
    assert "何区" not in text and "テスト相談窓口" in text


def test_naming_a_ward_gives_its_offices_for_the_topic_asked_before():
    childcare = routing.places_for_ward("shiroishi", "childcare", None, "ja", TUESDAY_10AM).text
    assert "テスト白石区役所" in childcare and "テスト東部児童相談所" in childcare
    sunday = dt.datetime(2026, 12, 6, 10, 0, tzinfo=TOKYO)  # both closed: no "open now" first
    own_first = routing.places_for_ward("shiroishi", None, None, "ja", sunday).text
    assert own_first.split("■")[1].startswith(" テスト白石区役所")
    atsubetsu = routing.places_for_ward("atsubetsu", "moving_in_out", None, "en", TUESDAY_10AM).text
    assert "Test East Child Guidance Center" in atsubetsu  # the only office for Atsubetsu here


def test_language_codes_are_shown_by_their_names_in_the_reply_language():
    desk = routing.DIRECTORY.get("fixture_help_desk")
    assert languages_today(desk, TUESDAY_10AM, "en") == "Japanese, English, Guarani"
    assert languages_today(desk, TUESDAY_10AM, "ja") == "日本語、英語、グアラニー語"
    assert "gn" not in languages_today(desk, TUESDAY_10AM, "ja-easy")


@pytest.mark.parametrize("language", ["ja", "ja-easy", "en"])
def test_every_kind_of_fact_can_be_named_as_to_confirm(language):
    assert len(field_names(language, FACT_FIELDS).split("、" if language != "en" else ", ")) \
        == len(FACT_FIELDS)


def test_a_card_says_when_a_place_speaks_the_persons_language_today():
    places = routing.places_for_topic("garbage", (), "gn", "zh", None, TUESDAY_10AM)
    [desk] = [card for card in places.text.split("■") if "Test Help Desk" in card]
    assert "今天可用" in desk and "瓜拉尼" in desk  # Guarani, spoken there on Tuesdays


def test_a_topics_routes_to_orders_the_kinds_of_places_it_suggests():
    medical_first = routing.places_for_topic("medical", ("medical", "help_desk"), None, "en", None,
                                             TUESDAY_10AM)
    desk_first = routing.places_for_topic("medical", ("help_desk", "medical"), None, "en", None,
                                          TUESDAY_10AM)
    assert medical_first.ids == ("fixture_clinic_line", "fixture_help_desk")
    assert desk_first.ids == ("fixture_help_desk", "fixture_clinic_line")
