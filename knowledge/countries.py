"""Countries, languages and wards residents name (`knowledge/countries.yml`)."""

from __future__ import annotations

import re
from functools import lru_cache

import yaml
from babel import Locale, UnknownLocaleError

from knowledge import KNOWLEDGE_DIR

COUNTRIES_FILE = KNOWLEDGE_DIR / "countries.yml"


@lru_cache(maxsize=1)
def reference() -> dict:
    """countries.yml, read again only when it changes (its names are looked up on every reply)."""
    return _read(COUNTRIES_FILE.stat().st_mtime_ns)


@lru_cache(maxsize=1)
def _read(_modified: int) -> dict:
    return yaml.safe_load(COUNTRIES_FILE.read_text(encoding="utf-8"))


def country_names() -> dict[str, dict]:
    return reference()["countries"]


def language_names() -> dict[str, dict]:
    return reference()["languages"]


def ward_names() -> dict[str, dict]:
    return reference()["wards"]


def name_script(language: str) -> str:
    """Which written form of a name ("ja" or "en") suits a reply in `language`."""
    return "ja" if language in ("ja", "ja-easy") else "en"


def display_name(kind: str, code: str, language: str) -> str:
    """The name of a country, language or ward (`kind` as in countries.yml) in the reply language."""
    if kind == "languages" and code != "other":
        return language_display_name(code, language)
    names = reference()[kind].get(code)
    return (names.get(language) or names[name_script(language)])[0] if names else code


_KATAKANA = re.compile(r"^[\u30a0-\u30ff]+$")


@lru_cache(maxsize=512)
def language_display_name(code: str, language: str) -> str:
    """A language's name in the reply language, from the Unicode CLDR (Babel): "gn" -> グアラニー語,
    Guarani, 瓜拉尼语, … Easy Japanese writes it in kana: ネパールご, えいご."""
    try:
        locale = Locale.parse("ja" if language == "ja-easy" else language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse("en")
    name = locale.languages.get(code) or code
    if language != "ja-easy":
        return name
    if name.endswith("語") and _KATAKANA.match(name[:-1]):
        return name[:-1] + "ご"
    kana = [n for n in language_names().get(code, {}).get("ja", []) if not re.search(r"[一-龯]", n)]
    return kana[0] if kana else name
