"""The staff review loop: unanswered questions kept, masked, and grouped for the report."""

import pytest
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from kakehashi.tools.cli import main
from knowledge import unanswered

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path):
    if request.param == "sqlite":
        return create_engine(f"sqlite:///{tmp_path / 'review.db'}", future=True)
    engine = create_engine(POSTGRES_URL, future=True)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS unanswered_question"))
    return engine


def test_similar_questions_are_grouped_and_counted_most_frequent_first(engine):
    for question in ["ペットと住める部屋はありますか", "ペットと住める部屋を探しています",
                     "ペットと住める部屋ある？", "pet friendly apartment in sapporo?",
                     "pet friendly apartments sapporo", "what is the best ramen"]:
        unanswered.record(engine, question, "ja", [("housing", 0.2), ("garbage", 0.1)])
    found = unanswered.groups(engine)
    assert [g.count for g in found][:2] == [3, 2]
    assert "ペットと住める部屋はありますか" in found[0].examples
    assert found[0].closest_topics == ["housing"]
    report = unanswered.as_markdown(found)
    assert report.splitlines()[2].startswith("| 3 | ")
    assert unanswered.as_csv(found).splitlines()[0] == (
        "asked,examples,languages,closest_topics,closest_entries")


def test_each_group_shows_its_closest_entries_and_a_ready_to_fill_entry(engine):
    for question in ["ペットと住める部屋はありますか", "ペットと住める部屋を探しています"]:
        unanswered.record(engine, question, "ja", [("housing", 0.2)])
    found = unanswered.with_closest_entries(unanswered.groups(engine),
                                            lambda text: ["housing-deposit", "housing-guarantor"])
    report = unanswered.as_markdown(found)
    assert "| housing-deposit, housing-guarantor |" in report.splitlines()[2]
    skeleton = yaml.safe_load("entries:\n" + unanswered.entry_skeleton(found[0], 1))["entries"][0]
    assert skeleton["topic"] == "housing"
    assert skeleton["question"] == {"ja": "ペットと住める部屋はありますか"}
    assert skeleton["also"] == ["ペットと住める部屋を探しています"]
    assert set(skeleton["answer"]) == {"ja", "ja-easy", "en"}


def test_the_report_command_prints_markdown(engine, monkeypatch, capsys):
    unanswered.record(engine, "what about <☎>", "en", [])
    monkeypatch.setenv("DATABASE_URL", str(engine.url.render_as_string(hide_password=False)))
    assert main(["report", "--days", "1"]) == 0
    assert "what about <☎>" in capsys.readouterr().out


def test_a_question_is_kept_when_another_server_makes_the_table_at_the_same_moment(
        engine, monkeypatch):
    made_by_the_other_server = unanswered._make_table

    def losing_the_race(engine):
        made_by_the_other_server(engine)
        raise OperationalError("CREATE TABLE unanswered_question", {}, Exception("already exists"))

    monkeypatch.setattr(unanswered, "_make_table", losing_the_race)
    unanswered.record(engine, "where do spray cans go?", "en", [])
    monkeypatch.undo()
    assert [g.examples for g in unanswered.groups(engine)] == [["where do spray cans go?"]]
