"""Talking to the real Rasa server over the REST channel, in all three languages."""

import re
from urllib.parse import unquote

import pytest
import requests

from knowledge import FAQ_DIR
from knowledge.entries import load_entries
from knowledge.store import FaqStore
from tests.e2e.conftest import poll

pytestmark = pytest.mark.e2e

KANA = re.compile(r"[\u3040-\u30ff]")
KANJI = re.compile(r"[\u4e00-\u9fff]")


def is_english(text):
    return text and not KANA.search(text) and not KANJI.search(text)


def test_a_japanese_greeting_is_answered_in_japanese(conversation):
    reply = conversation.text("こんにちは")
    assert "こんにちは" in reply and KANJI.search(reply)


def test_an_english_greeting_is_answered_in_english(conversation):
    reply = conversation.text("hello")
    assert reply.startswith("Hello") and is_english(reply)


def test_an_easy_japanese_emergency_gets_119_in_easy_japanese(conversation):
    reply = conversation.text("きゅうきゅうしゃを よんで")
    assert "119" in reply
    kanji_share = len(KANJI.findall(reply)) / max(1, len(KANA.findall(reply)))
    assert kanji_share < 0.3, reply


def test_an_english_emergency_gets_119_and_110_in_english(conversation):
    reply = conversation.text("There's a fire in my building, help!")
    assert "119" in reply and "110" in reply and is_english(reply)


@pytest.mark.parametrize("question, language_check", [
    ("燃えるごみは何曜日に出せばいいですか", lambda t: KANJI.search(t) and "出典" in t),
    ("ごみは いつ だしますか", lambda t: "くわしく" in t),
    ("Which day is burnable garbage collected?", lambda t: "Source:" in t),
])
def test_a_garbage_question_gets_the_faq_answer_in_its_language(conversation, question,
                                                                language_check):
    reply = conversation.text(question)
    assert any(url in reply for url in garbage_sources()), reply
    assert language_check(reply), reply


def garbage_sources() -> set[str]:
    """The pages of the garbage topic and of its entries: either may answer."""
    _, entries = load_entries(FAQ_DIR / "entries")
    urls = {s.url for s in FaqStore().topic("garbage").sources}
    return urls | {s.url for e in entries if e.topic == "garbage" for s in e.sources}


def test_a_language_choice_sticks(conversation):
    assert "English" in conversation.text("English please")
    reply = conversation.text("在留カードをなくしました")
    assert "Source:" in reply and "residence card" in reply.lower()


def test_the_widget_language_in_metadata_is_followed(conversation):
    reply = conversation.text("hello", metadata={"language": "ja-easy"})
    assert "こんにちは" in reply and "くらし" in reply


def test_a_chinese_question_is_understood_and_answered_with_sources(conversation):
    reply = conversation.text("请问垃圾怎么分类？哪天扔可燃垃圾？")
    assert any(url in reply for url in garbage_sources()), reply


@pytest.mark.parametrize("question, script, source_label", [
    ("请问垃圾怎么分类？哪天扔可燃垃圾？", re.compile(r"[\u4e00-\u9fff]"), "来源"),
    ("Rác cháy được thì vứt vào ngày nào vậy?", re.compile(r"[ạảấầẩậắằẳặẹẻẽếềểệỉịọỏốồổộớờởợụủứừửựỳỷỹ]"), "Nguồn"),
    ("타는 쓰레기는 무슨 요일에 버려요?", re.compile(r"[\uac00-\ud7a3]"), "출처"),
])
def test_chinese_vietnamese_and_korean_questions_get_answers_in_their_language(
        conversation, question, script, source_label):
    reply = conversation.text(question)
    assert any(url in reply for url in garbage_sources()), reply
    answer = reply.split("\n\n")[0]  # the answer and its source, then the places
    assert script.search(answer) and not KANA.search(answer.split("（")[0][:40]), reply
    assert source_label in answer, reply


def test_a_person_writing_korean_is_sent_to_places_described_in_korean(conversation):
    reply = conversation.text("상담 창구 사람과 이야기하고 싶어요")
    assert "011-000-0001" in reply and re.search(r"[\uac00-\ud7a3]", reply), reply


def test_asking_for_a_person_gets_the_help_desk(conversation):
    reply = conversation.text("I want to talk to a real person")
    assert "Test Help Desk" in reply and "011-000-0001" in reply


def test_an_unanswerable_question_says_so_and_offers_topics_and_a_person(conversation):
    messages = conversation.say("What is the best ramen shop in Susukino?")
    assert "can't answer" in messages[0]["text"]
    payloads = [b["payload"] for m in messages for b in m.get("buttons", [])]
    assert "/human_handoff" in payloads


def last_good_kept(server_logs, path) -> int:
    """How often the Rasa server has logged `path` as broken, keeping its last good version."""
    log = (server_logs / "rasa.log").read_text(encoding="utf-8", errors="replace")
    return sum(1 for line in log.splitlines()
               if str(path) in line and "the last good version stays in service" in line)


def test_an_edited_answer_is_live_and_a_broken_edit_keeps_the_last_good_one(conversation,
                                                                          faq_dir, server_logs):
    import os

    path = faq_dir / "garbage.yml"
    original = path.read_text(encoding="utf-8")
    edited = original.replace("answer:\n  ja: |\n", "answer:\n  ja: |\n    【お知らせ】年末は収集日が変わります。\n", 1)
    try:
        path.write_text(edited, encoding="utf-8")
        assert poll(lambda: "【お知らせ】" in conversation.text("燃えるごみは何曜日ですか"))

        breaks_before = last_good_kept(server_logs, path)
        path.write_text(edited.replace("answer:", "answer: [", 1), encoding="utf-8")
        os.utime(path)

        def break_seen():
            conversation.text("燃えるごみの日を教えて")  # the store looks at its files when asked
            return last_good_kept(server_logs, path) > breaks_before

        assert poll(break_seen)
        assert "【お知らせ】" in conversation.text("燃えるごみの日を教えて")
    finally:
        path.write_text(original, encoding="utf-8")


def test_an_entry_added_edited_and_deleted_is_live_without_retraining(conversation, faq_dir):
    question = "生ごみ処理機を買うと補助金はもらえますか"
    entry_file = faq_dir / "entries" / "e2e_live.yml"
    entry = (
        "entries:\n"
        "  - id: e2e-live-entry\n"
        "    topic: garbage\n"
        f"    question: {{ja: {question}, en: Is there a subsidy for kitchen waste composters?}}\n"
        "    answer:\n"
        "      ja: E2E版1の回答です。\n"
        "      ja-easy: E2E版1の こたえです。\n"
        "      en: E2E version 1 answer.\n"
        "    sources: [{url: 'https://example.org/e2e', checked: 2026-01-05}]\n"
        "    last_reviewed: 2026-01-05\n")
    try:
        entry_file.write_text(entry, encoding="utf-8")
        assert poll(lambda: "E2E版1の回答です。" in conversation.text(question))
        entry_file.write_text(entry.replace("版1", "版2"), encoding="utf-8")
        assert poll(lambda: "E2E版2の回答です。" in conversation.text(question))
    finally:
        entry_file.unlink(missing_ok=True)
    assert poll(lambda: "E2E版" not in conversation.text(question))


def test_a_cards_map_link_is_short_and_opens_a_map_of_the_place(conversation, rasa_url):
    reply = conversation.text("How do I sort garbage?")  # the fixture's cleaning office has an address
    links = re.findall(r"(http://127\.0\.0\.1:\d+/webhooks/widget/map/[a-z0-9_]+)", reply)
    assert links, reply
    answer = requests.get(links[0], allow_redirects=False, timeout=30)
    assert answer.status_code == 302
    assert answer.headers["Location"].startswith("https://www.google.com/maps/search/?api=1&query=")
    assert unquote(answer.headers["Location"]).endswith("札幌市中央区テスト町12丁目")
    assert requests.get(f"{rasa_url}/webhooks/widget/map/nowhere", allow_redirects=False,
                        timeout=30).status_code == 404
