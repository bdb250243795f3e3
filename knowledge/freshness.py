"""`kakehashi validate --stale DAYS`: the sources nobody has opened for DAYS days, and the
secondary facts (third-party or old pages) whose entry has no source checked since then.

A `checked:` date is the day someone opened the page and found it still says what we say.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterator

from knowledge import KNOWLEDGE_DIR
from knowledge.yaml_lines import KnowledgeError, line_of, load, plain

DEFAULT_DAYS = 365


def _checked(source: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(source.get("checked")))
    except ValueError:
        return None  # a missing or broken date is the validator's to report


def _sources(data: Any) -> Iterator[tuple[list, dict]]:
    """(path in the document, source) for every source list anywhere in a knowledge file."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("sources", "source"):
                items = value if isinstance(value, list) else [value]
                for index, source in enumerate(items):
                    if isinstance(source, dict) and "url" in source:
                        step = [key, index] if isinstance(value, list) else [key]
                        yield step, source
            else:
                for path, source in _sources(value):
                    yield [key, *path], source
    elif isinstance(data, list):
        for index, item in enumerate(data):
            for path, source in _sources(item):
                yield [index, *path], source


def _stale_in_file(path: Path, shown: str, cutoff: dt.date) -> list[KnowledgeError]:
    try:
        document = load(path)
    except KnowledgeError:
        return []  # reported by the validator
    data = plain(document)
    found = []
    for where, source in _sources(data):
        checked = _checked(source)
        if checked and checked < cutoff:
            found.append(KnowledgeError(shown, line_of(document, where),
                                        f"source {source['url']} last checked {checked}"))
    for index, entry in enumerate((data or {}).get("services") or []):
        if not isinstance(entry, dict) or not entry.get("secondary"):
            continue
        dates = [d for d in map(_checked, entry.get("sources") or []) if d]
        newest = max(dates, default=None)
        if newest is None or newest < cutoff:
            found.append(KnowledgeError(
                shown, line_of(document, ["services", index, "secondary"]),
                f"{entry.get('id')}: secondary facts ({', '.join(entry['secondary'])}) "
                f"not checked since {newest or 'ever'}"))
    return found


def stale_facts(days: int = DEFAULT_DAYS, today: dt.date | None = None,
                root: Path = KNOWLEDGE_DIR) -> list[KnowledgeError]:
    """Every source and secondary fact under `root` not checked in the last `days` days."""
    cutoff = (today or dt.date.today()) - dt.timedelta(days=days)
    found = []
    for path in sorted(root.rglob("*.yml")):
        found += _stale_in_file(path, str(path.relative_to(root.parent)), cutoff)
    return found
