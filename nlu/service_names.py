"""Rasa component: a message that names Hello Work (ハローワーク, the public job centre) is about
work. In English the name starts with "hello", and DIET, which learnt "hello" from greetings, read
"Is there a hello work for foreigners?" and "hello work" as greetings (tests/data/dev.tsv).

Only a small-talk intent is replaced: a question DIET put under a topic keeps it. A rule, not more
training examples: those moved DIET's other answers on the dev set (README, "Measuring understanding")."""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components import IntentRule, intent_name

_HELLO_WORK = re.compile(r"hello\s?work|ハローワーク", re.IGNORECASE)
SMALL_TALK = ("greet", "goodbye", "thank")
WORK_INTENT = "work"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False
)
class ServiceNameClassifier(IntentRule):
    def intent_for(self, message: Message) -> str | None:
        named = intent_name(message) in SMALL_TALK and _HELLO_WORK.search(message.get(TEXT) or "")
        return WORK_INTENT if named else None
