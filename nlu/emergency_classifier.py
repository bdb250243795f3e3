"""Rasa component: a message that reads as an emergency gets the intent `emergency`, whatever the
classifier thought, so the 119/110 rule answers it at once (see nlu/emergency.py)."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.emergency import reads_as_emergency

EMERGENCY_INTENT = "emergency"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class EmergencyClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EmergencyClassifier:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/") or not reads_as_emergency(text):
                continue
            emergency = {"name": EMERGENCY_INTENT, "confidence": 1.0}
            ranking = [i for i in message.get(INTENT_RANKING_KEY) or []
                       if i.get("name") != EMERGENCY_INTENT]
            message.set(INTENT, emergency, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [emergency, *ranking], add_to_output=True)
        return messages
