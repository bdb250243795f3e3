from actions.language import conversation_language


def test_answers_in_the_language_of_the_message():
    assert conversation_language({"detected": "ja", "requested": None}, None, "en") == ("ja", None)


def test_a_choice_sticks_for_the_conversation():
    language, choice = conversation_language({"detected": "en", "requested": "ja-easy"}, None, "en")
    assert (language, choice) == ("ja-easy", "ja-easy")
    # next message is in English, but the person chose Easy Japanese
    assert conversation_language({"detected": "en", "requested": None}, choice, language) == (
        "ja-easy", "ja-easy")


def test_a_message_without_letters_keeps_the_current_language():
    assert conversation_language({"detected": "und", "requested": None}, None, "ja") == ("ja", None)
    assert conversation_language(None, None, None) == ("en", None)


def test_another_language_is_kept_so_the_reply_can_name_it():
    assert conversation_language({"detected": "vi", "requested": None}, None, "ja") == ("vi", None)
