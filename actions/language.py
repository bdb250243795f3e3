"""The language to answer in: the one the person chose, else the one they last wrote in.
Works on Rasa's tracker (in the Rasa server) and on rasa_sdk's (in the action server)."""

from __future__ import annotations

DEFAULT_LANGUAGE = "en"


def reply_language(tracker) -> str:
    return (tracker.get_slot("language_choice") or tracker.get_slot("language")
            or DEFAULT_LANGUAGE)


def wanted_language(tracker) -> str:
    """The language to be served in at a counter: asked for ("in Vietnamese") or written in."""
    language = tracker.get_slot("service_language") or reply_language(tracker)
    return "ja" if language == "ja-easy" else language
