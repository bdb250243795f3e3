"""Answers from the staff-edited FAQ files, read at run time (an edited answer is live at once),
followed by the places that can help.

Most FAQ answers are filled in inside the Rasa server (`actions.nlg`, no action-server call); the
actions here are the turns that set slots or write to the database: the consulate question, asking
for a person, and the fallback."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import places, routing
from actions.language import DEFAULT_LANGUAGE, reply_language, wanted_language
from knowledge import FAQ_DIR, unanswered
from knowledge.faq import Topic
from knowledge.store import FaqStore

# KAKEHASHI_FAQ_DIR lets a deployment (or a test) serve answers from another folder.
FAQ = FaqStore(Path(os.environ.get("KAKEHASHI_FAQ_DIR", FAQ_DIR)))
FAQ.topics()  # read the files at start-up, not on the first resident's question
NOT_SUGGESTED = {"emergency"}
MAX_SUGGESTIONS = 3
MIN_SUGGESTION_CONFIDENCE = 0.05
TALK_TO_PERSON = {"ja": "相談窓口の人と話す", "ja-easy": "ひとと はなす", "en": "Talk to a person"}


def answer_variables(topic: Topic, language: str, places: str | None = None) -> dict[str, str]:
    """What `utter_faq_answer` is filled with: the answer, its source, the places that can help."""
    source = topic.sources[0]
    return {"answer": topic.answer_in(language), "source_title": source.title,
            "source_url": source.url, "source_checked": source.checked,
            "places": f"\n\n{places}" if places else ""}


def utter_topic(dispatcher: CollectingDispatcher, topic: Topic, language: str) -> None:
    dispatcher.utter_message(response="utter_faq_answer", **answer_variables(topic, language))


def closest_topics(intent_ranking: list[dict], topics: dict[str, Topic]) -> list[Topic]:
    """The FAQ topics the classifier found most likely, best first."""
    closest = []
    for intent in intent_ranking:
        name, confidence = intent.get("name"), intent.get("confidence") or 0.0
        if name in topics and name not in NOT_SUGGESTED and confidence >= MIN_SUGGESTION_CONFIDENCE:
            closest.append(topics[name])
    return closest[:MAX_SUGGESTIONS]


def route_consulate(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict]:
    text, asked = routing.consulate_reply(tracker.get_slot("country"), places.tokyo_now(),
                                          reply_language(tracker))
    dispatcher.utter_message(text=text)
    return [SlotSet("country_asked", asked)]


class ActionAnswerConsulate(Action):
    """The consulate answer, then the consulate of the person's country; asks for it once."""

    def name(self) -> str:
        return "action_answer_consulate"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        topic = FAQ.topic(routing.CONSULATE_TOPIC)
        if topic is not None:
            utter_topic(dispatcher, topic, reply_language(tracker))
        return route_consulate(dispatcher, tracker)


class ActionHumanHandoff(Action):
    """"I want to talk to a person": the help desk, open now or when it opens, its languages."""

    def name(self) -> str:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = reply_language(tracker)
        text = routing.help_desk(wanted_language(tracker), places.tokyo_now(), language)
        help_desk_answer = FAQ.topic(routing.HELP_DESK_TOPIC)
        if text:
            dispatcher.utter_message(text=text)
        elif help_desk_answer:  # the directory is unreachable: the FAQ answer has the contact
            utter_topic(dispatcher, help_desk_answer, language)
        return []


class ActionFallback(Action):
    """Says plainly that it cannot answer, offers the closest topics and a person to talk to, and
    keeps the (masked) question for staff to review. Right after we asked for a country, a message
    naming one is routed to its consulate."""

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        entities = tracker.latest_message.get("entities") or []
        names_a_country = any(e.get("entity") == "country" for e in entities)
        if tracker.get_slot("country_asked") and names_a_country:
            return route_consulate(dispatcher, tracker)
        language = reply_language(tracker)
        ranking = tracker.latest_message.get("intent_ranking") or []
        closest = closest_topics(ranking, FAQ.topics())
        confidence = {i.get("name"): i.get("confidence") or 0.0 for i in ranking}
        unanswered.record(routing.DIRECTORY.engine, tracker.latest_message.get("text") or "",
                          language, [(t.id, confidence[t.id]) for t in closest])
        buttons = [{"title": topic.title_in(language), "payload": f"/{topic.id}"}
                   for topic in closest]
        talk = TALK_TO_PERSON.get(language, TALK_TO_PERSON[DEFAULT_LANGUAGE])
        buttons.append({"title": talk, "payload": "/human_handoff"})
        dispatcher.utter_message(response="utter_fallback", buttons=buttons)
        contact = routing.help_desk_contact(places.tokyo_now(), language)
        if contact:
            dispatcher.utter_message(text=contact)
        return []
