"""Rasa's REST channel (`/webhooks/rest/webhook`) with the request checked before Rasa sees it.

Rasa's own RestInput answers 500 to a JSON body that is not an object, and files a message
without a sender under the shared id "default". Here such requests get a clear 4xx instead,
personal data in the message is masked before Rasa stores or logs it, and a turn that would end
in silence (action server down) gets a polite reply.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.exceptions import InvalidUsage, PayloadTooLarge
from sanic.request import Request

from channels.privacy import mask_personal_data
from channels.silence import never_silent

MAX_MESSAGE_CHARS = 10_000
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
    if not isinstance(message, str):
        raise InvalidUsage('"message" must be a string')
    if len(message) > MAX_MESSAGE_CHARS:
        raise PayloadTooLarge(f'"message" is longer than {MAX_MESSAGE_CHARS} characters')
    metadata = body.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise InvalidUsage('"metadata" must be a JSON object')
    request.ctx.checked_body = {**body, "sender": sender}
    return request.ctx.checked_body


class CheckedRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(never_silent(on_new_message))

    async def _extract_sender(self, req: Request) -> Optional[Text]:
        return checked_body(req)["sender"]

    def _extract_message(self, req: Request) -> Optional[Text]:
        return mask_personal_data(checked_body(req)["message"])

    def _extract_input_channel(self, req: Request) -> Text:
        channel = checked_body(req).get("input_channel")
        return channel if isinstance(channel, str) and channel else self.name()

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        return checked_body(request).get("metadata")
