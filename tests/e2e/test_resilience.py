"""With the action server unreachable, a resident still gets a polite answer, never silence."""

import pytest
import requests

from kakehashi.servers import free_port, running_servers

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def rasa_without_actions(tmp_path_factory):
    dead = f"http://127.0.0.1:{free_port()}/webhook"  # nothing listens there
    with running_servers(free_port(), free_port(), log_dir=tmp_path_factory.mktemp("logs"),
                         extra_env={"ACTION_ENDPOINT_URL": dead}) as url:
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
    assert expected in reply and "011-211-3678" in reply


def test_faq_answers_greetings_and_emergencies_need_no_action_server(rasa_without_actions):
    assert "119" in say(rasa_without_actions, "resilience-2", "火事です！")
    assert "Hello" in say(rasa_without_actions, "resilience-3", "hello")
    garbage = say(rasa_without_actions, "resilience-4", "Which day is burnable garbage collected?")
    assert "Source:" in garbage and "Where you can get help:" in garbage
