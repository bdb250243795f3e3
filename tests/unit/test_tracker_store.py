"""`make run`'s tracker store keeps trackers as they are, and hands out the latest session."""

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from kakehashi.rasa_server import tracker_store
from kakehashi.rasa_server.tracker_store import LiveInMemoryTrackerStore

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


async def test_the_full_tracker_has_every_session_as_rasas_contract_says(tmp_path):
    store = LiveInMemoryTrackerStore(DOMAIN, db=str(tmp_path / "conversations.db"))
    tracker = DialogueStateTracker.from_events("e", [SessionStarted(), *turn("old")],
                                               slots=DOMAIN.slots)
    await store.save(tracker)
    for event in [ActionExecuted("action_session_start"), SessionStarted(), *turn("new")]:
        tracker.update(event)
    await store.save(tracker)
    full = await store.retrieve_full_tracker("e")
    assert [e.text for e in full.events if isinstance(e, UserUttered)] == ["old", "new"]
    latest = await store.retrieve("e")
    assert [e.text for e in latest.events if isinstance(e, UserUttered)] == ["new"]


async def test_a_restart_finds_the_conversation_in_the_sqlite_file(tmp_path):
    db = str(tmp_path / "conversations.db")
    store = LiveInMemoryTrackerStore(DOMAIN, db=db)
    tracker = DialogueStateTracker.from_events("c", [SlotSet("language", "en"), *turn("hi")],
                                               slots=DOMAIN.slots)
    await store.save(tracker)
    for event in turn("again"):
        tracker.update(event)
    await store.save(tracker)

    after_restart = LiveInMemoryTrackerStore(DOMAIN, db=db)
    found = await after_restart.retrieve("c")
    assert [e.text for e in found.events if isinstance(e, UserUttered)] == ["hi", "again"]
    assert found.get_slot("language") == "en"
    assert len(found.events) == len(tracker.events)  # each event written once
    assert list(await after_restart.keys()) == ["c"]


async def test_after_a_restart_the_slots_come_back_when_rasa_gives_the_domain_later(tmp_path):
    """As Rasa builds it: the store first, the model's domain set on it once the model loads."""
    db = str(tmp_path / "conversations.db")
    store = LiveInMemoryTrackerStore(None, db=db)
    store.domain = DOMAIN
    tracker = DialogueStateTracker.from_events("d", [SlotSet("language", "vi"), *turn("xin chao")],
                                               slots=DOMAIN.slots)
    await store.save(tracker)
    after_restart = LiveInMemoryTrackerStore(None, db=db)
    after_restart.domain = DOMAIN
    found = await after_restart.retrieve("d")
    assert found.get_slot("language") == "vi"  # the reply language survives the restart
    copied = found.copy()  # Rasa replays the events on every action: the slot must exist
    assert copied.get_slot("language") == "vi"


async def test_a_failed_write_keeps_the_conversation_and_is_written_with_the_next_turn(
        tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(tracker_store, "EVENTS_IN_MEMORY", 3)  # one conversation
    db = tmp_path / "conversations.db"
    store = LiveInMemoryTrackerStore(DOMAIN, db=str(db))
    db.unlink()
    db.mkdir()  # the file is gone and cannot be made: every write fails
    tracker = DialogueStateTracker.from_events("d", turn("first"), slots=DOMAIN.slots)
    await store.save(tracker)
    assert "could not write" in caplog.text
    await store.save(DialogueStateTracker.from_events("e", turn("other"), slots=DOMAIN.slots))
    assert list(store.trackers) == ["d", "e"]  # nothing leaves memory while SQLite lacks it
    assert (await store.retrieve("d")).latest_message.text == "first"

    db.rmdir()  # writable again: the tables are made anew and the waiting turn written first
    for event in turn("second"):
        tracker.update(event)
    await store.save(tracker)
    found = await LiveInMemoryTrackerStore(DOMAIN, db=str(db)).retrieve("d")
    assert [e.text for e in found.events if isinstance(e, UserUttered)] == ["first", "second"]


async def test_only_the_most_recent_conversations_stay_in_memory_the_others_come_back_from_sqlite(
        tmp_path, monkeypatch):
    monkeypatch.setattr(tracker_store, "EVENTS_IN_MEMORY", 8)  # two of 4 events
    store = LiveInMemoryTrackerStore(DOMAIN, db=str(tmp_path / "conversations.db"))
    for sender in ("a", "b", "c"):
        await store.save(DialogueStateTracker.from_events(
            sender, [SlotSet("language", "ja"), *turn(f"hi from {sender}")], slots=DOMAIN.slots))
    assert list(store.trackers) == ["b", "c"]
    back = await store.retrieve("a")
    assert back.latest_message.text == "hi from a" and back.get_slot("language") == "ja"
    assert list(store.trackers) == ["c", "a"]


async def test_a_long_conversation_takes_the_room_of_short_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(tracker_store, "EVENTS_IN_MEMORY", 8)
    store = LiveInMemoryTrackerStore(DOMAIN, db=str(tmp_path / "conversations.db"))
    for sender in ("a", "b"):
        await store.save(DialogueStateTracker.from_events(sender, turn("hi"), slots=DOMAIN.slots))
    assert list(store.trackers) == ["a", "b"]
    await store.save(DialogueStateTracker.from_events(
        "long", [*turn("one"), *turn("two"), *turn("three")], slots=DOMAIN.slots))
    assert list(store.trackers) == ["long"]  # 9 events: alone over the limit, and still kept
    assert (await store.retrieve("a")).latest_message.text == "hi"


async def test_without_a_file_every_conversation_stays_in_memory(monkeypatch):
    monkeypatch.setattr(tracker_store, "EVENTS_IN_MEMORY", 6)
    store = LiveInMemoryTrackerStore(DOMAIN)
    for sender in ("a", "b", "c"):
        await store.save(DialogueStateTracker.from_events(sender, turn("hi"), slots=DOMAIN.slots))
    assert [(await store.retrieve(s)).sender_id for s in "abc"] == ["a", "b", "c"]
