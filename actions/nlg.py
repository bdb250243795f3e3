"""Rasa's response templates, with the FAQ answer filled in inside the Rasa server.

An FAQ answer is the turn residents make most. Asking the action server for it costs Rasa more
than the answer itself (the whole conversation is serialised, sent and the reply validated), so
`utter_faq_answer` is filled here from the live knowledge files: the answer in the reply
language, its source, and the places that can help, open now first. Edited files are picked up
within a second, as in the action server. Every other response is Rasa's templated NLG as is.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from actions import places, routing
from actions.faq import FAQ, answer_variables
from actions.language import reply_language, wanted_language

FAQ_ANSWER = "utter_faq_answer"
UNKNOWN_TOPIC = "utter_fallback"  # an FAQ file removed while the model still knows its intent


def faq_answer(tracker: DialogueStateTracker) -> dict[str, str] | None:
    """`utter_faq_answer`'s variables for the topic asked about; None for an unknown topic."""
    topic = FAQ.topic(tracker.latest_message.intent.get("name"))
    if topic is None:
        return None
    language = reply_language(tracker)
    where = routing.places_for_topic(topic.id, wanted_language(tracker), places.tokyo_now(),
                                     language)
    return answer_variables(topic, language, where)


class KnowledgeNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None,
                 domain: Optional[Domain] = None) -> None:
        super().__init__(domain.responses if domain else {})

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker,
                       output_channel: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
        if utter_action == FAQ_ANSWER and "answer" not in kwargs:  # not already filled by an action
            variables = faq_answer(tracker)
            if variables is None:
                utter_action = UNKNOWN_TOPIC
            kwargs = {**(variables or {}), **kwargs}
        return await super().generate(utter_action, tracker, output_channel, **kwargs)
