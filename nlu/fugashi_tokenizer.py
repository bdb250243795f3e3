"""A Rasa 3.6 tokenizer for Japanese, English and mixed text, on fugashi (MeCab) + unidic-lite."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from nlu.mecab import words
from nlu.normalise import normalise

# URLs and e-mail addresses stay whole: MeCab would cut them into meaningless pieces.
_UNSPLITTABLE = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.-]+")


def _is_punctuation(text: str) -> bool:
    return all(unicodedata.category(ch).startswith(("P", "Z", "C")) for ch in text)


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class FugashiTokenizer(Tokenizer):
    """Splits text into words with MeCab; offsets always point into the original text."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @staticmethod
    def required_packages() -> List[Text]:
        return ["fugashi", "unidic_lite"]

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FugashiTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        return self._apply_token_pattern(self.tokens_of(message.get(attribute) or ""))

    def tokens_of(self, text: str) -> List[Token]:
        """Tokens of `text`: NFKC-normalised words, punctuation dropped, never empty."""
        norm = normalise(text)
        tokens: List[Token] = []
        position = 0
        for match in _UNSPLITTABLE.finditer(norm.text):
            tokens += self._words(norm, position, match.start())
            tokens.append(self._token(norm, match.group(), match.start(), None))
            position = match.end()
        tokens += self._words(norm, position, len(norm.text))
        if not tokens and text.strip():
            # Only punctuation: keep it whole so that the message still has one token.
            stripped = text.strip()
            start = text.index(stripped)
            tokens = [Token(stripped, start, start + len(stripped))]
        return tokens

    def _words(self, norm, start: int, end: int) -> List[Token]:
        chunk = norm.text[start:end]
        tokens = []
        cursor = 0
        for surface, lemma in words(chunk):
            found = chunk.find(surface, cursor)
            if not surface or found < 0 or _is_punctuation(surface):
                continue
            cursor = found + len(surface)
            tokens.append(self._token(norm, surface, start + found, lemma))
        return tokens

    @staticmethod
    def _token(norm, surface: str, start: int, lemma: Optional[str]) -> Token:
        begin, end = norm.span(start, start + len(surface))
        return Token(surface, begin, end, lemma=lemma or surface)
