"""The directory database, the same tests on SQLite and on this machine's PostgreSQL."""

import logging
import os
import textwrap
import time

import pytest
from sqlalchemy import create_engine, text

from knowledge.directory import Directory

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")

SERVICES = textwrap.dedent("""\
    services:
      - id: help_desk
        name: {ja: 相談窓口, en: Help Desk}
        kind: help_desk
        topics: [all]
        languages: [{code: ja}, {code: en}, {code: vi}]
        hours: {mon: ["09:30-17:00"], wed: ["09:30-19:00"]}
        closed_dates: ["12-29", "12-30"]
        address: {ja: 札幌市中央区北1条西3丁目, en: "Kita 1 Nishi 3"}
        phone: 011-211-3678
        confirmed: [address, phone, hours]
        sources: [{url: "https://example.org/a", checked: 2024-07-01}]
        last_reviewed: 2026-11-27
      - id: china_consulate
        name: {ja: 中国総領事館, en: Consulate-General of China}
        kind: consulate
        topics: [consulate]
        languages: [{code: zh}, {code: ja}]
        hours_unknown: true
        countries: [CN]
        sources: [{url: "https://example.org/b", checked: 2026-11-27}]
        last_reviewed: 2026-11-27
    """)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'directory.db'}"
    engine = create_engine(POSTGRES_URL, future=True)
    with engine.begin() as connection:
        for table in ("directory_service_topic", "directory_service_language",
                      "directory_service_country", "directory_service"):
            connection.execute(text(f"DROP TABLE IF EXISTS {table}"))
    return POSTGRES_URL


@pytest.fixture
def files(tmp_path):
    directory = tmp_path / "services"
    directory.mkdir()
    (directory / "places.yml").write_text(SERVICES, encoding="utf-8")
    return directory


def test_places_are_found_by_topic_country_and_language(database_url, files):
    directory = Directory(database_url, files, check_interval=0)
    assert [s.id for s in directory.for_topic("garbage")] == ["help_desk"]
    assert [s.id for s in directory.for_topic("consulate")] == ["china_consulate", "help_desk"]
    assert [s.id for s in directory.consulates_for("CN")] == ["china_consulate"]
    assert directory.consulates_for("FR") == []
    desk = directory.get("help_desk")
    assert desk.phone == "011-211-3678" and desk.hours.closed_dates == {"12-29", "12-30"}
    assert directory.get("china_consulate").hours is None


def test_an_edit_is_picked_up_and_a_broken_edit_keeps_the_last_good_directory(
        database_url, files, caplog):
    directory = Directory(database_url, files, check_interval=0)
    assert directory.get("help_desk").phone == "011-211-3678"
    path = files / "places.yml"
    path.write_text(SERVICES.replace("011-211-3678", "011-000-0000"), encoding="utf-8")
    os.utime(path, (time.time() + 1, time.time() + 1))
    assert directory.get("help_desk").phone == "011-000-0000"

    broken = SERVICES.replace('["09:30-17:00"]', '["9.30 to 5"]').replace("china_consulate",
                                                                         "help_desk")
    path.write_text(broken, encoding="utf-8")
    os.utime(path, (time.time() + 2, time.time() + 2))
    with caplog.at_level(logging.ERROR):
        assert directory.get("help_desk").phone == "011-000-0000"
    assert "places.yml:7:" in caplog.text and "last good version stays in service" in caplog.text


def test_the_files_are_copied_into_the_database_tables(database_url, files):
    Directory(database_url, files, check_interval=0).get("help_desk")
    with create_engine(database_url, future=True).connect() as connection:
        topics = connection.execute(text(
            "SELECT service_id, topic FROM directory_service_topic ORDER BY service_id")).all()
        countries = connection.execute(text(
            "SELECT service_id, country FROM directory_service_country")).all()
    assert [tuple(row) for row in topics] == [("china_consulate", "consulate"), ("help_desk", "all")]
    assert [tuple(row) for row in countries] == [("china_consulate", "CN")]
