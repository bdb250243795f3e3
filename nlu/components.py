"""What Kakehashi's rule-based NLU components share: no configuration, no training, and a way to
set the intent that wins over the classifier's."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


class RuleComponent(GraphComponent):
    """A component with no settings and nothing to train."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GraphComponent:
        return cls()


class IntentRule(RuleComponent, IntentClassifier):
    """A rule that gives the messages it applies to an intent, whatever the classifier said."""

    def intent_for(self, message: Message) -> str | None:
        raise NotImplementedError

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            intent = self.intent_for(message)
            if intent:
                override_intent(message, intent)
        return messages


def intent_name(message: Message) -> str | None:
    return (message.get(INTENT) or {}).get("name")


def override_intent(message: Message, name: str) -> None:
    """`name` becomes the intent, with full confidence, at the top of the ranking."""
    chosen = {"name": name, "confidence": 1.0}
    ranking = [i for i in message.get(INTENT_RANKING_KEY) or [] if i.get("name") != name]
    message.set(INTENT, chosen, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [chosen, *ranking], add_to_output=True)
