"""`rasa export` reads `make run`'s conversations through the tracker store's contract: every
session of every conversation reaches the event broker (here Rasa's SQL broker on SQLite)."""

import os
import subprocess
import sys

import sqlalchemy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from kakehashi.tools.servers import REPO
from kakehashi.rasa_server.tracker_store import LiveInMemoryTrackerStore


async def test_rasa_export_publishes_every_session(tmp_path):
    conversations = tmp_path / "conversations.db"
    store = LiveInMemoryTrackerStore(Domain.empty(), db=str(conversations))
    tracker = DialogueStateTracker.from_events("resident", [
        SessionStarted(), UserUttered("first session", intent={"name": "greet"}),
        ActionExecuted("action_listen")])
    await store.save(tracker)
    for event in [ActionExecuted("action_session_start"), SessionStarted(),
                  UserUttered("second session", intent={"name": "greet"}),
                  ActionExecuted("action_listen")]:
        tracker.update(event)
    await store.save(tracker)

    exported = tmp_path / "exported.db"
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: kakehashi.rasa_server.tracker_store.LiveInMemoryTrackerStore\n"
        f"  db: {conversations}\n"
        f"event_broker:\n  type: sql\n  dialect: sqlite\n  db: {exported}\n", "utf-8")
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "kakehashi.rasa_server.rasa_cli", "export",
                           "--endpoints", str(endpoints)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr

    with sqlalchemy.create_engine(f"sqlite:///{exported}").connect() as connection:
        rows = connection.execute(sqlalchemy.text("SELECT data FROM events")).fetchall()
    said = [row[0] for row in rows if '"event": "user"' in row[0]]
    assert len(said) == 2 and "first session" in said[0] and "second session" in said[1]
