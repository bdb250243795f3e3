"""Changing an entry's answers in its YAML file as staff would by hand: a ruamel round trip keeps
the comments, the order and the layout; the same checks as `kakehashi validate` run on the new
text before it is written; a file changed by someone else since it was opened is not overwritten.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from knowledge.entries import check_entries_file
from knowledge.faq import REQUIRED_LANGUAGES
from knowledge.translations import translation_problems


class EditConflict(Exception):
    """The file changed since the editor opened it."""


def version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def with_answers(text: str, entry_id: str, answers: dict[str, str]) -> str:
    """The file's text with the entry's answers replaced (an empty optional language removed)."""
    yaml = _yaml()
    document = yaml.load(text)
    entry = next((e for e in document.get("entries") or [] if e.get("id") == entry_id), None)
    if entry is None:
        raise KeyError(entry_id)
    for language, answer in answers.items():
        answer = answer.replace("\r\n", "\n").strip()
        if answer or language in REQUIRED_LANGUAGES:
            entry["answer"][language] = LiteralScalarString(answer + "\n")
        elif language in entry["answer"]:
            del entry["answer"][language]
    out = io.StringIO()
    yaml.dump(document, out)
    return out.getvalue()


def save_answers(path: Path, entry_id: str, answers: dict[str, str], opened: str
                 ) -> tuple[list[str], list[str], dict, dict]:
    """Writes the new answers unless they break a check: (problems, warnings, before, after).
    Raises EditConflict when the file is no longer the version the editor opened."""
    text = path.read_text(encoding="utf-8")
    if version(text) != opened:
        raise EditConflict(path.name)
    new_text = with_answers(text, entry_id, answers)
    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / path.name
        candidate.write_text(new_text, encoding="utf-8")
        problems, good = check_entries_file(candidate)
        warnings = [p.message for p in translation_problems(candidate)
                    if p.message.startswith(f"{entry_id}:")]
    if problems:
        return [p.message for p in problems], warnings, {}, {}
    before = next(e for e, _ in check_entries_file(path)[1] if e.id == entry_id).answer
    after = next(e for e, _ in good if e.id == entry_id).answer
    partial = path.with_suffix(".saving")
    partial.write_text(new_text, encoding="utf-8")
    os.replace(partial, path)
    return [], warnings, dict(before), dict(after)
