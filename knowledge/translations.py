"""Where each translation of an answer comes from, and which ones need a review.

Staff write `ja`, `ja-easy` and `en`; any other language of an answer is a translation and is
recorded beside it:

    translated:
      zh: {from: ja, on: 2026-11-30, source: "3f9a1c2e"}

`source` is a fingerprint of the text it was made from. When that text is edited, the fingerprints
differ and `kakehashi validate` names the translation to review; `kakehashi stamp-translations FILE`
records the current texts once someone has checked the file's translations.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Iterator

from knowledge.faq import REQUIRED_LANGUAGES
from knowledge.yaml_lines import KnowledgeError, line_of, load


def fingerprint(text: str) -> str:
    """Eight hex digits that change when the words change (not when line breaks or spaces do)."""
    return hashlib.sha256(" ".join(str(text).split()).encode("utf-8")).hexdigest()[:8]


def answer_blocks(document) -> Iterator[tuple[list, dict]]:
    """(path, mapping) of every mapping with an `answer`: the topic file itself, or each entry."""
    if not isinstance(document, dict):
        return
    if isinstance(document.get("answer"), dict):
        yield [], document
    for index, item in enumerate(document.get("entries") or []):
        if isinstance(item, dict) and isinstance(item.get("answer"), dict):
            yield ["entries", index], item


def _where(block: dict, where: list) -> str:
    return f"{block['id']}: " if where and block.get("id") else ""


def translation_problems(path: Path) -> list[KnowledgeError]:
    """Translations without a record, made from a text that has changed since, or never stamped."""
    try:
        document = load(path)
    except KnowledgeError:
        return []  # reported by the file's own checks
    problems = []
    for where, block in answer_blocks(document):
        answer, records = block["answer"], block.get("translated") or {}
        name = _where(block, where)
        for language in answer:
            if language in REQUIRED_LANGUAGES:
                continue
            record = records.get(language) if isinstance(records, dict) else None
            line = line_of(document, where + ["answer", language])
            if not isinstance(record, dict):
                problems.append(KnowledgeError(path, line, f"{name}translation '{language}' has no "
                                               f"`translated: {{{language}: {{from: ja, on: DATE}}}}` record"))
                continue
            source = answer.get(record.get("from"))
            if source is None:
                problems.append(KnowledgeError(path, line, f"{name}translation '{language}' was made "
                                               f"from '{record.get('from')}', which the answer lacks"))
            elif "source" not in record:
                problems.append(KnowledgeError(path, line, f"{name}translation '{language}' is not stamped: "
                                               f"check it, then run kakehashi stamp-translations {path}"))
            elif record["source"] != fingerprint(source):
                problems.append(KnowledgeError(path, line, (
                    f"{name}translation '{language}' ({record.get('on')}) is older than its source: "
                    f"the '{record['from']}' text has changed since; review it, then run "
                    f"kakehashi stamp-translations {path}")))
    return problems


def stamp(path: Path, today: dt.date) -> int:
    """Records the current source texts of the file's translations (after a review); a record
    whose source had changed is dated today. Only the record lines change (each written as
    `{from: ja, on: DATE, source: "FINGERPRINT"}`), so the rest of the file stays as staff wrote it.
    Returns how many records changed."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = 0
    for _, block in answer_blocks(load(path)):
        records = block.get("translated") or {}
        for language, record in records.items():
            source = block["answer"].get(record.get("from")) if isinstance(record, dict) else None
            if source is None or record.get("source") == fingerprint(source):
                continue
            on = today if "source" in record else record["on"]
            line, column = records.lc.value(language)
            flow = re.compile(r"\{[^{}]*\}")
            if not flow.match(lines[line], column):
                raise KnowledgeError(path, line + 1, "write a translation record on one line: "
                                                     "{from: ja, on: YYYY-MM-DD}")
            # Quoted: eight hex digits may read as a number ("96170376", "12e45678").
            new = f'{{from: {record["from"]}, on: {on}, source: "{fingerprint(source)}"}}'
            lines[line] = lines[line][:column] + flow.sub(new, lines[line][column:], count=1)
            changed += 1
    if changed:
        path.write_text("".join(lines), encoding="utf-8")
    return changed
