"""The routing actions on the fixture directory (tests/fixtures/services), with a frozen clock."""

import datetime as dt
import shutil
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import actions
from kakehashi.replies import places, routing
from knowledge.directory import Directory
from knowledge.opening_hours import TOKYO

FIXTURE_SERVICES = Path(__file__).resolve().parent.parent / "fixtures" / "services"

SUNDAY_NOON = dt.datetime(2026, 11, 29, 12, 0, tzinfo=TOKYO)
WEDNESDAY_6PM = dt.datetime(2026, 11, 25, 18, 0, tzinfo=TOKYO)


@pytest.fixture(autouse=True)
def directory(tmp_path, monkeypatch):
    monkeypatch.setattr(routing, "DIRECTORY",
                        Directory(f"sqlite:///{tmp_path / 'd.db'}", FIXTURE_SERVICES))


def tracker(text, intent, slots=None, entities=()):
    return Tracker(
        "test", {"language": "en", **(slots or {})},
        {"text": text, "intent": {"name": intent, "confidence": 0.9},
         "intent_ranking": [{"name": intent, "confidence": 0.9}], "entities": list(entities)},
        [], False, None, {}, "action_listen")


async def run(action, tracker_, now):
    places.tokyo_now = lambda: now  # restored by the fixture below
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, tracker_, {})
    return "\n".join(m.get("text") or "" for m in dispatcher.messages), events


@pytest.fixture(autouse=True)
def restore_clock():
    original = places.tokyo_now
    yield
    places.tokyo_now = original


async def test_on_sunday_asking_for_a_person_says_when_the_help_desk_opens():
    text, _ = await run(actions.ActionHumanHandoff(), tracker("I want to talk to someone", "human_handoff"),
                        SUNDAY_NOON)
    assert "Test Help Desk" in text and "011-000-0001" in text
    assert "Closed now. Opens tomorrow 9:00" in text


async def test_someone_in_vietnamese_gets_the_help_desk_and_beside_it_a_desk_open_with_vietnamese():
    text, _ = await run(actions.ActionHumanHandoff(),
                        tracker("I need to talk to someone in Vietnamese", "human_handoff",
                                {"service_language": "vi"}), WEDNESDAY_6PM)
    _, desk, beside = text.split("■")
    assert "Test Help Desk" in desk and "Closed now. Opens tomorrow 9:00" in desk
    assert "Test Evening Desk" in beside and "Open now (until 19:00)" in beside
    assert "Vietnamese" in beside and "Vietnamese" not in desk


async def test_the_chinese_consulate_question_gets_that_consulates_address_and_phone():
    text, events = await run(actions.ActionAnswerConsulate(),
                             tracker("中国の総領事館の電話番号は？", "consulate",
                                     {"language": "ja", "country": "CN"}), WEDNESDAY_6PM)
    assert "テスト中国総領事館" in text and "テスト町10丁目" in text and "011-000-0010" in text
    assert "テストロシア総領事館" not in text
    assert {"event": "slot", "name": "country_asked", "value": False, "timestamp": None} in events


async def test_a_country_without_a_consulate_gets_a_plain_statement_and_the_help_desk():
    text, _ = await run(actions.ActionAnswerConsulate(),
                        tracker("I'm from Vietnam and lost my passport", "consulate",
                                {"country": "VN"}), WEDNESDAY_6PM)
    assert "no consulate of Vietnam in Sapporo" in text
    assert "Test Help Desk" in text and "011-000-0001" in text


async def test_without_a_country_we_ask_once_and_route_the_answer():
    text, events = await run(actions.ActionAnswerConsulate(), tracker("where is my consulate", "consulate"),
                             WEDNESDAY_6PM)
    assert "Which country are you from?" in text
    assert "Test Consulate-General of China" in text  # the consulates here, named first
    assert events[-1]["name"] == "country_asked" and events[-1]["value"] is True
    answer = tracker("Russia", "nlu_fallback", {"country": "RU", "country_asked": True},
                     [{"entity": "country", "value": "RU"}])
    text, _ = await run(actions.ActionFallback(), answer, WEDNESDAY_6PM)
    assert "Test Consulate-General of Russia" in text and "011-000-0011" in text
    assert "Russian" in text  # spoken there today


def test_places_are_described_anew_when_the_minute_or_the_directory_changes(tmp_path, monkeypatch):
    files = tmp_path / "services"
    shutil.copytree(FIXTURE_SERVICES, files)
    monkeypatch.setattr(routing, "DIRECTORY", Directory(f"sqlite:///{tmp_path / 'e.db'}", files,
                                                        check_interval=0))
    just_before_5pm = dt.datetime(2026, 12, 1, 16, 59, 30, tzinfo=TOKYO)  # a Tuesday
    before = routing.places_for_topic("plaza_counter", (), None, "en", None, just_before_5pm).text
    assert "Open now (until 17:00)" in before
    after_5pm = routing.places_for_topic("plaza_counter", (), None, "en", None,
                                         just_before_5pm + dt.timedelta(seconds=40)).text
    assert "Open now (until 17:00)" not in after_5pm and "Opens tomorrow 9:00" in after_5pm
    desk = files / "fixture.yml"
    desk.write_text(desk.read_text(encoding="utf-8").replace("011-000-0001", "011-000-0009"),
                    encoding="utf-8")
    edited = routing.places_for_topic("plaza_counter", (), None, "en", None,
                                      just_before_5pm + dt.timedelta(seconds=45)).text
    assert "011-000-0001" in after_5pm
    assert "011-000-0009" in edited and "011-000-0001" not in edited
