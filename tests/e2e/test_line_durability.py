"""A LINE event acknowledged with 200 is answered even when the replica dies right after: LINE
never sends it again, so the queue must (channels/line_queue.py). Own servers: this test kills one."""

import json
import os
import signal
import uuid

import pytest
from sqlalchemy import create_engine, text

from kakehashi.tools.servers import (free_port, server_env, start_action_server, start_rasa, stop,
                                     wait_until_up)
from tests.e2e.fake_line import ACCESS_TOKEN, CHANNEL_SECRET
from tests.e2e.line_client import Line, event

pytestmark = pytest.mark.e2e


def test_an_event_acknowledged_then_lost_with_its_replica_is_answered_after_the_restart(
        fake_line, services_dir, tmp_path):
    rasa_port, action_port = free_port(), free_port()
    database = tmp_path / "kakehashi.db"
    env = server_env({"ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
                      "DATABASE_URL": f"sqlite:///{database}",
                      "KAKEHASHI_SERVICES_DIR": str(services_dir),
                      "CONVERSATIONS_DB": str(tmp_path / "conversations.db"),
                      "LINE_CHANNEL_SECRET": CHANNEL_SECRET, "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
                      "LINE_API_BASE_URL": f"http://127.0.0.1:{fake_line.port}"})
    actions = start_action_server(action_port, env, tmp_path / "actions.log")
    rasa = start_rasa(rasa_port, env, tmp_path / "rasa.log")
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, 240)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", rasa, 240)
        line = Line(f"http://127.0.0.1:{rasa_port}", fake_line)
        user = f"U{uuid.uuid4().hex}"
        # The action server hangs, so the turn is still in flight when the replica dies.
        os.killpg(actions.pid, signal.SIGSTOP)
        question = event(text="I want to talk to a person, my phone is 090-1234-5678",
                         source={"type": "user", "userId": user})
        line.send(question)  # 200: LINE will not send it again
        os.killpg(rasa.pid, signal.SIGKILL)
        rasa.wait()
        with create_engine(f"sqlite:///{database}").connect() as connection:
            [kept] = [json.loads(row[0]) for row in connection.execute(text("SELECT body FROM line_event"))]
        assert "090-1234-5678" not in json.dumps(kept)  # kept masked
        os.killpg(actions.pid, signal.SIGCONT)

        rasa = start_rasa(rasa_port, env, tmp_path / "rasa-restarted.log")
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", rasa, 240)
        answered = fake_line.wait_for(
            lambda r: (r["body"] or {}).get("replyToken") == question["replyToken"]
            or (r["body"] or {}).get("to") == user, timeout=60)
        assert answered and "Test Help Desk" in json.dumps(answered[-1]["body"], ensure_ascii=False)
        with create_engine(f"sqlite:///{database}").connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM line_event")).scalar() == 0
    finally:
        os.killpg(actions.pid, signal.SIGCONT) if actions.poll() is None else None
        stop(rasa)
        stop(actions)
