"""Every answer the staff wrote, in every language, keeps the facts of its Japanese text."""

import pytest

from knowledge.entries import load_entries
from knowledge.faq import faq_files, parse_topic
from knowledge.parity import missing_facts


def _answers():
    for path in faq_files():
        topic = parse_topic(path)[0]
        yield f"faq/{path.name}", topic.answer
    for entry in load_entries()[1]:
        yield f"entry {entry.id}", entry.answer


@pytest.mark.parametrize("where, answer", list(_answers()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_translation_keeps_the_numbers_codes_and_links(where, answer):
    missing = {language: missing_facts(answer["ja"], text, language)
               for language, text in answer.items() if language != "ja"}
    assert not any(missing.values()), {k: v for k, v in missing.items() if v}
