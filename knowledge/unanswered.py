"""Questions the assistant could not answer confidently, kept (masked) for staff to review, and
grouped by similarity for `kakehashi report` so staff know which FAQ to write next."""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import JSON, Column, DateTime, Integer, String, Text, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from knowledge.directory import Base

logger = logging.getLogger(__name__)


class UnansweredQuestion(Base):
    __tablename__ = "unanswered_question"
    id = Column(Integer, primary_key=True, autoincrement=True)
    asked_at = Column(DateTime(timezone=True), nullable=False, index=True)
    language = Column(String(8), nullable=False)
    text = Column(Text, nullable=False)  # masked by the channel before it got here
    closest_topics = Column(JSON, nullable=False)  # [[topic, confidence], ...]


def _make_table(engine: Engine) -> None:
    Base.metadata.create_all(engine, tables=[UnansweredQuestion.__table__])


def record(engine: Engine, text: str, language: str, closest: list[tuple[str, float]]) -> None:
    """Keeps one unanswered question; a database problem is logged, never raised. The INSERT is
    tried first and the table made only when it is missing, so a question costs one statement."""
    for attempt in ("first", "after making the table"):
        try:
            with Session(engine) as session, session.begin():
                session.add(UnansweredQuestion(
                    asked_at=dt.datetime.now(dt.timezone.utc), language=language,
                    text=text[:2000],
                    closest_topics=[[topic, round(conf, 3)] for topic, conf in closest]))
            return
        except SQLAlchemyError as error:
            if attempt == "first":
                _make_table_if_missing(engine)
                continue
            logger.error("could not keep an unanswered question for review: %s", error)


def _make_table_if_missing(engine: Engine) -> None:
    """Another server (or the directory's refresh) may be making the table at the same moment,
    and then this CREATE fails although the table exists: the INSERT is tried again either way."""
    try:
        _make_table(engine)
    except SQLAlchemyError as error:
        logger.info("unanswered questions: the table was not made here: %s", error)


@dataclass
class Group:
    count: int
    examples: list[str]
    languages: list[str]
    closest_topics: list[str]
    closest_entries: list[str] = field(default_factory=list)  # entry ids, closest first


def _similar_groups(texts: list[str], distance: float) -> list[int]:
    """A group label per text: character n-grams, average-linkage cosine clustering. Texts with
    no n-gram at all ("?", one emoji) share one group of their own (cosine needs a direction)."""
    if len(texts) < 2:
        return [0] * len(texts)
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    try:
        vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 3)).fit_transform(texts).toarray()
    except ValueError:  # not one n-gram in any text
        return [0] * len(texts)
    empty = ~vectors.any(axis=1)
    labels = [-1] * len(texts)
    if (~empty).sum() >= 2:
        clustering = AgglomerativeClustering(n_clusters=None, distance_threshold=distance,
                                             affinity="cosine", linkage="average")
        found = iter(clustering.fit_predict(vectors[~empty]))
        labels = [-1 if is_empty else int(next(found)) for is_empty in empty]
    elif (~empty).sum() == 1:
        labels = [-1 if is_empty else 0 for is_empty in empty]
    return labels


def groups(engine: Engine, since: dt.datetime | None = None, distance: float = 0.7,
           language: str | None = None) -> list[Group]:
    """The unanswered questions grouped by similarity, the most frequent groups first (only those
    asked in `language` if given)."""
    query = select(UnansweredQuestion).order_by(UnansweredQuestion.asked_at)
    if since:
        query = query.where(UnansweredQuestion.asked_at >= since)
    if language:
        query = query.where(UnansweredQuestion.language == language)
    _make_table(engine)
    with Session(engine) as session:
        rows = list(session.scalars(query))
    members: dict[int, list[UnansweredQuestion]] = {}
    for label, row in zip(_similar_groups([r.text.lower() for r in rows], distance), rows):
        members.setdefault(label, []).append(row)
    found = []
    for rows_in_group in members.values():
        topics = Counter(t for r in rows_in_group for t, _ in r.closest_topics[:1])
        examples = list(dict.fromkeys(r.text for r in rows_in_group))
        found.append(Group(len(rows_in_group), examples[:3],
                           sorted({r.language for r in rows_in_group}),
                           [t for t, _ in topics.most_common(3)]))
    return sorted(found, key=lambda g: -g.count)


def weekly_counts(engine: Engine, weeks: int, now: dt.datetime, language: str | None = None
                  ) -> list[tuple[dt.date, int]]:
    """How many questions went unanswered in each of the last `weeks` weeks (Monday first),
    oldest first; only those in `language` if given."""
    monday = (now - dt.timedelta(days=now.weekday())).date()
    starts = [monday - dt.timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    since = dt.datetime.combine(starts[0], dt.time(), tzinfo=now.tzinfo or dt.timezone.utc)
    query = select(UnansweredQuestion.asked_at).where(UnansweredQuestion.asked_at >= since)
    if language:
        query = query.where(UnansweredQuestion.language == language)
    _make_table(engine)
    with Session(engine) as session:
        asked = [moment.replace(tzinfo=moment.tzinfo or dt.timezone.utc) for moment in session.scalars(query)]
    counts = Counter((a.astimezone(since.tzinfo).date() - starts[0]).days // 7 for a in asked)
    return [(start, counts.get(index, 0)) for index, start in enumerate(starts)]


def with_closest_entries(found: list[Group], closest) -> list[Group]:
    """Each group with the ids of the entries closest to its first example (`closest(text)`)."""
    for group in found:
        group.closest_entries = list(closest(group.examples[0]))[:3] if group.examples else []
    return found


def entry_skeleton(group: Group, number: int) -> str:
    """A ready-to-fill entry for knowledge/faq/entries/ made from a group of questions."""
    topic = group.closest_topics[0] if group.closest_topics else "plaza_counter"
    question, *others = group.examples
    lines = [f"  - id: {topic}-new-{number}            # rename: what it is about",
             f"    topic: {topic}",
             "    question:",
             f"      {group.languages[0] if group.languages else 'ja'}: {_yaml_text(question)}",
             "    also:" if others else "    also: []"]
    lines += [f"      - {_yaml_text(text)}" for text in others]
    lines += ["    answer:                    # short: what to do, where, what to bring",
              "      ja: \"\"", "      ja-easy: \"\"", "      en: \"\"",
              "    sources:                   # the page that says it, and the day you opened it",
              "      - {url: \"https://\", title: \"\", checked: YYYY-MM-DD}",
              "    last_reviewed: YYYY-MM-DD"]
    return "\n".join(lines)


def _yaml_text(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def as_markdown(found: list[Group]) -> str:
    lines = ["| asked | examples | languages | closest topics | closest entries |",
             "| --- | --- | --- | --- | --- |"]
    for group in found:
        examples = " / ".join(_markdown_literal(e) for e in group.examples)
        lines.append(f"| {group.count} | {examples} | {', '.join(group.languages)} | "
                     f"{', '.join(group.closest_topics) or '-'} | "
                     f"{', '.join(group.closest_entries) or '-'} |")
    if found:
        lines += ["", "Entries to write (paste into a file of knowledge/faq/entries/ under "
                  "`entries:`, fill in, then `kakehashi validate`):", ""]
        for number, group in enumerate(found, 1):
            lines += ["```yaml", entry_skeleton(group, number), "```", ""]
    return "\n".join(lines)


def _markdown_literal(text: str) -> str:
    """A resident's words as a code span on one line: shown as typed, never a link, an image or
    HTML, and never a new table cell."""
    return "`" + " ".join(text.replace("`", "'").split()).replace("|", "\\|") + "`"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value) -> str:
    """A spreadsheet reads a cell starting with = + - @ (or a tab or CR) as a formula: such a
    cell, typed by a resident, is kept as text with a leading apostrophe."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def as_csv(found: list[Group]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["asked", "examples", "languages", "closest_topics", "closest_entries"])
    for group in found:
        writer.writerow([_csv_cell(cell) for cell in (
            group.count, " / ".join(group.examples), " ".join(group.languages),
            " ".join(group.closest_topics), " ".join(group.closest_entries))])
    return out.getvalue()
