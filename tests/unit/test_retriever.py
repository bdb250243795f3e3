"""The retriever's fusion on a tiny index, with a stand-in encoder (bag of words): each document's
best question, its answer and BM25 decide the order."""

import zlib

import numpy as np

from knowledge.encoder import CachedEncoder
from knowledge.retriever import Document, Retriever


class WordsEncoder:
    """Vectors of hashed words: texts sharing words are close (no model needed)."""

    name, dim = "words-test", 64

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in text.lower().split():
            vector[zlib.crc32(word.encode()) % self.dim] += 1.0
        return vector / (np.linalg.norm(vector) or 1.0)

    def queries(self, texts):
        return np.stack([self._vector(t) for t in texts])

    passages = queries


DOCUMENTS = [
    Document("garbage", ("which day is burnable garbage", "where do spray cans go"), "Mondays."),
    Document("no-questions", (), "An answer only."),
    Document("card", ("i lost my residence card",), "Go to the immigration office."),
]


def test_each_document_scores_its_best_question_and_a_document_without_questions_ranks_last():
    retriever = Retriever(DOCUMENTS, CachedEncoder(WordsEncoder(), path=None))
    hits = retriever.rank("lost residence card", top=3)
    assert [h.id for h in hits][0] == "card"
    encoder = WordsEncoder()
    query = encoder.queries(["where do spray cans go"])[0]
    [garbage] = [h for h in retriever.rank("where do spray cans go", top=3) if h.id == "garbage"]
    best = max(float(encoder.queries([q])[0] @ query) for q in DOCUMENTS[0].questions)
    assert abs(garbage.question_similarity - best) < 1e-6
    [alone] = [h for h in hits if h.id == "no-questions"]
    assert alone.question_similarity == -1.0
