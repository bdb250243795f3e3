"""`make bench`: a bounded load on loopback over the REST channel, against Kakehashi and, in the same
run on the same machine, against the stock assistant that `rasa init` creates with the same Rasa.

N conversations at once (1, 10, 50), each sending 20 messages in turn (realistic ja / ja-easy / en
questions from tests/data/dev.tsv), after a warm-up. Prints messages per second, p50 and p95
latency, and the Rasa server's resident memory, for both, with the ratios.
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

from kakehashi.servers import BIN, REPO, free_port, running_servers, stop, wait_until_up

STOCK_DIR = REPO / "build" / "stock_assistant"
CONCURRENCY = (1, 10, 50)
MESSAGES_PER_CONVERSATION = 20
REQUEST_TIMEOUT = 60


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
        await _conversation(session, url, f"warmup-{run}", texts[:5], [])
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


def _rasa_rss_mb(port: int) -> float:
    """Resident memory of the Rasa server listening on `port` (read from /proc)."""
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


def _measure(name: str, url: str, port: int, texts: list[str]) -> dict:
    results = {n: asyncio.run(_load(url, n, texts, f"{name}-{n}")) for n in CONCURRENCY}
    results["rss"] = _rasa_rss_mb(port)
    return results


def main() -> None:
    texts = questions()
    port = free_port()
    with running_servers(port, free_port(), log_dir=Path(os.environ.get("TMPDIR", "/tmp"))) as url:
        ours = _measure("kakehashi", url, port, texts)
    stock_port = free_port()
    with _stock_server(stock_port) as url:
        stock = _measure("stock", url, stock_port, texts)
    print("\n| conversations | assistant | msg/s | p50 ms | p95 ms |")
    print("| --- | --- | --- | --- | --- |")
    for n in CONCURRENCY:
        for name, figures in (("kakehashi", ours[n]), ("rasa init", stock[n])):
            print(f"| {n} | {name} | {figures['msg_s']:.1f} | {figures['p50']:.0f} | "
                  f"{figures['p95']:.0f} |")
        print(f"| {n} | ratio | {ours[n]['msg_s'] / stock[n]['msg_s']:.2f}x | "
              f"{ours[n]['p50'] / stock[n]['p50']:.2f} | {ours[n]['p95'] / stock[n]['p95']:.2f} |")
    print(f"\nRasa server resident memory after the load: kakehashi {ours['rss']:.0f} MB, "
          f"rasa init {stock['rss']:.0f} MB")


if __name__ == "__main__":
    sys.exit(main())
