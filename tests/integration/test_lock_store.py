"""The production lock store when Redis is away: answers keep coming, in order per replica."""

import socket

from rasa.utils.endpoints import EndpointConfig

from kakehashi.rasa_server.lock_store import PatientRedisLockStore
from kakehashi.tools.servers import free_port


def _store(port: int) -> PatientRedisLockStore:
    return PatientRedisLockStore(EndpointConfig(url="127.0.0.1", port=port, key_prefix="test"))


async def test_with_redis_up_the_lock_is_redis(tmp_path):
    store = _store(6379)
    async with store.lock("conversation-a"):
        assert store.get_lock("conversation-a") is not None  # the ticket lives in Redis
    assert store.fallbacks == 0


async def test_redis_refusing_falls_back_to_a_lock_of_this_replica():
    store = _store(free_port())  # nothing listens there
    async with store.lock("conversation-b") as lock:
        assert lock.conversation_id == "conversation-b"
    async with store.lock("conversation-b"):  # Redis is not tried again for a while
        pass
    assert store.fallbacks == 2


async def test_a_silent_redis_falls_back_after_its_timeout():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts connections, never answers (packets dropped, as seen from here)
    try:
        store = _store(silent.getsockname()[1])
        async with store.lock("conversation-c"):
            pass
        assert store.fallbacks == 1
    finally:
        silent.close()


def test_database_urls_keep_their_options_and_get_timeouts():
    from sqlalchemy.engine import make_url

    from knowledge.directory import database_options

    found = database_options(make_url("postgresql://u@db.example/kakehashi?sslmode=verify-full"))
    assert found["sslmode"] == "verify-full" and found["connect_timeout"] == "3"
    assert found["options"] == "-c statement_timeout=5000"
    own = database_options(make_url("postgresql://u@h/k?connect_timeout=10"))
    assert own["connect_timeout"] == "10"
    assert database_options(make_url("sqlite:///x.db")) == {}
