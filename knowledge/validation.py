"""`kakehashi validate`: every problem in every knowledge file, as `file:line: message`."""

from __future__ import annotations

import re
import string
import unicodedata
from pathlib import Path

from knowledge import FAQ_DIR
from knowledge.easy_japanese import problems as easy_japanese_problems
from knowledge.entries import ENTRIES_DIR, check_entries_file, entry_files, load_entries
from knowledge.faq import check_topic_file, faq_files, topic_ids
from knowledge.notices import NOTICES_DIR, load_notices
from knowledge.phrases import FALLBACK_LANGUAGE, LANGUAGE_FILE, PHRASES_DIR
from knowledge.services import SERVICES_DIR, load_directory, the_help_desk
from knowledge.translations import answer_blocks, translation_problems
from knowledge.yaml_lines import KnowledgeError, line_of, load, plain


def question_key(text: str) -> str:
    """What makes two questions 'the same': case, width, spaces and punctuation ignored."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "", text)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def validate_faq(directory: Path = FAQ_DIR) -> list[KnowledgeError]:
    problems: list[KnowledgeError] = []
    first_seen: dict[str, tuple[str, int, str]] = {}
    found = set()
    for path in faq_files(directory):
        shown = _display(path)
        file_problems, topic, document = check_topic_file(path)
        problems += [KnowledgeError(shown, p.line, p.message) for p in file_problems]
        if topic is None:
            continue
        found.add(topic.id)
        for language, questions in topic.questions.items():
            for index, question in enumerate(questions):
                line = line_of(document, ["questions", language, index])
                key = question_key(question)
                if key in first_seen:
                    where, at, other = first_seen[key]
                    problems.append(KnowledgeError(
                        shown, line, f"question '{question}' is also in {other} ({where}:{at})"))
                else:
                    first_seen[key] = (shown, line, topic.id)
    for missing in sorted(set(topic_ids()) - found):
        if not (directory / f"{missing}.yml").exists():
            problems.append(KnowledgeError(_display(directory / f"{missing}.yml"), 1,
                                           f"no FAQ file for topic '{missing}'"))
    return problems


def validate_services(directory: Path = SERVICES_DIR) -> list[KnowledgeError]:
    problems, services = load_directory(directory)
    found = [KnowledgeError(_display(Path(p.path)), p.line, p.message) for p in problems]
    if services and the_help_desk(services) is None:
        found.append(KnowledgeError(_display(directory), 1,
                                    "no place is marked `help_desk: true` (the fallback needs one)"))
    return found


def validate_entries(directory: Path = ENTRIES_DIR,
                     services: Path = SERVICES_DIR) -> list[KnowledgeError]:
    """Entry problems, and places that name no service of the directory."""
    problems, _ = load_entries(directory)
    problems = [KnowledgeError(_display(Path(p.path)), p.line, p.message) for p in problems]
    _, known = load_directory(services)
    known_ids = {service.id for service in known}
    for path in ([] if not known_ids else sorted(directory.glob("*.yml"))):
        for entry, line in check_entries_file(path)[1]:
            for place in entry.places:
                if place not in known_ids:
                    problems.append(KnowledgeError(
                        _display(path), line, f"{entry.id}: no place '{place}' in the directory"))
    return problems


def validate_translations(faq: Path = FAQ_DIR, entries: Path = ENTRIES_DIR) -> list[KnowledgeError]:
    """Translations without a record of their source, or made from a text edited since."""
    return [KnowledgeError(_display(Path(p.path)), p.line, p.message)
            for path in faq_files(faq) + entry_files(entries) for p in translation_problems(path)]


def _flat(data: dict, path: tuple = ()):
    for key, value in (data or {}).items():
        if isinstance(value, dict):
            yield from _flat(value, path + (key,))
        else:
            yield path + (key,), value


def _placeholders(value) -> list[str]:
    return sorted(f for _, f, _, _ in string.Formatter().parse(value) if f) if isinstance(value, str) else []


# A date may be written with the month's number or its name; a reply may leave out the source's
# title and date (Easy Japanese does). Every other value filled in must stay.
_DATE_PARTS = {"weekday", "day", "month", "month_name"}
_MAY_BE_LEFT_OUT = {"source_title", "source_checked"}
_CLOCK_PARTS = {"hour", "minute", "hour12", "half", "minute_word"}


def _same_placeholders(key: tuple, found: list[str], english: list[str]) -> bool:
    if key == ("places", "date"):
        return set(found) <= _DATE_PARTS and "day" in found
    if key == ("places", "clock"):
        return set(found) <= _CLOCK_PARTS and bool(set(found) & {"hour", "hour12"})
    return set(found) <= set(english) and set(english) - set(found) <= _MAY_BE_LEFT_OUT


def validate_phrases(directory: Path = PHRASES_DIR) -> list[KnowledgeError]:
    """Each language's phrase file: every phrase of en.yml, with the same {placeholders}."""
    problems = []
    files = {path.stem: path for path in sorted(directory.glob("*.yml"))
             if re.fullmatch(LANGUAGE_FILE, path.stem)}
    english = dict(_flat(plain(load(files[FALLBACK_LANGUAGE]))))
    for code, path in files.items():
        try:
            document = load(path)
        except KnowledgeError as error:
            problems.append(KnowledgeError(_display(path), error.line, error.message))
            continue
        found = dict(_flat(plain(document)))
        for key, value in found.items():
            where = _display(path), line_of(document, list(key))
            if key not in english:
                problems.append(KnowledgeError(*where, f"{'.'.join(key)}: no such phrase in en.yml"))
            elif not _same_placeholders(key, _placeholders(value), _placeholders(english[key])):
                problems.append(KnowledgeError(*where, f"{'.'.join(key)}: placeholders "
                                               f"{_placeholders(value)}, en.yml has {_placeholders(english[key])}"))
    return problems


def _easy_japanese_answers(faq: Path, entries: Path):
    """(path, line, where, text) of every Easy Japanese answer."""
    for path in faq_files(faq) + entry_files(entries):
        try:
            document = load(path)
        except KnowledgeError:
            continue  # reported by the file's own checks
        for where, block in answer_blocks(document):
            text = block["answer"].get("ja-easy")
            if isinstance(text, str):
                name = f"{block['id']}: " if where else ""
                yield path, line_of(document, where + ["answer", "ja-easy"]), name, text


def validate_easy_japanese(faq: Path = FAQ_DIR, entries: Path = ENTRIES_DIR) -> list[KnowledgeError]:
    """Easy Japanese answers against the national guidelines (knowledge/easy_japanese.py)."""
    return [KnowledgeError(_display(path), line, f"{name}ja-easy: {problem}")
            for path, line, name, text in _easy_japanese_answers(faq, entries)
            for problem in easy_japanese_problems(text)]


def validate_notices(directory: Path = NOTICES_DIR) -> list[KnowledgeError]:
    return [KnowledgeError(_display(Path(p.path)), p.line, p.message)
            for p in load_notices(directory)[0]]


def validate_all() -> list[KnowledgeError]:
    return (validate_faq() + validate_services() + validate_entries() + validate_translations()
            + validate_phrases() + validate_easy_japanese() + validate_notices())
