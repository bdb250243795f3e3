"""Rasa's Redis lock store, with a waiting message that keeps its place.

Rasa orders a conversation's messages with numbered tickets that expire after
TICKET_LOCK_LIFETIME. When a replica dies holding a ticket, the next message must wait until that
ticket expires; but its own ticket, issued moments later, expires almost as soon, and Rasa then
waits for a ticket that no longer exists: the conversation hangs until another message comes,
and the hung one is answered after it, out of order (seen in the scale-out test). Here a message
whose own ticket expired while waiting goes ahead: every ticket issued before it has expired too.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)


class PatientRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

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
