"""Who gets an urgent notice on LINE: followers who asked for them, once, in their language."""

from channels.line import notices_command
from channels.line_followers import Followers


def test_a_notice_goes_once_to_each_follower_who_asked_in_their_language(tmp_path):
    followers = Followers(f"sqlite:///{tmp_path / 'f.db'}")
    followers.choose("U1", True, "zh")
    followers.choose("U2", True, "en")
    followers.choose("U3", False, "en")
    assert followers.waiting_for("quake") == {"zh": ["U1"], "en": ["U2"]}
    followers.sent("quake", ["U1"])
    followers.set_language("U2", "vi")
    assert followers.waiting_for("quake") == {"vi": ["U2"]}
    assert followers.waiting_for("snow") == {"zh": ["U1"], "vi": ["U2"]}


def test_notices_on_and_off_in_words_or_by_quick_reply():
    said = lambda text: {"type": "message", "message": {"type": "text", "text": text}}  # noqa: E731
    assert notices_command(said("notices on")) is True
    assert notices_command(said("お知らせ オフ")) is False
    assert notices_command(said("What are the notices about garbage?")) is None
    assert notices_command({"type": "postback", "postback": {"data": "kakehashi:notices:on"}}) is True
