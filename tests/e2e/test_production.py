"""The production topology on this machine: nginx in front of two Rasa replicas and an action
server, conversations in PostgreSQL, locks in Redis. The database is reached through a proxy the
tests can cut, so an outage needs no change to the machine's PostgreSQL."""

import asyncio
import json
import uuid

import aiohttp
import psycopg2
import pytest
import requests

from kakehashi.tools.cluster import Cluster
from knowledge.entries import load_entries
from knowledge.faq import faq_files, parse_topic
from tests.e2e.conftest import poll
from tests.e2e.fake_line import ACCESS_TOKEN, CHANNEL_SECRET
from tests.e2e.line_client import Line, event
from tests.e2e.tcp_proxy import TcpProxy

pytestmark = pytest.mark.e2e
POSTGRES = "postgresql://postgres@127.0.0.1:{port}/{db}"
SECRETS = ("090-1234-5678", "09012345678", "taro.yamada@example.com", "AB12345678CD",
           "123456789012")


@pytest.fixture(scope="module")
def database():
    """A fresh database on this machine's PostgreSQL, dropped afterwards."""
    name = f"kakehashi_e2e_{uuid.uuid4().hex[:10]}"
    admin = psycopg2.connect(POSTGRES.format(port=5432, db="test"))
    admin.autocommit = True
    admin.cursor().execute(f"CREATE DATABASE {name}")
    yield name
    admin.cursor().execute(f"DROP DATABASE {name} WITH (FORCE)")
    admin.close()


@pytest.fixture(scope="module")
def proxy():
    found = TcpProxy(5432).restore()
    yield found
    found.cut()


@pytest.fixture(scope="module")
def cluster(database, proxy, fake_line, services_dir, tmp_path_factory):
    env = {"DATABASE_URL": POSTGRES.format(port=proxy.port, db=database),
           "KAKEHASHI_SERVICES_DIR": str(services_dir),  # the fixture directory's made-up places
           "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379",
           "LINE_CHANNEL_SECRET": CHANNEL_SECRET, "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
           "LINE_API_BASE_URL": f"http://127.0.0.1:{fake_line.port}"}
    with Cluster(replicas=2, log_dir=tmp_path_factory.mktemp("cluster"), extra_env=env) as found:
        yield found


def stored_events(database: str, sender: str) -> list[dict]:
    with psycopg2.connect(POSTGRES.format(port=5432, db=database)) as connection:
        cursor = connection.cursor()
        cursor.execute("SELECT data FROM events WHERE sender_id = %s ORDER BY id", (sender,))
        return [json.loads(data) for (data,) in cursor.fetchall()]


def unanswered_questions(database: str) -> list[str]:
    with psycopg2.connect(POSTGRES.format(port=5432, db=database)) as connection:
        cursor = connection.cursor()
        cursor.execute("SELECT * FROM unanswered_question")
        return [str(row) for row in cursor.fetchall()]


def user_texts(database: str, sender: str) -> list[str]:
    return [e["text"] for e in stored_events(database, sender) if e["event"] == "user"]


def say(base_url: str, sender: str, text: str) -> str:
    answer = requests.post(f"{base_url}/webhooks/rest/webhook",
                           json={"sender": sender, "message": text}, timeout=60)
    assert answer.status_code == 200, answer.text
    return "\n".join(m.get("text") or "" for m in answer.json())


def english_questions() -> list[tuple[str, tuple[str, ...]]]:
    """(question, the starts of the answers it may get: its topic's or one of its entries')."""
    _, entries = load_entries()
    pairs = []
    for path in faq_files():
        topic = parse_topic(path)[0]
        if topic.id not in ("emergency", "consulate"):
            answers = [topic.answer_in("en")] + [e.answer_in("en") for e in entries
                                                 if e.topic == topic.id]
            pairs.append((topic.questions["en"][0], tuple(a[:30] for a in answers)))
    return pairs


async def _conversation(session, url, sender, script, replies):
    for question, _ in script:
        for _attempt in range(3):  # as the widget does: a failed send is sent again
            try:
                async with session.post(f"{url}/webhooks/rest/webhook",
                                        json={"sender": sender, "message": question}) as answer:
                    if answer.status == 200:
                        replies.append("\n".join(m.get("text") or "" for m in await answer.json()))
                        break
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.5)
        else:
            replies.append(None)


async def until(condition, within: float = 60.0, every: float = 0.05) -> bool:
    """As `poll` (tests/e2e/conftest.py), without blocking the event loop the load runs on."""
    deadline = asyncio.get_running_loop().time() + within
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(every)
    return True


def run_conversations(url: str, scripts: dict[str, list], during=None) -> dict[str, list]:
    """Runs all scripts at once through `url`; `during()` is called once they are under way
    (each has had its first answer)."""
    replies = {sender: [] for sender in scripts}

    async def main():
        timeout = aiohttp.ClientTimeout(total=90)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            load = asyncio.gather(*(_conversation(session, url, sender, script, replies[sender])
                                    for sender, script in scripts.items()))
            if during:
                under_way = await until(lambda: all(replies.values()))
                assert under_way, "the conversations never got their first answers"
                await asyncio.get_running_loop().run_in_executor(None, during)
            await load

    asyncio.run(main())
    return replies


def scripts_for(count: int, length: int, prefix: str) -> dict[str, list]:
    questions = english_questions()
    return {f"{prefix}-{n}-{uuid.uuid4().hex[:6]}":
            [questions[(n * 7 + i) % len(questions)] for i in range(length)]
            for n in range(count)}


def without_repeats(texts: list[str]) -> list[str]:
    return [text for n, text in enumerate(texts) if n == 0 or texts[n - 1] != text]


def assert_answered_in_order(database, scripts, replies, retried_at_most=0):
    """Each message answered, rightly and in order, and stored in order. A message in flight when
    its replica died is sent again by nginx, so it may be stored twice (at least once)."""
    stored_twice = 0
    for sender, script in scripts.items():
        got = replies[sender]
        assert None not in got, f"{sender}: a message got no answer"
        for (question, answer_start), reply in zip(script, got):
            assert reply.startswith(answer_start), f"{sender}: {question!r} -> {reply[:80]!r}"
        stored = user_texts(database, sender)
        assert without_repeats(stored) == [question for question, _ in script]
        stored_twice += len(stored) - len(script)
    assert stored_twice <= retried_at_most


def test_a_conversation_alternating_replicas_keeps_its_slots(cluster):
    first, second = cluster.replica_urls
    sender = f"alternate-{uuid.uuid4().hex[:8]}"
    assert "in English from now on" in say(first, sender, "English please")
    assert "Source:" in say(second, sender, "在留カードをなくしました")  # answered in English
    assert "011-000-0010" in say(first, sender, "中国の領事館はどこ？")
    reply = say(second, sender, "Where is the consulate?")  # the country is remembered
    assert "011-000-0010" in reply and "Which country" not in reply


def test_many_conversations_at_once_are_answered_in_order_and_kept(cluster, database):
    scripts = scripts_for(count=20, length=6, prefix="many")
    replies = run_conversations(cluster.url, scripts)
    assert_answered_in_order(database, scripts, replies)


def test_a_killed_replica_loses_nothing_and_its_conversations_go_on(cluster, database):
    scripts = scripts_for(count=10, length=10, prefix="kill")
    replies = run_conversations(cluster.url, scripts, during=lambda: cluster.kill_replica(0))
    assert_answered_in_order(database, scripts, replies, retried_at_most=len(scripts))
    cluster.start_replica(0)
    for sender, script in scripts.items():  # on the restarted replica, where many began
        question, answer_start = script[0]
        assert say(cluster.replica_urls[0], sender, question).startswith(answer_start)
        assert user_texts(database, sender)[-1] == question


def test_nothing_personal_reaches_the_database_or_the_logs(cluster, database, fake_line):
    sender = f"privacy-{uuid.uuid4().hex[:8]}"
    say(cluster.url, sender, "My phone is 090-1234-5678, mail taro.yamada@example.com")
    say(cluster.url, sender, "在留カード番号 AB12345678CD をなくしました。マイナンバーは123456789012です")
    line = Line(cluster.url, fake_line)
    user = f"U{uuid.uuid4().hex}"
    message = event(text="電話 09012345678 メール taro.yamada@example.com",
                    source={"type": "user", "userId": user})
    line.send(message)
    assert line.requests_for("replyToken", message["replyToken"])
    stored = json.dumps(stored_events(database, sender) + stored_events(database, user)
                        + unanswered_questions(database), ensure_ascii=False)
    assert "<☎>" in stored and "<✉>" in stored and "<🆔>" in stored
    logs = "".join(path.read_text("utf-8", errors="replace")
                   for path in cluster.log_dir.rglob("*.log"))
    for secret in SECRETS:
        assert secret not in stored and secret not in logs


def wait_for_log(cluster, index: int, text: str, timeout: float = 10) -> bool:
    return poll(lambda: text in cluster.rasa_log(index).read_text("utf-8", errors="replace"),
                within=timeout)


def test_the_database_going_away_mid_conversation(cluster, database, proxy):
    replica = cluster.replica_urls[1]
    sender = f"outage-{uuid.uuid4().hex[:8]}"
    question, answer_start = english_questions()[8]
    assert "in English from now on" in say(replica, sender, "English please")
    proxy.cut()
    try:
        assert say(replica, sender, "ゴミの出し方を教えて")  # answered, not an error
        assert wait_for_log(cluster, 1, "tracker store: the database is unreachable")
        assert "Source:" in say(replica, sender, "在留カードをなくしました")  # still in English
    finally:
        proxy.restore()
    assert say(replica, sender, question).startswith(answer_start)  # no restart needed
    assert user_texts(database, sender) == ["English please", "ゴミの出し方を教えて",
                                            "在留カードをなくしました", question]


def test_the_database_down_at_start_up(cluster, database, proxy):
    cluster.kill_replica(1)
    proxy.cut()
    try:
        cluster.start_replica(1)
        sender = f"startup-{uuid.uuid4().hex[:8]}"
        reply = say(cluster.replica_urls[1], sender, "How do I sort garbage?")
        assert reply  # a polite answer while the database is away
        assert wait_for_log(cluster, 1, "the database is unreachable")
    finally:
        proxy.restore()
    assert say(cluster.replica_urls[1], sender, "thank you")
    assert user_texts(database, sender) == ["How do I sort garbage?", "thank you"]


def test_the_action_server_down_or_stuck_gets_a_polite_reply_then_recovers(cluster):
    replica = cluster.replica_urls[0]
    sender = f"actions-{uuid.uuid4().hex[:8]}"
    cluster.actions.send_signal(19)  # SIGSTOP: the action server hangs
    try:
        # An answer at all: Rasa would wait minutes for the stopped action server (past `say`'s
        # timeout); only the channel's own limit (channels/silence.py) answers.
        reply = say(replica, sender, "I want to talk to a person")
        assert "try again" in reply and "011-000-0001" in reply
    finally:
        cluster.actions.send_signal(18)  # SIGCONT
    assert "Test Help Desk" in say(replica, sender, "I want to talk to a person")

