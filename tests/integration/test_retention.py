"""`kakehashi purge`: old conversations (whole) and old unanswered questions go; recent ones stay."""

import datetime as dt

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from knowledge import unanswered
from knowledge.retention import purge

NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc)
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    with create_engine(POSTGRES_URL, future=True).begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS events"))
        connection.execute(text("DROP TABLE IF EXISTS unanswered_question"))
    return POSTGRES_URL


async def _conversation(store, sender, *days_ago):
    events = []
    for days in days_ago:
        when = (NOW - dt.timedelta(days=days)).timestamp()
        events += [UserUttered("hello", intent={"name": "greet"}, timestamp=when),
                   ActionExecuted("action_listen", timestamp=when)]
    await store.save(DialogueStateTracker.from_events(sender, events))


async def test_old_conversations_and_questions_are_deleted_and_recent_ones_kept(database):
    url = create_engine(database).url
    store = SQLTrackerStore(Domain.empty(), dialect=url.drivername, host=url.host, port=url.port,
                            db=url.database, username=url.username)
    await _conversation(store, "old", 200, 120)
    await _conversation(store, "came-back", 200, 10)  # its last message is recent: kept whole
    engine = create_engine(database, future=True)
    unanswered.record(engine, "old question", "en", [])
    with engine.begin() as connection:
        connection.execute(text("UPDATE unanswered_question SET asked_at = :when"),
                           {"when": NOW - dt.timedelta(days=100)})
    unanswered.record(engine, "new question", "en", [])

    done = purge([database], database, days=90, now=NOW)

    assert (done.conversations, done.events, done.unanswered_questions) == (1, 4, 1)
    with engine.connect() as connection:
        senders = {row[0] for row in connection.execute(text("SELECT sender_id FROM events"))}
        questions = [row[0] for row in connection.execute(text("SELECT text FROM unanswered_question"))]
    assert senders == {"came-back"} and questions == ["new question"]
