"""Hello Work's name is no greeting."""

import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu.components import override_intent
from nlu.service_names import ServiceNameClassifier


def classified(text: str, intent: str) -> str:
    message = Message(data={TEXT: text})
    override_intent(message, intent)  # as DIET left it
    ServiceNameClassifier().process([message])
    return message.get("intent")["name"]


@pytest.mark.parametrize("text", ["hello work", "Is there a Hello Work for foreigners?",
                                  "HelloWork sapporo", "ハローワーク どこ"])
def test_hello_work_read_as_a_greeting_is_about_work(text):
    assert classified(text, "greet") == "work"


def test_a_greeting_and_a_topic_found_stay_as_they_are():
    assert classified("hello, I need help", "greet") == "greet"
    assert classified("hello work to renew my visa", "visa_status") == "visa_status"
    assert classified("hello work", "nlu_fallback") == "nlu_fallback"
