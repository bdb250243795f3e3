"""Countries and languages residents name (`knowledge/countries.yml`)."""

from __future__ import annotations

from functools import lru_cache

import yaml

from knowledge import KNOWLEDGE_DIR

COUNTRIES_FILE = KNOWLEDGE_DIR / "countries.yml"


@lru_cache(maxsize=1)
def reference() -> dict:
    return yaml.safe_load(COUNTRIES_FILE.read_text(encoding="utf-8"))


def country_names() -> dict[str, dict]:
    return reference()["countries"]


def language_names() -> dict[str, dict]:
    return reference()["languages"]


def name_script(language: str) -> str:
    """Which written form of a name ("ja" or "en") suits a reply in `language`."""
    return "ja" if language in ("ja", "ja-easy") else "en"


def display_name(kind: str, code: str, language: str) -> str:
    """The name of a country ("countries") or language ("languages") in the reply language."""
    names = reference()[kind].get(code)
    return names[name_script(language)][0] if names else code
