"""The image itself, where a Docker daemon exists (the static checks are in tests/unit/test_deploy.py)."""

import shutil
import subprocess

import pytest

from kakehashi.tools.servers import REPO

pytestmark = pytest.mark.e2e


def _docker_daemon() -> bool:
    docker = shutil.which("docker")
    return bool(docker) and subprocess.run([docker, "info"], capture_output=True).returncode == 0


@pytest.mark.skipif(not _docker_daemon(), reason="no Docker daemon on this machine")
def test_the_image_builds_and_runs_as_a_user_that_is_not_root():
    subprocess.run(["docker", "build", "-f", "deploy/Dockerfile", "-t", "kakehashi:test", "."],
                   cwd=REPO, check=True, timeout=3600)
    user = subprocess.run(["docker", "run", "--rm", "--read-only", "kakehashi:test", "id", "-u"],
                          capture_output=True, text=True, check=True).stdout.strip()
    assert user != "0"
    listed = subprocess.run(["docker", "run", "--rm", "kakehashi:test", "ls", "-a", "/app"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert ".git" not in listed and ".venv" not in listed
