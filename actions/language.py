"""The language to answer in: the one the person chose, else the one they last wrote in."""

from __future__ import annotations

from rasa_sdk import Tracker

DEFAULT_LANGUAGE = "en"


def reply_language(tracker: Tracker) -> str:
    return (tracker.get_slot("language_choice") or tracker.get_slot("language")
            or DEFAULT_LANGUAGE)
