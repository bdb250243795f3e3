"""FAQ answers and the fallback, filled in inside the Rasa server from the knowledge files."""

import datetime as dt

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select
from sqlalchemy.orm import Session

from actions import faq, places, routing
from actions.nlg import KnowledgeNLG
from kakehashi.servers import REPO
from knowledge import unanswered
from knowledge.directory import Directory
from knowledge.opening_hours import TOKYO
from knowledge.training_data import build

WEDNESDAY_6PM = dt.datetime(2026, 11, 25, 18, 0, tzinfo=TOKYO)


@pytest.fixture(scope="module")
def domain(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    build(REPO / "bot", out)
    return Domain.load(str(out / "domain"))


@pytest.fixture(autouse=True)
def frozen(tmp_path, monkeypatch):
    monkeypatch.setattr(routing, "DIRECTORY", Directory(f"sqlite:///{tmp_path / 'd.db'}"))
    monkeypatch.setattr(places, "tokyo_now", lambda: WEDNESDAY_6PM)


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
    assert text.startswith(faq.FAQ.topic("garbage").answer_in("en")[:40])
    assert "Source:" in text and "checked 20" in text
    assert "Where you can get help:" in text and text.count("■") >= 1


async def test_the_chosen_language_wins_over_the_written_one(domain):
    nlg = KnowledgeNLG(domain=domain)
    message = await nlg.generate("utter_faq_answer",
                                 tracker(domain, "ごみの出し方は？", "garbage", language="ja",
                                         language_choice="ja-easy"), "rest")
    assert message["text"].startswith(faq.FAQ.topic("garbage").answer_in("ja-easy")[:20])
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
    assert "SAPPORO Help Desk" in message["text"] and "011-211-3678" in message["text"]
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
