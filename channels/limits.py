"""What one sender or one address may ask of the assistant, and the polite reply beyond it.

- a message of at most MAX_MESSAGE_CHARS characters (the widget's input takes as many);
- `metadata`: only `language` (a short code), the rest dropped before Rasa stores it;
- MESSAGES_PER_SENDER per minute per conversation and MESSAGES_PER_ADDRESS per minute per
  client address, counted on each replica (nginx limits the rate per address in front of them;
  behind it, the address is nginx's X-Real-IP header, read by Sanic's REAL_IP_HEADER setting).

Beyond a limit the person gets a short reply in their language instead of an answer, and nothing
is stored. The counters keep at most KEYS_KEPT keys, the least recently seen dropped first.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from typing import Callable

MAX_MESSAGE_CHARS = 2000
ALLOWED_METADATA = {"language": 16}  # key -> longest value in characters
MESSAGES_PER_SENDER = 30
MESSAGES_PER_ADDRESS = 120
# This machine itself (health checks, `make bench`, nginx without X-Real-IP) is not limited.
UNLIMITED_ADDRESSES = {"127.0.0.1", "::1"}
WINDOW_S = 60.0
KEYS_KEPT = 10_000


def allowed_metadata(metadata) -> dict:
    """The allow-listed keys of `metadata` whose values are short strings; nothing else."""
    if not isinstance(metadata, dict):
        return {}
    return {key: value for key, longest in ALLOWED_METADATA.items()
            if isinstance(value := metadata.get(key), str) and len(value) <= longest}


class RateLimiter:
    """At most `limit` events per `window_s` seconds for each key (a sliding window)."""

    def __init__(self, limit: int, window_s: float = WINDOW_S, keys_kept: int = KEYS_KEPT,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._limit, self._window, self._keys_kept, self._clock = limit, window_s, keys_kept, clock
        self._seen: OrderedDict[str, deque] = OrderedDict()

    def allow(self, key: str) -> bool:
        now = self._clock()
        times = self._seen.pop(key, None) or deque()
        while times and now - times[0] >= self._window:
            times.popleft()
        self._seen[key] = times  # most recently seen last
        if len(self._seen) > self._keys_kept:
            self._seen.popitem(last=False)
        if len(times) >= self._limit:
            return False
        times.append(now)
        return True
