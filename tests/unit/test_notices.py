"""Urgent notices: active between start and end, live after a save, a broken file keeps the last
good ones, and every reply carries them."""

import datetime as dt

from knowledge.notices import NoticeStore, load_notices
from knowledge.opening_hours import TOKYO

NOTICE = """notices:
  - id: snowstorm
    start: 2027-01-15T06:00:00+09:00
    end: 2027-01-16T18:00:00+09:00
    title: {ja: 大雪警報, ja-easy: "{大雪|おおゆき}の けいほう", en: Heavy snow warning}
    text: {ja: 地下鉄が遅れています。, ja-easy: ちかてつが おくれて います。, en: Subways are delayed.}
    link: https://www.city.sapporo.jp/
"""
DURING = dt.datetime(2027, 1, 15, 12, 0, tzinfo=TOKYO)


def test_a_notice_is_active_between_its_start_and_end_in_the_readers_language(tmp_path):
    (tmp_path / "snow.yml").write_text(NOTICE, encoding="utf-8")
    store = NoticeStore(tmp_path, check_interval=0)
    assert store.active(DURING - dt.timedelta(days=1)) == []
    [notice] = store.active(DURING)
    assert notice.as_line("en") == "⚠ Heavy snow warning: Subways are delayed. https://www.city.sapporo.jp/"
    assert notice.in_language("ja-easy")["title"] == "大雪（おおゆき）の けいほう"
    assert notice.in_language("vi")["text"] == "Subways are delayed."  # English stands in
    assert store.active(DURING + dt.timedelta(days=2)) == []


def test_a_broken_save_keeps_the_last_good_notices_and_a_deleted_file_takes_them_down(tmp_path):
    path = tmp_path / "snow.yml"
    path.write_text(NOTICE, encoding="utf-8")
    store = NoticeStore(tmp_path, check_interval=0)
    assert len(store.active(DURING)) == 1
    path.write_text(NOTICE.replace("end: 2027-01-16T18:00:00+09:00", "end: tomorrow"), "utf-8")
    problems, _ = load_notices(tmp_path)
    assert problems and "snow.yml" in str(problems[0])
    assert len(store.active(DURING)) == 1
    path.unlink()
    assert store.active(DURING) == []


def test_a_notice_ending_before_it_starts_or_without_a_time_zone_is_reported(tmp_path):
    (tmp_path / "a.yml").write_text(NOTICE.replace("2027-01-16T18", "2027-01-14T18"), "utf-8")
    (tmp_path / "b.yml").write_text(NOTICE.replace("+09:00\n    end", "\n    end"), "utf-8")
    messages = [p.message for p in load_notices(tmp_path)[0]]
    assert any("ends before it starts" in m for m in messages)
    assert any("time zone" in m for m in messages)


async def test_every_reply_carries_the_active_notice_and_an_emergency_keeps_119_first(
        tmp_path, monkeypatch):
    from kakehashi.rasa_server import nlg

    (tmp_path / "snow.yml").write_text(NOTICE, encoding="utf-8")
    monkeypatch.setattr(nlg, "NOTICES", NoticeStore(tmp_path, check_interval=0))
    monkeypatch.setattr(nlg.places, "tokyo_now", lambda: DURING)
    greeting = nlg.with_notices({"text": "Hello!"}, "utter_greet", "en")
    assert greeting["text"].startswith("⚠ Heavy snow warning") and greeting["text"].endswith("Hello!")
    emergency = nlg.with_notices({"text": "Call 119."}, "utter_emergency", "en")
    assert emergency["text"].startswith("Call 119.")
