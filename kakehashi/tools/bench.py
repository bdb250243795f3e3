"""`make bench`: a bounded load on loopback over the REST channel, against Kakehashi and, in the same
run on the same machine, against the stock assistant that `rasa init` creates with the same Rasa.

N conversations at once (1, 10, 50), each sending 20 messages in turn (realistic ja / ja-easy / en
questions from tests/data/dev.tsv), after a warm-up. Kakehashi is measured twice: as `make run`
starts it (one Rasa process, conversations in memory and SQLite) and in the production topology
on this machine (nginx, two Rasa replicas, PostgreSQL and Redis; skipped when PostgreSQL is not
there).
Prints messages per second, p50 and p95 latency and the servers' resident memory, with the ratios
to the stock assistant.
"""

from __future__ import annotations

import asyncio
import csv
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import psycopg2

from kakehashi.tools.cluster import Cluster
from kakehashi.tools.servers import BIN, REPO, free_port, running_servers, stop, wait_until_up

STOCK_DIR = REPO / "build" / "stock_assistant"
CONCURRENCY = (1, 10, 50)
MESSAGES_PER_CONVERSATION = 20
WARM_UP_CONVERSATIONS = 4  # 10 messages each, over every replica, before each measurement
BENCH_DATABASE = "kakehashi_bench"
REQUEST_TIMEOUT = 60
LOG_DIR = Path(os.environ.get("TMPDIR", "/tmp")) / "kakehashi-bench"


def questions() -> list[str]:
    with open(REPO / "tests" / "data" / "dev.tsv", encoding="utf-8") as rows:
        return [row["text"] for row in csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)]


async def _conversation(session, url, sender, texts, latencies) -> None:
    for text in texts:
        started = time.perf_counter()
        async with session.post(url, json={"sender": sender, "message": text}) as answer:
            await answer.read()
            answer.raise_for_status()
        latencies.append(time.perf_counter() - started)


async def _load(base_url: str, conversations: int, texts: list[str], run: str) -> dict:
    url = f"{base_url}/webhooks/rest/webhook"
    pool = itertools.cycle(texts)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(_conversation(session, url, f"warmup-{run}-{n}", texts[n::4][:10], [])
                               for n in range(WARM_UP_CONVERSATIONS)))
        latencies: list[float] = []
        started = time.perf_counter()
        await asyncio.gather(*(
            _conversation(session, url, f"{run}-{n}",
                          [next(pool) for _ in range(MESSAGES_PER_CONVERSATION)], latencies)
            for n in range(conversations)))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {"msg_s": len(latencies) / elapsed, "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000}


def _rss_mb(port: int) -> float:
    """Resident memory of the Rasa or action server listening on `port` (read from /proc)."""
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes().split(b"\0")
            if b"run" in command and b"--port" in command and str(port).encode() in command:
                status = (proc / "status").read_text()
                return int(status.split("VmRSS:")[1].split()[0]) / 1024
        except (OSError, IndexError, ValueError):
            continue
    return float("nan")


def _stock_assistant() -> Path:
    """The `rasa init` assistant, trained once into build/stock_assistant."""
    if not any((STOCK_DIR / "models").glob("*.tar.gz")):
        shutil.rmtree(STOCK_DIR, ignore_errors=True)
        STOCK_DIR.mkdir(parents=True)
        subprocess.run([str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(STOCK_DIR)],
                       check=True, cwd=STOCK_DIR, stdout=subprocess.DEVNULL)
    return STOCK_DIR


@contextmanager
def _stock_server(port: int):
    directory = _stock_assistant()
    process = subprocess.Popen(
        [str(BIN / "rasa"), "run", "--model", "models", "--port", str(port)], cwd=directory,
        env={**os.environ, "RASA_TELEMETRY_ENABLED": "false"}, stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process, 240)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def _measure(name: str, url: str, texts: list[str], ports: list[int]) -> dict:
    results = {n: asyncio.run(_load(url, n, texts, f"{name}-{n}")) for n in CONCURRENCY}
    results["rss"] = [_rss_mb(port) for port in ports]
    return results


@contextmanager
def _bench_database():
    """A scratch database on this machine's PostgreSQL for the production topology, or None."""
    admin_url = os.environ.get("BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
    try:
        admin = psycopg2.connect(admin_url)
    except psycopg2.OperationalError as error:
        print(f"PostgreSQL unreachable ({error}): the production topology is not measured")
        yield None
        return
    admin.autocommit = True
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
    admin.cursor().execute(f"CREATE DATABASE {BENCH_DATABASE}")
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{BENCH_DATABASE}"
    finally:
        admin.cursor().execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")
        admin.close()


def _print_table(measured: dict[str, dict], stock: dict) -> None:
    print("\n| conversations | assistant | msg/s | p50 ms | p95 ms | msg/s vs stock |")
    print("| --- | --- | --- | --- | --- | --- |")
    for n in CONCURRENCY:
        for name, figures in [*measured.items(), ("rasa init", stock)]:
            print(f"| {n} | {name} | {figures[n]['msg_s']:.1f} | {figures[n]['p50']:.0f} | "
                  f"{figures[n]['p95']:.0f} | {figures[n]['msg_s'] / stock[n]['msg_s']:.2f}x |")
    print()
    for name, figures in [*measured.items(), ("rasa init", stock)]:
        memory = ", ".join(f"{mb:.0f} MB" for mb in figures["rss"])
        print(f"Resident memory after the load, {name}: {memory}")


def main() -> None:
    texts = questions()
    measured = {}
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    rasa_port, action_port = free_port(), free_port()
    conversations = LOG_DIR / "conversations.db"  # a fresh one: each run's conversations start new
    for leftover in LOG_DIR.glob("conversations.db*"):
        leftover.unlink()
    with running_servers(rasa_port, action_port, log_dir=LOG_DIR,
                         extra_env={"CONVERSATIONS_DB": str(conversations)}) as url:
        measured["kakehashi (make run)"] = _measure("kakehashi", url, texts, [rasa_port, action_port])
    with _bench_database() as database_url:
        if database_url:
            env = {"DATABASE_URL": database_url}
            with Cluster(2, log_dir=LOG_DIR / "cluster", extra_env=env) as cluster:
                measured["kakehashi (2 replicas)"] = _measure(
                    "cluster", cluster.url, texts, [*cluster.rasa_ports, cluster.action_port])
    stock_port = free_port()
    with _stock_server(stock_port) as url:
        stock = _measure("stock", url, texts, [stock_port])
    _print_table(measured, stock)


if __name__ == "__main__":
    sys.exit(main())
