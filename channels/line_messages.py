"""From Rasa's bot messages to LINE Messaging API message objects, within LINE's limits."""

from __future__ import annotations

MAX_MESSAGES_PER_REPLY = 3  # LINE takes 5; more than 3 bubbles is more than a phone shows
MAX_TEXT_CHARS = 5000
MAX_QUICK_REPLIES = 13
MAX_LABEL_CHARS = 20
MAX_POSTBACK_CHARS = 300


def split_text(text: str, limit: int = MAX_TEXT_CHARS) -> list[str]:
    """Pieces of at most `limit` characters, cut at line ends where possible."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        cut = cut if cut > 0 else limit
        pieces.append(text[:cut])
        text = text[cut:].lstrip("\n")
    return pieces + ([text] if text else [])


def _quick_reply(buttons: list[dict]) -> dict:
    items = []
    for button in buttons[:MAX_QUICK_REPLIES]:
        title = str(button.get("title", ""))[:MAX_LABEL_CHARS] or "…"
        payload = str(button.get("payload", ""))[:MAX_POSTBACK_CHARS]
        items.append({"type": "action", "action": {
            "type": "postback", "label": title, "data": payload,
            "displayText": str(button.get("title", ""))[:MAX_POSTBACK_CHARS]}})
    return {"items": items}


def line_messages(bot_messages: list[dict]) -> list[dict]:
    """At most three LINE messages for one turn; the last carries the turn's buttons as quick
    replies. Texts beyond three messages are joined into the third, cut to LINE's limit."""
    texts = [piece for message in bot_messages for piece in split_text(message.get("text") or "")]
    buttons = [button for message in bot_messages for button in message.get("buttons") or []]
    if len(texts) > MAX_MESSAGES_PER_REPLY:
        rest = "\n\n".join(texts[MAX_MESSAGES_PER_REPLY - 1:])
        texts = texts[:MAX_MESSAGES_PER_REPLY - 1] + [rest[:MAX_TEXT_CHARS]]
    if not texts and buttons:
        texts = ["…"]
    messages = [{"type": "text", "text": text} for text in texts]
    if buttons and messages:
        messages[-1]["quickReply"] = _quick_reply(buttons)
    return messages
