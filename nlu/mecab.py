"""MeCab (fugashi) on the unidic-lite dictionary, without Rasa: shared by the Rasa tokenizer and
the FAQ retriever's BM25."""

from __future__ import annotations

from typing import Optional


def mecab_tagger():
    """A tagger on unidic-lite, named explicitly so a missing full `unidic` is never tried."""
    import fugashi
    import unidic_lite

    return fugashi.Tagger(f"-d {unidic_lite.DICDIR}")


def lemma_of(word) -> Optional[str]:
    # UniDic lemmas of loanwords carry an English gloss ("カード-card"): keep the Japanese part.
    lemma = getattr(word.feature, "lemma", None)
    if not lemma or lemma == "*":
        return None
    return lemma.split("-", 1)[0] or None
