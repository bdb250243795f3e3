"""A lexical baseline: BM25 over the FAQ example questions, top-1 topic, a score threshold for
out-of-scope. Same tokens as the assistant (fugashi lemmas), so only the model differs."""

from __future__ import annotations

from rank_bm25 import BM25Okapi

from nlu.fugashi_tokenizer import FugashiTokenizer
from nlu.topics import OUT_OF_SCOPE


class Bm25Baseline:
    def __init__(self, questions_by_topic: dict[str, list[str]]) -> None:
        self._tokenizer = FugashiTokenizer(FugashiTokenizer.get_default_config())
        self._topics = [t for t, questions in questions_by_topic.items() for _ in questions]
        corpus = [self._terms(q) for questions in questions_by_topic.values() for q in questions]
        self._bm25 = BM25Okapi(corpus)
        self.threshold = 0.0

    def _terms(self, text: str) -> list[str]:
        return [(token.lemma or token.text).lower() for token in self._tokenizer.tokens_of(text)]

    def best(self, text: str) -> tuple[str, float]:
        scores = self._bm25.get_scores(self._terms(text))
        index = max(range(len(scores)), key=scores.__getitem__)
        return self._topics[index], float(scores[index])

    def predict(self, text: str) -> str:
        topic, score = self.best(text)
        return topic if score >= self.threshold else OUT_OF_SCOPE

    def tune_threshold(self, rows: list[tuple[str, set[str]]]) -> float:
        """The out-of-scope threshold with the best accuracy on (text, acceptable topics) rows."""
        scored = [(self.best(text), acceptable) for text, acceptable in rows]
        candidates = sorted({score for (_, score), _ in scored}) + [0.0]

        def accuracy(threshold: float) -> int:
            return sum((topic if score >= threshold else OUT_OF_SCOPE) in acceptable
                       for (topic, score), acceptable in scored)

        self.threshold = max(candidates, key=accuracy)
        return self.threshold
