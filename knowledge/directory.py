"""The service directory in a database (SQLAlchemy): SQLite by default, PostgreSQL when
`DATABASE_URL` says so. The files in `knowledge/services/` are the truth; the database is a copy
the servers query, replaced whole when the files change and pass their checks. Answers to queries
are kept in memory until the files change again: the directory is read on every FAQ answer."""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from sqlalchemy import JSON, Column, ForeignKey, String, create_engine, delete, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, declarative_base

from knowledge import KNOWLEDGE_DIR
from knowledge.live_folder import LiveFolder
from knowledge.yaml_lines import first_of_each_id, served
from knowledge.services import (ALL_TOPICS, SERVICES_DIR, Service, check_services_file,
                                service_from_dict)

logger = logging.getLogger(__name__)
DEFAULT_DATABASE_URL = f"sqlite:///{KNOWLEDGE_DIR.parent / 'build' / 'directory.db'}"

Base = declarative_base()


class ServiceRow(Base):
    __tablename__ = "directory_service"
    id = Column(String(64), primary_key=True)
    kind = Column(String(32), nullable=False, index=True)
    entry = Column(JSON, nullable=False)  # the whole entry as staff wrote it


class ServiceTopic(Base):
    __tablename__ = "directory_service_topic"
    service_id = Column(String(64), ForeignKey("directory_service.id", ondelete="CASCADE"),
                        primary_key=True)
    topic = Column(String(64), primary_key=True, index=True)


class ServiceLanguage(Base):
    """Which languages each place speaks, so operators can ask the database directly."""

    __tablename__ = "directory_service_language"
    service_id = Column(String(64), ForeignKey("directory_service.id", ondelete="CASCADE"),
                        primary_key=True)
    language = Column(String(8), primary_key=True, index=True)


class ServiceCountry(Base):
    __tablename__ = "directory_service_country"
    service_id = Column(String(64), ForeignKey("directory_service.id", ondelete="CASCADE"),
                        primary_key=True)
    country = Column(String(2), primary_key=True, index=True)


DATABASE_CONNECT_TIMEOUT_S = 3
DATABASE_STATEMENT_TIMEOUT_S = 5


def database_options(address: URL) -> dict:
    """The URL's own options (sslmode, …) and, for PostgreSQL unless the URL sets them, a connect
    and a statement timeout: a database that does not answer must not hold a turn for minutes.
    Used for the directory and for the conversations."""
    options = dict(address.query)
    if address.get_backend_name() == "postgresql":
        options.setdefault("connect_timeout", str(DATABASE_CONNECT_TIMEOUT_S))
        options.setdefault("options", f"-c statement_timeout={DATABASE_STATEMENT_TIMEOUT_S * 1000}")
    return options


def database_engine(url: str):
    """An engine on `url` with database_options: what the directory, the conversations' helpers,
    the LINE queue and followers, and the staff console all use."""
    address = make_url(url)
    return create_engine(address.set(query=database_options(address)), future=True,
                         pool_pre_ping=True)


def database_url() -> str:
    return os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL


def replace_all(session: Session, services: list[Service]) -> None:
    """The database's directory becomes exactly `services` (in the caller's transaction)."""
    if session.bind.dialect.name == "postgresql":  # several servers may reload at once
        session.execute(text("LOCK TABLE directory_service IN SHARE ROW EXCLUSIVE MODE"))
    for table in (ServiceTopic, ServiceLanguage, ServiceCountry, ServiceRow):
        session.execute(delete(table))
    session.add_all(ServiceRow(id=s.id, kind=s.kind, entry=s.entry) for s in services)
    session.flush()  # the rows exist before the rows that point at them
    for service in services:
        session.add_all(ServiceTopic(service_id=service.id, topic=t) for t in set(service.topics))
        session.add_all(ServiceLanguage(service_id=service.id, language=code)
                        for code in {lang.code for lang in service.languages})
        session.add_all(ServiceCountry(service_id=service.id, country=c)
                        for c in set(service.countries))


class Directory:
    """Queries the directory; picks up edited files within `check_interval` seconds."""

    def __init__(self, url: str | None = None, files: Path = SERVICES_DIR,
                 check_interval: float = 1.0) -> None:
        url = url or database_url()
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = database_engine(url)
        self._files = LiveFolder(files, check_services_file, interval=check_interval)
        self._lock = threading.Lock()
        self._answers: dict[tuple, list[Service]] = {}
        self.generation = -1  # the files' generation in the database

    def refresh(self) -> None:
        """Writes the files' services into the database when a file changed (a broken file keeps
        its last good version: knowledge/live_folder.py)."""
        generation, files = self._files.snapshot()
        with self._lock:
            if generation == self.generation:
                return
            services = served(files)
            try:
                Base.metadata.create_all(self.engine)
                with Session(self.engine) as session, session.begin():
                    replace_all(session, services)
                self._answers.clear()
                self.generation = generation
            except SQLAlchemyError as error:  # tried again at the next question
                logger.error("directory: cannot update the database: %s", error)

    def from_files(self) -> list[Service]:
        """The files' services, without the database: for the reply sent when things fail."""
        _, files = self._files.snapshot()
        return first_of_each_id(files)[1]

    def _services(self, key: tuple, query) -> list[Service]:
        self.refresh()
        if key not in self._answers:
            with Session(self.engine) as session:
                self._answers[key] = [service_from_dict(row.entry) for row in session.scalars(query)]
        return list(self._answers[key])

    def get(self, service_id: str) -> Service | None:
        found = self._services(("get", service_id),
                               select(ServiceRow).where(ServiceRow.id == service_id))
        return found[0] if found else None

    def for_topic(self, topic: str) -> list[Service]:
        """Places that help with `topic`, those named for it before those that help with all."""
        query = (select(ServiceRow).join(ServiceTopic)
                 .where(ServiceTopic.topic.in_([topic, ALL_TOPICS])).order_by(ServiceRow.id))
        return sorted(self._services(("for_topic", topic), query),
                      key=lambda s: ALL_TOPICS in s.topics)

    def everything(self) -> list[Service]:
        return self._services(("everything",), select(ServiceRow).order_by(ServiceRow.id))

    def consulates_for(self, country: str) -> list[Service]:
        query = (select(ServiceRow).join(ServiceCountry)
                 .where(ServiceRow.kind == "consulate", ServiceCountry.country == country)
                 .order_by(ServiceRow.id))
        return self._services(("consulates_for", country), query)
