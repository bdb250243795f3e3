"""Everything the assistant says around the staff's answers, one file per reply language
(`knowledge/phrases/<code>.yml`): Rasa's responses (the built domain is made from them), the
words around directory facts, the reply that replaces silence and the widget's labels.

English is complete; a phrase another language lacks is said in English. The files change with a
release (`make train` rebuilds the domain from them), so they are read once per process.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

PHRASES_DIR = Path(__file__).resolve().parent / "phrases"
LANGUAGE_FILE = r"[a-z]{2}(-easy)?"  # ja.yml, ja-easy.yml, …; other_languages.yml is not one
FALLBACK_LANGUAGE = "en"
# The reply languages, in the order the language switch shows them.
REPLY_LANGUAGES = ("ja", "ja-easy", "en", "zh", "vi", "ko")


@lru_cache(maxsize=1)
def all_phrases() -> dict[str, dict]:
    """Each reply language's file, as written (the validator checks them)."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for path in sorted(PHRASES_DIR.glob("*.yml")) if re.fullmatch(LANGUAGE_FILE, path.stem)}


def _lookup(language: str, path: tuple[str, ...]):
    found = all_phrases().get(language, {})
    for step in path:
        found = found.get(step) if isinstance(found, dict) else None
    return found


def raw(language: str, *path: str):
    """The phrase at `path` ("places", "open_until") in `language`, else in English."""
    found = _lookup(language, path)
    return _lookup(FALLBACK_LANGUAGE, path) if found is None else found


def phrase(language: str, *path: str, **values) -> str:
    return raw(language, *path).format(**values)


def has_phrase(language: str, *path: str) -> bool:
    return _lookup(language, path) is not None


def reply_languages() -> list[str]:
    """The reply languages that have a phrase file, in switch order."""
    return [code for code in REPLY_LANGUAGES if code in all_phrases()]


def language_names() -> dict[str, str]:
    """Each reply language's name in itself: 日本語, English, 中文, Tiếng Việt, …"""
    return {code: raw(code, "language", "name") for code in reply_languages()}


@lru_cache(maxsize=1)
def _other_languages() -> dict[str, dict]:
    return yaml.safe_load((PHRASES_DIR / "other_languages.yml").read_text(encoding="utf-8")) or {}


def sentence_in_other_language(code: str) -> str | None:
    """The one fixed, reviewed sentence we have in a language we cannot answer in yet."""
    found = _other_languages().get(code) or {}
    return found.get("text") if found.get("reviewed") else None


def widget_labels() -> dict[str, dict[str, str]]:
    """The widget's labels in each reply language, English filling any gap."""
    english = raw(FALLBACK_LANGUAGE, "widget")
    return {code: {**english, **(_lookup(code, ("widget",)) or {})} for code in reply_languages()}
