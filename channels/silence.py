"""A turn must never end in silence. When Rasa produced no message (the action server down, a
database error inside an action) or none within REPLY_WITHIN_S (the action server stuck), the
channel says so politely, in the person's language, with the help desk's phone from the service
directory and the emergency numbers. A turn that is only slow goes on in the background and is
kept in the conversation."""

from __future__ import annotations

import asyncio
import logging

from kakehashi.replies import routing
from kakehashi.replies.places import place_name
from knowledge.phrases import phrase, reply_languages
from knowledge.services import the_help_desk
from nlu.language import detect_language

logger = logging.getLogger(__name__)
REPLY_WITHIN_S = 10.0


def apology(message_text: str, language: str | None = None) -> dict:
    """The message to send instead of silence."""
    language = language if language in reply_languages() else detect_language(message_text)
    desk = the_help_desk(routing.DIRECTORY.from_files())
    if desk is None or not desk.phone:
        logger.error("the service directory has no help desk phone for the silence reply")
    contact = (phrase(language, "silence_desk", name=place_name(desk, language), phone=desk.phone)
               if desk and desk.phone else "")
    return {"text": phrase(language, "silence", desk=contact)}


def never_silent(on_new_message):
    """Wraps Rasa's message handler: a turn that produced no message gets the apology."""

    async def handle(message) -> None:
        collector = message.output_channel
        before = len(collector.messages) if isinstance(getattr(collector, "messages", None), list) else None
        turn = asyncio.ensure_future(on_new_message(message))
        try:
            await asyncio.wait_for(asyncio.shield(turn), REPLY_WITHIN_S)
        except asyncio.TimeoutError:
            logger.error("turn of %s took over %.0f s: sending the apology, the turn goes on",
                         message.sender_id, REPLY_WITHIN_S)
        finally:
            if before is not None and len(collector.messages) == before:
                chosen = (message.metadata or {}).get("language") if isinstance(message.metadata, dict) else None
                logger.warning("turn of %s ended without a reply: sending the apology", message.sender_id)
                await collector.send_response(message.sender_id, apology(message.text or "", chosen))

    return handle
