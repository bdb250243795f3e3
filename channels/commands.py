"""Button payloads ("/intent{...}") are how buttons talk to Rasa: such text skips understanding
and sets entities as written. Typed by a stranger, it would put their words in the assistant's
mouth ("no consulate of FREE VISA at evil.example"), so text that looks like a command is one
only when it equals a payload the assistant offered in its last reply; anything else is
understood as ordinary text (its slash made full-width).
"""

from __future__ import annotations

import logging

from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Sanic

logger = logging.getLogger(__name__)
COMMAND_PREFIX = "/"


def as_typed_text(text: str) -> str:
    """A typed "/intent{…}" as plain text for the NLU pipeline."""
    return "／" + text[len(COMMAND_PREFIX):] if text.startswith(COMMAND_PREFIX) else text


def offered_payloads(events) -> set[str]:
    """The button payloads of the assistant's messages since the person last wrote."""
    offered: set[str] = set()
    for event in reversed(list(events)):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, BotUttered):
            offered |= {str(button.get("payload")) for button in (event.data or {}).get("buttons") or []}
    return offered


async def checked_command(tracker_store, sender_id: str, text: str) -> str:
    """`text` as sent when it is not a command or is a payload we offered, else as typed text."""
    if not text.startswith(COMMAND_PREFIX):
        return text
    tracker = await tracker_store.retrieve(sender_id) if tracker_store else None
    if tracker is not None and text in offered_payloads(tracker.events):
        return text
    logger.info("a command not offered to %s was read as text", sender_id)
    return as_typed_text(text)


def only_offered_commands(on_new_message):
    """Wraps Rasa's message handler for a channel whose messages are all typed or clicked in our
    own buttons (the REST channel, the widget)."""

    async def handle(message) -> None:
        if message.text:
            agent = getattr(Sanic.get_app().ctx, "agent", None)
            message.text = await checked_command(agent and agent.tracker_store, message.sender_id,
                                                 message.text)
        await on_new_message(message)

    return handle
