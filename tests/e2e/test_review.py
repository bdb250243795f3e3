"""An unanswered question is kept for staff, and the conversation in `make run`'s SQLite store,
with the resident's personal data masked."""

import json

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.e2e


SECRETS = ("090-1234-5678", "taro@example.com", "AB12345678CD", "1234 5678 9012")


def test_an_unanswered_question_is_kept_masked_for_the_report(conversation, database_url):
    reply = conversation.text("What is the best ramen shop in Susukino? reach me at 090-1234-5678, "
                              "taro@example.com, AB12345678CD, 1234 5678 9012")
    assert "can't answer" in reply
    with create_engine(database_url, future=True).connect() as connection:
        kept = [row[0] for row in connection.execute(text("SELECT text FROM unanswered_question"))]
    [question] = [q for q in kept if "<✉>" in q]  # the only question here with an e-mail address
    assert "ramen" in question and "<☎>" in question and question.count("<🆔>") == 2
    for secret in SECRETS:
        assert secret not in question


def test_the_stored_conversation_is_masked(conversation, conversations_db):
    conversation.text("I lost my residence card AB12345678CD. Call me: 090-1234-5678, "
                      "taro@example.com, My Number 1234 5678 9012")
    with create_engine(f"sqlite:///{conversations_db}", future=True).connect() as connection:
        stored = [row[0] for row in connection.execute(
            text("SELECT data FROM events WHERE sender_id = :sender"),
            {"sender": conversation.sender})]
    [said] = [json.loads(event)["text"] for event in stored if '"event": "user"' in event]
    assert said.startswith("I lost my residence card <🆔>") and "<☎>" in said and "<✉>" in said
    for secret in SECRETS:
        assert not any(secret in event for event in stored)
