"""A translation records the text it was made from; an edit of that text makes it due for review."""

import datetime as dt

from kakehashi.tools.servers import REPO
from knowledge.translations import fingerprint, stamp, translation_problems

ENTRY = """entries:
  - id: spray-cans
    answer:
      ja: |
        スプレー缶は燃やせるごみの日に出します。
      ja-easy: |
        スプレーかんは もやせる ごみの ひに だします。
      en: |
        Spray cans go out on burnable-garbage day.
      zh: |
        喷雾罐在可燃垃圾日扔。
    translated:
      zh: {from: ja, on: 2026-11-01}
"""


def test_a_translation_is_stamped_then_reported_when_its_source_changes(tmp_path):
    path = tmp_path / "garbage.yml"
    path.write_text(ENTRY, encoding="utf-8")
    assert ["not stamped" in p.message for p in translation_problems(path)] == [True]

    assert stamp(path, dt.date(2026, 11, 30)) == 1
    expected = fingerprint("スプレー缶は燃やせるごみの日に出します。")
    assert f'zh: {{from: ja, on: 2026-11-01, source: "{expected}"}}' in path.read_text(encoding="utf-8")
    assert translation_problems(path) == []

    path.write_text(path.read_text(encoding="utf-8").replace("燃やせるごみの日", "びん・缶の日"), "utf-8")
    [problem] = translation_problems(path)
    assert problem.line == 10 and "older than its source" in problem.message

    stamp(path, dt.date(2026, 12, 2))  # reviewed
    assert "on: 2026-12-02" in path.read_text(encoding="utf-8")
    assert translation_problems(path) == []


def test_a_translation_without_a_record_is_reported(tmp_path):
    path = tmp_path / "garbage.yml"
    path.write_text(ENTRY.replace("    translated:\n      zh: {from: ja, on: 2026-11-01}\n", ""), "utf-8")
    [problem] = translation_problems(path)
    assert "has no `translated:" in problem.message


def test_stamping_changes_nothing_but_the_records_of_a_staff_file(tmp_path):
    text = (REPO / "tests" / "fixtures" / "faq" / "garbage.yml").read_text(encoding="utf-8")
    record = "translated:\n  en: {from: ja, on: 2026-11-01}\n"
    copy = tmp_path / "garbage.yml"
    copy.write_text(text.replace("\nsources:", f"\n{record}sources:", 1), encoding="utf-8")
    assert stamp(copy, dt.date(2026, 11, 30)) == 1
    stamped = copy.read_text(encoding="utf-8")
    source = stamped.split('source: "', 1)[1][:8]
    stamped_record = record.replace("}", f', source: "{source}"}}')
    assert stamped == text.replace("\nsources:", f"\n{stamped_record}sources:", 1)
