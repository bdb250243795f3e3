"""The production topology on one machine: nginx in front of several Rasa replicas and an action
server, on the production stores (PostgreSQL, Redis). Used by the scale-out tests and by
`make run-cluster`; deploy/ describes the same topology for docker-compose and Kubernetes.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path
from string import Template

from kakehashi.tools.servers import (BIN, REPO, free_port, serve_until_stopped, server_env,
                               start_action_server, start_rasa, stop, stop_on_signals,
                               wait_until_up)

NGINX_TEMPLATE = REPO / "deploy" / "nginx" / "kakehashi.conf.template"
NGINX_MAIN = """daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log {dir}/nginx-access.log;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/kakehashi.conf;
}}
"""


def nginx_site(listen: int, rasa_ports: list[int]) -> str:
    upstreams = " ".join(f"server 127.0.0.1:{port};" for port in rasa_ports)
    return Template(NGINX_TEMPLATE.read_text("utf-8")).safe_substitute(
        RASA_UPSTREAMS=upstreams, NGINX_LISTEN=f"127.0.0.1:{listen}")


PURGE_EVERY_S = 24 * 3600  # retention (knowledge/retention.py), as the Kubernetes CronJob does
CLUSTER_PORT = 8080  # where `make run-cluster`'s nginx listens (KAKEHASHI_CLUSTER_PORT to change)


class Cluster:
    """nginx on `url`, `replicas` Rasa servers on `replica_urls`, one action server."""

    def __init__(self, replicas: int = 2, log_dir: Path | None = None,
                 extra_env: dict | None = None, port: int | None = None) -> None:
        self.log_dir = Path(log_dir or tempfile.mkdtemp(prefix="kakehashi-cluster-"))
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.action_port = free_port()
        self.rasa_ports = [free_port() for _ in range(replicas)]
        self.nginx_port = port or free_port()
        self.env = server_env({"KAKEHASHI_STORES": "production",
                               "SANIC_REAL_IP_HEADER": "X-Real-IP",  # set by nginx, in front
                               "KAKEHASHI_PUBLIC_URL": f"http://127.0.0.1:{self.nginx_port}",
                               "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{self.action_port}/webhook",
                               **(extra_env or {})})
        self.url = f"http://127.0.0.1:{self.nginx_port}"
        self.replica_urls = [f"http://127.0.0.1:{port}" for port in self.rasa_ports]
        self.actions: subprocess.Popen | None = None
        self.replicas: list[subprocess.Popen | None] = [None] * replicas
        self.nginx: subprocess.Popen | None = None

    def rasa_log(self, index: int) -> Path:
        return self.log_dir / f"rasa-{index}.log"

    def start(self, timeout: float = 300) -> "Cluster":
        self.actions = start_action_server(self.action_port, self.env,
                                           self.log_dir / "actions.log")
        for index in range(len(self.replicas)):
            self.start_replica(index, wait=False)
        self._start_nginx()
        wait_until_up(f"http://127.0.0.1:{self.action_port}/health", self.actions, timeout)
        for index in range(len(self.replicas)):
            self.wait_for_replica(index, timeout)
        return self

    def start_replica(self, index: int, wait: bool = True, timeout: float = 300) -> None:
        self.replicas[index] = start_rasa(self.rasa_ports[index], self.env, self.rasa_log(index))
        if wait:
            self.wait_for_replica(index, timeout)

    def wait_for_replica(self, index: int, timeout: float) -> None:
        wait_until_up(f"{self.replica_urls[index]}/", self.replicas[index], timeout)

    def kill_replica(self, index: int) -> None:
        """SIGKILL, as when a machine dies: no clean-up at all."""
        os.killpg(self.replicas[index].pid, signal.SIGKILL)
        self.replicas[index].wait()

    def _start_nginx(self) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        conf = self.log_dir / "nginx"
        conf.mkdir(exist_ok=True)
        (conf / "kakehashi.conf").write_text(nginx_site(self.nginx_port, self.rasa_ports), "utf-8")
        (conf / "nginx.conf").write_text(NGINX_MAIN.format(dir=conf), "utf-8")
        self.nginx = subprocess.Popen([nginx, "-p", str(conf), "-c", str(conf / "nginx.conf")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                                      start_new_session=True)

    def stop(self) -> None:
        for process in [self.nginx, *self.replicas, self.actions]:
            if process is not None:
                stop(process)

    def __enter__(self) -> "Cluster":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> None:
    """`make run-cluster`: the production topology here (needs DATABASE_URL=postgresql://…)."""
    stop_on_signals()
    replicas = int(os.environ.get("KAKEHASHI_REPLICAS", "2"))
    port = int(os.environ.get("KAKEHASHI_CLUSTER_PORT", str(CLUSTER_PORT)))
    print(f"Starting nginx on port {port}, {replicas} Rasa replicas and the action server; "
          "this takes a minute…")
    cluster = Cluster(replicas, port=port)
    with cluster:
        print(f"Logs: {cluster.log_dir}")
        purge_daily(cluster.env)
        serve_until_stopped(cluster.url)


def purge_daily(env: dict) -> threading.Event:
    """Runs `kakehashi purge` now and every day after, until the returned event is set."""
    stopped = threading.Event()

    def run() -> None:
        while not stopped.is_set():
            subprocess.run([str(BIN / "kakehashi"), "purge"], env=env, check=False)
            stopped.wait(PURGE_EVERY_S)

    threading.Thread(target=run, name="daily-purge", daemon=True).start()
    return stopped


if __name__ == "__main__":
    main()
