"""An unanswered question is kept for staff, with the resident's personal data masked."""

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.e2e


def test_an_unanswered_question_is_kept_masked_for_the_report(conversation, database_url):
    reply = conversation.text("What is the best ramen shop in Susukino? reach me at 090-1234-5678, "
                              "taro@example.com, AB12345678CD, 1234 5678 9012")
    assert "can't answer" in reply
    with create_engine(database_url, future=True).connect() as connection:
        kept = [row[0] for row in connection.execute(text("SELECT text FROM unanswered_question"))]
    [question] = [q for q in kept if "<✉>" in q]  # the only question here with an e-mail address
    assert "ramen" in question and "<☎>" in question and question.count("<🆔>") == 2
    for secret in ("090-1234-5678", "taro@example.com", "AB12345678CD", "1234 5678 9012"):
        assert secret not in question
