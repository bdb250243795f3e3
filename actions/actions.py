"""The action server's turns, answered from the staff-edited knowledge read at run time: the
consulate question (asks for the person's country once, routes the answer) and "talk to a person".
FAQ answers and the fallback are made inside the Rasa server (`kakehashi/rasa_server/nlg.py`),
with the same `utter_faq_answer` variables as here (`kakehashi/replies/answers.py`)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from kakehashi.replies import places, routing
from kakehashi.replies.answers import FAQ, answer_variables
from kakehashi.replies.language import reply_language, wanted_language
from knowledge.faq import Topic


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
    the Rasa server (kakehashi/rasa_server/nlg.py), which also keeps the question for staff. Either way we stop
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
