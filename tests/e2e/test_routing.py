"""Routing to human help through the REST channel, on the fixture directory
(tests/fixtures/services: made-up places, phones 011-000-xxxx)."""

import pytest

from knowledge.phrases import sentence_in_other_language

pytestmark = pytest.mark.e2e


def test_the_chinese_consulate_question_gets_its_address_and_phone(conversation):
    reply = conversation.text("中国の領事館はどこ？")
    assert "テスト中国総領事館" in reply
    assert "011-000-0010" in reply and "テスト町10丁目" in reply
    assert "011-000-0011" not in reply  # not the Russian one


def test_a_vietnamese_resident_who_lost_a_passport_hears_there_is_no_consulate_here(conversation):
    reply = conversation.text("I'm from Vietnam and lost my passport")
    assert "no consulate of Vietnam in Sapporo" in reply
    assert "Test Help Desk" in reply and "011-000-0001" in reply


def test_asking_in_japanese_for_tax_help_in_english_lists_places_that_speak_english(conversation):
    reply = conversation.text("税金のことを英語で相談したい")
    assert "相談できるところ" in reply
    first_place = reply.split("■")[1]
    assert "テスト相談窓口" in first_place and "英語" in first_place


def test_someone_in_vietnamese_gets_the_help_desk_with_its_status_and_a_desk_that_speaks_it(
        conversation):
    reply = conversation.text("I need to talk to someone in Vietnamese")
    _, desk, beside = reply.split("■")
    assert "Test Help Desk" in desk and ("Open now" in desk or "Closed now" in desk)
    assert "Test Evening Desk" in beside and "Vietnamese" in beside


def test_the_country_is_asked_once_and_remembered(conversation):
    assert "Which country are you from?" in conversation.text("Where is the consulate?")
    assert "011-000-0011" in conversation.text("Russia")
    assert "011-000-0011" in conversation.text("What are the consulate's opening hours?")


def test_the_ward_is_asked_for_then_its_own_office_is_named_and_remembered(conversation):
    first = conversation.text("転入届はどこに出しますか")
    assert "何区に住んでいるか" in first and "白石区役所" not in first
    ward = conversation.text("白石区に住んでいます")
    assert "テスト白石区役所" in ward and "北区役所" not in ward
    again = conversation.text("保育園に子どもを入れたいです")
    assert "テスト白石区役所" in again and "何区" not in again


def test_a_language_we_cannot_read_gets_the_counters_that_speak_it(conversation):
    reply = conversation.text("Saan ako puwedeng magpa-renew ng visa ko dito sa Sapporo")
    assert reply.startswith(sentence_in_other_language("tl"))  # one sentence in Tagalog first
    assert "Sorry, I cannot read this language yet." in reply
    [center] = [card for card in reply.split("■") if "Test Support Center" in card]
    assert "Tagalog" in center and "Phone: 011-000-0013" in center
