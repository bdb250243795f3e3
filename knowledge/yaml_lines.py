"""Load YAML keeping line numbers, so every problem can be reported as `file:line: message`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError


class KnowledgeError(Exception):
    """A problem in a knowledge file, with the place it was found."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


def load(path: Path) -> Any:
    """The file's data as ruamel round-trip objects (which remember their lines)."""
    try:
        return YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise KnowledgeError(path, line, f"not valid YAML: {error.problem or error}") from None
    except UnicodeDecodeError:
        raise KnowledgeError(path, 1, "not UTF-8 text") from None


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
