"""The staff-edited FAQ files: validation messages, reloading, and the last good version."""

import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from knowledge import FAQ_DIR
from knowledge.faq import topic_ids
from knowledge.store import FaqStore
from knowledge.validation import validate_faq
from knowledge.yaml_lines import served


@pytest.fixture
def faq_copy(tmp_path):
    directory = tmp_path / "faq"
    shutil.copytree(FAQ_DIR, directory)
    return directory


def _messages(directory):
    return [str(problem) for problem in validate_faq(directory)]


def test_the_shipped_knowledge_is_valid_and_covers_every_topic():
    assert validate_faq() == []
    assert sorted(p.stem for p in FAQ_DIR.glob("*.yml")) == sorted(topic_ids())


def test_broken_yaml_is_reported_with_file_and_line(faq_copy):
    path = faq_copy / "garbage.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[4] = "  en: [unclosed"
    path.write_text("\n".join(lines), encoding="utf-8")
    [problem] = _messages(faq_copy)
    assert "garbage.yml:" in problem and "not valid YAML" in problem


def test_a_missing_answer_language_names_the_file_and_line(faq_copy):
    path = faq_copy / "taxes.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n  ja-easy: |", text.index("\nanswer:"))
    end = text.index("\n  en: |", start)
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    [problem] = _messages(faq_copy)
    answer_line = text[: text.index("\nanswer:")].count("\n") + 2
    assert problem.endswith(f"taxes.yml:{answer_line}: answer: 'ja-easy' is a required property")


def test_unknown_topic_duplicate_questions_bad_dates_and_urls_are_all_reported(faq_copy):
    text = (faq_copy / "pension.yml").read_text(encoding="utf-8")
    first_question = text.split("questions:\n  ja:\n    - ", 1)[1].split("\n", 1)[0]
    (faq_copy / "lottery.yml").write_text(text.replace("id: pension", "id: lottery"), "utf-8")
    broken = text.replace("last_reviewed: 20", "last_reviewed: 'yesterday' #", 1)
    broken = broken.replace("url: https://", "url: htp:/", 1)
    (faq_copy / "pension.yml").write_text(broken, encoding="utf-8")
    problems = "\n".join(_messages(faq_copy))
    assert "lottery.yml" in problems and "unknown topic id 'lottery'" in problems
    assert "last_reviewed: 'yesterday' is not a 'date'" in problems
    assert "sources.0.url" in problems
    # a pension question copied into the garbage file: reported with both places
    garbage = (faq_copy / "garbage.yml").read_text(encoding="utf-8")
    garbage = garbage.replace("questions:\n  ja:\n", f"questions:\n  ja:\n    - {first_question}\n", 1)
    (faq_copy / "garbage.yml").write_text(garbage, encoding="utf-8")
    (faq_copy / "pension.yml").write_text(text, encoding="utf-8")
    duplicate = [p for p in _messages(faq_copy) if first_question in p]
    assert len(duplicate) == 1
    first_line = text.splitlines().index(f"    - {first_question}") + 1
    assert f"pension.yml:{first_line}:" in duplicate[0] and "also in garbage" in duplicate[0]
    assert f"garbage.yml:{garbage.splitlines().index(f'    - {first_question}') + 1})" in duplicate[0]


def test_an_empty_answer_is_an_error(faq_copy):
    path = faq_copy / "medical.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("\n  en: |", text.index("\nanswer:"))
    end = text.index("\n  zh: |", start) if "\n  zh: |" in text[start:] else text.index("\nsources:")
    path.write_text(text[:start] + '\n  en: "  "' + text[end:], encoding="utf-8")
    assert any("answer.en" in p for p in _messages(faq_copy))


def _touch_later(path):  # mtime resolution must not hide an edit
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 1))


def test_an_edited_answer_is_served_and_a_broken_edit_keeps_the_last_good_one(faq_copy, caplog):
    store = FaqStore(faq_copy, check_interval=0)
    assert "ごみ" in store.topic("garbage").answer_in("ja")
    path = faq_copy / "garbage.yml"
    good = path.read_text(encoding="utf-8")
    edited = good.replace("answer:\n  ja: |\n", "answer:\n  ja: |\n    【更新】新しい案内です。\n", 1)
    path.write_text(edited, encoding="utf-8")
    _touch_later(path)
    assert store.topic("garbage").answer_in("ja").startswith("【更新】")

    path.write_text(edited.replace("answer:", "answer: [", 1), encoding="utf-8")
    _touch_later(path)
    assert store.topic("garbage").answer_in("ja").startswith("【更新】")
    assert "garbage.yml:" in caplog.text and "last good version" in caplog.text


def test_answers_fall_back_to_english_for_languages_staff_did_not_write():
    topic = FaqStore().topic("garbage")
    assert topic.answer_in("pt") == topic.answer_in("en")
    assert topic.answer_in("ja-easy") != topic.answer_in("en")


def test_the_store_does_not_reread_files_on_every_message(faq_copy):
    store = FaqStore(faq_copy, check_interval=60)
    store.topics()
    (faq_copy / "garbage.yml").write_text("broken: [", encoding="utf-8")
    start = time.perf_counter()
    assert store.topic("garbage") is not None
    assert time.perf_counter() - start < 0.05


def test_a_duplicate_id_in_service_is_logged_and_left_out(caplog):
    first, again = SimpleNamespace(id="x", n=1), SimpleNamespace(id="x", n=2)
    items = served({Path("a.yml"): [(first, 3)], Path("b.yml"): [(again, 7)]}, "entry id")
    assert items == [first]
    assert "b.yml:7: duplicate entry id 'x' (first at a.yml:3) (not served)" in caplog.text
