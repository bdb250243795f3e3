"""The staff's directory (knowledge/services/): the facts the behaviour tests used to read from it,
checked here instead. The behaviour tests run on made-up places (tests/fixtures/services/); these
checks are on the live files, so a change of phone fails here, next to the file to look at.

FACTS was written from the sources named in each row, not from the YAML (as expected_open/):
when a file and a row disagree, one of them is wrong, and the source decides.
"""

import pytest

from knowledge.faq import faq_files, parse_topic
from knowledge.services import SERVICES_DIR, check_services_file, load_directory, the_help_desk

# (file, place, field, what the field says or contains, source)
FACTS = [
    ("plaza", "sapporo_help_desk", "phone", "011-211-3678",
     "https://www.moj.go.jp/isa/content/001424630.pdf (ISA list of one-stop centres, July 2024)"),
    ("plaza", "sapporo_help_desk", "name.en", "SAPPORO Help Desk",
     "https://www.plaza-sapporo.or.jp/en/service/"),
    # The consulate's main line; 011-513-5335 is its line for emergencies only (in the note).
    ("consulates", "china_consulate_sapporo", "phone", "011-563-5563",
     "https://sapporo.china-consulate.gov.cn/jpn/lsqw/zytz/"),
    ("consulates", "china_consulate_sapporo", "address.ja", "南13条西23丁目",
     "https://sapporo.china-consulate.gov.cn/jpn/lsqw/zytz/"),
    ("consulates", "russia_consulate_sapporo", "phone", "011-561-3171",
     "http://sapporo.mid.ru/notariat_eng"),
]
# The answers given without the directory's places: "talk to a person" when the directory is
# unreachable (actions/actions.py), and the consulate answer, which names the help desk for
# every country without a consulate here.
ANSWERS_WITH_THE_HELP_DESKS_PHONE = ["plaza_counter", "consulate"]


def _place(stem: str, place_id: str):
    problems, entries = check_services_file(SERVICES_DIR / f"{stem}.yml")
    assert not problems, problems
    found = {service.id: service for service, _ in entries}
    assert place_id in found, f"no place '{place_id}' in {stem}.yml"
    return found[place_id]


def _field(service, name: str) -> str:
    field, _, language = name.partition(".")
    value = service.entry.get(field)
    return (value or {}).get(language, "") if language else (value or "")


@pytest.mark.parametrize("stem, place_id, field, expected, source", FACTS,
                         ids=[f"{place}.{field}" for _, place, field, _, _ in FACTS])
def test_the_directory_says_what_the_source_says(stem, place_id, field, expected, source):
    found = _field(_place(stem, place_id), field)
    assert expected in found, f"{stem}.yml {place_id}.{field} is {found!r}; {source} says {expected!r}"


def test_the_help_desk_is_the_sapporo_help_desk_and_has_a_phone():
    problems, services = load_directory()
    assert not problems, problems
    desk = the_help_desk(services)
    assert desk is not None and desk.id == "sapporo_help_desk"
    assert [s.id for s in services if s.help_desk] == [desk.id]  # of several, one would be ignored
    assert desk.phone  # the apology when a turn fails gives it (channels/silence.py)


@pytest.mark.parametrize("topic_id", ANSWERS_WITH_THE_HELP_DESKS_PHONE)
def test_answers_that_give_the_help_desks_phone_give_the_directorys(topic_id):
    desk = the_help_desk(load_directory()[1])
    [topic] = [t for t in (parse_topic(path)[0] for path in faq_files()) if t.id == topic_id]
    stale = [language for language, text in topic.answer.items() if desk.phone not in text]
    assert not stale, f"faq/{topic_id}.yml ({', '.join(stale)}) does not give {desk.phone}, " \
                      "the help desk's phone in the directory"
