"""The facts a translation must keep: every URL, phone number, short code, fee and clock time of
the Japanese text appears unchanged in each other language.

Easy Japanese writes times as ごぜん/ごご (the national guidelines), so clock times are not
required there; everything else is.
"""

from __future__ import annotations

import re
import unicodedata

_URL = re.compile(r"https?://[^\s)）」』、。,]+")
_PHONE = re.compile(r"(?<![\d-])(?:0\d{1,4}-\d{1,4}-\d{3,4}|0120-\d{2,3}-\d{3,4}|0570-\d{2,3}-\d{3,4})(?![\d-])")
_SHORT_CODE = re.compile(r"#\d{4}")
_EMERGENCY = re.compile(r"(?<![\d,.:#-])(?:110|119|171|188|189)(?![\d,.:-])")
_FEE = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)\s*(?:円|yen|¥)")
_TIME = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-4]):[0-5]\d(?![\d:])")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def facts_of(text: str, with_times: bool = True) -> set[str]:
    text = _norm(text)
    found = {m.rstrip(".") for m in _URL.findall(text)}
    without_urls = _URL.sub(" ", text)
    found |= set(_PHONE.findall(without_urls)) | set(_SHORT_CODE.findall(without_urls))
    found |= set(_EMERGENCY.findall(without_urls))
    found |= {amount for amount in _FEE.findall(without_urls)}
    if with_times:
        found |= {t.lstrip("0") if len(t) == 5 and t[0] == "0" else t
                  for t in _TIME.findall(without_urls)}
    return found


def missing_facts(source: str, translation: str, language: str) -> list[str]:
    """The facts of `source` (Japanese) that `translation` (in `language`) does not carry."""
    with_times = language != "ja-easy"
    needed = facts_of(source, with_times)
    text = _norm(translation)
    times = {t.lstrip("0") for t in _TIME.findall(text)}
    return sorted(f for f in needed if f not in text and f.lstrip("0") not in times)
