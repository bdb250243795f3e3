"""Load YAML keeping line numbers, so every problem can be reported as `file:line: message`."""

from __future__ import annotations

import datetime
import logging
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError

logger = logging.getLogger(__name__)


class KnowledgeError(Exception):
    """A problem in a knowledge file, with the place it was found."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


def load(path: Path) -> Any:
    """The file's data as ruamel round-trip objects (which remember their lines). Read-only: the
    same text parses once and is shared (`kakehashi validate` checks each file several ways)."""
    try:
        return _parsed(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise KnowledgeError(path, line, f"not valid YAML: {error.problem or error}") from None
    except UnicodeDecodeError:
        raise KnowledgeError(path, 1, "not UTF-8 text") from None


@lru_cache(maxsize=128)  # more than the knowledge's files
def _parsed(text: str) -> Any:
    return YAML(typ="rt").load(text)


def first_of_each_id(found: dict[Path, list[tuple[Any, int]]], what: str = "id"
                     ) -> tuple[list[KnowledgeError], list]:
    """The items of every file (each with its line), in file order, each id once: an id seen
    before is a problem at its own line and the item is left out."""
    problems, items, first_seen = [], [], {}
    for path, file_items in found.items():
        for item, line in file_items:
            if item.id in first_seen:
                problems.append(KnowledgeError(
                    path, line, f"duplicate {what} '{item.id}' (first at {first_seen[item.id]})"))
            else:
                first_seen[item.id] = f"{path.name}:{line}"
                items.append(item)
    return problems, items


def served(found: dict[Path, list[tuple[Any, int]]], what: str = "id") -> list:
    """`first_of_each_id` in a running server: a duplicate is logged, and not served."""
    duplicates, items = first_of_each_id(found, what)
    for problem in duplicates:
        logger.error("%s (not served)", problem)
    return items


def line_of(document: Any, path: list) -> int:
    """1-based line of the value at `path` (keys and indexes) in a round-trip document."""
    node, line = document, 1
    for step in path:
        try:
            if hasattr(node, "lc"):
                if isinstance(step, int):
                    line = node.lc.item(step)[0] + 1
                else:
                    line = node.lc.key(step)[0] + 1
            node = node[step]
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line


def plain(value: Any) -> Any:
    """Round-trip YAML objects -> plain dicts, lists and strings (dates as ISO strings)."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return _with_time_zone(value).isoformat()
    return value


def _with_time_zone(value):
    """ruamel reads 2027-01-15T06:00:00+09:00 as 21:00 the day before, without a zone, and keeps
    the zone aside: the moment, as the file meant it."""
    written = getattr(value, "_yaml", None) or {}
    if isinstance(value, datetime.datetime) and written.get("tz"):
        delta = written.get("delta") or datetime.timedelta(0)  # 0 for "Z"
        return (value + delta).replace(tzinfo=datetime.timezone(delta))
    return value


def schema_problems(path: Path, document: Any, data: Any, schema: dict) -> list[KnowledgeError]:
    """Every place where `data` breaks the JSON schema, with its line in the file."""
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        where = list(error.absolute_path)
        place = ".".join(str(step) for step in where) or "file"
        problems.append(KnowledgeError(path, line_of(document, where), f"{place}: {error.message}"))
    return problems
