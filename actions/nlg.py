"""Rasa's response templates, with the FAQ answer and the fallback filled in inside the Rasa server.

FAQ answers and "I cannot answer that" are most of what residents get. Asking the action server
for them cost Rasa more than the answer itself (the whole conversation serialised and sent, the
reply validated against a JSON schema), so they are made here from the live knowledge files:

- `utter_faq_answer`: the answer in the reply language, its source, and the places that can help,
  open now first. The answer is the staff's entry closest in meaning to the question when one of
  the topic's entries matches well enough, else the topic's general answer;
- `utter_fallback`: a question no intent matched but one entry matches closely gets that entry;
  anything else gets the closest entries (or topics) as buttons, a person to talk to, the help
  desk's contact, and the (masked) question is kept for staff (`kakehashi report`);
- `utter_ward_office`: the offices of the ward the person named, for the topic they last asked;
- `utter_other_language`: the counters that speak the person's language today.

Edited files are picked up within a second, as in the action server. Every other response is
Rasa's templated NLG as is.
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any, Dict, Optional, Text

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from actions import places, routing
from actions.faq import FAQ, FAQ_FOLDER, answer_variables
from actions.language import DEFAULT_LANGUAGE, reply_language, wanted_language
from knowledge import unanswered
from knowledge.countries import display_name
from knowledge.encoder import encoder
from knowledge.entries import Entry
from knowledge.faq import Topic
from knowledge.store import EntryStore

FAQ_ANSWER = "utter_faq_answer"
FALLBACK = "utter_fallback"
WARD_OFFICE = "utter_ward_office"
OTHER_LANGUAGE = "utter_other_language"
NOT_SUGGESTED = {"emergency"}
MAX_SUGGESTIONS = 3
MIN_SUGGESTION_CONFIDENCE = 0.05
TALK_TO_PERSON = {"ja": "相談窓口の人と話す", "ja-easy": "ひとと はなす", "en": "Talk to a person"}
# When an entry answers instead of the topic's general answer: its closest question is at least
# this similar (cosine) to the message, and no further than the margin below the closest question
# of the general answer. Alone (no intent matched): the similarity alone decides. Tuned on
# tests/data/entry_queries/ and tests/data/dev.tsv: with the classifier's topic, 0.86 / -0.01
# gives half of the entry questions their entry (5% another entry) and a quarter of the
# general questions an entry; alone, 0.92 gives 2% of the out-of-scope questions an entry.
ENTRY_IN_TOPIC, ENTRY_IN_TOPIC_MARGIN = 0.86, -0.01
ENTRY_ALONE = 0.92
ENTRY_SUGGESTED = 0.85
ENTRIES = EntryStore(encoder(), FAQ_FOLDER / "entries", FAQ)


def places_for(topic_id: str, entry: Entry | None, tracker: DialogueStateTracker,
               language: str) -> str | None:
    """The places an entry names (those for the person's ward), else the topic's."""
    ward = tracker.get_slot("ward")
    if entry is not None and entry.places:
        named = routing.named_places(entry.places, wanted_language(tracker), language, ward,
                                     places.tokyo_now())
        if named:
            return named
    return routing.places_for_topic(topic_id, wanted_language(tracker), language, ward,
                                    places.tokyo_now())


async def faq_answer(tracker: DialogueStateTracker) -> dict[str, str] | None:
    """`utter_faq_answer`'s variables for the topic asked about; None for an unknown topic."""
    topic = FAQ.topic(tracker.latest_message.intent.get("name"))
    if topic is None:
        return None
    language = reply_language(tracker)
    text = tracker.latest_message.text or ""
    entry = None if text.startswith("/") else await asyncio.to_thread(best_entry, text, topic.id)
    if entry is None:
        return answer_variables(topic, language, places_for(topic.id, None, tracker, language))
    return answer_variables(entry, language, places_for(entry.topic, entry, tracker, language))


def best_entry(text: str, topic: str) -> Entry | None:
    """An entry of the topic that answers better than its general answer, else one of any topic
    that matches the question very closely (the classifier may have picked a neighbour topic)."""
    ranking = ENTRIES.ranking(text)
    return (ranking.best(topic, ENTRY_IN_TOPIC, ENTRY_IN_TOPIC_MARGIN)
            or ranking.best(None, ENTRY_ALONE, ENTRY_IN_TOPIC_MARGIN))


async def entry_answer(tracker: DialogueStateTracker) -> dict[str, str] | None:
    """`utter_faq_answer`'s variables for an entry that matches a question no intent matched."""
    text = tracker.latest_message.text or ""
    if text.startswith("/"):
        return None
    entry = await asyncio.to_thread(ENTRIES.best, text, None, ENTRY_ALONE, None)
    if entry is None or FAQ.topic(entry.topic) is None:
        return None
    language = reply_language(tracker)
    return answer_variables(entry, language, places_for(entry.topic, entry, tracker, language))


def last_topic(tracker: DialogueStateTracker) -> str | None:
    """The FAQ topic the person asked about last, before this message."""
    topics = FAQ.topics()
    for event in reversed(tracker.events):
        intent = getattr(event, "intent", None) or {}
        if event is not tracker.latest_message and intent.get("name") in topics:
            return intent["name"]
    return None


def ward_office(tracker: DialogueStateTracker) -> dict[str, str] | None:
    """`utter_ward_office`'s variables; None when no ward is known (then the fallback)."""
    ward = tracker.get_slot("ward")
    if not ward:
        return None
    language = reply_language(tracker)
    where = routing.places_for_ward(ward, last_topic(tracker), wanted_language(tracker),
                                    language, places.tokyo_now())
    return {"ward": display_name("wards", ward, language), "places": f"\n\n{where}" if where else ""}


def closest_topics(intent_ranking: list[dict], topics: dict[str, Topic]) -> list[Topic]:
    """The FAQ topics the classifier found most likely, best first."""
    closest = []
    for intent in intent_ranking:
        name, confidence = intent.get("name"), intent.get("confidence") or 0.0
        if name in topics and name not in NOT_SUGGESTED and confidence >= MIN_SUGGESTION_CONFIDENCE:
            closest.append(topics[name])
    return closest[:MAX_SUGGESTIONS]


def closest_entries(text: str) -> list[Entry]:
    if not text or text.startswith("/"):
        return []
    return ENTRIES.closest(text, MAX_SUGGESTIONS, ENTRY_SUGGESTED)


async def fallback(tracker: DialogueStateTracker) -> tuple[list[dict], dict[str, str]]:
    """`utter_fallback`'s buttons and variables; keeps the question for staff to review."""
    language = reply_language(tracker)
    message = tracker.latest_message
    ranking = message.parse_data.get("intent_ranking") or []
    closest = closest_topics(ranking, FAQ.topics())
    confidence = {i.get("name"): i.get("confidence") or 0.0 for i in ranking}
    # Kept before the reply goes, in a thread: the commit waits for the disk, other
    # conversations need not.
    await asyncio.to_thread(unanswered.record, routing.DIRECTORY.engine, message.text or "",
                            language, [(t.id, confidence[t.id]) for t in closest])
    entries = await asyncio.to_thread(closest_entries, message.text or "")
    # An entry's button sends its question: it is then answered like any question.
    buttons = [{"title": e.question_in(language), "payload": e.question_in(language)}
               for e in entries]
    buttons += [{"title": topic.title_in(language), "payload": f"/{topic.id}"}
                for topic in closest[:MAX_SUGGESTIONS - len(buttons)]]
    talk = TALK_TO_PERSON.get(language, TALK_TO_PERSON[DEFAULT_LANGUAGE])
    buttons.append({"title": talk, "payload": "/human_handoff"})
    contact = routing.help_desk_contact(places.tokyo_now(), language)
    return buttons, {"contact": f"\n\n{contact}" if contact else ""}


class KnowledgeNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None,
                 domain: Optional[Domain] = None) -> None:
        super().__init__(domain.responses if domain else {})
        # Index the entries now, not on the first resident's question (embeds only what the
        # vector cache lacks: nothing after `make train`).
        threading.Thread(target=ENTRIES.entries, name="index-entries", daemon=True).start()

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker,
                       output_channel: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
        buttons = None
        if utter_action == OTHER_LANGUAGE:
            where = routing.speaking(tracker.get_slot("language") or "other", "en",
                                     places.tokyo_now())
            kwargs = {"places": f"\n\n{where}" if where else "", **kwargs}
        if utter_action == WARD_OFFICE:
            variables = ward_office(tracker)
            utter_action = WARD_OFFICE if variables else FALLBACK
            kwargs = {**(variables or {}), **kwargs}
        if utter_action == FAQ_ANSWER and "answer" not in kwargs:  # not filled by an action
            variables = await faq_answer(tracker)
            if variables is None:  # an FAQ file removed while the model still knows its intent
                utter_action = FALLBACK
            kwargs = {**(variables or {}), **kwargs}
        if utter_action == FALLBACK:
            variables = await entry_answer(tracker)
            if variables is not None:
                utter_action, kwargs = FAQ_ANSWER, {**variables, **kwargs}
        if utter_action == FALLBACK:
            buttons, variables = await fallback(tracker)
            kwargs = {**variables, **kwargs}
        message = await super().generate(utter_action, tracker, output_channel, **kwargs)
        if message is not None and buttons:
            message["buttons"] = buttons
        return message
