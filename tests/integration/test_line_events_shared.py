"""Two replicas behind nginx may both receive a redelivered LINE event: on this machine's Redis,
only the first answers it."""

import uuid

from redis import asyncio as aioredis

from channels.line import SharedSeenEvents
from kakehashi.tools.servers import free_port


def replica(port: int = 6379) -> SharedSeenEvents:
    return SharedSeenEvents(aioredis.Redis(host="127.0.0.1", port=port, socket_timeout=2,
                                           socket_connect_timeout=2))


async def test_an_event_is_answered_by_one_replica_only():
    first, second = replica(), replica()
    event = f"test-{uuid.uuid4()}"
    assert await first.first_time(event)
    assert not await second.first_time(event)
    assert not await first.first_time(event)
    assert await second.first_time(f"test-{uuid.uuid4()}")


async def test_with_redis_unreachable_each_replica_still_answers_once(caplog):
    alone = replica(port=free_port())  # nothing listens there
    event = f"test-{uuid.uuid4()}"
    assert await alone.first_time(event)
    assert not await alone.first_time(event)
    assert "Redis unreachable" in caplog.text
