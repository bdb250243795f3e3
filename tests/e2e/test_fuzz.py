"""10,000 generated bad inputs to the REST and LINE endpoints (Hypothesis): no 5xx, no crash, and a
normal conversation works afterwards. Derandomised, so CI runs the same cases every time."""

import base64
import hashlib
import hmac
import json

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.fake_line import CHANNEL_SECRET

pytestmark = pytest.mark.e2e
FUZZ = settings(derandomize=True, database=None, deadline=None,
                suppress_health_check=list(HealthCheck))
INJECTIONS = ["<script>alert(1)</script>", "'; DROP TABLE events; --", "{{7*7}}", "${jndi:x}",
              "../../etc/passwd", "/restart", "/greet{\"language\": \"zh\"}", "\u202e\u0000",
              "%s%s%n", "A" * 20_000]
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=50),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner,
                                                               max_size=4),
    max_leaves=12)
TEXTS = st.text(max_size=300) | st.sampled_from(INJECTIONS)


def acceptable(answer) -> bool:
    """A reply, a clear 4xx, or the polite "please wait" of a sender over its rate limit."""
    return answer.status_code in (200, 400, 401, 413, 429)


@pytest.fixture(scope="module")
def endpoints(rasa_url):
    return f"{rasa_url}/webhooks/rest/webhook", f"{rasa_url}/webhooks/line/webhook"


def check_alive(rest):
    answer = requests.post(rest, json={"sender": "fuzz-after", "message": "hello"}, timeout=30)
    assert answer.status_code == 200 and "Hello" in answer.json()[0]["text"]


def test_rest_fields_of_every_type(endpoints):
    rest, _ = endpoints

    @settings(FUZZ, max_examples=3500)
    @given(sender=ANY_JSON | TEXTS, message=ANY_JSON | TEXTS, metadata=ANY_JSON)
    def fuzz(sender, message, metadata):
        answer = requests.post(rest, json={"sender": sender, "message": message,
                                           "metadata": metadata}, timeout=60)
        assert acceptable(answer), (answer.status_code, sender, message)

    fuzz()
    check_alive(rest)


def test_rest_raw_bodies_and_content_types(endpoints):
    rest, _ = endpoints

    @settings(FUZZ, max_examples=2500)
    @given(body=st.binary(max_size=2000) | TEXTS.map(lambda t: t.encode("utf-8", "surrogatepass")),
           content_type=st.sampled_from(["application/json", "text/plain",
                                         "application/x-www-form-urlencoded",
                                         "application/octet-stream", "", "application/json; charset=latin-1"]))
    def fuzz(body, content_type):
        answer = requests.post(rest, data=body, headers={"Content-Type": content_type}, timeout=60)
        assert acceptable(answer), (answer.status_code, body[:80])

    fuzz()
    check_alive(rest)


def sign(body: bytes) -> str:
    return base64.b64encode(hmac.new(CHANNEL_SECRET.encode(), body, hashlib.sha256).digest()).decode()


def test_line_signed_bodies_and_events(endpoints):
    rest, line = endpoints
    event = st.fixed_dictionaries(
        {"type": st.sampled_from(["message", "postback", "follow", "unfollow", "join", "beacon",
                                  "x"]) | ANY_JSON},
        optional={"message": ANY_JSON | st.fixed_dictionaries({"type": st.just("text"),
                                                               "text": TEXTS}),
                  "source": ANY_JSON | st.fixed_dictionaries({"type": st.just("user"),
                                                              "userId": st.text(max_size=40)}),
                  "replyToken": ANY_JSON, "webhookEventId": ANY_JSON, "postback": ANY_JSON})

    @settings(FUZZ, max_examples=2000)
    @given(payload=st.fixed_dictionaries({"events": st.lists(event, max_size=3) | ANY_JSON})
           | ANY_JSON)
    def fuzz(payload):
        body = json.dumps(payload).encode()
        answer = requests.post(line, data=body, headers={"X-Line-Signature": sign(body),
                                                         "Content-Type": "application/json"},
                               timeout=60)
        assert acceptable(answer), (answer.status_code, body[:120])

    fuzz()
    check_alive(rest)


def test_line_unsigned_garbage(endpoints):
    rest, line = endpoints

    printable = st.characters(min_codepoint=33, max_codepoint=126)  # what HTTP headers can carry

    @settings(FUZZ, max_examples=2000)
    @given(body=st.binary(max_size=1000), signature=st.text(printable, max_size=60))
    def fuzz(body, signature):
        headers = {"X-Line-Signature": signature}
        answer = requests.post(line, data=body, headers=headers, timeout=60)
        assert answer.status_code == 401

    fuzz()
    check_alive(rest)
