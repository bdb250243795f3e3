"""Masks residents' personal data in a message before Rasa sees, stores or logs it: phone
numbers, e-mail addresses, residence card numbers (two letters, eight digits, two letters) and
My Number (twelve digits). The understanding of the question does not need them."""

from __future__ import annotations

import re
import unicodedata

# Placeholders are symbols, not words, so that they do not sway the understanding of the question
# ("<my-number>" would pull it towards the My Number topic). Most specific first: a My Number must
# not be half-taken for a phone number.
EMAIL, RESIDENCE_CARD, MY_NUMBER, PHONE = "<✉>", "<🆔>", "<🆔>", "<☎>"
_PATTERNS = [
    (EMAIL, re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")),
    (RESIDENCE_CARD, re.compile(r"(?<![A-Za-z])[A-Za-z]{2}\s?\d{8}\s?[A-Za-z]{2}(?![A-Za-z])")),
    (MY_NUMBER, re.compile(r"(?<!\d)\d{4}[\s-]?\d{4}[\s-]?\d{4}(?!\d)")),
    (PHONE, re.compile(
        r"(?<![\d#])(\+\d{1,3}[\s-]?)?\(?0?\d{1,4}\)?[\s-]?\d{1,4}[\s-]\d{3,4}(?!\d)"  # 011-211-3678
        r"|(?<![\d#])(\+\d{9,14}|0\d{9,10})(?!\d)")),                                  # 09012345678
]


def mask_personal_data(text: str) -> str:
    """`text` with personal data replaced by placeholders; unchanged when there is none.
    Full-width digits and letters are read as their ASCII forms."""
    normalised = unicodedata.normalize("NFKC", text)
    masked = normalised
    for placeholder, pattern in _PATTERNS:
        masked = pattern.sub(placeholder, masked)
    return text if masked == normalised else masked
