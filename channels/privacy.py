"""Masks residents' personal data in a message before Rasa sees, stores or logs it, written the
way people type it: phone numbers (Japanese and +81 forms), e-mail addresses (also "name at
example dot com"), payment card numbers (Luhn-checked), residence card numbers, My Number and
passport numbers. Full-width characters, every dash-like mark next to digits (ー－‐–—) and
spaces or dots between digit groups are read as the plain forms first. The understanding of the
question does not need any of them.
"""

from __future__ import annotations

import re
import unicodedata

# Placeholders are symbols, not words, so that they do not sway the understanding of the question
# ("<my-number>" would pull it towards the My Number topic).
EMAIL, ID_NUMBER, CARD, PHONE = "<✉>", "<🆔>", "<💳>", "<☎>"

# Japanese input gives ー (the long-vowel mark) or － for "-": next to a digit they are dashes.
_DASHES = r"\s*[ー－‐‑‒–—―−ｰ]\s*"
_DASH_BY_DIGITS = re.compile(rf"(?<=\d){_DASHES}(?=[\dA-Za-z])|(?<=[A-Za-z]){_DASHES}(?=\d)")
_SEP = r"[\s.-]?"

_EMAIL = re.compile(
    r"[\w.+-]+@[\w-]+(\.[\w-]+)+"
    r"|[\w.+-]+\s*(?:\(at\)|\[at\]|\sat\s)\s*[\w-]+(?:\s*(?:\.|\(dot\)|\[dot\]|\sdot\s)\s*[\w-]+)+",
    re.I)
_RESIDENCE_CARD = re.compile(rf"(?<![A-Za-z0-9])[A-Za-z]{{2}}{_SEP}\d{{8}}{_SEP}[A-Za-z]{{2}}(?![A-Za-z0-9])")
_CARD = re.compile(r"(?<![\d])\d(?:[\s.-]?\d){12,18}(?![\d])")
_MY_NUMBER = re.compile(rf"(?<![\d])\d{{4}}{_SEP}\d{{4}}{_SEP}\d{{4}}(?![\d])")
_PASSPORT = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}\d{7,8}(?![A-Za-z0-9])")
_PHONE = re.compile(
    r"(?<![\d#A-Za-z+])"
    r"(?:\+\s?\d{1,3}[\s.-]*(?:\(0\)[\s.-]*)?\(?\d{1,4}\)?|\(?0\d{0,4}\)?)"
    r"(?:[\s.-]?\(?\d{1,4}\)?){1,3}(?![\d])")


def _luhn_valid(digits: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _card(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group())
    return CARD if 13 <= len(digits) <= 19 and _luhn_valid(digits) else match.group()


def _phone(match: re.Match) -> str:
    """A phone number by its digits: 0 and 10-11 digits at home, +country and 10-15 digits."""
    text = match.group()
    digits = re.sub(r"\D", "", text)
    if text.startswith("+"):
        return PHONE if 10 <= len(digits) <= 15 else text
    return PHONE if digits.startswith("0") and 10 <= len(digits) <= 11 else text


def normalise(text: str) -> str:
    """Full-width forms as ASCII, and any dash-like mark next to a digit as "-"."""
    return _DASH_BY_DIGITS.sub("-", unicodedata.normalize("NFKC", text))


def mask_personal_data(text: str) -> str:
    """`text` with personal data replaced by placeholders; unchanged when there is none.
    Most specific first: a card number must not be half-taken for a phone number."""
    normalised = normalise(text)
    masked = _EMAIL.sub(EMAIL, normalised)
    masked = _RESIDENCE_CARD.sub(ID_NUMBER, masked)
    masked = _CARD.sub(_card, masked)
    masked = _MY_NUMBER.sub(ID_NUMBER, masked)
    masked = _PASSPORT.sub(ID_NUMBER, masked)
    masked = _PHONE.sub(_phone, masked)
    return text if masked == normalised else masked
