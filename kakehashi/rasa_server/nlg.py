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
- `utter_place_details`: everything about one place, from its "more about this place" button;
- `utter_other_language`: the counters that speak the person's language today;
- `utter_current_notices` ("what is happening?"): the active notices alone, or that there are none;
- every reply: the staff's active urgent notices before it (knowledge/notices.py).

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

from kakehashi.replies import places, routing
from kakehashi.replies.words import phrase
from kakehashi.replies.answers import FAQ, FAQ_FOLDER, answer_variables
from kakehashi.replies.language import reply_language, wanted_language
from knowledge import unanswered
from knowledge.countries import display_name, ward_names
from knowledge.encoder import encoder
from knowledge.entries import Entry
from knowledge.faq import Topic
from knowledge.notices import NoticeStore
from knowledge.phrases import sentence_in_other_language
from knowledge.store import EntryStore, Ranking

FAQ_ANSWER = "utter_faq_answer"
FALLBACK = "utter_fallback"
WARD_OFFICE = "utter_ward_office"
OTHER_LANGUAGE = "utter_other_language"
PLACE_DETAILS = "utter_place_details"
EMERGENCY = "utter_emergency"
CURRENT_NOTICES = "utter_current_notices"
NOT_SUGGESTED = {"emergency"}
MAX_SUGGESTIONS = 3
MIN_SUGGESTION_CONFIDENCE = 0.05
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
NOTICES = NoticeStore()


def places_for(topic_id: str, entry: Entry | None, tracker: DialogueStateTracker,
               language: str) -> routing.Places | None:
    """The places an entry names (those for the person's ward), else the topic's."""
    ward = tracker.get_slot("ward")
    if entry is not None and entry.places:
        named = routing.named_places(entry.places, wanted_language(tracker), language, ward,
                                     places.tokyo_now())
        if named:
            return named
    topic = FAQ.topic(topic_id)
    return routing.places_for_topic(topic_id, topic.routes_to if topic else (),
                                    wanted_language(tracker), language, ward,
                                    places.tokyo_now())


def with_places(answered: Topic | Entry, tracker: DialogueStateTracker,
                language: str) -> tuple[dict[str, str], list[dict]]:
    """`utter_faq_answer`'s variables for a topic's or an entry's answer, and a "more about this
    place" button for each place it names."""
    entry = answered if isinstance(answered, Entry) else None
    found = places_for(entry.topic if entry else answered.id, entry, tracker, language)
    variables = answer_variables(answered, language, found.text if found else None)
    return variables, place_buttons(found.ids if found else (), language)


def place_buttons(ids: tuple[str, ...], language: str) -> list[dict]:
    services = [s for s in (routing.DIRECTORY.get(i) for i in ids) if s is not None]
    return [{"title": phrase(language, "more_about", name=places.in_language(s.name, language)),
             "payload": f'/place_details{{"place": "{s.id}"}}'} for s in services]


async def faq_answer(tracker: DialogueStateTracker) -> tuple[dict[str, str], list[dict]] | None:
    """`utter_faq_answer`'s variables and buttons for the topic asked about; None for an
    unknown topic."""
    topic = FAQ.topic(tracker.latest_message.intent.get("name"))
    if topic is None:
        return None
    ranked = await asyncio.to_thread(question_ranking, tracker.latest_message.text)
    entry = best_entry(ranked, topic.id) if ranked else None
    return with_places(entry or topic, tracker, reply_language(tracker))


def best_entry(ranked: Ranking, topic: str) -> Entry | None:
    """An entry of the topic that answers better than its general answer, else one of any topic
    that matches the question very closely (the classifier may have picked a neighbour topic)."""
    return (ranked.best(topic, ENTRY_IN_TOPIC, ENTRY_IN_TOPIC_MARGIN)
            or ranked.best(None, ENTRY_ALONE, ENTRY_IN_TOPIC_MARGIN))


def entry_answer(ranked: Ranking | None, tracker: DialogueStateTracker
                 ) -> tuple[dict[str, str], list[dict]] | None:
    """`utter_faq_answer`'s variables and buttons for an entry that matches a question no intent
    matched."""
    entry = ranked.best(None, ENTRY_ALONE, None) if ranked else None
    if entry is None or FAQ.topic(entry.topic) is None:
        return None
    return with_places(entry, tracker, reply_language(tracker))


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
    if ward not in ward_names():  # none, or a value no ward has
        return None
    language = reply_language(tracker)
    where = routing.places_for_ward(ward, last_topic(tracker), wanted_language(tracker),
                                    language, places.tokyo_now())
    return ({"ward": display_name("wards", ward, language),
             "places": f"\n\n{where.text}" if where else ""},
            place_buttons(where.ids if where else (), language))


def place_details(tracker: DialogueStateTracker) -> dict[str, str] | None:
    """`utter_place_details`'s variables: everything about the place the button named."""
    place = next((e.get("value") for e in tracker.latest_message.entities
                  if e.get("entity") == "place"), None)
    details = routing.place_details(place, places.tokyo_now(), reply_language(tracker))
    return {"details": details} if details else None


def closest_topics(intent_ranking: list[dict], topics: dict[str, Topic]) -> list[Topic]:
    """The FAQ topics the classifier found most likely, best first."""
    closest = []
    for intent in intent_ranking:
        name, confidence = intent.get("name"), intent.get("confidence") or 0.0
        if name in topics and name not in NOT_SUGGESTED and confidence >= MIN_SUGGESTION_CONFIDENCE:
            closest.append(topics[name])
    return closest[:MAX_SUGGESTIONS]


def question_ranking(text: str) -> Ranking | None:
    """The entries ranked for a question; None for a button's payload or no text."""
    if not text or text.startswith("/"):
        return None
    return ENTRIES.ranking(text)


async def fallback(tracker: DialogueStateTracker,
                   ranked: Ranking | None) -> tuple[list[dict], dict[str, str]]:
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
    entries = ranked.closest(MAX_SUGGESTIONS, ENTRY_SUGGESTED) if ranked else []
    # An entry's button sends its question: it is then answered like any question.
    buttons = [{"title": e.question_in(language), "payload": e.question_in(language)}
               for e in entries]
    buttons += [{"title": topic.title_in(language), "payload": f"/{topic.id}"}
                for topic in closest[:MAX_SUGGESTIONS - len(buttons)]]
    buttons.append({"title": phrase(language, "talk_to_person"), "payload": "/human_handoff"})
    contact = routing.help_desk_contact(places.tokyo_now(), language)
    return buttons, {"contact": f"\n\n{contact}" if contact else ""}


def warm_up() -> None:
    ENTRIES.entries()
    routing.DIRECTORY.refresh()


def with_notices(message: dict | None, utter_action: str, language: str) -> dict | None:
    """The staff's active urgent notices before the reply (after it for an emergency: 119 first;
    alone for "what is happening?", whose response says there are none)."""
    notices = NOTICES.active(places.tokyo_now())
    if message is None or not message.get("text") or not notices:
        return message
    lines = "\n".join(notice.as_line(language) for notice in notices)
    text = message["text"]
    message["text"] = (lines if utter_action == CURRENT_NOTICES
                       else f"{text}\n\n{lines}" if utter_action == EMERGENCY
                       else f"{lines}\n\n{text}")
    return message


class KnowledgeNLG(TemplatedNaturalLanguageGenerator):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None,
                 domain: Optional[Domain] = None) -> None:
        super().__init__(domain.responses if domain else {})
        # Read the knowledge and the directory and index the entries now, not on the first
        # resident's question (embeds only what the vector cache lacks: nothing after
        # `make train`). Nothing of it happens at import.
        threading.Thread(target=warm_up, name="warm-up", daemon=True).start()

    async def generate(self, utter_action: Text, tracker: DialogueStateTracker,
                       output_channel: Text, **kwargs: Any) -> Optional[Dict[Text, Any]]:
        buttons = None
        if utter_action == OTHER_LANGUAGE:
            written_in = tracker.get_slot("language") or "other"
            where = routing.speaking(written_in, "en", places.tokyo_now())
            lead = sentence_in_other_language(written_in)
            kwargs = {"places": f"\n\n{where}" if where else "",
                      "lead": f"{lead}\n\n" if lead else "", **kwargs}
        if utter_action == PLACE_DETAILS:
            variables = place_details(tracker)
            utter_action = PLACE_DETAILS if variables else FALLBACK
            kwargs = {**(variables or {}), **kwargs}
        if utter_action == WARD_OFFICE:
            made = ward_office(tracker)
            utter_action = WARD_OFFICE if made else FALLBACK
            variables, buttons = made or ({}, None)
            kwargs = {**variables, **kwargs}
        if utter_action == FAQ_ANSWER and "answer" not in kwargs:  # not filled by an action
            made = await faq_answer(tracker)
            if made is None:  # an FAQ file removed while the model still knows its intent
                utter_action = FALLBACK
            variables, buttons = made or ({}, None)
            kwargs = {**variables, **kwargs}
        if utter_action == FALLBACK:
            # One ranking for both: the entry that answers alone, else the closest as buttons.
            ranked = await asyncio.to_thread(question_ranking, tracker.latest_message.text)
            made = entry_answer(ranked, tracker)
            if made is not None:
                utter_action, (variables, buttons) = FAQ_ANSWER, made
                kwargs = {**variables, **kwargs}
        if utter_action == FALLBACK:
            buttons, variables = await fallback(tracker, ranked)
            kwargs = {**variables, **kwargs}
        message = await super().generate(utter_action, tracker, output_channel, **kwargs)
        if message is not None and buttons:
            message["buttons"] = buttons
        return with_notices(message, utter_action, reply_language(tracker))
