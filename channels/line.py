"""LINE Messaging API channel for Rasa: `POST /webhooks/line/webhook`.

Checks `X-Line-Signature` (base64 HMAC-SHA256 of the raw body with the channel secret), writes
the events to a durable queue (channels/line_queue.py), answers at once (LINE wants a 2xx within
2 seconds) and handles the events in the background: each event once, even when LINE redelivers
it, and again after a crash or a failed delivery (LINE itself never resends after a 200). All messages of a turn go back in one Reply API call; when the
reply token is used up or expired, or the reply fails on the network, the Push API delivers them
instead, retried with backoff. Shutdown waits for the events in flight. In groups and rooms only
messages that mention the account (and taps on our buttons) are answered; the rest is not stored.

Configured from the environment: LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN and
LINE_API_BASE_URL (LINE's API by default; tests point it at a fake). With REDIS_HOST set (the
production stores), the replicas share which events they have answered.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import re
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import aiohttp
from redis import asyncio as aioredis
from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError
from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.commands import as_typed_text
from channels.line_messages import line_messages
from channels.privacy import mask_personal_data
from channels.line_followers import Followers
from channels.line_queue import SWEEP_EVERY_S, LineEventQueue
from channels.silence import REPLY_WITHIN_S, never_silent
from knowledge.directory import database_url
from knowledge.notices import NoticeStore
from knowledge.phrases import phrase, reply_languages
from nlu.language import detect_language

logger = logging.getLogger(__name__)
LINE_API = "https://api.line.me"
MAX_BODY_BYTES = 256 * 1024
SEEN_EVENTS_KEPT = 10_000
SEEN_EVENTS_TTL_S = 24 * 3600  # LINE redelivers for a shorter time than this
NON_TEXT_INTENT = "/non_text"  # stickers, images, audio, locations: a polite request for text
FOLLOW_INTENT = "/welcome"  # a new friend: a greeting with a language choice
LINE_SENDER_PREFIX = "line:"
PUSH_ATTEMPTS = 3
PUSH_BACKOFF_S = 1.0
MULTICAST_LIMIT = 500  # recipients per multicast call (LINE's limit)
# Urgent notices: a follower's choice, by quick reply or in words ("notices on", 「お知らせ オン」).
NOTICES_ON, NOTICES_OFF = "kakehashi:notices:on", "kakehashi:notices:off"
_NOTICES_COMMAND = re.compile(r"^\s*(notices|お知らせ|おしらせ|通知|thông báo|공지)\s*(on|off|オン|オフ)\s*$",
                              re.I)


def signature_is_valid(secret: str, body: bytes, signature: str | None) -> bool:
    if not signature:
        return False
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), signature)


def _object(value) -> dict:
    """A JSON object from the request, or an empty one where LINE (or a forger) sent another type."""
    return value if isinstance(value, dict) else {}


def conversation_id(source) -> str | None:
    """Who the bot talks with: the group or room when there is one, else the user."""
    source = _object(source)
    found = source.get("groupId") or source.get("roomId") or source.get("userId")
    return found if isinstance(found, str) and found else None


def notices_command(event: dict) -> bool | None:
    """True or False for "notices on / off" (quick reply or words), else None."""
    if event.get("type") == "postback":
        data = _object(event.get("postback")).get("data")
        return {NOTICES_ON: True, NOTICES_OFF: False}.get(data)
    text = _object(event.get("message")).get("text")
    found = _NOTICES_COMMAND.match(text) if isinstance(text, str) else None
    return None if found is None else found.group(2).lower() in ("on", "オン")


async def _conversation_language(sender: str) -> str:
    """The reply language of a conversation so far (chosen, else written in), else English."""
    agent = getattr(Sanic.get_app().ctx, "agent", None)
    tracker = await agent.tracker_store.retrieve(sender) if agent else None
    for slot in ("language_choice", "language"):
        value = tracker.get_slot(slot) if tracker else None
        if value in reply_languages():
            return value
    return "en"


def rasa_sender(line_id: str) -> str:
    """The conversation's id in Rasa: LINE's own, in a namespace no other channel may use
    (channels/rest.py refuses it), so nobody can post into a LINE user's conversation."""
    return LINE_SENDER_PREFIX + line_id


def addressed_to_us(event: dict) -> bool:
    """In a group or room only a message that mentions the account, or a tap on one of our
    buttons, is for us: other members' chatter is neither answered nor stored."""
    if _object(event.get("source")).get("type") not in ("group", "room"):
        return True
    if event.get("type") != "message":
        return event.get("type") == "postback"
    mention = _object(_object(event.get("message")).get("mention"))
    mentionees = mention.get("mentionees")
    return isinstance(mentionees, list) and any(_object(m).get("isSelf") is True for m in mentionees)


def event_text(event: dict) -> str | None:
    """The text Rasa should see for an event, or None for events we do not answer."""
    kind = event.get("type")
    if kind == "message":
        message = _object(event.get("message"))
        text = message.get("text")
        # Typed: never a command (our buttons come back as postbacks).
        return as_typed_text(text) if message.get("type") == "text" and isinstance(text, str) else NON_TEXT_INTENT
    if kind == "postback":
        data = _object(event.get("postback")).get("data")
        return data if isinstance(data, str) and data else None
    if kind == "follow":
        return FOLLOW_INTENT
    return None


class SeenEvents:
    """Remembers recent webhookEventIds so a redelivered event is answered once (one server)."""

    def __init__(self, size: int = SEEN_EVENTS_KEPT) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._size = size

    async def first_time(self, event_id: str | None) -> bool:
        if not event_id:
            return True
        if event_id in self._ids:
            return False
        self._ids[event_id] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True


class SharedSeenEvents:
    """The same across replicas: the first to store an event's id in Redis answers it. With Redis
    unreachable, each replica remembers on its own (a redelivery may then be answered twice,
    never not at all)."""

    def __init__(self, client: aioredis.Redis) -> None:
        self._redis = client
        self._local = SeenEvents()

    async def first_time(self, event_id: str | None) -> bool:
        if not event_id:
            return True
        try:
            return bool(await self._redis.set(f"kakehashi:line-event:{event_id}", 1, nx=True,
                                              ex=SEEN_EVENTS_TTL_S))
        except RedisError as error:
            logger.error("LINE: Redis unreachable, remembering events on this server only: %s",
                         error)
            return await self._local.first_time(event_id)


def seen_events_from_env() -> SeenEvents | SharedSeenEvents:
    host = os.environ.get("REDIS_HOST")
    if not host:
        return SeenEvents()
    return SharedSeenEvents(aioredis.Redis(host=host, port=int(os.environ.get("REDIS_PORT", 6379)),
                                           socket_timeout=2, socket_connect_timeout=2))


class LineApi:
    def __init__(self, access_token: str, base_url: str) -> None:
        self._headers = {"Authorization": f"Bearer {access_token}",
                         "Content-Type": "application/json"}
        self._base = base_url.rstrip("/")
        self.failed_pushes = 0  # pushes that failed and were retried or given up

    async def _post(self, path: str, body: dict) -> int:
        """LINE's HTTP status; 0 for a network error or a timeout."""
        timeout = aiohttp.ClientTimeout(total=10)
        try:
            async with aiohttp.ClientSession(timeout=timeout) as session:
                async with session.post(f"{self._base}{path}", json=body,
                                        headers=self._headers) as answer:
                    if answer.status >= 400:
                        logger.warning("LINE %s answered %s: %s", path, answer.status,
                                       (await answer.text())[:300])
                    return answer.status
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.warning("LINE %s failed: %s", path, error or type(error).__name__)
            return 0

    async def deliver(self, reply_token: str | None, to: str | None, messages: list[dict]) -> bool:
        """Whether LINE took the messages: by the reply token, else (token used or expired, a
        network error, a timeout) by push, retried with backoff on network and server errors."""
        if not messages:
            return True
        if reply_token:
            status = await self._post("/v2/bot/message/reply",
                                      {"replyToken": reply_token, "messages": messages})
            if 200 <= status < 300:
                return True
        if not to:
            return False
        if await self._send("/v2/bot/message/push", {"to": to, "messages": messages}):
            return True
        logger.error("LINE: could not deliver to %s (kept to try again)", to)
        return False

    async def multicast(self, to: list[str], messages: list[dict]) -> bool:
        """One message to up to MULTICAST_LIMIT followers."""
        return await self._send("/v2/bot/message/multicast", {"to": to, "messages": messages})

    async def _send(self, path: str, body: dict) -> bool:
        """Sent, retried with backoff on network errors, rate limits and server errors."""
        for attempt in range(PUSH_ATTEMPTS):
            status = await self._post(path, body)
            if 200 <= status < 300:
                return True
            if status and status < 500 and status != 429:
                return False  # LINE refused it: sending again would not help
            self.failed_pushes += 1
            if attempt + 1 < PUSH_ATTEMPTS:
                await asyncio.sleep(PUSH_BACKOFF_S * 2 ** attempt)
        return False


class LineInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "line"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        secret = os.environ.get("LINE_CHANNEL_SECRET", "")
        return cls(secret, os.environ.get("LINE_CHANNEL_ACCESS_TOKEN", ""),
                   os.environ.get("LINE_API_BASE_URL", LINE_API), seen_events_from_env(),
                   LineEventQueue(database_url()) if secret else None,
                   Followers(database_url()) if secret else None, NoticeStore() if secret else None)

    def __init__(self, secret: str, access_token: str, api_base_url: str = LINE_API,
                 seen: SeenEvents | SharedSeenEvents | None = None,
                 queue: LineEventQueue | None = None, followers: Followers | None = None,
                 notices: NoticeStore | None = None) -> None:
        self._secret = secret
        self._api = LineApi(access_token, api_base_url)
        self._seen = seen or SeenEvents()
        self._queue = queue
        self._followers = followers
        self._notices = notices
        self._tasks: set[asyncio.Task] = set()
        self._sweeping: asyncio.Task | None = None

    async def _handle(self, event: dict, on_new_message: Callable[[UserMessage], Awaitable[Any]]
                      ) -> bool:
        """Answers one event; whether its reply (or push) went out."""
        source = _object(event.get("source"))
        sender, text = conversation_id(source), event_text(event)
        collector = CollectingOutputChannel()
        token = event.get("replyToken")
        token = token if isinstance(token, str) else None
        try:
            choice = notices_command(event) if self._followers else None
            if choice is not None and source.get("type") == "user":
                return await self._choose_notices(sender, choice, token)
            await on_new_message(UserMessage(mask_personal_data(text), collector, rasa_sender(sender),
                                             input_channel=self.name(),
                                             metadata={"line_source": source}))
            messages = collector.messages
            if event.get("type") == "follow" and self._followers and messages:
                # A new friend: the language choice, and the urgent notices to ask for.
                label = f'{phrase("ja", "notices_button")} / {phrase("en", "notices_button")[2:]}'
                messages[-1].setdefault("buttons", []).append({"title": label, "payload": NOTICES_ON})
            if self._followers and source.get("type") == "user":
                await asyncio.to_thread(self._follow_language, sender, text)
            return await self._api.deliver(token, sender, line_messages(messages))
        except Exception:  # one broken event must not stop the others
            logger.exception("LINE event %s failed", event.get("webhookEventId"))
            return False

    async def _choose_notices(self, user: str, on: bool, token: str | None) -> bool:
        language = (await asyncio.to_thread(self._followers.language_of, user)
                    or await _conversation_language(rasa_sender(user)))
        await asyncio.to_thread(self._followers.choose, user, on, language)
        text = phrase(language, "notices_on" if on else "notices_off")
        return await self._api.deliver(token, user, [{"type": "text", "text": text}])

    def _follow_language(self, user: str, text: str) -> None:
        """Keeps a follower's language for their notices: the one chosen, else written in."""
        chosen = re.search(r'"language_choice":\s*"([a-z-]+)"', text)
        language = chosen.group(1) if chosen else detect_language(text)
        if language in reply_languages() and self._followers.language_of(user) not in (None, language):
            self._followers.set_language(user, language)

    async def broadcast_notices(self) -> None:
        """Each active urgent notice, once, to every follower who asked for notices, in their
        language, MULTICAST_LIMIT at a time; what could not be sent is tried at the next sweep."""
        for notice in self._notices.active(dt.datetime.now(dt.timezone.utc)):
            waiting = await asyncio.to_thread(self._followers.waiting_for, notice.id)
            for language, users in waiting.items():
                text = notice.as_line(language)
                for start in range(0, len(users), MULTICAST_LIMIT):
                    batch = users[start:start + MULTICAST_LIMIT]
                    if await self._api.multicast(batch, [{"type": "text", "text": text}]):
                        await asyncio.to_thread(self._followers.sent, notice.id, batch)
                        logger.info("LINE: notice %s sent to %d followers (%s)", notice.id,
                                    len(batch), language)
                    else:
                        logger.error("LINE: notice %s not sent to %d followers (%s): tried again "
                                     "at the next sweep", notice.id, len(batch), language)

    async def _answer(self, queued_id: int | None, event: dict, on_new_message) -> None:
        """Answers an event and, once it went out, takes it off the queue."""
        delivered = await self._handle(event, on_new_message)
        if queued_id is None or self._queue is None:
            return
        try:
            await asyncio.to_thread(self._queue.done if delivered else self._queue.failed, queued_id)
        except SQLAlchemyError as error:
            logger.error("LINE queue: could not mark event %s: %s", queued_id, error)

    async def _enqueue(self, events: list[dict]) -> list[int | None]:
        """The events written to the queue before the 200; without a reachable queue they are
        answered all the same (logged), only not kept."""
        if self._queue is None:
            return [None] * len(events)
        try:
            return await asyncio.to_thread(self._queue.put, events)
        except SQLAlchemyError as error:
            logger.error("LINE queue unreachable, answering %d events without keeping them: %s",
                         len(events), error)
            return [None] * len(events)

    async def _sweep(self, on_new_message) -> None:
        """Takes up events nobody answered (a replica died, a delivery failed) and sends new
        urgent notices to the followers who asked for them, now and every SWEEP_EVERY_S."""
        while True:
            try:
                for queued_id, event in await asyncio.to_thread(self._queue.claim_waiting):
                    logger.warning("LINE queue: answering event %s again", queued_id)
                    self._start(self._answer(queued_id, event, on_new_message))
                if self._followers and self._notices:
                    await self.broadcast_notices()
            except SQLAlchemyError as error:
                logger.error("LINE queue: sweep failed: %s", error)
            await asyncio.sleep(SWEEP_EVERY_S)

    def _start(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = never_silent(on_new_message)
        webhook = Blueprint("line_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self._secret:
                return response.json({"error": "LINE is not configured"}, status=503)
            body = request.body or b""
            if len(body) > MAX_BODY_BYTES:
                return response.json({"error": "body too large"}, status=413)
            if not signature_is_valid(self._secret, body, request.headers.get("X-Line-Signature")):
                return response.json({"error": "invalid signature"}, status=401)
            try:
                payload = json.loads(body)
                events = payload.get("events", [])
                if not isinstance(events, list):
                    raise ValueError("events is not a list")
            except (ValueError, AttributeError, UnicodeDecodeError):
                return response.json({"error": "malformed body"}, status=400)
            ours = []
            for event in events:
                event_id = _object(event).get("webhookEventId")
                if not isinstance(event, dict) or not await self._seen.first_time(str(event_id or "")):
                    continue
                text = event_text(event) if addressed_to_us(event) else None
                if text is not None and conversation_id(event.get("source")):
                    ours.append(event)
            for queued_id, event in zip(await self._enqueue(ours), ours):
                self._start(self._answer(queued_id, event, on_new_message))
            return response.json({})  # events with no id or unknown types are acknowledged too

        @webhook.listener("after_server_start")
        async def start_sweeping(_app, _loop) -> None:
            if self._queue is not None:
                self._sweeping = asyncio.ensure_future(self._sweep(on_new_message))

        @webhook.listener("before_server_stop")
        async def finish_in_flight(_app, _loop) -> None:
            if self._sweeping is not None:
                self._sweeping.cancel()
            if self._tasks:
                await asyncio.wait(set(self._tasks), timeout=REPLY_WITHIN_S + 5)

        return webhook
