"""Changing an entry's answers in its YAML file as staff would by hand: a ruamel round trip keeps
the comments, the order and the layout; the same checks as `kakehashi validate` run on the new
text before it is written; a file changed by someone else since it was opened is not overwritten.
"""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from knowledge.entries import check_entries_file
from knowledge.faq import REQUIRED_LANGUAGES, check_topic_file
from knowledge.translations import translation_problems
from knowledge.yaml_editing import current_text, dump, round_trip_yaml, write_if_valid


def with_answers(text: str, entry_id: str | None, answers: dict[str, str]) -> str:
    """The file's text with the answers replaced (an empty optional language removed): of the
    entry `entry_id`, or of the topic file itself when it is None."""
    document = round_trip_yaml().load(text)
    entry = document if entry_id is None else next(
        (e for e in document.get("entries") or [] if e.get("id") == entry_id), None)
    if entry is None:
        raise KeyError(entry_id)
    for language, answer in answers.items():
        answer = answer.replace("\r\n", "\n").strip()
        if answer or language in REQUIRED_LANGUAGES:
            entry["answer"][language] = LiteralScalarString(answer + "\n")
        elif language in entry["answer"]:
            del entry["answer"][language]
    return dump(document)


def _answers_in(path: Path, entry_id: str | None) -> tuple[list[str], dict | None]:
    """(problems, the answers) of an entries file's entry, or of a topic file when None."""
    if entry_id is None:
        problems, topic, _ = check_topic_file(path)
        return [p.message for p in problems], dict(topic.answer) if topic else None
    problems, good = check_entries_file(path)
    found = next((dict(e.answer) for e, _ in good if e.id == entry_id), None)
    return [p.message for p in problems], found


def _checked_write(path: Path, new_text: str, entry_id: str | None, prefix: str
                   ) -> tuple[list[str], list[str], dict]:
    """Writes `new_text` over `path` if the file passes its checks: (problems, warnings, answers)."""
    def check(candidate: Path):
        problems, after = _answers_in(candidate, entry_id)
        warnings = [p.message for p in translation_problems(candidate) if p.message.startswith(prefix)]
        return problems, (warnings, after)

    problems, (warnings, after) = write_if_valid(path, new_text, check)
    return problems, warnings, {} if problems else after


def save_answers(path: Path, entry_id: str | None, answers: dict[str, str], opened: str
                 ) -> tuple[list[str], list[str], dict, dict]:
    """Writes the new answers (of an entry, or of a topic file when `entry_id` is None) unless
    they break a check: (problems, warnings, before, after). Raises EditConflict when the file
    is no longer the version the editor opened."""
    text = current_text(path, opened)
    _, before = _answers_in(path, entry_id)
    problems, warnings, after = _checked_write(path, with_answers(text, entry_id, answers),
                                               entry_id, f"{entry_id}:" if entry_id else "")
    return problems, warnings, before if not problems else {}, after


def add_entry(path: Path, entry: dict) -> tuple[list[str], dict]:
    """Appends a new entry to an entries file (made if missing), if it passes the checks:
    (problems, the entry as written)."""
    text = path.read_text(encoding="utf-8") if path.exists() else (
        f"# FAQ entries: {entry['topic']}. Written in the staff console.\nentries:\n")
    document = round_trip_yaml().load(text)
    if document.get("entries") is None:
        document["entries"] = CommentedSeq()
    answers = {lang: LiteralScalarString(value.strip() + "\n")
               for lang, value in entry["answer"].items() if value.strip()}
    document["entries"].append({**entry, "answer": answers})
    problems, _, _ = _checked_write(path, dump(document), entry["id"], f"{entry['id']}:")
    return problems, entry
