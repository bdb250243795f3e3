"""`kakehashi purge`: conversations and unanswered questions are kept for a limited time.

A conversation whose last message is older than the limit is deleted whole (every event of every
session), from `make run`'s SQLite file and from the production database (Rasa's `events` table);
unanswered questions older than the limit are deleted from the review table. The default,
DEFAULT_DAYS, covers the staff's monthly review of unanswered questions and a resident coming back
to a conversation within a season, and no more: what residents tell us is not kept for its own
sake.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from sqlalchemy import MetaData, Table, create_engine, delete, func, inspect, select
from sqlalchemy.engine import Engine

from knowledge import unanswered

logger = logging.getLogger(__name__)
DEFAULT_DAYS = 90


@dataclass(frozen=True)
class Purged:
    conversations: int
    events: int
    unanswered_questions: int


def purge_conversations(engine: Engine, before: dt.datetime) -> tuple[int, int]:
    """Deletes every conversation whose latest event is before `before`: (conversations, events)."""
    if not inspect(engine).has_table("events"):
        return 0, 0
    events = Table("events", MetaData(), autoload_with=engine)
    latest = func.max(events.c.timestamp)
    with engine.begin() as connection:
        old = list(connection.execute(select(events.c.sender_id).group_by(events.c.sender_id)
                                      .having(latest < before.timestamp())).scalars())
        deleted = sum(connection.execute(delete(events).where(
            events.c.sender_id.in_(old[start:start + 500]))).rowcount
            for start in range(0, len(old), 500))
    return len(old), deleted


def purge_unanswered(engine: Engine, before: dt.datetime) -> int:
    if not inspect(engine).has_table(unanswered.UnansweredQuestion.__tablename__):
        return 0
    with engine.begin() as connection:
        return connection.execute(delete(unanswered.UnansweredQuestion).where(
            unanswered.UnansweredQuestion.asked_at < before)).rowcount


def purge(conversation_urls: list[str], review_url: str, days: int,
          now: dt.datetime | None = None) -> Purged:
    """Deletes what is older than `days` in every conversation store and in the review table."""
    before = (now or dt.datetime.now(dt.timezone.utc)) - dt.timedelta(days=days)
    conversations = events = 0
    for url in dict.fromkeys(conversation_urls):
        found = purge_conversations(create_engine(url, future=True), before)
        conversations, events = conversations + found[0], events + found[1]
    questions = purge_unanswered(create_engine(review_url, future=True), before)
    logger.info("purge: %d conversations (%d events) and %d unanswered questions older than %d "
                "days deleted", conversations, events, questions, days)
    return Purged(conversations, events, questions)
