"""The staff's directory (knowledge/services/) against expectations written from the sources.

`expected_open/<file>.tsv` says, for every place of `knowledge/services/<file>.yml`, whether its
source page has it open at four moments that catch the usual mistakes: the year-end closure, the
first working day of the year, a Saturday and a public holiday (Coming of Age Day). The tables
were written from the pages, not from the YAML: when a file and its table disagree, one of them
is wrong, and the page decides.
"""

import csv
import datetime as dt
from pathlib import Path

import pytest

from knowledge.opening_hours import TOKYO, open_status
from knowledge.services import SERVICES_DIR, check_services_file

EXPECTED = Path(__file__).resolve().parent / "expected_open"
MOMENTS = ["2026-12-30 10:00", "2027-01-04 10:00", "2026-12-05 10:00", "2027-01-11 10:00"]


def _rows():
    for table in sorted(EXPECTED.glob("*.tsv")):
        with table.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                for moment in MOMENTS:
                    yield pytest.param(table.stem, row["place"], moment, row[moment].strip(),
                                       id=f"{row['place']}@{moment}")


def _services(stem: str) -> dict:
    problems, entries = check_services_file(SERVICES_DIR / f"{stem}.yml")
    assert not problems, problems
    return {service.id: service for service, _ in entries}


def test_every_directory_file_has_its_table_and_every_place_a_row():
    for path in sorted(SERVICES_DIR.glob("*.yml")):
        table = EXPECTED / f"{path.stem}.tsv"
        assert table.exists(), f"no expectations for {path.name}"
        with table.open(encoding="utf-8", newline="") as handle:
            listed = {row["place"] for row in csv.DictReader(handle, delimiter="\t")}
        assert listed == set(_services(path.stem)), path.name


@pytest.mark.parametrize("stem, place, moment, expected", list(_rows()))
def test_open_or_closed_as_the_source_says(stem, place, moment, expected):
    service = _services(stem)[place]
    now = dt.datetime.strptime(moment, "%Y-%m-%d %H:%M").replace(tzinfo=TOKYO)
    if service.hours is None:
        found = "unknown"
    else:
        found = "open" if open_status(service.hours, now).open_now else "closed"
    assert found == expected, f"{place} at {moment}"
