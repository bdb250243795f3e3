"""Entries that may mean the same are listed for staff; different ones are not."""

import shutil
from pathlib import Path

from knowledge.e5_onnx import OnnxE5Encoder
from knowledge.encoder import CachedEncoder
from knowledge.similar_entries import similar_entries

FIXTURE_ENTRIES = Path(__file__).resolve().parent.parent / "fixtures" / "entries"
SAME_AS_SPRAY_CANS = """entries:
  - id: garbage-aerosol-again
    topic: garbage
    question: {ja: スプレー缶はどのように捨てればいいですか}
    answer:
      ja: テスト回答：スプレー缶は中身を使い切ってから出します。問い合わせ 011-000-0101。
      ja-easy: てすと
      en: test
    sources: [{url: "https://example.org/spray", checked: 2026-01-05}]
    last_reviewed: 2026-01-05
"""


def test_a_second_entry_for_the_same_question_is_listed_with_both_places(tmp_path):
    encoder = CachedEncoder(OnnxE5Encoder(), tmp_path / "vectors.db")
    shutil.copytree(FIXTURE_ENTRIES, tmp_path / "entries")
    assert similar_entries(encoder, tmp_path / "entries") == []  # two different entries
    (tmp_path / "entries" / "more.yml").write_text(SAME_AS_SPRAY_CANS, encoding="utf-8")
    found = [f"{p.path.split('/')[-1]}:{p.line}: {p.message.split(' (')[0]}"
             for p in similar_entries(encoder, tmp_path / "entries")]
    assert found == ["fixture.yml:3: entry 'garbage-spray-cans' may mean the same as "
                     "'garbage-aerosol-again'"]
