"""Bad input on the REST channel: a polite reply or a clear 4xx, and the server stays up."""

import pytest
import requests

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("message", [
    "",
    "あ" * 9_999,
    "🙂🙂🙂🎉",
    "!!!???。。。",
    "\x00\x07\x1b[31m\x7f",
    "<script>alert(1)</script>",
])
def test_odd_messages_get_a_reply_and_the_conversation_goes_on(conversation, message):
    response = requests.post(conversation.webhook,
                             json={"sender": conversation.sender, "message": message}, timeout=60)
    assert response.status_code in (200, 400, 413)
    if response.status_code == 200:
        assert isinstance(response.json(), list)
    assert "Hello" in conversation.text("hello")


@pytest.mark.parametrize("body, content_type", [
    (b'{"sender": "x", "message": ', "application/json"),
    (b"\xff\xfe\x00binary", "application/octet-stream"),
    (b"sender=x&message=hi", "application/x-www-form-urlencoded"),
    (b"[1, 2, 3]", "application/json"),
    (b'{"sender": "x", "message": 42}', "application/json"),
    (b'{"message": "hello"}', "application/json"),
    (b'{"sender": ["x"], "message": "hello"}', "application/json"),
    (b'{"sender": "x", "message": "hello", "metadata": "en"}', "application/json"),
    (b'{"sender": "x", "message": "' + b"a" * 20_000 + b'"}', "application/json"),
])
def test_malformed_requests_get_a_4xx(conversation, body, content_type):
    response = requests.post(conversation.webhook, data=body,
                             headers={"Content-Type": content_type}, timeout=30)
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert "Hello" in conversation.text("hello")
