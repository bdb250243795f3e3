"""Staff accounts (Argon2id, lock-out, sessions, audit) and saving an answer into a YAML file."""

import pytest
from sqlalchemy import create_engine, text

from kakehashi.servers import REPO
from knowledge import staff
from knowledge.entry_editing import EditConflict, save_answers, version

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
