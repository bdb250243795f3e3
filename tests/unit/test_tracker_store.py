"""`make run`'s tracker store keeps trackers as they are, and hands out the latest session."""

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from kakehashi.tracker_store import LiveInMemoryTrackerStore

DOMAIN = Domain.from_dict({"slots": {"language": {"type": "text", "mappings": []}}})


def turn(text):
    return [UserUttered(text, intent={"name": "greet"}), ActionExecuted("utter_greet"),
            ActionExecuted("action_listen")]


async def test_a_saved_conversation_comes_back_with_its_slots():
    store = LiveInMemoryTrackerStore(DOMAIN)
    tracker = DialogueStateTracker.from_events("a", [SlotSet("language", "en"), *turn("hi")],
                                               slots=DOMAIN.slots)
    await store.save(tracker)
    found = await store.retrieve("a")
    assert found.get_slot("language") == "en" and found.latest_message.text == "hi"
    assert await store.retrieve("nobody") is None
    assert list(await store.keys()) == ["a"]


async def test_after_a_new_session_only_that_session_is_handed_out():
    store = LiveInMemoryTrackerStore(DOMAIN)
    tracker = DialogueStateTracker.from_events("b", [SessionStarted(), *turn("old")],
                                               slots=DOMAIN.slots)
    await store.save(tracker)
    for event in [ActionExecuted("action_session_start"), SessionStarted(),
                  SlotSet("language", "ja"), *turn("new")]:
        tracker.update(event)
    await store.save(tracker)
    found = await store.retrieve("b")
    texts = [e.text for e in found.events if isinstance(e, UserUttered)]
    assert texts == ["new"] and found.get_slot("language") == "ja"
