"""LINE followers who asked for urgent notices, in their language, and which notices each has got
(so that a notice reaches a follower once). In the directory's database, as the LINE queue."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Column, DateTime, String, select, update
from sqlalchemy.orm import declarative_base

from knowledge.directory import database_engine

Base = declarative_base()


class LineFollower(Base):
    __tablename__ = "line_follower"
    user_id = Column(String(64), primary_key=True)
    language = Column(String(8), nullable=False)
    notices = Column(Boolean, nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False)


class LineNoticeSent(Base):
    __tablename__ = "line_notice_sent"
    notice_id = Column(String(64), primary_key=True)
    user_id = Column(String(64), primary_key=True)


class Followers:
    def __init__(self, url: str) -> None:
        self.engine = database_engine(url)
        self._ready = False

    def _ensure_tables(self) -> None:
        if not self._ready:
            Base.metadata.create_all(self.engine)
            self._ready = True

    def choose(self, user_id: str, notices: bool, language: str) -> None:
        """The follower's choice of notices (and the language they then wrote in)."""
        self._ensure_tables()
        now = dt.datetime.now(dt.timezone.utc)
        with self.engine.begin() as connection:
            changed = connection.execute(update(LineFollower).where(LineFollower.user_id == user_id)
                                         .values(notices=notices, language=language, updated_at=now))
            if not changed.rowcount:
                connection.execute(LineFollower.__table__.insert().values(
                    user_id=user_id, notices=notices, language=language, updated_at=now))

    def language_of(self, user_id: str) -> str | None:
        self._ensure_tables()
        with self.engine.connect() as connection:
            return connection.execute(select(LineFollower.language).where(
                LineFollower.user_id == user_id)).scalar_one_or_none()

    def set_language(self, user_id: str, language: str) -> None:
        """A follower's reply language, when it changes (a choice, or what they write in)."""
        self._ensure_tables()
        with self.engine.begin() as connection:
            connection.execute(update(LineFollower).where(LineFollower.user_id == user_id)
                               .values(language=language))

    def waiting_for(self, notice_id: str) -> dict[str, list[str]]:
        """The followers who want notices and have not had this one, by language."""
        self._ensure_tables()
        sent = select(LineNoticeSent.user_id).where(LineNoticeSent.notice_id == notice_id)
        with self.engine.connect() as connection:
            rows = connection.execute(select(LineFollower.user_id, LineFollower.language).where(
                LineFollower.notices.is_(True), LineFollower.user_id.not_in(sent))).all()
        by_language: dict[str, list[str]] = {}
        for user_id, language in rows:
            by_language.setdefault(language, []).append(user_id)
        return by_language

    def sent(self, notice_id: str, user_ids: list[str]) -> None:
        with self.engine.begin() as connection:
            connection.execute(LineNoticeSent.__table__.insert(),
                               [{"notice_id": notice_id, "user_id": u} for u in user_ids])
