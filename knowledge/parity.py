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


def _contacts_of(text: str) -> set[str]:
    """URLs, phone numbers, short codes and emergency numbers: what a reader dials or opens."""
    found = {m.rstrip(".") for m in _URL.findall(text)}
    without_urls = _URL.sub(" ", text)
    found |= set(_PHONE.findall(without_urls)) | set(_SHORT_CODE.findall(without_urls))
    return found | set(_EMERGENCY.findall(without_urls))


def _amounts_of(text: str, with_times: bool) -> set[str]:
    """Fees (the number of 2,500円 / 2,500 yen / 2,500えん) and, if asked, clock times."""
    without_urls = _URL.sub(" ", text)
    found = set(_FEE.findall(without_urls))
    if with_times:
        found |= {t.lstrip("0") if len(t) == 5 and t[0] == "0" else t
                  for t in _TIME.findall(without_urls)}
    return found


def facts_of(text: str, with_times: bool = True) -> set[str]:
    text = _norm(text)
    return _contacts_of(text) | _amounts_of(text, with_times)


def _stands_alone(fact: str, text: str) -> bool:
    """`fact` in `text` as a token of its own: 「011-211-3678に」 or 「拨打110」 glue the number to a
    word, and neither a reader's phone nor the widget's link finder takes it for one."""
    return re.search(rf"(?<![\w-]){re.escape(fact)}(?![\w-])", text) is not None


def missing_facts(source: str, translation: str, language: str) -> list[str]:
    """The facts of `source` (Japanese) that `translation` (in `language`) does not carry: its
    contacts each standing apart from the words around them, its amounts anywhere."""
    source, text = _norm(source), _norm(translation)
    times = {t.lstrip("0") for t in _TIME.findall(text)}
    missing = [f for f in _contacts_of(source) if not _stands_alone(f, text)]
    missing += [f for f in _amounts_of(source, language != "ja-easy")
                if f not in text and f.lstrip("0") not in times]
    return sorted(set(missing))
