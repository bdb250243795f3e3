"""The conversation lock on this machine's Redis: order is kept, and a ticket left by a replica
that died does not hang the conversation."""

import asyncio
import time
import uuid

from rasa.utils.endpoints import EndpointConfig

from kakehashi.lock_store import PatientRedisLockStore

LIFETIME = 2.0


def store() -> PatientRedisLockStore:
    return PatientRedisLockStore(EndpointConfig(url="127.0.0.1", port=6379, key_prefix="test"))


async def test_a_ticket_left_by_a_dead_replica_delays_the_next_message_only_until_it_expires():
    conversation = f"c{uuid.uuid4().hex}"
    store().issue_ticket(conversation, LIFETIME)  # taken, never given back
    started = time.monotonic()

    async def next_message():
        async with store().lock(conversation, lock_lifetime=LIFETIME, wait_time_in_seconds=0.5):
            return time.monotonic() - started

    # Rasa's own RedisLockStore never gets here: its waiting ticket expires too, and it waits on.
    waited = await asyncio.wait_for(next_message(), timeout=LIFETIME + 5)
    assert LIFETIME - 0.5 < waited < LIFETIME + 1.5


async def test_messages_of_one_conversation_go_one_at_a_time_in_order():
    conversation = f"c{uuid.uuid4().hex}"
    order = []

    async def turn(name, hold):
        async with store().lock(conversation, lock_lifetime=10, wait_time_in_seconds=0.05):
            order.append(f"{name} starts")
            await asyncio.sleep(hold)
            order.append(f"{name} ends")

    first = asyncio.create_task(turn("first", 0.5))
    await asyncio.sleep(0.05)
    await asyncio.gather(first, turn("second", 0))
    assert order == ["first starts", "first ends", "second starts", "second ends"]
