"""Staff accounts (Argon2id, lock-out, sessions, audit) and saving an answer into a YAML file."""

import pytest
from sqlalchemy import create_engine, text

from kakehashi.tools.servers import REPO
from knowledge import staff
from knowledge.entry_editing import save_answers
from knowledge.yaml_editing import EditConflict, version

PASSWORD = "correct horse battery staple"


@pytest.fixture
def engine(tmp_path):
    return create_engine(f"sqlite:///{tmp_path / 'staff.db'}", future=True)


def test_passwords_are_hashed_and_a_session_carries_its_role_and_csrf(engine):
    staff.add_account(engine, "anna", "viewer", PASSWORD)
    with engine.connect() as connection:
        [stored] = connection.execute(text("SELECT password_hash FROM staff_account")).scalars()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    token, session = staff.log_in(engine, "anna", PASSWORD)
    assert staff.session_of(engine, token) == session and not session.can_edit
    staff.log_out(engine, token)
    assert staff.session_of(engine, token) is None
    with pytest.raises(ValueError):
        staff.add_account(engine, "ben", "editor", "short")


def test_an_account_locks_after_five_wrong_passwords_even_for_the_right_one(engine):
    staff.add_account(engine, "anna", "editor", PASSWORD)
    for _ in range(staff.MAX_FAILURES):
        assert staff.log_in(engine, "anna", "wrong password!!") is None
    assert staff.log_in(engine, "anna", PASSWORD) is None
    assert staff.log_in(engine, "nobody", PASSWORD) is None


def test_a_saved_answer_keeps_the_file_as_written_and_a_stale_version_is_refused(tmp_path, engine):
    path = tmp_path / "garbage.yml"
    original = (REPO / "tests" / "fixtures" / "entries" / "fixture.yml").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    entry_id = original.split("- id: ", 1)[1].split()[0]
    problems, _, before, after = save_answers(path, entry_id, {"en": "New answer, 8:30."},
                                              version(original))
    assert problems == [] and after["en"].strip() == "New answer, 8:30." and before != after
    saved = path.read_text(encoding="utf-8")
    gone = [line for line in original.splitlines() if line not in saved.splitlines()]
    assert len(gone) == 1 and "en:" in gone[0]  # only the English answer's line changed
    with pytest.raises(EditConflict):
        save_answers(path, entry_id, {"en": "Other."}, version(original))
    problems, *_ = save_answers(path, entry_id, {"en": ""}, version(saved))
    assert problems  # English is required: reported, not written
    assert path.read_text(encoding="utf-8") == saved
    staff.audit(engine, "anna", f"entry {entry_id}", before, after)
    [row] = staff.audit_log(engine)
    assert row.who == "anna" and "New answer" in row.after


def test_unanswered_questions_are_counted_per_week_and_by_language(engine):
    import datetime as dt

    from channels.staff import weekly_chart
    from knowledge import unanswered

    now = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.timezone.utc)  # a Monday
    for question, language, days_ago in [("ramen?", "en", 0), ("ラーメン", "ja", 1), ("pho?", "vi", 8),
                                         ("ramen shop?", "en", 9)]:
        unanswered.record(engine, question, language, [])
        with engine.begin() as connection:
            connection.execute(text("UPDATE unanswered_question SET asked_at = :at WHERE text = :t"),
                               {"at": now - dt.timedelta(days=days_ago), "t": question})
    weeks = unanswered.weekly_counts(engine, 3, now)
    # weeks from Monday 11/16, 11/23 and 11/30: 8 and 9 days ago fall in the first
    assert [(start.isoformat(), count) for start, count in weeks] == [
        ("2026-11-16", 2), ("2026-11-23", 1), ("2026-11-30", 1)]
    assert [c for _, c in unanswered.weekly_counts(engine, 3, now, "en")] == [1, 0, 1]
    assert [g.examples for g in unanswered.groups(engine, language="vi")] == [["pho?"]]
    chart = weekly_chart(weeks)
    assert chart.startswith("<svg") and chart.count("<rect") == 3 and "11/23" in chart
