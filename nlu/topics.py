"""From a predicted intent to the FAQ topic it answers (`out_of_scope` when none)."""

from __future__ import annotations

OUT_OF_SCOPE = "out_of_scope"
# "I want to talk to a person" is answered with the help desk: the plaza_counter topic.
INTENT_TOPICS = {"human_handoff": "plaza_counter"}


def topic_of_intent(intent: str | None, topic_ids: tuple[str, ...]) -> str:
    if intent in topic_ids:
        return intent
    return INTENT_TOPICS.get(intent, OUT_OF_SCOPE)
