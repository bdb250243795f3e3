"""Keeps the conversation's language: the one the person chose, else the one they write in."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

DEFAULT_LANGUAGE = "en"
UNDETERMINED = "und"


def conversation_language(
    message_language: dict | None, choice: str | None, current: str | None
) -> tuple[str, str | None]:
    """(language to answer in, the person's standing choice) after one more message.

    `message_language` is what nlu.language_classifier put in the parse data:
    {"detected": code, "requested": code or None}.
    """
    message_language = message_language or {}
    choice = message_language.get("requested") or choice
    if choice:
        return choice, choice
    detected = message_language.get("detected")
    if detected and detected != UNDETERMINED:
        return detected, None
    return current or DEFAULT_LANGUAGE, None


class ActionSetLanguage(Action):
    """Custom slot mapping of `language` and `language_choice`, run after every message."""

    def name(self) -> str:
        return "action_set_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        language, choice = conversation_language(
            tracker.latest_message.get("language"),
            tracker.get_slot("language_choice"),
            tracker.get_slot("language"),
        )
        events = []
        if language != tracker.get_slot("language"):
            events.append(SlotSet("language", language))
        if choice != tracker.get_slot("language_choice"):
            events.append(SlotSet("language_choice", choice))
        return events
