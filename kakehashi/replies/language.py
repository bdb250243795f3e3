"""The language to answer in: the one the person chose, else the one they last wrote in.
Works on Rasa's tracker (in the Rasa server) and on rasa_sdk's (in the action server)."""

from __future__ import annotations

from knowledge.countries import language_names
from knowledge.phrases import reply_languages

DEFAULT_LANGUAGE = "en"


def reply_language(tracker) -> str:
    """A reply language of the phrase files; any other value (an unknown language written in, a
    made-up choice) gets the default."""
    for language in (tracker.get_slot("language_choice"), tracker.get_slot("language")):
        if language in reply_languages():
            return language
    return DEFAULT_LANGUAGE


def wanted_language(tracker) -> str:
    """The language to be served in at a counter: asked for ("in Vietnamese") or written in.
    Only codes of countries.yml's languages: a slot set to anything else is ignored."""
    asked = tracker.get_slot("service_language")
    language = asked if asked in language_names() else reply_language(tracker)
    return "ja" if language == "ja-easy" else language
