"""Ranks FAQ entries for a question in any language: dense sentence vectors (of the entries'
questions and of their answers) fused with BM25 over MeCab lemmas.

Each signal catches what the others miss: question vectors match a paraphrase in another language,
answer vectors a question the staff never phrased, BM25 the rare exact word (a form's name, 住民票,
SAPICA). Scores are mixed linearly with the weights in `Weights` (tuned on our own question→entry
pairs, tests/data/entry_queries/, never on a public benchmark). Measured on the first question of
each pair (186 entries): Hit@1 0.76, Hit@10 0.95; with only one Japanese question per entry (as in
a city's FAQ list) 0.70 / 0.95, where question vectors alone get 0.57 / 0.87.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from knowledge.encoder import CachedEncoder
from nlu import mecab


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


def lemmas(text: str) -> list[str]:
    """Words for BM25: MeCab lemmas for Japanese (申請します, 申請したい -> 申請, する),
    lower-cased words elsewhere; punctuation and particles of one kana dropped."""
    norm = unicodedata.normalize("NFKC", text).lower()
    words = []
    for surface, lemma in mecab.words(norm):
        if not surface or all(unicodedata.category(c)[0] in "PZS" for c in surface):
            continue
        if _LATIN_WORD.fullmatch(surface):
            words.append(surface)
            continue
        lemma = lemma or surface
        if len(lemma) == 1 and "\u3040" <= lemma <= "\u309f":
            continue  # は, が, を, に …
        words.append(lemma)
    return words


class Retriever:
    """An index of documents; `rank` orders them for a question."""

    def __init__(self, documents: Sequence[Document], encoder: CachedEncoder,
                 weights: Weights = Weights()) -> None:
        self.documents = list(documents)
        self._encoder, self._weights = encoder, weights
        questions = [q for d in self.documents for q in d.questions]
        # Each document's questions are consecutive rows: where each document's rows start (for
        # the best question of each document in one np.maximum.reduceat).
        self._asked = np.array([i for i, d in enumerate(self.documents) if d.questions],
                               dtype=np.int64)
        self._first_rows = np.cumsum([0] + [len(d.questions) for d in self.documents
                                            if d.questions])[:-1]
        self._question_vectors = encoder.queries(questions)
        self._answer_vectors = encoder.passages([d.answer for d in self.documents])
        corpus = [lemmas(" ".join([*d.questions, d.answer])) for d in self.documents]
        self._bm25 = BM25Okapi(corpus) if corpus else None

    def scores(self, question: str) -> tuple[np.ndarray, np.ndarray]:
        """(fused score, best question cosine) of every document."""
        n = len(self.documents)
        if not n:
            return np.zeros(0), np.zeros(0)
        query = self._encoder.query(question)
        best_question = np.full(n, -1.0, dtype=np.float32)
        if len(self._asked):
            best_question[self._asked] = np.maximum.reduceat(self._question_vectors @ query,
                                                             self._first_rows)
        answer = self._answer_vectors @ query
        w = self._weights
        lexical = np.maximum(self._bm25.get_scores(lemmas(question)), 0.0)
        lexical = lexical / (lexical + w.lexical_half)
        return w.question * best_question + w.answer * answer + w.lexical * lexical, best_question

    def rank(self, question: str, top: int = 10) -> list[Hit]:
        """The best `top` documents for `question`, best first."""
        fused, best_question = self.scores(question)
        order = np.argsort(-fused, kind="stable")[:top]
        return [Hit(self.documents[i].id, float(fused[i]), float(best_question[i])) for i in order]
