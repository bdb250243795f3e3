"""Rasa's REST channel (`/webhooks/rest/webhook`) with the request checked before Rasa sees it.

Rasa's own RestInput answers 500 to a JSON body that is not an object, and files a message
without a sender under the shared id "default". Here such requests get a clear 4xx instead,
personal data in the message is masked before Rasa stores or logs it, "/intent{…}" text counts as
a command only when it is a button we offered (channels/commands.py), and a turn that would end
in silence (action server down) gets a polite reply.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.commands import only_offered_commands
from channels.line import LINE_SENDER_PREFIX
from channels.limits import (MAX_MESSAGE_CHARS, MESSAGES_PER_ADDRESS, MESSAGES_PER_SENDER,
                             UNLIMITED_ADDRESSES, RateLimiter, allowed_metadata)
from channels.privacy import mask_personal_data
from channels.silence import never_silent
from knowledge.phrases import phrase, reply_languages
from nlu.language import detect_language

MAX_SENDER_CHARS = 128


def checked_body(request: Request) -> Dict[Text, Any]:
    """The request's JSON object, or a 4xx that says what is wrong with it."""
    if hasattr(request.ctx, "checked_body"):
        return request.ctx.checked_body
    body = request.json  # invalid JSON: Sanic answers 400 itself
    if not isinstance(body, dict):
        raise InvalidUsage('the body must be a JSON object: {"sender": ID, "message": TEXT}')
    sender, message = body.get("sender"), body.get("message")
    if isinstance(sender, int) and not isinstance(sender, bool):
        sender = str(sender)
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        raise InvalidUsage(f'"sender" must be a non-empty string of at most {MAX_SENDER_CHARS} characters')
    if sender.startswith(LINE_SENDER_PREFIX):
        raise InvalidUsage(f'"sender" ids starting with "{LINE_SENDER_PREFIX}" belong to the LINE channel')
    if not isinstance(message, str):
        raise InvalidUsage('"message" must be a string')
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidUsage('"metadata" must be a JSON object')
    request.ctx.checked_body = {**body, "sender": sender}
    return request.ctx.checked_body


def _language_of(body: Dict[Text, Any]) -> str:
    chosen = allowed_metadata(body.get("metadata")).get("language")
    return chosen if chosen in reply_languages() else detect_language(body["message"][:MAX_MESSAGE_CHARS])


def _polite(body: Dict[Text, Any], key: str, status: int) -> HTTPResponse:
    """Instead of an answer: a bot message, as the channel gives any, in the person's language."""
    text = phrase(_language_of(body), key, limit=MAX_MESSAGE_CHARS)
    return response.json([{"recipient_id": body["sender"], "text": text}], status=status)


class CheckedRestInput(RestInput):
    def __init__(self) -> None:
        super().__init__()
        self._per_sender = RateLimiter(MESSAGES_PER_SENDER)
        self._per_address = RateLimiter(MESSAGES_PER_ADDRESS)

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(never_silent(only_offered_commands(on_new_message)))
        blueprint.middleware("request")(self._within_limits)
        return blueprint

    async def _within_limits(self, request: Request) -> Optional[HTTPResponse]:
        """A polite reply, and nothing stored, for a message too long or too frequent."""
        if request.method != "POST" or not request.path.endswith("/webhook"):
            return None
        body = checked_body(request)
        if len(body["message"]) > MAX_MESSAGE_CHARS:
            return _polite(body, "too_long", 200)
        address = request.remote_addr or request.ip
        if ((address not in UNLIMITED_ADDRESSES and not self._per_address.allow(address))
                or not self._per_sender.allow(body["sender"])):
            return _polite(body, "too_fast", 429)
        return None

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        return checked_body(req)["sender"]

    def _extract_message(self, req: Request) -> Optional[Text]:
        return mask_personal_data(checked_body(req)["message"])

    def _extract_input_channel(self, req: Request) -> Text:
        channel = checked_body(req).get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return allowed_metadata(checked_body(request).get("metadata"))
