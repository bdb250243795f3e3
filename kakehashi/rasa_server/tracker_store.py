"""Tracker stores. `LiveInMemoryTrackerStore` (`make run`): conversations in memory, written to
SQLite. `DurableSQLTrackerStore` (production): Rasa's SQL tracker store, addressed by the same
`DATABASE_URL` as the directory, that rides out a database outage.

Rasa's own store, when the database is unreachable, forgets the conversation (a new one starts)
and keeps what is said meanwhile only in a memory nobody reads again; tables it could not create
at start-up are never created. Here a conversation this server has seen recently goes on from
memory during an outage (with its chosen language, its country), what it said is written when
the database is back, and the tables are made at the first chance.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
from collections import OrderedDict
from pathlib import Path
from typing import Any, Iterable, Iterator, Optional, Text

import sqlalchemy
from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker, get_trackers_for_conversation_sessions
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import sessionmaker
from sqlalchemy.pool import SingletonThreadPool

from knowledge.directory import database_options

logger = logging.getLogger(__name__)
CONVERSATIONS_REMEMBERED = 10_000  # how many of their events the database holds
# Trackers in memory are bounded by their events, ~2.5 KB each (a reply's text and buttons): a
# 20-message conversation holds ~120 events, a question and its answer ~10. Counting
# conversations instead let 1,000 long ones take the Rasa server from 1.4 to 1.7 GB.
EVENTS_KEPT = 10_000  # of recent conversations this server can go on with during an outage
# make run: the events of the most recent conversations kept in memory; older ones are read back
# from SQLite when they return, so memory does not grow with every resident who ever wrote.
EVENTS_IN_MEMORY = 20_000


class DurableSQLTrackerStore(SQLTrackerStore):
    def __init__(self, domain=None, host: Optional[Text] = None, event_broker=None,
                 **kwargs) -> None:
        # Rasa passes the endpoint's `url:` as `host`; DATABASE_URL when the endpoint has none.
        address = make_url(host or os.environ["DATABASE_URL"])
        super().__init__(domain, dialect=address.drivername, host=address.host,
                         port=address.port, db=address.database, username=address.username,
                         password=address.password, event_broker=event_broker,
                         query=database_options(address), **kwargs)
        # How many of each conversation's events the database holds, as far as we know; the
        # conversations whose latest events could not be written yet; recent conversations.
        self._stored = _Recent()
        self._unsaved: dict[str, DialogueStateTracker] = {}
        self._recent = _Recent()
        self._tables_ready = False

    def _remember(self, tracker: DialogueStateTracker | None, sender_id: str, stored: int) -> None:
        self._stored.keep(sender_id, stored, 1, CONVERSATIONS_REMEMBERED)
        if tracker is not None:
            self._recent.keep(sender_id, tracker, len(tracker.events), EVENTS_KEPT)

    def _ensure_tables(self) -> None:
        if not self._tables_ready:
            self.Base.metadata.create_all(self.engine)
            self._tables_ready = True

    def _additional_events(self, session, tracker: DialogueStateTracker) -> Iterator:
        stored = self._stored.get(tracker.sender_id)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, None)

    async def save(self, tracker: DialogueStateTracker) -> None:
        try:
            self._ensure_tables()
            await super().save(tracker)
        except SQLAlchemyError as error:
            self._unsaved[tracker.sender_id] = tracker
            logger.error("tracker store: the database is unreachable; conversation %s is kept in "
                         "memory and written when the database is back (%d waiting): %s",
                         tracker.sender_id, len(self._unsaved), _first_line(error))
            return
        self._remember(tracker, tracker.sender_id, len(tracker.events))
        if self._unsaved.pop(tracker.sender_id, None) is not None:
            logger.info("tracker store: conversation %s written after the outage",
                        tracker.sender_id)

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        waiting = self._unsaved.get(sender_id)
        if waiting is not None:
            await self.save(waiting)
            if sender_id in self._unsaved:  # still down: go on from memory
                return waiting
        try:
            self._ensure_tables()
            tracker = await super().retrieve(sender_id)
        except SQLAlchemyError as error:
            recent = self._recent.get(sender_id)
            logger.error("tracker store: the database is unreachable; conversation %s goes on %s: "
                         "%s", sender_id, "from memory" if recent else "without its earlier turns",
                         _first_line(error))
            if recent is None:
                self._remember(None, sender_id, 0)  # a new tracker: all its events are new
            return recent
        self._remember(tracker, sender_id, len(tracker.events) if tracker else 0)
        return tracker


class _Recent:
    """Values by key, least recently kept first, each with a weight; the oldest leave once the
    weights together pass the limit given to `keep` (the newest always stays)."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._weight = 0

    def keep(self, key: str, value: Any, weight: int, limit: float) -> None:
        _, replaced = self._items.pop(key, (None, 0))
        self._items[key] = (value, weight)
        self._weight += weight - replaced
        while self._weight > limit and len(self._items) > 1:
            _, (_, dropped) = self._items.popitem(last=False)
            self._weight -= dropped

    def get(self, key: str, default: Any = None) -> Any:
        found = self._items.get(key)
        return default if found is None else found[0]

    def weight_of(self, key: str) -> int:
        return self._items.get(key, (None, 0))[1]

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


class LiveInMemoryTrackerStore(InMemoryTrackerStore):
    """`make run`'s store: conversations in memory, and written to SQLite so a restart keeps them.

    Rasa's in-memory store keeps each conversation as JSON and rebuilds every event of it on every
    message (a fifth of the Rasa server's time under load, py-spy), and forgets everything on
    restart. This one keeps the tracker itself, one process and one message of a conversation at
    a time (the lock store), and hands out the latest session, as Rasa's (every session from
`retrieve_full_tracker`). Each turn's new events
    also go into the `events` table of Rasa's SQL tracker store in the SQLite file `db`; only the
    most recent conversations stay in memory, and one this process does not hold is read back from
    there. A failed write is logged and tried again with the next one.
    """

    def __init__(self, domain=None, event_broker=None, host=None, db: str | None = None,
                 **kwargs) -> None:
        super().__init__(domain, event_broker, **kwargs)
        # Each conversation's tracker, weighing its length when saved, least recently used first.
        self.trackers = _Recent()
        self._disk = _SQLiteEvents(domain, db) if db else None

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        saved_length = self.trackers.weight_of(tracker.sender_id)
        added = list(itertools.islice(tracker.events, saved_length, None))
        if self._disk:
            self._disk.append(tracker.sender_id, added)
        if saved_length and any(isinstance(event, SessionStarted) for event in added):
            tracker = get_trackers_for_conversation_sessions(tracker)[-1]
        self._keep(tracker)

    @property
    def domain(self) -> Domain:
        return self._domain

    @domain.setter
    def domain(self, domain: Optional[Domain]) -> None:
        # Rasa sets the model's domain after making the store: the SQLite copy needs it too, or
        # a conversation read back from it (after a restart, or out of memory) loses its slots.
        self._domain = domain or Domain.empty()
        if getattr(self, "_disk", None) is not None:
            self._disk.domain = self._domain

    def _keep(self, tracker: DialogueStateTracker) -> None:
        # Only what SQLite holds may leave memory: nothing without a file, or while writes fail.
        on_disk = self._disk is not None and not self._disk.waiting
        self.trackers.keep(tracker.sender_id, tracker, len(tracker.events),
                           EVENTS_IN_MEMORY if on_disk else float("inf"))

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        if sender_id not in self.trackers and self._disk:
            tracker = await self._disk.retrieve(sender_id)
            if tracker is not None:
                self._keep(tracker)
        return self.trackers.get(sender_id)

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """Every session of the conversation, as Rasa's contract says (`rasa export` reads it):
        SQLite keeps them all, memory only the latest. Without a file, or with writes waiting,
        memory is all there is."""
        if self._disk and not self._disk.waiting:
            full = await self._disk.retrieve_full_tracker(sender_id)
            if full is not None:
                return full
        return await self.retrieve(sender_id)

    async def keys(self) -> Iterable[Text]:
        on_disk = await self._disk.keys() if self._disk else []
        return list(dict.fromkeys([*self.trackers, *on_disk]))


class _SQLiteEvents(SQLTrackerStore):
    """Rasa's SQL tracker store on a SQLite file, with one connection kept open.

    A turn's write is then one INSERT and, with the write-ahead log, a commit that does not wait
    for the disk: well under a millisecond, cheaper in the event loop than handed to a thread
    (measured: a writer thread cost a third of the throughput in lock and GIL hand-overs).
    """

    def __init__(self, domain, db: str) -> None:
        Path(db).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(domain, dialect="sqlite", db=db)
        self.engine = sqlalchemy.create_engine(self.engine.url, poolclass=SingletonThreadPool)
        sqlalchemy.event.listen(self.engine, "connect", _write_ahead_log)
        self.sessionmaker = sessionmaker(bind=self.engine)
        self.waiting: list[dict] = []  # rows not written yet (after a failure), in order
        self._tables_checked = True  # Rasa made them; checked again after a failed write

    def append(self, sender_id: str, events: list) -> None:
        rows = [*self.waiting, *(_row(sender_id, event) for event in events)]
        if not rows:
            return
        try:
            if not self._tables_checked:
                self.Base.metadata.create_all(self.engine)
                self._tables_checked = True
            with self.engine.begin() as connection:
                connection.execute(self.SQLEvent.__table__.insert(), rows)
            self.waiting = []
        except SQLAlchemyError as error:
            self.waiting = rows
            self._tables_checked = False
            logger.error("tracker store: could not write %d events to %s (kept in memory, tried "
                         "again with the next turn): %s", len(rows), self.engine.url.database,
                         _first_line(error))

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve(sender_id)
        except SQLAlchemyError as error:
            logger.error("tracker store: could not read %s: %s", self.engine.url.database,
                         _first_line(error))
            return None

    async def retrieve_full_tracker(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        try:
            return await super().retrieve_full_tracker(sender_id)
        except SQLAlchemyError as error:
            logger.error("tracker store: could not read %s: %s", self.engine.url.database,
                         _first_line(error))
            return None

    async def keys(self) -> Iterable[Text]:
        try:
            return await super().keys()
        except SQLAlchemyError:
            return []


def _row(sender_id: str, event) -> dict:
    """An `events` row, as Rasa's SQLTrackerStore.save writes it."""
    data = event.as_dict()
    return {"sender_id": sender_id, "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
            "action_name": data.get("name"), "data": json.dumps(data)}


def _write_ahead_log(connection, _record) -> None:
    # Readers do not block the writer, and a commit need not wait for the disk each time.
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
