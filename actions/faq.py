"""The action server's turns, answered from the staff-edited knowledge read at run time: the
consulate question (asks for the person's country once, routes the answer) and "talk to a person".
FAQ answers and the fallback are made inside the Rasa server (`actions/nlg.py`), with the same
`utter_faq_answer` variables as here."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlparse
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import places, routing
from actions.phrases import phrase
from actions.language import reply_language, wanted_language
from knowledge import FAQ_DIR
from knowledge.entries import Entry
from knowledge.countries import name_script
from knowledge.faq import Source, Topic
from knowledge.store import FaqStore

# KAKEHASHI_FAQ_DIR lets a deployment (or a test) serve answers from another folder.
FAQ_FOLDER = Path(os.environ.get("KAKEHASHI_FAQ_DIR", FAQ_DIR))
FAQ = FaqStore(FAQ_FOLDER)  # read at first use (the Rasa server warms it up: actions/nlg.py)
JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def answer_variables(answered: Topic | Entry, language: str,
                     where: str | None = None) -> dict[str, str]:
    """What `utter_faq_answer` is filled with: the answer of a topic or an entry, its source, the
    places that can help."""
    source = answered.sources[0]
    return {"answer": answered.answer_in(language), "source_title": source_title(source, language),
            "source_url": source.url, "source_checked": source.checked,
            "places": f"\n\n{where}" if where else ""}


def source_title(source: Source, language: str) -> str:
    """The page's title; a Japanese title in a reply in another language becomes the site's name
    and "(page in Japanese)", so the reader knows what the link opens."""
    if name_script(language) == "ja" or not JAPANESE_SCRIPT.search(source.title):
        return source.title
    site = (urlparse(source.url).hostname or "").removeprefix("www.")
    return f"{site} {phrase(language, 'page_in_japanese')}"


def utter_topic(dispatcher: CollectingDispatcher, topic: Topic, language: str) -> None:
    dispatcher.utter_message(response="utter_faq_answer", **answer_variables(topic, language))


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
    """Right after we asked "which country are you from?", a message naming one is routed to its
    consulate (the rules send such messages here); anything else gets the fallback reply, made in
    the Rasa server (actions/nlg.py), which also keeps the question for staff. Either way we stop
    waiting for a country."""

    def name(self) -> str:
        return "action_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        entities = tracker.latest_message.get("entities") or []
        names_a_country = any(e.get("entity") == "country" for e in entities)
        if tracker.get_slot("country_asked") and names_a_country:
            return route_consulate(dispatcher, tracker)
        dispatcher.utter_message(response="utter_fallback")
        return [SlotSet("country_asked", False)]
