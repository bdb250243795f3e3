"""Staff accounts, sessions and the audit log of the staff console, in the directory's database.

Passwords are hashed with Argon2id (argon2-cffi, memory-hard); an account is locked for
LOCK_MINUTES after MAX_FAILURES wrong passwords in a row. A session is a random token (only its
SHA-256 is stored) with its own CSRF token, for SESSION_HOURS. Every change made in the console is
written to `staff_audit`: who, when, what, and the text before and after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import Column, DateTime, Integer, String, Text, delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import declarative_base

ROLES = ("editor", "viewer")
MAX_FAILURES = 5
LOCK_MINUTES = 15
SESSION_HOURS = 8
Base = declarative_base()
_hasher = PasswordHasher()


class StaffAccount(Base):
    __tablename__ = "staff_account"
    name = Column(String(64), primary_key=True)
    role = Column(String(16), nullable=False)
    password_hash = Column(String(256), nullable=False)
    failures = Column(Integer, nullable=False, default=0)
    locked_until = Column(DateTime(timezone=True), nullable=True)


class StaffSession(Base):
    __tablename__ = "staff_session"
    token_hash = Column(String(64), primary_key=True)
    name = Column(String(64), nullable=False)
    csrf = Column(String(64), nullable=False)
    expires = Column(DateTime(timezone=True), nullable=False)


class StaffAudit(Base):
    __tablename__ = "staff_audit"
    id = Column(Integer, primary_key=True, autoincrement=True)
    at = Column(DateTime(timezone=True), nullable=False)
    who = Column(String(64), nullable=False)
    what = Column(String(256), nullable=False)
    before = Column(Text, nullable=True)
    after = Column(Text, nullable=True)


@dataclass(frozen=True)
class Session:
    name: str
    role: str
    csrf: str

    @property
    def can_edit(self) -> bool:
        return self.role == "editor"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back naive times: they were written in UTC."""
    return moment.replace(tzinfo=dt.timezone.utc) if moment and moment.tzinfo is None else moment


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def ensure_tables(engine: Engine) -> None:
    Base.metadata.create_all(engine)


def add_account(engine: Engine, name: str, role: str, password: str) -> None:
    """Creates the account, or sets a new role and password for an existing one."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 12:
        raise ValueError("a password needs at least 12 characters")
    ensure_tables(engine)
    with engine.begin() as connection:
        connection.execute(delete(StaffAccount).where(StaffAccount.name == name))
        connection.execute(StaffAccount.__table__.insert().values(
            name=name, role=role, password_hash=_hasher.hash(password), failures=0))


def log_in(engine: Engine, name: str, password: str) -> tuple[str, Session] | None:
    """A new session token and its session, or None (unknown name, wrong password, locked)."""
    ensure_tables(engine)
    now = _now()
    with engine.begin() as connection:
        account = connection.execute(select(StaffAccount).where(StaffAccount.name == name)).first()
        if account is None:
            _hasher.hash(password)  # the same time as for a real account
            return None
        if _aware(account.locked_until) and _aware(account.locked_until) > now:
            return None
        try:
            _hasher.verify(account.password_hash, password)
        except VerificationError:
            failures = account.failures + 1
            locked = now + dt.timedelta(minutes=LOCK_MINUTES) if failures >= MAX_FAILURES else None
            connection.execute(update(StaffAccount).where(StaffAccount.name == name).values(
                failures=0 if locked else failures, locked_until=locked))
            return None
        connection.execute(update(StaffAccount).where(StaffAccount.name == name).values(
            failures=0, locked_until=None))
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        connection.execute(StaffSession.__table__.insert().values(
            token_hash=_digest(token), name=name, csrf=csrf,
            expires=now + dt.timedelta(hours=SESSION_HOURS)))
        return token, Session(name, account.role, csrf)


def session_of(engine: Engine, token: str | None) -> Session | None:
    if not token:
        return None
    ensure_tables(engine)
    with engine.connect() as connection:
        found = connection.execute(
            select(StaffSession.name, StaffSession.csrf, StaffSession.expires, StaffAccount.role)
            .join(StaffAccount, StaffAccount.name == StaffSession.name)
            .where(StaffSession.token_hash == _digest(token))).first()
    if found is None or _aware(found.expires) <= _now():
        return None
    return Session(found.name, found.role, found.csrf)


def log_out(engine: Engine, token: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(StaffSession).where(StaffSession.token_hash == _digest(token)))


def audit(engine: Engine, who: str, what: str, before, after) -> None:
    ensure_tables(engine)
    with engine.begin() as connection:
        connection.execute(StaffAudit.__table__.insert().values(
            at=_now(), who=who, what=what,
            before=json.dumps(before, ensure_ascii=False), after=json.dumps(after, ensure_ascii=False)))


def audit_log(engine: Engine, limit: int = 50) -> list[StaffAudit]:
    ensure_tables(engine)
    with engine.connect() as connection:
        return list(connection.execute(select(StaffAudit).order_by(StaffAudit.id.desc()).limit(limit)))
