"""Rasa component that tells which language a message is in and which language the person asked for.

It runs after the intent classifiers. Its result goes into the parse data as
`language: {"detected": code, "requested": code or null}`; the action server turns it into the
conversation's `language` slot. A message in a language we cannot read gets the intent
`other_language` (unless it is an emergency), so a rule can answer it in that language.
"""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.language import SUPPORTED, UNDETERMINED, detect_language, requested_language

LANGUAGE = "language"
OTHER_LANGUAGE_INTENT = "other_language"
CHANGE_LANGUAGE_INTENT = "change_language"
EMERGENCY_INTENT = "emergency"


def language_request(message: Message) -> str | None:
    """A language the person chose: the channel's metadata (widget switch) or asked in words."""
    metadata = message.get("metadata") or {}
    chosen = metadata.get(LANGUAGE) if isinstance(metadata, dict) else None
    if chosen in SUPPORTED:
        return chosen
    if (message.get(INTENT) or {}).get("name") == CHANGE_LANGUAGE_INTENT:
        return requested_language(message.get(TEXT) or "")
    return None


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class LanguageClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["lingua"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageClassifier:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            # "/intent" payloads come from buttons: they say nothing about the language.
            detected = UNDETERMINED if text.startswith("/") else detect_language(text)
            requested = language_request(message)
            message.set(
                LANGUAGE, {"detected": detected, "requested": requested}, add_to_output=True
            )
            if detected not in SUPPORTED and detected != UNDETERMINED:
                self._mark_other_language(message)
        return messages

    @staticmethod
    def _mark_other_language(message: Message) -> None:
        if (message.get(INTENT) or {}).get("name") == EMERGENCY_INTENT:
            return
        other = {"name": OTHER_LANGUAGE_INTENT, "confidence": 1.0}
        message.set(INTENT, other, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [other, *(message.get(INTENT_RANKING_KEY) or [])],
                    add_to_output=True)
