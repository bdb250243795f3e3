"""`kakehashi validate --similar`: pairs of FAQ entries that may mean the same, for staff to merge
or tell apart. Both their questions and their answers must be close in meaning: questions alone
put "to Sapporo by bus" next to "to Sapporo by train" (cosine 0.98). Thresholds chosen on today's
186 entries, where they flag the one true duplicate (withdrawing from National Health Insurance
when leaving Japan, written under two topics) and one near pair (which consulates are in Sapporo / is there an Australian one)."""

from __future__ import annotations

from pathlib import Path

from knowledge.encoder import CachedEncoder
from knowledge.entries import ENTRIES_DIR, check_entries_file, entry_files
from knowledge.yaml_lines import KnowledgeError

QUESTIONS_AT_LEAST = 0.965
ANSWERS_AT_LEAST = 0.945


def similar_entries(encoder: CachedEncoder, directory: Path = ENTRIES_DIR,
                    shown_from: Path | None = None) -> list[KnowledgeError]:
    """One line per pair of entries whose Japanese questions and answers are both this close."""
    located = []
    for path in entry_files(directory):
        shown = path.relative_to(shown_from) if shown_from else path
        located += [(entry, f"{shown}", line) for entry, line in check_entries_file(path)[1]]
    if len(located) < 2:
        return []
    questions = encoder.queries([e.question_in("ja") for e, _, _ in located])
    answers = encoder.passages([e.answer["ja"] for e, _, _ in located])
    question_similarity, answer_similarity = questions @ questions.T, answers @ answers.T
    found = []
    for i, (entry, shown, line) in enumerate(located):
        for j in range(i + 1, len(located)):
            if (question_similarity[i, j] >= QUESTIONS_AT_LEAST
                    and answer_similarity[i, j] >= ANSWERS_AT_LEAST):
                other, other_shown, other_line = located[j]
                found.append(KnowledgeError(
                    shown, line,
                    f"entry '{entry.id}' may mean the same as '{other.id}' ({other_shown}:"
                    f"{other_line}; questions {question_similarity[i, j]:.2f}, answers "
                    f"{answer_similarity[i, j]:.2f})"))
    return found
