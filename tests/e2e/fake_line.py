"""A fake LINE Messaging API on loopback: checks every request against the documented format
(auth header, JSON shape, limits) and records it. Reply tokens starting with "expired" fail
like a used or expired token does."""

from __future__ import annotations

import asyncio
import threading
import time

from aiohttp import web

ACCESS_TOKEN = "test-access-token"
CHANNEL_SECRET = "test-channel-secret"


def _problems(path: str, headers, body) -> list[str]:
    problems = []
    if headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
        problems.append("missing or wrong Authorization header")
    if not headers.get("Content-Type", "").startswith("application/json"):
        problems.append("Content-Type is not application/json")
    if not isinstance(body, dict):
        return problems + ["body is not a JSON object"]
    if path.endswith("/multicast"):
        to = body.get("to")
        if not isinstance(to, list) or not 1 <= len(to) <= 500 or not all(isinstance(u, str) for u in to):
            problems.append("multicast needs 'to': a list of 1 to 500 user ids")
    else:
        key = "replyToken" if path.endswith("/reply") else "to"
        if not isinstance(body.get(key), str) or not body[key]:
            problems.append(f"{key} missing")
    messages = body.get("messages")
    if not isinstance(messages, list) or not 1 <= len(messages) <= 5:
        return problems + ["messages must be a list of 1 to 5"]
    for message in messages:
        if message.get("type") != "text" or not 0 < len(message.get("text", "")) <= 5000:
            problems.append(f"bad text message: {str(message)[:80]}")
        items = (message.get("quickReply") or {}).get("items", [])
        if len(items) > 13:
            problems.append("more than 13 quick replies")
        for item in items:
            action = item.get("action", {})
            if item.get("type") != "action" or not 0 < len(action.get("label", "")) <= 20:
                problems.append(f"bad quick reply: {item}")
            if action.get("type") == "postback" and not 0 < len(action.get("data", "")) <= 300:
                problems.append(f"bad postback data: {item}")
    return problems


class FakeLine:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.port: int | None = None
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()

    async def _record(self, request: web.Request) -> web.Response:
        try:
            body = await request.json()
        except ValueError:
            body = None
        problems = _problems(request.path, request.headers, body)
        self.requests.append({"path": request.path, "body": body, "problems": problems})
        if problems:
            return web.json_response({"message": "; ".join(problems)}, status=400)
        if request.path.endswith("/reply") and body["replyToken"].startswith("expired"):
            return web.json_response({"message": "Invalid reply token"}, status=400)
        return web.json_response({})

    def start(self) -> "FakeLine":
        threading.Thread(target=self._serve, daemon=True).start()
        self._ready.wait(10)
        return self

    def _serve(self) -> None:
        asyncio.set_event_loop(self._loop)
        app = web.Application()
        app.router.add_post("/v2/bot/message/reply", self._record)
        app.router.add_post("/v2/bot/message/push", self._record)
        app.router.add_post("/v2/bot/message/multicast", self._record)
        runner = web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, "127.0.0.1", 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    def requests_matching(self, predicate) -> list[dict]:
        """The recorded requests that match, now."""
        return [r for r in self.requests if predicate(r)]

    def wait_for(self, predicate, timeout: float = 20.0, settled=None) -> list[dict]:
        """The recorded requests that match, once at least one has arrived and `settled()`, if
        given, is true. `settled` says that everything that could match has been sent (e.g. the
        server's queue holds none of the events they answer): a test that counts duplicates
        needs it, as no wait without a condition can tell that none is still coming. [] if that
        does not happen within `timeout` seconds (a cap for a stuck server, not a speed check)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.requests_matching(predicate)
            if found and (settled is None or settled()):
                return self.requests_matching(predicate)
            if time.monotonic() > deadline:
                return []
            time.sleep(0.05)
