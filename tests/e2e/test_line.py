"""The LINE channel against a fake LINE Messaging API that checks every request it gets."""

import json
import re
import uuid

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.e2e.conftest import poll
from tests.e2e.line_client import Line, event, signed

pytestmark = pytest.mark.e2e


@pytest.fixture
def line(rasa_url, fake_line):
    return Line(rasa_url, fake_line)


def count(database_url, query, **values) -> int:
    """Rows of the servers' database (the LINE queue and followers live there)."""
    with create_engine(database_url, future=True).connect() as connection:
        return connection.execute(text(query), values).scalar()


def test_a_japanese_question_gets_one_reply_with_the_answer(line):
    question = event(text="燃えるごみは何曜日に出せばいいですか")
    line.send(question)
    [reply] = line.requests_for("replyToken", question["replyToken"])
    assert reply["path"] == "/v2/bot/message/reply" and reply["problems"] == []
    texts = "\n".join(m["text"] for m in reply["body"]["messages"])
    assert "ごみ" in texts and "出典" in texts


def test_a_redelivered_event_is_answered_once(line, database_url):
    question = event(text="hello")
    line.send(question)
    redelivery = {**question, "deliveryContext": {"isRedelivery": True}}
    line.send(redelivery)
    # Counted once the queue holds neither copy: a second reply could still be on its way before.
    queued = lambda: count(database_url, "SELECT count(*) FROM line_event WHERE body LIKE :token",  # noqa: E731
                           token=f"%{question['replyToken']}%") == 0
    assert len(line.requests_for("replyToken", question["replyToken"], settled=queued)) == 1


def test_an_expired_reply_token_falls_back_to_push(line):
    user = f"U{uuid.uuid4().hex}"
    line.send(event(text="hello", reply_token=f"expired-{uuid.uuid4().hex}",
                    source={"type": "user", "userId": user}))
    [push] = line.requests_for("to", user)
    assert push["path"] == "/v2/bot/message/push" and push["problems"] == []
    assert "Hello" in push["body"]["messages"][0]["text"]


def test_in_a_group_only_a_message_that_mentions_the_account_is_answered_and_stored(
        line, conversations_db):
    group = f"C{uuid.uuid4().hex}"
    source = {"type": "group", "groupId": group, "userId": "Uperson"}
    chatter = event(text="lunch at the ramen place?", source=source)
    question = event(text="@Kakehashi I lost my residence card", source=source,
                     message={"type": "text", "id": "9", "text": "@Kakehashi I lost my residence card",
                              "mention": {"mentionees": [{"index": 0, "length": 10, "type": "user",
                                                          "isSelf": True}]}})
    line.send(chatter, question)  # in this order: the chatter would be handled first
    [reply] = line.requests_for("replyToken", question["replyToken"])
    assert "residence card" in reply["body"]["messages"][0]["text"].lower()
    assert line.fake.requests_matching(lambda r: (r["body"] or {}).get("replyToken") == chatter["replyToken"]) == []
    with create_engine(f"sqlite:///{conversations_db}", future=True).connect() as connection:
        stored = [row[0] for row in connection.execute(
            text("SELECT data FROM events WHERE sender_id = :sender"), {"sender": f"line:{group}"})]
    assert any("residence card" in event for event in stored)
    assert not any("ramen" in event for event in stored)


def test_a_sticker_gets_a_polite_request_for_text(line):
    sticker = event(message={"type": "sticker", "id": "2", "packageId": "1", "stickerId": "1"})
    line.send(sticker)
    [reply] = line.requests_for("replyToken", sticker["replyToken"])
    assert "text" in reply["body"]["messages"][0]["text"]


def test_a_new_friend_gets_a_greeting_with_a_language_choice(line):
    follow = event(kind="follow")
    line.send(follow)
    [reply] = line.requests_for("replyToken", follow["replyToken"])
    items = reply["body"]["messages"][-1]["quickReply"]["items"]
    assert [i["action"]["label"] for i in items] == ["日本語", "やさしい にほんご", "English", "中文",
                                                     "Tiếng Việt", "한국어", "🔔 お知らせ / Notices"]
    assert reply["problems"] == []
    # Tapping 中文 chooses Chinese for the rest of the conversation.
    choice = event(kind="postback", source=follow["source"], postback={"data": items[3]["action"]["data"]})
    line.send(choice)
    [chosen] = line.requests_for("replyToken", choice["replyToken"])
    assert re.search("[\u4e00-\u9fff]", chosen["body"]["messages"][0]["text"])
    question = event(text="Which day is burnable garbage collected?", source=follow["source"])
    line.send(question)
    [answer] = line.requests_for("replyToken", question["replyToken"])
    assert "来源" in answer["body"]["messages"][0]["text"]


def test_the_fallback_buttons_become_quick_replies(line):
    question = event(text="What is the best ramen shop in Susukino?")
    line.send(question)
    [reply] = line.requests_for("replyToken", question["replyToken"])
    quick = reply["body"]["messages"][-1]["quickReply"]["items"]
    assert "/human_handoff" in [i["action"]["data"] for i in quick]
    assert reply["problems"] == [] and len(reply["body"]["messages"]) <= 3


def test_the_console_verification_request_gets_200(line):
    line.send()


@pytest.mark.parametrize("signature", [None, "", "forged", signed(b"other body")])
def test_a_missing_or_forged_signature_is_refused(line, signature):
    body = json.dumps({"events": [event(text="hello")]}).encode()
    assert line.post(body, signature=signature).status_code == 401


def test_a_wrong_secret_is_refused(line):
    body = json.dumps({"events": []}).encode()
    assert line.post(body, signature=signed(body, "another-secret")).status_code == 401


def test_a_one_megabyte_body_is_refused(line):
    body = json.dumps({"events": [event(text="あ" * 350_000)]}).encode()
    assert len(body) > 1_000_000
    assert line.post(body).status_code == 413


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'{"events": "x"}', b"\xff\xfe"])
def test_a_malformed_body_gets_400(line, body):
    assert line.post(body).status_code == 400


def test_unknown_event_types_are_acknowledged_and_not_answered(line, database_url):
    beacon = event(kind="beacon", beacon={"hwid": "d41d8cd98f", "type": "enter"})
    unfollow = event(kind="unfollow")
    line.send(beacon, unfollow, {"type": "mystery"}, "not an event")
    # Only queued events are answered: once the queue holds no beacon, none can be on its way.
    assert poll(lambda: count(database_url, "SELECT count(*) FROM line_event WHERE body LIKE :t",
                              t=f"%{beacon['replyToken']}%") == 0)
    assert line.fake.requests_matching(
        lambda r: (r["body"] or {}).get("replyToken") == beacon["replyToken"]) == []
    assert "Hello" in requests.post(  # the server is still fine
        line.url.replace("/line/", "/rest/"), json={"sender": "after", "message": "hello"},
        timeout=30).json()[0]["text"]


def test_followers_who_ask_for_notices_get_each_active_notice_once_in_their_language(
        line, notices_dir, database_url):
    import datetime as dt

    follower = {"type": "user", "userId": f"U{uuid.uuid4().hex}"}
    follow = event(kind="follow", source=follower)
    line.send(follow)
    [welcome] = line.requests_for("replyToken", follow["replyToken"])
    items = welcome["body"]["messages"][-1]["quickReply"]["items"]
    [notices_button] = [i for i in items if "Notices" in i["action"]["label"]]
    chinese = event(kind="postback", source=follower, postback={"data": items[3]["action"]["data"]})
    line.send(chinese)
    line.requests_for("replyToken", chinese["replyToken"])
    opt_in = event(kind="postback", source=follower, postback={"data": notices_button["action"]["data"]})
    line.send(opt_in)
    [confirmed] = line.requests_for("replyToken", opt_in["replyToken"])
    assert "notices off" in confirmed["body"]["messages"][0]["text"]
    unsubscribed = {"type": "user", "userId": f"U{uuid.uuid4().hex}"}
    line.send(event(text="notices off", source=unsubscribed))

    now = dt.datetime.now(dt.timezone.utc)
    notice_id = f"quake-{follower['userId'][-6:]}"
    (notices_dir / "quake.yml").write_text(f"""notices:
  - id: {notice_id}
    start: {(now - dt.timedelta(minutes=5)).isoformat()}
    end: {(now + dt.timedelta(hours=1)).isoformat()}
    title: {{ja: 地震情報, ja-easy: じしん, en: Earthquake, zh: 地震信息}}
    text: {{ja: 避難所が開いています。, ja-easy: ひなんじょが あいて います。, en: Shelters are open., zh: 避难所已开放。}}
""", encoding="utf-8")
    try:
        recorded = lambda: count(  # noqa: E731  (sent, and recorded so that it is sent once)
            database_url, "SELECT count(*) FROM line_notice_sent WHERE notice_id = :notice "
            "AND user_id = :user", notice=notice_id, user=follower["userId"]) == 1
        sent = line.fake.wait_for(lambda r: r["path"].endswith("/multicast")
                                  and follower["userId"] in r["body"]["to"], timeout=40,
                                  settled=recorded)
        assert len(sent) == 1 and sent[0]["problems"] == []
        assert "地震信息" in sent[0]["body"]["messages"][0]["text"]  # in the language they chose
        assert unsubscribed["userId"] not in sent[0]["body"]["to"]
    finally:
        (notices_dir / "quake.yml").unlink()
