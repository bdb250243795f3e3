"""LINE events kept until they are answered.

LINE never sends an event again once the webhook said 200. So each event is written here before
the 200 and deleted only after its reply or push went out; an event whose replica died or whose
delivery failed is taken up again: by the next sweep of any replica once its claim is older than
CLAIM_EXPIRY_S (every SWEEP_EVERY_S, and at start-up), at most MAX_ATTEMPTS times.

The table lives in the database of the directory (`DATABASE_URL`: PostgreSQL in production,
shared by the replicas; SQLite under `make run`). It holds the event with its text masked, as Rasa
would store it, and only until it is answered.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid

from sqlalchemy import (Column, DateTime, Integer, String, Text, delete, or_,
                        select, update)
from sqlalchemy.orm import declarative_base

from channels.privacy import mask_personal_data
from knowledge.directory import database_engine

logger = logging.getLogger(__name__)
CLAIM_EXPIRY_S = 20  # a turn takes well under a second; a claim this old belongs to a dead replica
SWEEP_EVERY_S = 10
MAX_ATTEMPTS = 5
Base = declarative_base()


class LineEvent(Base):
    __tablename__ = "line_event"
    id = Column(Integer, primary_key=True, autoincrement=True)
    body = Column(Text, nullable=False)  # the event, its text masked
    received_at = Column(DateTime(timezone=True), nullable=False)
    claimed_by = Column(String(64), nullable=True, index=True)
    claimed_at = Column(DateTime(timezone=True), nullable=True)
    attempts = Column(Integer, nullable=False, default=0)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def masked(event: dict) -> dict:
    message = event.get("message")
    if isinstance(message, dict) and isinstance(message.get("text"), str):
        return {**event, "message": {**message, "text": mask_personal_data(message["text"])}}
    return event


class LineEventQueue:
    def __init__(self, url: str) -> None:
        self.engine = database_engine(url)
        self.instance = uuid.uuid4().hex  # this replica, in its claims
        self._table_ready = False  # made at the first use: the database may be down at start-up

    def _ensure_table(self) -> None:
        if not self._table_ready:
            Base.metadata.create_all(self.engine)
            self._table_ready = True

    def put(self, events: list[dict]) -> list[int]:
        """Writes the events (committed) and returns their ids, claimed by this replica."""
        self._ensure_table()
        now = _now()
        with self.engine.begin() as connection:
            return [connection.execute(LineEvent.__table__.insert().values(
                body=json.dumps(masked(event), ensure_ascii=False), received_at=now,
                claimed_by=self.instance, claimed_at=now, attempts=0)).inserted_primary_key[0]
                for event in events]

    def claim_waiting(self, limit: int = 50) -> list[tuple[int, dict]]:
        """Events nobody is answering (never claimed, or claimed by a replica that went away),
        now claimed by this replica."""
        self._ensure_table()
        stale = _now() - dt.timedelta(seconds=CLAIM_EXPIRY_S)
        waiting = or_(LineEvent.claimed_by.is_(None), LineEvent.claimed_at < stale)
        claimed = []
        with self.engine.begin() as connection:
            found = connection.execute(select(LineEvent.id, LineEvent.body).where(waiting)
                                       .order_by(LineEvent.id).limit(limit)).all()
            for event_id, body in found:
                taken = connection.execute(update(LineEvent).where(LineEvent.id == event_id, waiting)
                                           .values(claimed_by=self.instance, claimed_at=_now()))
                if taken.rowcount:
                    claimed.append((event_id, json.loads(body)))
        return claimed

    def done(self, event_id: int) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(LineEvent).where(LineEvent.id == event_id))

    def failed(self, event_id: int) -> None:
        """Released for a later sweep; given up (deleted, logged) after MAX_ATTEMPTS."""
        with self.engine.begin() as connection:
            attempts = connection.execute(select(LineEvent.attempts).where(
                LineEvent.id == event_id)).scalar_one_or_none()
            if attempts is None:
                return
            if attempts + 1 >= MAX_ATTEMPTS:
                connection.execute(delete(LineEvent).where(LineEvent.id == event_id))
                logger.error("LINE event %s not delivered after %d attempts: given up", event_id,
                             MAX_ATTEMPTS)
                return
            connection.execute(update(LineEvent).where(LineEvent.id == event_id).values(
                attempts=attempts + 1, claimed_by=None, claimed_at=None))
