"""Rasa component: finds the countries, languages and wards a message names, as entities with codes.

"韓国人です", "ベトナムから来ました", "I'm Korean", "from the Philippines" -> country KR/VN/PH;
"英語で相談したい", "someone in Vietnamese", "Chinese-speaking" -> service_language en/vi/zh;
"白石区に住んでいます", "I live in Kiyota ward" -> ward shiroishi/kiyota.
A spaCy PhraseMatcher runs over the fugashi tokens, with patterns tokenised the same way, so
nationality forms (韓国人 = 韓国 + 人) and inflections need no patterns of their own. Where a
language and a country overlap ("in Vietnamese" / "Vietnamese"), the longer match wins.
"""

from __future__ import annotations

from typing import List, Text, Type

import spacy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import ENTITIES, TEXT, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

from knowledge.countries import country_names, language_names, ward_names
from nlu.components import RuleComponent
from nlu.fugashi_tokenizer import FugashiTokenizer

COUNTRY, SERVICE_LANGUAGE, WARD = "country", "service_language", "ward"
_LANGUAGE_FRAMES_EN = ["in {}", "{} speaking", "{} speaker", "speak {}", "speaks {}",
                       "{} language", "{} interpreter"]


def _language_phrases(names: dict) -> list[str]:
    phrases = list(names.get("ja", []))
    for name in names.get("en", []):
        phrases += [frame.format(name) for frame in _LANGUAGE_FRAMES_EN]
    return phrases


class PlaceMatcher:
    """Country, language and ward mentions of a token list: [(label, code, first, last_exclusive)]."""

    def __init__(self) -> None:
        self._vocab = spacy.blank("xx").vocab
        self._tokenizer = FugashiTokenizer(FugashiTokenizer.get_default_config())
        self._matcher = PhraseMatcher(self._vocab, attr="LOWER")
        for code, names in country_names().items():
            self._add(f"{COUNTRY}|{code}", names.get("ja", []) + names.get("en", []))
        for code, names in language_names().items():
            if code != "other":
                self._add(f"{SERVICE_LANGUAGE}|{code}", _language_phrases(names))
        for code, names in ward_names().items():
            self._add(f"{WARD}|{code}", names["ja"] + names["en"])

    def _doc(self, words: list[str]) -> Doc:
        return Doc(self._vocab, words=words or [""])

    def _add(self, key: str, phrases: list[str]) -> None:
        docs = [self._doc([t.text for t in self._tokenizer.tokens_of(p)]) for p in phrases]
        self._matcher.add(key, [doc for doc in docs if len(doc)])

    def matches(self, words: list[str]) -> list[tuple[str, str, int, int]]:
        if not words:
            return []
        doc = self._doc(words)
        spans = [doc[start:end] for _, start, end in self._matcher(doc)]
        keys = {(start, end): self._vocab.strings[key] for key, start, end in self._matcher(doc)}
        found = []
        for span in filter_spans(spans):
            label, code = keys[(span.start, span.end)].split("|")
            found.append((label, code, span.start, span.end))
        return found


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=False
)
class PlaceEntityExtractor(RuleComponent, EntityExtractorMixin):
    @classmethod
    def required_components(cls) -> List[Type]:
        return [Tokenizer]

    @staticmethod
    def required_packages() -> List[Text]:
        return ["spacy"]

    def __init__(self) -> None:
        self._matcher = PlaceMatcher()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            tokens = message.get(TEXT_TOKENS) or []
            if (message.get(TEXT) or "").startswith("/"):
                continue
            entities = [
                {"entity": label, "value": code, "start": tokens[first].start,
                 "end": tokens[last - 1].end, "confidence": 1.0, "extractor": self.name}
                for label, code, first, last in self._matcher.matches([t.text for t in tokens])
            ]
            message.set(ENTITIES, (message.get(ENTITIES) or []) + entities, add_to_output=True)
        return messages
