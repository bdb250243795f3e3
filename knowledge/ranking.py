"""`kakehashi rank`: the assistant's own retriever on any corpus, one JSON line per query.

The corpus is indexed as if staff had written it (each line an entry: its question and its
answer), with the same encoder, lemmas and weights as the running assistant; nothing is trained
on it.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

from knowledge.retriever import Document, Retriever


def read_corpus(path: Path) -> list[Document]:
    documents = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                documents.append(Document(str(item["id"]), (str(item["question"]),),
                                          str(item.get("answer") or "")))
            except (ValueError, KeyError, TypeError) as error:
                raise SystemExit(f"{path}:{number}: not a {{id, question, answer}} object ({error})")
    return documents


def read_queries(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if not reader.fieldnames or not {"id", "text"} <= set(reader.fieldnames):
            raise SystemExit(f"{path}:1: the header must name the columns id and text")
        return [(row["id"], row["text"] or "") for row in reader]


def rank_files(corpus: Path, queries: Path, top: int = 10) -> int:
    from knowledge.encoder import encoder

    retriever = Retriever(read_corpus(corpus), encoder())
    for query_id, text in read_queries(queries):
        ranking = [hit.id for hit in retriever.rank(text, top)]
        sys.stdout.write(json.dumps({"id": query_id, "ranking": ranking}, ensure_ascii=False) + "\n")
    return 0
