"""`kakehashi validate --stale`: old sources and unchecked secondary facts, by file and line."""

import datetime as dt

from knowledge.freshness import stale_facts

TODAY = dt.date(2026, 11, 30)


def test_old_sources_and_secondary_facts_are_listed_with_their_lines(tmp_path):
    (tmp_path / "faq").mkdir()
    (tmp_path / "services").mkdir()
    (tmp_path / "faq" / "garbage.yml").write_text(
        "id: garbage\n"
        "sources:\n"
        "  - url: https://example.org/new\n"
        "    checked: 2026-06-01\n"
        "  - url: https://example.org/old\n"
        "    checked: 2024-05-20\n", encoding="utf-8")
    (tmp_path / "services" / "places.yml").write_text(
        "services:\n"
        "  - id: fresh\n"
        "    secondary: [phone]\n"
        "    sources: [{url: 'https://example.org/a', checked: 2026-11-01}]\n"
        "  - id: old\n"
        "    secondary: [hours, phone]\n"
        "    sources: [{url: 'https://example.org/b', checked: 2021-09-27}]\n", encoding="utf-8")
    found = [str(problem) for problem in stale_facts(365, TODAY, tmp_path)]
    root = tmp_path.name
    assert found == [
        f"{root}/faq/garbage.yml:5: source https://example.org/old last checked 2024-05-20",
        f"{root}/services/places.yml:7: source https://example.org/b last checked 2021-09-27",
        f"{root}/services/places.yml:6: old: secondary facts (hours, phone) not checked since "
        "2021-09-27",
    ]
    assert stale_facts(2000, TODAY, tmp_path) == []
