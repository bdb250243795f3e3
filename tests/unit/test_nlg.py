"""FAQ answers and the fallback, filled in inside the Rasa server from the knowledge files."""

import datetime as dt

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select
from sqlalchemy.orm import Session

import kakehashi.rasa_server.nlg as knowledge_nlg
from kakehashi.replies import places, routing
from kakehashi.rasa_server.nlg import KnowledgeNLG
from kakehashi.tools.servers import REPO
from knowledge import unanswered
from knowledge.directory import Directory
from knowledge.e5_onnx import OnnxE5Encoder
from knowledge.encoder import CachedEncoder
from knowledge.opening_hours import TOKYO
from knowledge.phrases import sentence_in_other_language
from knowledge.store import EntryStore, FaqStore
from knowledge.training_data import build

WEDNESDAY_6PM = dt.datetime(2026, 11, 25, 18, 0, tzinfo=TOKYO)
FIXTURES = REPO / "tests" / "fixtures"


@pytest.fixture(scope="module")
def topics():
    return FaqStore(FIXTURES / "faq")


@pytest.fixture(scope="module")
def entries(tmp_path_factory, topics):
    vectors = CachedEncoder(OnnxE5Encoder(), tmp_path_factory.mktemp("vectors") / "v.db")
    return EntryStore(vectors, FIXTURES / "entries", topics)


@pytest.fixture(scope="module")
def domain(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    build(REPO / "bot", out)
    return Domain.load(str(out / "domain"))


@pytest.fixture(autouse=True)
def frozen(tmp_path, monkeypatch, topics, entries):
    monkeypatch.setattr(routing, "DIRECTORY", Directory(f"sqlite:///{tmp_path / 'd.db'}",
                                                        FIXTURES / "services"))
    monkeypatch.setattr(places, "tokyo_now", lambda: WEDNESDAY_6PM)
    monkeypatch.setattr(knowledge_nlg, "FAQ", topics)
    monkeypatch.setattr(knowledge_nlg, "ENTRIES", entries)


def tracker(domain, text, intent, ranking=(), **slots):
    events = [SlotSet(name, value) for name, value in slots.items()]
    events.append(UserUttered(text, intent={"name": intent, "confidence": 0.9},
                              parse_data={"intent_ranking": list(ranking)}))
    return DialogueStateTracker.from_events("test", events, slots=domain.slots)


async def test_an_answer_in_the_written_language_with_its_source_and_open_places(domain):
    nlg = KnowledgeNLG(domain=domain)
    message = await nlg.generate("utter_faq_answer",
                                 tracker(domain, "How do I sort garbage?", "garbage",
                                         language="en"), "rest")
    text = message["text"]
    assert text.startswith(knowledge_nlg.FAQ.topic("garbage").answer_in("en")[:40])
    assert "Source:" in text and "checked 20" in text
    assert "Where you can get help:" in text and text.count("■") >= 1


async def test_the_chosen_language_wins_over_the_written_one(domain):
    nlg = KnowledgeNLG(domain=domain)
    message = await nlg.generate("utter_faq_answer",
                                 tracker(domain, "ごみの出し方は？", "garbage", language="ja",
                                         language_choice="ja-easy"), "rest")
    assert message["text"].startswith(knowledge_nlg.FAQ.topic("garbage").answer_in("ja-easy")[:20])
    assert "くわしく:" in message["text"]


async def test_other_responses_are_rasas_templates(domain):
    nlg = KnowledgeNLG(domain=domain)
    message = await nlg.generate("utter_greet", tracker(domain, "hello", "greet", language="en"),
                                 "rest")
    assert message["text"].startswith("Hello!")


async def test_a_topic_without_a_file_gets_the_fallback(domain):
    nlg = KnowledgeNLG(domain=domain)
    message = await nlg.generate("utter_faq_answer",
                                 tracker(domain, "?", "no_such_topic", language="en"), "rest")
    assert message["text"].startswith("Sorry, I can't answer that")


async def test_the_fallback_offers_close_topics_a_person_and_keeps_the_question(domain):
    ranking = [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "housing", "confidence": 0.2},
               {"name": "emergency", "confidence": 0.1}, {"name": "garbage", "confidence": 0.08},
               {"name": "taxes", "confidence": 0.01}]
    nlg = KnowledgeNLG(domain=domain)
    message = await nlg.generate("utter_fallback",
                                 tracker(domain, "my landlord keeps my deposit <☎>", "nlu_fallback",
                                         ranking, language="en"), "rest")
    assert message["text"].startswith("Sorry, I can't answer that")
    assert "Test Help Desk" in message["text"] and "011-000-0001" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ["/housing", "/garbage", "/human_handoff"]
    assert message["buttons"][-1]["title"] == "Talk to a person"
    with Session(routing.DIRECTORY.engine) as session:
        kept = session.scalars(select(unanswered.UnansweredQuestion)).all()
        assert [(q.text, q.language, q.closest_topics) for q in kept] == [
            ("my landlord keeps my deposit <☎>", "en", [["housing", 0.2], ["garbage", 0.08]])]


async def test_naming_a_ward_after_a_question_gives_that_wards_offices(domain, tmp_path,
                                                                       monkeypatch):
    fixture = REPO / "tests" / "fixtures" / "services"
    monkeypatch.setattr(routing, "DIRECTORY", Directory(f"sqlite:///{tmp_path / 'w.db'}", fixture))
    events = [SlotSet("language", "en"),
              UserUttered("How do I register my address?", intent={"name": "moving_in_out"}),
              SlotSet("ward", "shiroishi"),
              UserUttered("I live in Shiroishi ward", intent={"name": "inform_ward"})]
    conversation = DialogueStateTracker.from_events("test", events, slots=domain.slots)
    message = await KnowledgeNLG(domain=domain).generate("utter_ward_office", conversation, "rest")
    assert message["text"].startswith("You live in Shiroishi ward")
    assert "Test Shiroishi Ward Office" in message["text"]
    assert "Kita" not in message["text"] and "Child Guidance" not in message["text"]


async def test_the_ward_reply_without_a_ward_is_the_fallback(domain):
    message = await KnowledgeNLG(domain=domain).generate(
        "utter_ward_office", tracker(domain, "I live here", "inform_ward", language="en"), "rest")
    assert message["text"].startswith("Sorry, I can't answer that")


async def test_a_question_close_to_an_entry_of_its_topic_gets_that_entry(domain):
    message = await KnowledgeNLG(domain=domain).generate(
        "utter_faq_answer", tracker(domain, "スプレー缶の捨て方を教えて", "garbage", language="ja"),
        "rest")
    assert message["text"].startswith("テスト回答：スプレー缶は中身を使い切って出します。")
    assert "Fixture spray page https://example.org/spray" in message["text"]


async def test_a_question_no_entry_matches_gets_the_topics_general_answer(domain):
    message = await KnowledgeNLG(domain=domain).generate(
        "utter_faq_answer", tracker(domain, "燃えるごみは何曜日？", "garbage", language="ja"), "rest")
    assert message["text"].startswith(knowledge_nlg.FAQ.topic("garbage").answer_in("ja")[:30])


async def test_an_entry_of_another_language_is_found_by_meaning(domain):
    message = await KnowledgeNLG(domain=domain).generate(
        "utter_faq_answer",
        tracker(domain, "Where can I throw away aerosol cans?", "garbage", language="en"), "rest")
    assert message["text"].startswith("Test answer: use spray cans up")


async def test_a_question_no_intent_matched_but_one_entry_does_gets_the_entry_and_its_places(
        domain, tmp_path, monkeypatch):
    monkeypatch.setattr(routing, "DIRECTORY", Directory(f"sqlite:///{tmp_path / 'w.db'}",
                                                        FIXTURES / "services"))
    message = await KnowledgeNLG(domain=domain).generate(
        "utter_fallback", tracker(domain, "住民票 コンビニで取れる？", "nlu_fallback", language="ja",
                                  ward="shiroishi"), "rest")
    assert message["text"].startswith("テスト回答：マイナンバーカードがあればコンビニで取れます。")
    assert "テスト白石区役所" in message["text"]
    assert [b["payload"] for b in message["buttons"]] == ['/place_details{"place": "fixture_shiroishi_office"}']
    # The entry's place is a ward office: without the person's ward, no office is guessed.
    unknown = await KnowledgeNLG(domain=domain).generate(
        "utter_fallback", tracker(domain, "住民票 コンビニで取れる？", "nlu_fallback", language="ja"),
        "rest")
    assert "テスト白石区役所" not in unknown["text"] and "何区に住んでいるか" in unknown["text"]


async def test_the_fallback_offers_the_entries_closest_to_the_question(domain):
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "garbage", "confidence": 0.3}]
    message = await KnowledgeNLG(domain=domain).generate(
        "utter_fallback", tracker(domain, "喷雾罐怎么扔", "nlu_fallback", ranking, language="en"),
        "rest")
    assert message["text"].startswith("Sorry, I can't answer that")
    assert message["buttons"][0] == {"title": "How do I throw away spray cans?",
                                     "payload": "How do I throw away spray cans?"}


async def test_a_language_we_cannot_read_gets_the_counters_that_speak_it_today(domain):
    nlg = KnowledgeNLG(domain=domain)
    guarani = await nlg.generate("utter_other_language",
                                 tracker(domain, "Mba'éichapa", "other_language", language="gn"),
                                 "rest")
    assert guarani["text"].startswith("Sorry, I cannot read this language yet.")
    assert "ごめんなさい" in guarani["text"]
    assert "Test Help Desk" in guarani["text"] and "Guarani" in guarani["text"]
    assert "011-000-0001" in guarani["text"]
    nepali = await nlg.generate("utter_other_language",
                                tracker(domain, "नमस्ते", "other_language", language="ne"), "rest")
    assert "Test Help Desk" in nepali["text"]  # nobody speaks it: the help desk, by phone interpreter
    assert nepali["text"].startswith(sentence_in_other_language("ne"))  # led by the person's language
    assert "माफ" in nepali["text"]


async def test_an_answer_is_short_and_each_place_has_its_details_one_tap_away(domain, tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr(routing, "DIRECTORY", Directory(f"sqlite:///{tmp_path / 'c.db'}",
                                                        FIXTURES / "services"))
    message = await KnowledgeNLG(domain=domain).generate(
        "utter_faq_answer", tracker(domain, "How do I sort garbage?", "garbage", language="en"), "rest")
    answer, places = message["text"].split("\n\n", 1)  # two messages: the answer, the places
    assert "Source:" in answer and "\n\n" not in places
    [card] = [c for c in places.split("■") if "Test Help Desk" in c]
    assert len(card.strip().splitlines()) <= 3 and "Phone: 011-000-0001" in card
    [button] = [b for b in message["buttons"] if "Test Help Desk" in b["title"]]
    place = button["payload"].split('"place": "')[1].rstrip('"}')
    details_tracker = tracker(domain, button["payload"], "place_details", language="en")
    details_tracker.latest_message.entities = [{"entity": "place", "value": place}]
    details = await KnowledgeNLG(domain=domain).generate("utter_place_details", details_tracker, "rest")
    assert "Test Help Desk" in details["text"] and "Languages today:" in details["text"]


async def test_a_made_up_place_gets_the_fallback_not_its_words(domain):
    made_up = tracker(domain, "/place_details", "place_details", language="en")
    made_up.latest_message.entities = [{"entity": "place", "value": "FREE VISA at evil.example"}]
    message = await KnowledgeNLG(domain=domain).generate("utter_place_details", made_up, "rest")
    assert "evil" not in message["text"] and "can't answer" in message["text"]
