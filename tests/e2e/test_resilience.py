"""With the action server unreachable, a resident still gets a polite answer, never silence."""

import pytest
import requests

from kakehashi.tools.servers import free_port, running_servers

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def rasa_without_actions(tmp_path_factory, services_dir):
    dead = f"http://127.0.0.1:{free_port()}/webhook"  # nothing listens there
    scratch = tmp_path_factory.mktemp("resilience")
    env = {"ACTION_ENDPOINT_URL": dead, "CONVERSATIONS_DB": str(scratch / "conversations.db"),
           # the fixture directory, in a database of its own (not `make run`'s)
           "KAKEHASHI_SERVICES_DIR": str(services_dir),
           "DATABASE_URL": f"sqlite:///{scratch / 'kakehashi.db'}"}
    with running_servers(free_port(), free_port(), log_dir=scratch, extra_env=env) as url:
        yield f"{url}/webhooks/rest/webhook"


def say(url, sender, text):
    answer = requests.post(url, json={"sender": sender, "message": text}, timeout=60)
    assert answer.status_code == 200
    return "\n".join(m.get("text", "") for m in answer.json())


@pytest.mark.parametrize("question, expected", [
    ("I want to talk to a real person", "try again"),
    ("相談窓口の人と話したいです", "もう一度"),
])
def test_an_answer_that_needs_the_action_server_becomes_a_polite_message(
        rasa_without_actions, question, expected):
    reply = say(rasa_without_actions, f"resilience-{expected}", question)
    assert expected in reply and "011-000-0001" in reply  # the help desk of the directory served


def test_faq_answers_greetings_and_emergencies_need_no_action_server(rasa_without_actions):
    assert "119" in say(rasa_without_actions, "resilience-2", "火事です！")
    assert "Hello" in say(rasa_without_actions, "resilience-3", "hello")
    garbage = say(rasa_without_actions, "resilience-4", "Which day is burnable garbage collected?")
    assert "Source:" in garbage and "Where you can get help:" in garbage


def test_a_conversation_goes_on_after_make_run_is_restarted(tmp_path, services_dir):
    """`make run` keeps conversations in SQLite: the chosen language survives a restart."""
    env = {"CONVERSATIONS_DB": str(tmp_path / "conversations.db"),
           "KAKEHASHI_SERVICES_DIR": str(services_dir),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'kakehashi.db'}"}
    with running_servers(free_port(), free_port(), log_dir=tmp_path, extra_env=env) as url:
        webhook = f"{url}/webhooks/rest/webhook"
        say(webhook, "restart", "英語で話してください")
        before = say(webhook, "restart", "ゴミの出し方を教えて")
    with running_servers(free_port(), free_port(), log_dir=tmp_path, extra_env=env) as url:
        after = say(f"{url}/webhooks/rest/webhook", "restart", "ゴミの出し方を教えて")
    assert "Source:" in before and "Source:" in after  # still in English, as chosen
    assert after.split("Source:")[0] == before.split("Source:")[0]
