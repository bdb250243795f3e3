"""`kakehashi eval FILE`: classify every row of an evaluation TSV with the trained model (no servers)
and report accuracy per language and out-of-scope precision/recall, beside the BM25 baseline.

The last line printed is one JSON object, as ../shared/SPEC.md defines it.
"""

from __future__ import annotations

import asyncio
import csv
import json
import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from nlu.topics import OUT_OF_SCOPE, topic_of_intent

HEADER = ["text", "lang", "expected", "also"]
DEV_SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "dev.tsv"


@dataclass(frozen=True)
class Row:
    text: str
    lang: str
    expected: str
    also: frozenset[str]

    @property
    def acceptable(self) -> set[str]:
        return {self.expected, *self.also}


class EvalFileError(Exception):
    pass


def read_rows(path: Path, known: set[str]) -> list[Row]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise EvalFileError(f"{path}: cannot read: {error}") from None
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if [h.strip() for h in header or []][:3] != HEADER[:3]:
        raise EvalFileError(f"{path}:1: the header must be: {' '.join(HEADER)}")
    rows = []
    for number, fields in enumerate(reader, start=2):
        if not any(f.strip() for f in fields):
            continue
        fields = (fields + ["", "", "", ""])[:4]
        text, lang, expected, also = (f.strip() for f in fields)
        alternatives = frozenset(a.strip() for a in also.split("|") if a.strip())
        unknown = ({expected} | alternatives) - known
        if not re.fullmatch(r"[a-z]{2,3}(-[a-z]+)?", lang) or unknown or not text:
            problem = f"unknown ids {sorted(unknown)}" if unknown else f"bad row (lang '{lang}')"
            raise EvalFileError(f"{path}:{number}: {problem}")
        rows.append(Row(text, lang, expected, alternatives))
    return rows


def score(rows: list[Row], predictions: list[str]) -> dict:
    def accuracy(selected):
        pairs = [(r, p) for r, p in selected]
        return round(sum(p in r.acceptable for r, p in pairs) / len(pairs), 4) if pairs else None

    pairs = list(zip(rows, predictions))
    languages = list(dict.fromkeys(r.lang for r in rows))
    predicted_oos = [r for r, p in pairs if p == OUT_OF_SCOPE]
    expected_oos = [r for r, _ in pairs if r.expected == OUT_OF_SCOPE]
    true_oos = [r for r, p in pairs if p == OUT_OF_SCOPE and r.expected == OUT_OF_SCOPE]
    return {
        "accuracy": {
            **{lang: accuracy([(r, p) for r, p in pairs if r.lang == lang]) for lang in languages},
            "all": accuracy(pairs),
        },
        "out_of_scope": {
            "precision": round(len(true_oos) / len(predicted_oos), 4) if predicted_oos else None,
            "recall": round(len(true_oos) / len(expected_oos), 4) if expected_oos else None,
        },
    }


def _model_predictions(model: Path, rows: list[Row], topic_ids: tuple[str, ...]) -> list[dict]:
    from rasa.core.agent import Agent
    from rasa.model import get_local_model
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # no per-message debug lines in the report
    agent = Agent.load(get_local_model(str(model)))

    async def parse_all():
        return [await agent.parse_message(row.text) for row in rows]

    parsed = asyncio.run(parse_all())
    return [
        {"topic": topic_of_intent(p["intent"]["name"], topic_ids),
         "intent": p["intent"]["name"], "confidence": round(p["intent"]["confidence"], 3)}
        for p in parsed
    ]


def _baseline_predictions(rows: list[Row], known: set[str]) -> tuple[list[str], float]:
    from knowledge.faq import faq_files, parse_topic
    from nlu.bm25_baseline import Bm25Baseline

    topics = [parse_topic(path)[0] for path in faq_files()]
    baseline = Bm25Baseline({t.id: [q for qs in t.questions.values() for q in qs] for t in topics})
    dev = read_rows(DEV_SET, known)
    threshold = baseline.tune_threshold([(r.text, r.acceptable) for r in dev])
    return [baseline.predict(row.text) for row in rows], threshold


def _table(name: str, figures: dict) -> str:
    a, o = figures["accuracy"], figures["out_of_scope"]
    languages = "  ".join(f"{lang} {value}" for lang, value in a.items())
    return (f"{name:<10} {languages}  "
            f"| out_of_scope precision {o['precision']} recall {o['recall']}")


def main(path: Path, model: Path, baseline: bool = True) -> int:
    from knowledge.faq import topic_ids

    logging.basicConfig(level=logging.WARNING)
    ids = topic_ids()
    known = set(ids) | {OUT_OF_SCOPE}
    try:
        rows = read_rows(path, known)
    except EvalFileError as error:
        print(error, file=sys.stderr)
        return 2
    predictions = _model_predictions(model, rows, ids)
    result = {"n": len(rows), **score(rows, [p["topic"] for p in predictions])}
    print(_table("kakehashi", result))
    if baseline:
        bm25, threshold = _baseline_predictions(rows, known)
        print(_table("BM25", score(rows, bm25)) + f"  (threshold {threshold:.2f}, tuned on dev)")
    result["mistakes"] = [
        {"text": r.text, "lang": r.lang, "expected": r.expected, **p}
        for r, p in zip(rows, predictions) if p["topic"] not in r.acceptable
    ]
    print(json.dumps(result, ensure_ascii=False))
    return 0
