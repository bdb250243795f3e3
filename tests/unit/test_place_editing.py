"""Changing a place's hours, closures, phone and languages from the console's form: written into
the fixture directory file with the rest kept as it was, checked like `kakehashi validate`."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from knowledge.easy_japanese import as_ruby
from knowledge.place_editing import facts_from_form, languages_text, save_place
from knowledge.services import check_services_file
from knowledge.yaml_editing import EditConflict, version

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "services" / "fixture.yml"
PLACE = "fixture_shiroishi_office"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def directory_file(tmp_path):
    return Path(shutil.copy(FIXTURE, tmp_path / "fixture.yml"))


def place(path, place_id=PLACE):
    return next(s for s, _ in check_services_file(path)[1] if s.id == place_id)


def form_of(service, **changes):
    """The form as the console fills it for `service`, with `changes` typed over it."""
    entry = service.entry
    form = {f"hours_{day}": ", ".join(periods) for day, periods in entry["hours"].items()}
    form.update(phone=entry.get("phone", ""), closed_dates=", ".join(entry.get("closed_dates", [])),
                languages=languages_text(entry["languages"]),
                closed_on_public_holidays="on" if entry.get("closed_on_public_holidays") else "")
    form.update(changes)
    return form


def test_new_hours_phone_closures_and_weekday_languages_are_written_and_served(directory_file):
    before_text = directory_file.read_text(encoding="utf-8")
    service = place(directory_file)
    form = form_of(service, hours_wed="08:45-12:00, 13:00-19:00", hours_sat="10:00-12:00",
                   phone="011-000-0099", closed_dates="12-29 12-30\n12-31",
                   languages="ja\nvi: tue thu")
    problems, before, after = save_place(directory_file, PLACE, facts_from_form(form),
                                         version(before_text), TODAY)
    assert problems == [] and before["phone"] == "011-000-0002" and after["phone"] == "011-000-0099"
    edited = place(directory_file)
    assert edited.phone == "011-000-0099" and edited.hours.closed_dates == {"12-29", "12-30", "12-31"}
    assert edited.hours.periods["wed"] == ((dt.time(8, 45), dt.time(12, 0)),
                                           (dt.time(13, 0), dt.time(19, 0)))
    assert "sat" in edited.hours.periods and edited.last_reviewed == "2026-12-01"
    vietnamese = next(lang for lang in edited.languages if lang.code == "vi")
    assert vietnamese.spoken_on("tue") and not vietnamese.spoken_on("wed")
    # Only this place's lines changed; the other places and the comments are as they were.
    after_text = directory_file.read_text(encoding="utf-8")
    assert after_text.splitlines()[:2] == before_text.splitlines()[:2]
    assert place(directory_file, "fixture_kita_office") == place(Path(FIXTURE), "fixture_kita_office")


def test_a_wrong_hour_is_reported_and_nothing_is_written(directory_file):
    text = directory_file.read_text(encoding="utf-8")
    service = place(directory_file)
    for typo in ({"hours_mon": "9-17"}, {"hours_mon": "25:00-26:00"}, {"closed_dates": "02-30"},
                 {"languages": "ja: someday"}, {"phone": "call us"}):
        problems, _, _ = save_place(directory_file, PLACE,
                                    facts_from_form(form_of(service, **typo)),
                                    version(text), TODAY)
        assert problems, typo
        assert directory_file.read_text(encoding="utf-8") == text


def test_a_place_saved_by_someone_else_since_it_was_opened_is_not_overwritten(directory_file):
    opened = version(directory_file.read_text(encoding="utf-8"))
    service = place(directory_file)
    save_place(directory_file, PLACE, facts_from_form(form_of(service, phone="011-000-0098")), opened, TODAY)
    with pytest.raises(EditConflict):
        save_place(directory_file, PLACE, facts_from_form(form_of(service, phone="011-000-0097")), opened, TODAY)
    assert place(directory_file).phone == "011-000-0098"


def test_a_language_keeps_its_note_when_its_weekdays_change(tmp_path):
    path = tmp_path / "desk.yml"
    written = FIXTURE.read_text(encoding="utf-8").replace(
        "languages: [{code: ja}, {code: en}, {code: gn}]",
        "languages: [{code: ja}, {code: en, note: by appointment}]")
    path.write_text(written, encoding="utf-8")
    service = place(path, "fixture_help_desk")
    facts = facts_from_form(form_of(service, languages="ja\nen: mon"))
    problems, _, _ = save_place(path, "fixture_help_desk", facts,
                                version(path.read_text(encoding="utf-8")), TODAY)
    english = next(lang for lang in place(path, "fixture_help_desk").languages if lang.code == "en")
    assert problems == [] and english.note == "by appointment" and english.days == ("mon",)
    before, after = written.splitlines(), path.read_text(encoding="utf-8").splitlines()
    changed = [line for line in after if line not in before]
    assert len(before) == len(after) and len(changed) == 2  # the languages and last_reviewed


def test_the_preview_shows_readings_as_ruby_and_markup_as_text():
    shown = as_ruby("保険年金課（ほけん ねんきんか） &lt;b&gt;")
    assert shown == "<ruby>保険年金課<rt>ほけん ねんきんか</rt></ruby> &lt;b&gt;"
