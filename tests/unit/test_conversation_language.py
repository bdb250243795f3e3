from rasa_sdk import Tracker

from kakehashi.replies.language import reply_language
from knowledge.training_data import domain_with_reply_languages


def tracker(**slots):
    return Tracker("t", slots, {}, [], False, None, {}, "action_listen")


def test_the_reply_language_is_the_chosen_one_else_the_written_one():
    assert reply_language(tracker(language="ja")) == "ja"
    assert reply_language(tracker(language="ja", language_choice="en")) == "en"
    assert reply_language(tracker()) == "en"


def test_each_language_variation_becomes_a_chosen_and_a_written_variation():
    domain = domain_with_reply_languages(
        'version: "3.1"\nresponses:\n  utter_hi:\n'
        '  - condition: [{type: slot, name: language, value: ja}]\n    text: こんにちは\n'
        '  - text: Hello\n')
    import yaml

    variations = yaml.safe_load(domain)["responses"]["utter_hi"]
    assert [v["condition"] for v in variations[:2]] == [
        [{"type": "slot", "name": "language_choice", "value": "ja"}],
        [{"type": "slot", "name": "language_choice", "value": None},
         {"type": "slot", "name": "language", "value": "ja"}],
    ]
    assert variations[2] == {"text": "Hello"}
