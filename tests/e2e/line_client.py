"""A client for the LINE webhook, as LINE's platform calls it: signed events."""

import base64
import hashlib
import hmac
import json
import uuid

import requests

from tests.e2e.fake_line import CHANNEL_SECRET


def signed(body: bytes, secret: str = CHANNEL_SECRET) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def event(kind="message", text=None, message=None, source=None, reply_token=None, **extra):
    found = {"type": kind, "timestamp": 1700000000000, "mode": "active",
             "webhookEventId": str(uuid.uuid4()),
             "deliveryContext": {"isRedelivery": False},
             "replyToken": reply_token or uuid.uuid4().hex,
             "source": source or {"type": "user", "userId": f"U{uuid.uuid4().hex}"}, **extra}
    if kind == "message":
        found["message"] = message or {"type": "text", "id": "1", "text": text}
    return found


class Line:
    def __init__(self, rasa_url, fake_line):
        self.url = f"{rasa_url}/webhooks/line/webhook"
        self.fake = fake_line

    def post(self, body: bytes, signature: str | None = "sign"):
        headers = {"Content-Type": "application/json"}
        if signature == "sign":
            signature = signed(body)
        if signature is not None:
            headers["X-Line-Signature"] = signature
        return requests.post(self.url, data=body, headers=headers, timeout=10)

    def send(self, *events):
        body = json.dumps({"destination": "Ubot", "events": list(events)}).encode()
        answer = self.post(body)
        assert answer.status_code == 200, answer.text
        return answer

    def requests_for(self, key, value, timeout=20.0, settled=None):
        return self.fake.wait_for(lambda r: (r["body"] or {}).get(key) == value, timeout, settled)
