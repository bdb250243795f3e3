"""Easy Japanese (やさしい日本語) as the national guidelines ask (在留支援のためのやさしい日本語
ガイドライン, 2020): short sentences with one idea each, times as ごぜん / ごご, weekdays named,
and the official names residents must match on signs and forms in kanji with their reading.

A name is written once in the knowledge as `{保険年金課|ほけん ねんきんか}`; replies show it as
保険年金課（ほけん ねんきんか）, and the web widget turns that form into <ruby>.
"""

from __future__ import annotations

import re

READING = re.compile(r"\{([^{}|\n]+)\|([^{}|\n]+)\}")
MAX_SENTENCE_CHARS = 60  # URLs left out, a name counted as its reading: 1.5 lines on a phone

_URL = re.compile(r"https?://\S+")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々〆]+")
_CLOCK = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?![\d:])|〜|～")
_WEEKDAYS_AS_ONE = re.compile(r"平日|へいじつ")
_SENTENCE_END = re.compile(r"[。！？!?\n]")


def with_readings(text: str) -> str:
    """`{保険年金課|ほけん ねんきんか}` as 保険年金課（ほけん ねんきんか）."""
    return READING.sub(r"\1（\2）", text)


# The shown form, 保険年金課（ほけん ねんきんか）, as the web widget finds it to draw <ruby>.
SHOWN_READING = re.compile(r"([\u3400-\u9fff々〆]+)（([ぁ-ゖー ]+)）")


def as_ruby(escaped_html: str) -> str:
    """Escaped HTML with each shown reading as <ruby>, as the widget draws it (staff previews)."""
    return SHOWN_READING.sub(r"<ruby>\1<rt>\2</rt></ruby>", escaped_html)


def problems(text: str) -> list[str]:
    """What in an Easy Japanese text goes against the guidelines, one message each."""
    found = []
    plain = READING.sub(r"\2", _URL.sub(" ", text))
    unread = sorted(set(_KANJI.findall(plain)))
    if unread:
        found.append("kanji without a reading (write {漢字|かんじ}): " + "、".join(unread[:5]))
    if _CLOCK.search(plain):
        found.append("a 24-hour time or 〜: write ごぜん 8じ30ぷん から ごご 5じ15ふん まで")
    if _WEEKDAYS_AS_ONE.search(plain):
        found.append("へいじつ: write げつようび から きんようび")
    long = [s.strip() for s in _SENTENCE_END.split(plain) if len(s.strip()) > MAX_SENTENCE_CHARS]
    if long:
        found.append(f"a sentence over {MAX_SENTENCE_CHARS} characters (one idea per sentence): "
                     f"「{long[0][:20]}…」")
    return found
