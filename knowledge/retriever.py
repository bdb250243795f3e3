"""Ranks FAQ entries for a question in any language: dense sentence vectors (of the entries'
questions and of their answers) fused with BM25 over MeCab lemmas.

Each signal catches what the others miss: question vectors match a paraphrase in another language,
answer vectors a question the staff never phrased, BM25 the rare exact word (a form's name, 住民票,
SAPICA). Scores are mixed linearly with the weights in `Weights` (tuned on our own question→entry
pairs, tests/data/entry_queries/, never on a public benchmark). Measured on the first question of
each pair (186 entries): Hit@1 0.76, Hit@10 0.96; with only one Japanese question per entry (as in
a city's FAQ list) 0.69 / 0.96, where question vectors alone get 0.57 / 0.87.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

import numpy as np

from knowledge.encoder import CachedEncoder
from nlu.mecab import lemma_of, mecab_tagger


@dataclass(frozen=True)
class Document:
    """What the retriever indexes of an entry."""

    id: str
    questions: tuple[str, ...]  # the question in each language and its other phrasings
    answer: str  # the answer text (one language is enough; the vectors are multilingual)


@dataclass(frozen=True)
class Weights:
    question: float = 0.55  # best cosine between the query and one of the entry's questions
    answer: float = 0.25  # cosine between the query and the entry's answer
    lexical: float = 0.20  # BM25 over lemmas, squashed to 0..1 as s / (s + lexical_half)
    lexical_half: float = 8.0  # the BM25 score that counts as half a match


@dataclass(frozen=True)
class Hit:
    id: str
    score: float
    question_similarity: float  # the best cosine with one of its questions (for thresholds)


_LATIN_WORD = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=1)
def _tagger():
    return mecab_tagger()


def lemmas(text: str) -> list[str]:
    """Words for BM25: MeCab lemmas for Japanese (申請します, 申請したい -> 申請, する),
    lower-cased words elsewhere; punctuation and particles of one kana dropped."""
    norm = unicodedata.normalize("NFKC", text).lower()
    words = []
    for word in _tagger()(norm):
        surface = word.surface
        if not surface or all(unicodedata.category(c)[0] in "PZS" for c in surface):
            continue
        if _LATIN_WORD.fullmatch(surface):
            words.append(surface)
            continue
        lemma = lemma_of(word) or surface
        if len(lemma) == 1 and "\u3040" <= lemma <= "\u309f":
            continue  # は, が, を, に …
        words.append(lemma)
    return words


class BM25:
    """Okapi BM25 (k1 1.5, b 0.75) over lemma lists; scores for all documents at once."""

    def __init__(self, documents: Sequence[list[str]], k1: float = 1.5, b: float = 0.75) -> None:
        self._k1, self._b = k1, b
        self._lengths = np.array([len(d) for d in documents], dtype=np.float32)
        self._average = float(self._lengths.mean()) if len(documents) else 0.0
        self._postings: dict[str, list[tuple[int, int]]] = {}
        for index, words in enumerate(documents):
            for word, count in Counter(words).items():
                self._postings.setdefault(word, []).append((index, count))
        n = len(documents)
        self._idf = {word: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5))
                     for word, p in self._postings.items()}

    def scores(self, query: list[str]) -> np.ndarray:
        out = np.zeros(len(self._lengths), dtype=np.float32)
        if not self._average:
            return out
        norm = self._k1 * (1 - self._b + self._b * self._lengths / self._average)
        for word in set(query):
            for index, count in self._postings.get(word, ()):
                out[index] += self._idf[word] * count * (self._k1 + 1) / (count + norm[index])
        return out


class Retriever:
    """An index of documents; `rank` orders them for a question."""

    def __init__(self, documents: Sequence[Document], encoder: CachedEncoder,
                 weights: Weights = Weights()) -> None:
        self.documents = list(documents)
        self._encoder, self._weights = encoder, weights
        questions = [q for d in self.documents for q in d.questions]
        self._owner = np.array([i for i, d in enumerate(self.documents) for _ in d.questions],
                               dtype=np.int64)
        self._question_vectors = encoder.queries(questions)
        self._answer_vectors = encoder.passages([d.answer for d in self.documents])
        self._bm25 = BM25([lemmas(" ".join([*d.questions, d.answer])) for d in self.documents])

    def scores(self, question: str) -> tuple[np.ndarray, np.ndarray]:
        """(fused score, best question cosine) of every document."""
        n = len(self.documents)
        if not n:
            return np.zeros(0), np.zeros(0)
        query = self._encoder.query(question)
        best_question = np.full(n, -1.0, dtype=np.float32)
        np.maximum.at(best_question, self._owner, self._question_vectors @ query)
        answer = self._answer_vectors @ query
        w = self._weights
        lexical = self._bm25.scores(lemmas(question))
        lexical = lexical / (lexical + w.lexical_half)
        return w.question * best_question + w.answer * answer + w.lexical * lexical, best_question

    def rank(self, question: str, top: int = 10, among: set[str] | None = None) -> list[Hit]:
        """The best `top` documents for `question`, best first (only those in `among` if given)."""
        fused, best_question = self.scores(question)
        order = np.argsort(-fused, kind="stable")
        hits = []
        for index in order:
            document = self.documents[index]
            if among is not None and document.id not in among:
                continue
            hits.append(Hit(document.id, float(fused[index]), float(best_question[index])))
            if len(hits) == top:
                break
        return hits
