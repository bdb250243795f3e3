"""Real servers for the end-to-end tests: the trained model, the action server and Rasa."""

import shutil
import time
import uuid
from pathlib import Path

import pytest
import requests

from knowledge import FAQ_DIR
from kakehashi.tools.servers import MODELS, free_port, running_servers
from tests.e2e.fake_line import ACCESS_TOKEN, CHANNEL_SECRET, FakeLine

FIXTURE_SERVICES = Path(__file__).resolve().parents[1] / "fixtures" / "services"


@pytest.fixture(scope="session")
def faq_dir(tmp_path_factory):
    """A copy of the FAQ files that tests may edit while the servers run."""
    directory = tmp_path_factory.mktemp("knowledge") / "faq"
    shutil.copytree(FAQ_DIR, directory)
    return directory


@pytest.fixture(scope="session")
def services_dir(tmp_path_factory):
    """The servers' service directory: a copy of the made-up places of tests/fixtures/services
    (phones 011-000-xxxx), so behaviour tests do not depend on the staff's live directory, and
    tests may edit it while the servers run. The staff's files have their own checks
    (tests/knowledge/)."""
    directory = tmp_path_factory.mktemp("knowledge") / "services"
    shutil.copytree(FIXTURE_SERVICES, directory)
    return directory


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


# Per module: Playwright's sync API keeps an event loop running while it is open, which the
# asyncio tests of the other folders cannot share.
@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (.ci/run installs it)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def notices_dir(tmp_path_factory):
    """Where the servers read urgent notices: tests may write them while the servers run."""
    return tmp_path_factory.mktemp("notices")


@pytest.fixture(scope="session")
def fake_line():
    return FakeLine().start()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """The servers' database (directory, unanswered questions)."""
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'kakehashi.db'}"


@pytest.fixture(scope="session")
def conversations_db(tmp_path_factory):
    """Where `make run`'s tracker store writes the conversations (SQLite)."""
    return tmp_path_factory.mktemp("conversations") / "conversations.db"


@pytest.fixture(scope="session")
def server_logs(tmp_path_factory):
    """Where the servers of `rasa_url` write their logs (rasa.log, actions.log)."""
    return tmp_path_factory.mktemp("logs")


@pytest.fixture(scope="session")
def rasa_url(server_logs, faq_dir, services_dir, notices_dir, fake_line, database_url,
             conversations_db):
    if not any(MODELS.glob("*.tar.gz")):
        pytest.fail("no trained model: run `make train` first (make test does)")
    env = {"KAKEHASHI_FAQ_DIR": str(faq_dir), "KAKEHASHI_SERVICES_DIR": str(services_dir),
           "KAKEHASHI_NOTICES_DIR": str(notices_dir),
           "DATABASE_URL": database_url,
           "CONVERSATIONS_DB": str(conversations_db),
           "LINE_CHANNEL_SECRET": CHANNEL_SECRET, "LINE_CHANNEL_ACCESS_TOKEN": ACCESS_TOKEN,
           "LINE_API_BASE_URL": f"http://127.0.0.1:{fake_line.port}",
           # As behind nginx (make run-cluster): tests give each client its own address.
           "SANIC_REAL_IP_HEADER": "X-Real-IP"}
    with running_servers(free_port(), free_port(), log_dir=server_logs, extra_env=env) as url:
        yield url


class Conversation:
    def __init__(self, rasa_url):
        self.webhook = f"{rasa_url}/webhooks/rest/webhook"
        self.sender = f"test-{uuid.uuid4()}"

    def say(self, message, **extra) -> list[dict]:
        response = requests.post(self.webhook, json={"sender": self.sender, "message": message,
                                                     **extra}, timeout=30)
        assert response.status_code == 200, response.text
        return response.json()

    def text(self, message, **extra) -> str:
        return "\n".join(m.get("text", "") for m in self.say(message, **extra))


@pytest.fixture
def conversation(rasa_url):
    return Conversation(rasa_url)


def poll(condition, within: float = 30.0, every: float = 0.2) -> bool:
    """True as soon as `condition()` is; False if it never was within `within` seconds (a cap
    for a stuck server, not a speed check: speed belongs to `make bench`)."""
    deadline = time.monotonic() + within
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
