"""Editing a staff file in place, as a person would by hand: a ruamel round trip keeps the
comments, the order and the layout; the new text is checked before it is written (atomically);
a file changed by someone else since it was opened is not overwritten."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

from ruamel.yaml import YAML
from ruamel.yaml.representer import RoundTripRepresenter


class EditConflict(Exception):
    """The file changed since the editor opened it."""


def version(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class _KeepingNull(RoundTripRepresenter):
    """`email: null` stays as written, not `email:` (ruamel's default for None)."""


_KeepingNull.add_representer(
    type(None),
    lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null"))


def round_trip_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Representer = _KeepingNull
    yaml.width = 4096
    yaml.preserve_quotes = True
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # [{code: ja}] stays as written
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def dump(document) -> str:
    out = io.StringIO()
    round_trip_yaml().dump(document, out)
    return out.getvalue()


def current_text(path: Path, opened: str) -> str:
    """The file's text, if it is still the version the editor opened; else EditConflict."""
    text = path.read_text(encoding="utf-8")
    if version(text) != opened:
        raise EditConflict(path.name)
    return text


def write_if_valid(path: Path, new_text: str, check: Callable[[Path], tuple[list[str], Any]]
                   ) -> tuple[list[str], Any]:
    """Writes `new_text` over `path` if `check` finds no problem in it (checked as a file of the
    same name elsewhere): (problems, what `check` found)."""
    with tempfile.TemporaryDirectory() as scratch:
        candidate = Path(scratch) / path.name
        candidate.write_text(new_text, encoding="utf-8")
        problems, found = check(candidate)
    if problems:
        return problems, found
    partial = path.with_suffix(".saving")
    partial.write_text(new_text, encoding="utf-8")
    os.replace(partial, path)  # readers see the old file or the new one, never half of it
    return [], found
