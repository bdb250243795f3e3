"""Rasa's Redis lock store, with a waiting message that keeps its place, and answers that keep
coming when Redis is away.

Rasa orders a conversation's messages with numbered tickets that expire after
TICKET_LOCK_LIFETIME. When a replica dies holding a ticket, the next message must wait until that
ticket expires; but its own ticket, issued moments later, expires almost as soon, and Rasa then
waits for a ticket that no longer exists: the conversation hangs until another message comes,
and the hung one is answered after it, out of order (seen in the scale-out test). Here a message
whose own ticket expired while waiting goes ahead: every ticket issued before it has expired too.

Redis unreachable (refusing, or silent: every call gives up after REDIS_TIMEOUT_S): Rasa's store
raises and the person gets no answer, an emergency included. Here the replica orders the
conversation's messages with a lock of its own (logged and counted in `fallbacks`) and does not
try Redis again for RETRY_REDIS_AFTER_S, so that one slow call is paid, not one per message.
Password and TLS come from REDIS_PASSWORD and REDIS_TLS=1.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from contextlib import asynccontextmanager
from typing import AsyncGenerator, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
REDIS_TIMEOUT_S = 1.0  # to connect, and for each reply
RETRY_REDIS_AFTER_S = 10.0


class PatientRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        settings = {"password": os.environ.get("REDIS_PASSWORD") or None,
                    "use_ssl": os.environ.get("REDIS_TLS") == "1",
                    **endpoint_config.kwargs, "socket_timeout": REDIS_TIMEOUT_S}
        super().__init__(host=endpoint_config.url, **settings)
        self.red.connection_pool.connection_kwargs["socket_connect_timeout"] = REDIS_TIMEOUT_S
        self._local = InMemoryLockStore()
        self._redis_down_until = 0.0
        self.fallbacks = 0  # messages ordered by this replica alone, Redis being away

    @asynccontextmanager
    async def lock(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        ticket = None
        if time.monotonic() >= self._redis_down_until:
            try:
                ticket = self.issue_ticket(conversation_id, lock_lifetime)
                acquired = await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
            except (RedisError, LockError) as error:
                if not _redis_failed(error):
                    raise
                self._redis_down_until = time.monotonic() + RETRY_REDIS_AFTER_S
                logger.error("lock store: Redis unreachable (%s): this replica orders conversations "
                             "alone for %.0f s", error, RETRY_REDIS_AFTER_S)
                ticket = None
        if ticket is None:
            self.fallbacks += 1
            logger.warning("lock store: conversation %s ordered by this replica alone (%d so far)",
                           conversation_id, self.fallbacks)
            async with self._local.lock(conversation_id, lock_lifetime, wait_time_in_seconds) as local:
                yield local
            return
        try:
            yield acquired
        finally:
            try:
                self.cleanup(conversation_id, ticket)
            except RedisError as error:  # the ticket expires by itself
                logger.error("lock store: could not release conversation %s in Redis: %s",
                             conversation_id, error)

    async def _acquire_lock(self, conversation_id: Text, ticket: int,
                            wait_time_in_seconds: float) -> TicketLock:
        while True:
            lock = self.get_lock(conversation_id)
            if lock is None:
                raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")
            if not lock.is_locked(ticket):
                return lock
            if all(waiting.number != ticket for waiting in lock.tickets):  # expired meanwhile
                logger.warning("conversation %s: going ahead after an expired lock (a replica "
                               "died while answering it?)", conversation_id)
                return lock
            await asyncio.sleep(wait_time_in_seconds)
            self.update_lock(conversation_id)


def _redis_failed(error: Exception) -> bool:
    """A Redis error, or Rasa's LockError wrapping one (its issue_ticket does)."""
    return isinstance(error, RedisError) or isinstance(error.__context__, RedisError)
