from channels.line import addressed_to_us, conversation_id, event_text, rasa_sender, signature_is_valid
from channels.line_messages import line_messages, split_text


def test_a_turn_becomes_at_most_three_messages_with_buttons_as_quick_replies():
    bot = [{"text": f"message {i}"} for i in range(7)]
    bot[-1]["buttons"] = [{"title": f"topic number {i} with a long title", "payload": f"/t{i}"}
                          for i in range(20)]
    messages = line_messages(bot)
    assert len(messages) == 3
    assert messages[-1]["text"].startswith("message 2") and "message 6" in messages[-1]["text"]
    items = messages[-1]["quickReply"]["items"]
    assert len(items) == 13 and all(len(i["action"]["label"]) <= 20 for i in items)


def test_long_texts_are_split_under_the_limit_at_line_ends():
    text = "\n".join(["あ" * 900] * 12)
    pieces = split_text(text)
    assert len(pieces) == 3 and all(len(p) <= 5000 for p in pieces)
    assert "\n".join(pieces) == text  # nothing lost, cut only at line ends


def test_signature_check():
    assert signature_is_valid("secret", b"{}", "fACM5/jnoprlkVSwM/nlsyNq3AySchK/DOTB72xfH0I=") is False
    import base64, hashlib, hmac  # noqa: E401
    good = base64.b64encode(hmac.new(b"secret", b"{}", hashlib.sha256).digest()).decode()
    assert signature_is_valid("secret", b"{}", good)
    assert not signature_is_valid("secret", b"{} ", good) and not signature_is_valid("secret", b"{}", None)


def test_events_become_text_for_rasa():
    assert event_text({"type": "message", "message": {"type": "text", "text": "hi"}}) == "hi"
    assert event_text({"type": "message", "message": {"type": "image"}}) == "/non_text"
    assert event_text({"type": "postback", "postback": {"data": "/garbage"}}) == "/garbage"
    assert event_text({"type": "follow"}) == "/welcome"
    assert event_text({"type": "unfollow"}) is None
    assert conversation_id({"type": "group", "groupId": "C1", "userId": "U1"}) == "C1"
    assert conversation_id({"type": "user", "userId": "U1"}) == "U1"


def test_in_groups_only_mentions_of_the_account_and_postbacks_are_for_us():
    group = {"type": "group", "groupId": "C1", "userId": "U1"}
    said = {"type": "message", "source": group, "message": {"type": "text", "text": "hi"}}
    assert not addressed_to_us(said)
    assert not addressed_to_us({**said, "message": {"type": "text", "text": "@Bob hi", "mention": {
        "mentionees": [{"index": 0, "length": 4, "type": "user", "isSelf": False}]}}})
    assert addressed_to_us({**said, "message": {"type": "text", "text": "@Kakehashi hi", "mention": {
        "mentionees": [{"index": 0, "length": 10, "type": "user", "isSelf": True}]}}})
    assert addressed_to_us({"type": "postback", "source": group, "postback": {"data": "/greet"}})
    assert not addressed_to_us({"type": "join", "source": group})
    assert addressed_to_us({**said, "source": {"type": "user", "userId": "U1"}})  # one to one
    assert rasa_sender("U1") == "line:U1"
