"""The trained model gives the same understanding and the same next actions whether Rasa runs its
graphs through dask or through InOrderGraphRunner (what `kakehashi.rasa_server.rasa_cli` uses)."""

import rasa.core.processor
from rasa.core.agent import Agent
from rasa.core.channels import UserMessage
from rasa.engine.runner.dask import DaskGraphRunner

from kakehashi.tools.bench import questions
from kakehashi.rasa_server.graph_runner import InOrderGraphRunner
from kakehashi.tools.servers import MODELS

TEXTS = questions()[::5][:60]  # every kind of question: ja, ja-easy, en, out of scope


async def answers(runner, monkeypatch) -> list:
    monkeypatch.setattr(rasa.core.processor, "DaskGraphRunner", runner)
    agent = Agent.load(str(MODELS / "kakehashi.tar.gz"))
    assert isinstance(agent.processor.graph_runner, runner)
    found = []
    for number, text in enumerate(TEXTS):
        parsed = await agent.parse_message(text)
        # Along one conversation, so the policies see earlier turns too.
        await agent.processor.log_message(UserMessage(text, sender_id="same"))
        found.append((parsed, await agent.processor.predict_next_for_sender_id("same")))
    return found


async def test_same_parse_and_predictions_as_with_dask(monkeypatch):
    assert len(TEXTS) == 60
    with_dask = await answers(DaskGraphRunner, monkeypatch)
    in_order = await answers(InOrderGraphRunner, monkeypatch)
    for text, (dask_parse, dask_next), (parse, next_action) in zip(TEXTS, with_dask, in_order):
        assert parse["intent"] == dask_parse["intent"], text
        assert parse["intent_ranking"] == dask_parse["intent_ranking"], text
        assert parse["entities"] == dask_parse["entities"], text
        assert next_action["scores"] == dask_next["scores"], text
        assert next_action["policy"] == dask_next["policy"], text
