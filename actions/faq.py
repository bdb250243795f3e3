"""Answers from the staff-edited FAQ files, read at run time (an edited answer is live at once)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.language import DEFAULT_LANGUAGE
from knowledge import FAQ_DIR
from knowledge.faq import Topic
from knowledge.store import FaqStore

# KAKEHASHI_FAQ_DIR lets a deployment (or a test) serve answers from another folder.
FAQ = FaqStore(Path(os.environ.get("KAKEHASHI_FAQ_DIR", FAQ_DIR)))
HELP_DESK_TOPIC = "plaza_counter"
NOT_SUGGESTED = {"emergency"}
MAX_SUGGESTIONS = 3
MIN_SUGGESTION_CONFIDENCE = 0.05
TALK_TO_PERSON = {"ja": "相談窓口の人と話す", "ja-easy": "ひとと はなす", "en": "Talk to a person"}


def _language(tracker: Tracker) -> str:
    return tracker.get_slot("language") or DEFAULT_LANGUAGE


def utter_topic(dispatcher: CollectingDispatcher, topic: Topic, language: str) -> None:
    source = topic.sources[0]
    dispatcher.utter_message(
        response="utter_faq_answer",
        answer=topic.answer_in(language),
        source_title=source.title,
        source_url=source.url,
        source_checked=source.checked,
    )


def closest_topics(intent_ranking: list[dict], topics: dict[str, Topic]) -> list[Topic]:
    """The FAQ topics the classifier found most likely, best first."""
    closest = []
    for intent in intent_ranking:
        name, confidence = intent.get("name"), intent.get("confidence") or 0.0
        if name in topics and name not in NOT_SUGGESTED and confidence >= MIN_SUGGESTION_CONFIDENCE:
            closest.append(topics[name])
    return closest[:MAX_SUGGESTIONS]


class ActionAnswerFaq(Action):
    def name(self) -> str:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        topic = FAQ.topic(tracker.get_intent_of_latest_message())
        if topic is None:
            return await ActionFallback().run(dispatcher, tracker, domain)
        utter_topic(dispatcher, topic, _language(tracker))
        return []


class ActionHumanHandoff(Action):
    """"I want to talk to a person": the help desk's contact, from its FAQ answer."""

    def name(self) -> str:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        help_desk = FAQ.topic(HELP_DESK_TOPIC)
        if help_desk is not None:
            utter_topic(dispatcher, help_desk, _language(tracker))
        return []


class ActionFallback(Action):
    """Says plainly that it cannot answer, offers the closest topics and a person to talk to."""

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language = _language(tracker)
        ranking = tracker.latest_message.get("intent_ranking") or []
        buttons = [
            {"title": topic.title_in(language), "payload": f"/{topic.id}"}
            for topic in closest_topics(ranking, FAQ.topics())
        ]
        talk = TALK_TO_PERSON.get(language, TALK_TO_PERSON[DEFAULT_LANGUAGE])
        buttons.append({"title": talk, "payload": "/human_handoff"})
        dispatcher.utter_message(response="utter_fallback", buttons=buttons)
        return []
