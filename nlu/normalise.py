"""NFKC normalisation that remembers where every normalised character came from.

Rasa needs token offsets into the *original* text, but MeCab and the featurizers work better on
NFKC text (full-width Ａ１ -> A1, half-width ｶｰﾄﾞ -> カード). NFKC can change lengths, so we
normalise cluster by cluster and keep, for each output character, the span it came from.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Half-width voiced sound marks combine with the preceding half-width kana under NFKC.
_COMBINING_HALFWIDTH = {"\uff9e", "\uff9f"}


@dataclass(frozen=True)
class NormalisedText:
    text: str
    # origin[i] = (start, end) in the original text of normalised character i
    origin: list[tuple[int, int]]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Maps a span [start, end) of the normalised text back to the original text."""
        return self.origin[start][0], self.origin[end - 1][1]


def _clusters(text: str):
    """Yields (start, end) of each base character with its combining marks."""
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not (
            unicodedata.combining(text[i]) or text[i] in _COMBINING_HALFWIDTH
        ):
            yield start, i
            start = i


def normalise(text: str) -> NormalisedText:
    pieces: list[str] = []
    origin: list[tuple[int, int]] = []
    for start, end in _clusters(text):
        piece = unicodedata.normalize("NFKC", text[start:end])
        pieces.append(piece)
        origin.extend([(start, end)] * len(piece))
    return NormalisedText("".join(pieces), origin)
