"""One phrase file per reply language: the domain's responses, the silence reply and the widget's
labels are all made from them."""

from pathlib import Path

import yaml

from channels.silence import apology
from channels.widget import _with_phrases
from kakehashi.replies import routing
from knowledge import phrases
from knowledge.directory import Directory
from knowledge.training_data import responses

FIXTURE_SERVICES = Path(__file__).resolve().parent.parent / "fixtures" / "services"

REPLY_LANGUAGES = ["ja", "ja-easy", "en", "zh", "vi", "ko"]


def _response_texts(name: str) -> dict:
    """The built response's text for each language it is conditioned on (None: the default)."""
    texts = {}
    for variation in yaml.safe_load(responses())["responses"][name]:
        chosen = [c["value"] for c in variation.get("condition") or [] if c["name"] == "language_choice"]
        if chosen and chosen[0]:
            texts[chosen[0]] = variation["text"]
        elif not variation.get("condition"):
            texts[None] = variation["text"]
    return texts


def test_every_reply_language_has_a_phrase_file_and_every_response():
    assert phrases.reply_languages() == REPLY_LANGUAGES
    greetings = _response_texts("utter_greet")
    assert set(greetings) == {None, *[code for code in REPLY_LANGUAGES if code != "en"]}
    assert greetings[None].startswith("Hello")
    assert len(set(greetings.values())) == len(greetings)  # each in its own words


def test_the_welcome_offers_every_language_by_its_own_name_with_a_payload_that_chooses_it():
    welcome = yaml.safe_load(responses())["responses"]["utter_welcome"][0]
    buttons = {b["title"]: b["payload"] for b in welcome["buttons"]}
    assert list(buttons) == ["日本語", "やさしい にほんご", "English", "中文", "Tiếng Việt", "한국어"]
    assert buttons["中文"] == '/change_language{"language_choice": "zh"}'


def test_a_phrase_a_language_lacks_is_said_in_english(monkeypatch):
    files = {"en": {"places": {"phone": "Phone"}}, "vi": {"places": {}}}
    monkeypatch.setattr(phrases, "all_phrases", lambda: files)
    assert phrases.phrase("vi", "places", "phone") == "Phone"


def test_the_reply_instead_of_silence_names_the_help_desk_and_the_emergency_numbers(
        monkeypatch, tmp_path):
    # The database URL is unreachable: this reply reads the files alone.
    unreachable = "postgresql+psycopg2://nobody@127.0.0.1:1/none"
    monkeypatch.setattr(routing, "DIRECTORY", Directory(unreachable, FIXTURE_SERVICES))
    for code in REPLY_LANGUAGES:
        text = apology("", code)["text"]
        assert "119" in text and "110" in text and "011-000-0001" in text, code
    assert "Test Help Desk" in apology("", "en")["text"]
    assert apology("请问垃圾怎么扔")["text"] == apology("", "zh")["text"]  # written in, not chosen
    # No help desk in the files (they failed from the start): the rest of the reply still goes.
    monkeypatch.setattr(routing, "DIRECTORY", Directory(unreachable, tmp_path))
    text = apology("", "en")["text"]
    assert "119" in text and "{" not in text and "call the" not in text


def test_the_widget_script_gets_the_labels_and_names_of_every_language():
    script = "var PHRASES = /*PHRASES*/{}/*END*/;"
    served = _with_phrases(script)
    assert '"names": {"ja": "日本語"' in served and '"ko": "한국어"' in served
    assert '"end": "End and clear"' in served
