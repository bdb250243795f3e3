"""MeCab (fugashi) on the unidic-lite dictionary, without Rasa: one tagger per process, shared by
the Rasa tokenizer, the place finder and the FAQ retriever's BM25.

One, because each tagger maps the whole dictionary again (three taggers held 480 MB of the Rasa
server's resident memory). Behind a lock, because a fugashi tagger is not safe in two threads:
the words it returns read their details from its last parse, so a parse in another thread (the
retriever runs in worker threads) changes them. `words` hands out plain strings instead.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import List, Optional, Tuple

_PARSING = threading.Lock()


@lru_cache(maxsize=1)
def _tagger():
    """A tagger on unidic-lite, named explicitly so a missing full `unidic` is never tried."""
    import fugashi
    import unidic_lite

    return fugashi.Tagger(f"-d {unidic_lite.DICDIR}")


def _lemma(word) -> Optional[str]:
    # UniDic lemmas of loanwords carry an English gloss ("カード-card"): keep the Japanese part.
    lemma = getattr(word.feature, "lemma", None)
    if not lemma or lemma == "*":
        return None
    return lemma.split("-", 1)[0] or None


def words(text: str) -> List[Tuple[str, Optional[str]]]:
    """(surface, lemma or None) of each word of `text`, in order."""
    with _PARSING:
        return [(word.surface, _lemma(word)) for word in _tagger()(text)]


def dictionary_file() -> str:
    with _PARSING:
        return _tagger().dictionary_info[0]["filename"]
