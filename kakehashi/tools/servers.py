"""Starts the action server and the Rasa server together, and stops both (`make run`, e2e tests)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MODELS = REPO / "models"
ENDPOINTS = {"embedded": "bot/endpoints.yml", "production": "bot/endpoints.production.yml"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


def _start(command: list[str], env: dict, log: Path | None) -> subprocess.Popen:
    output = open(log, "ab") if log else None
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT,
                            start_new_session=True)


def server_env(extra_env: dict | None = None) -> dict:
    """The servers' environment; KAKEHASHI_STORES picks the embedded or the production stores."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           **(extra_env or {})}
    env.setdefault("SANIC_REQUEST_MAX_SIZE", str(256 * 1024))  # LINE's bodies; Sanic allows 100 MB
    # One thread, sleeping when idle, for OpenBLAS (it reads OMP_NUM_THREADS) and OpenMP: the
    # servers answer several conversations at once on few cores. The libraries read it once,
    # when they load: set before the process starts.
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    stores = env.setdefault("KAKEHASHI_STORES", "embedded")
    if stores not in ENDPOINTS:
        raise SystemExit(f"KAKEHASHI_STORES must be one of {', '.join(ENDPOINTS)}, not {stores!r}")
    # make run's conversations (bot/endpoints.yml)
    env.setdefault("CONVERSATIONS_DB", str(REPO / "build" / "conversations.db"))
    if stores == "production":
        if not env.get("DATABASE_URL", "").startswith("postgresql"):
            raise SystemExit("KAKEHASHI_STORES=production needs DATABASE_URL=postgresql://…")
        env.setdefault("REDIS_HOST", "127.0.0.1")  # Redis's own defaults
        env.setdefault("REDIS_PORT", "6379")
        # A replica killed while it holds a conversation's lock blocks that conversation for
        # this long (Rasa's default is 60 s): well under the 10 s after which the resident is
        # told to try again (channels/silence.py). A turn takes well under a second.
        env.setdefault("TICKET_LOCK_LIFETIME", "5")
    return env


def action_server_command(port: int) -> list[str]:
    return [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)]


def rasa_command(port: int, env: dict) -> list[str]:
    """Rasa's own `rasa run`, predicting without dask's scheduler
    (kakehashi/rasa_server/rasa_cli.py), with the allowed CORS origins of KAKEHASHI_CORS_ORIGINS
    (space-separated; `*` by default, as the widget is embedded on the city's pages)."""
    origins = env.get("KAKEHASHI_CORS_ORIGINS", "*").split()
    return [str(BIN / "python"), "-m", "kakehashi.rasa_server.rasa_cli", "run",
            "--model", str(MODELS), "--endpoints", ENDPOINTS[env["KAKEHASHI_STORES"]],
            "--credentials", "bot/credentials.yml", "--port", str(port), "--cors", *origins]


def start_action_server(port: int, env: dict, log: Path | None = None) -> subprocess.Popen:
    return _start(action_server_command(port), env, log)


def start_rasa(port: int, env: dict, log: Path | None = None) -> subprocess.Popen:
    return _start(rasa_command(port, env), env, log)


def exec_one(which: str) -> None:
    """A container's process (`python -m kakehashi.tools.servers rasa|actions`): the same command and
    environment as `make run` and `make run-cluster` start, in place of this process."""
    env = server_env()
    command = rasa_command(5005, env) if which == "rasa" else action_server_command(5055)
    os.execvpe(command[0], command, env)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def running_servers(rasa_port: int = 5005, action_port: int = 5055, log_dir: Path | None = None,
                    extra_env: dict | None = None, timeout: float = 240):
    """Yields the Rasa server's base URL while both servers run; stops them afterwards."""
    env = server_env({"ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
                      # where replies' short map links point (behind a proxy: its public URL)
                      "KAKEHASHI_PUBLIC_URL": f"http://127.0.0.1:{rasa_port}",
                      **(extra_env or {})})
    logs = (log_dir / "actions.log", log_dir / "rasa.log") if log_dir else (None, None)
    started = []
    try:
        actions = start_action_server(action_port, env, logs[0])
        started.append(actions)
        rasa = start_rasa(rasa_port, env, logs[1])
        started.append(rasa)
        wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, timeout)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", rasa, timeout)
        yield f"http://127.0.0.1:{rasa_port}"
    finally:
        for process in reversed(started):
            stop(process)


def _stop_on(signum, frame) -> None:
    raise KeyboardInterrupt


def stop_on_signals() -> None:
    # Ctrl-C (and a plain `kill`) stop everything, even where the shell started us with SIGINT
    # ignored, as non-interactive shells do for background jobs.
    signal.signal(signal.SIGINT, _stop_on)
    signal.signal(signal.SIGTERM, _stop_on)


def serve_until_stopped(url: str) -> None:
    print(f"Kakehashi is up.\n"
          f"Web widget demo page: {url}/webhooks/widget/\n"
          f"REST:\n"
          f"  curl -s {url}/webhooks/rest/webhook -H 'Content-Type: application/json' "
          f"-d '{{\"sender\": \"me\", \"message\": \"こんにちは\"}}'\n"
          f"Ctrl-C stops everything.")
    try:
        signal.pause()
    except KeyboardInterrupt:
        print("\nStopping…")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] in ("rasa", "actions"):
        exec_one(sys.argv[1])
    stop_on_signals()
    print("Starting the action server (5055) and the Rasa server (5005); this takes a minute…")
    with running_servers() as url:
        serve_until_stopped(url)


if __name__ == "__main__":
    main()
