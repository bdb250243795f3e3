"""Rasa component: a message that reads as an emergency gets the intent `emergency`, whatever the
classifier thought, so the 119/110 rule answers it at once (see nlu/emergency.py)."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components import IntentRule
from nlu.emergency import reads_as_emergency

EMERGENCY_INTENT = "emergency"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class EmergencyClassifier(IntentRule):
    def intent_for(self, message: Message) -> str | None:
        text = message.get(TEXT) or ""
        return EMERGENCY_INTENT if not text.startswith("/") and reads_as_emergency(text) else None
