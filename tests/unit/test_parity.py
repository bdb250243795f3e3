"""What a translation must keep from the Japanese text."""

from knowledge.parity import facts_of, missing_facts

JA = ("平日9:00～17:15。相談は011-211-3678、救急は119、夜間の子どもの相談は#8000。"
      "手数料は2,500円。詳しくは https://www.city.sapporo.jp/seiso/ へ。")


def test_urls_phones_codes_fees_and_times_are_found():
    assert facts_of(JA) == {"9:00", "17:15", "011-211-3678", "119", "#8000", "2,500",
                            "https://www.city.sapporo.jp/seiso/"}


def test_a_faithful_translation_misses_nothing():
    en = ("Weekdays 9:00-17:15. Call 011-211-3678; ambulance 119; a sick child at night #8000. "
          "The fee is 2,500 yen. See https://www.city.sapporo.jp/seiso/")
    assert missing_facts(JA, en, "en") == []


def test_a_changed_number_or_a_dropped_link_is_reported():
    en = ("Weekdays 9:00-17:00. Call 011-211-3687; ambulance 119; a sick child at night #8000. "
          "The fee is 2,500 yen.")
    assert missing_facts(JA, en, "en") == ["011-211-3678", "17:15",
                                           "https://www.city.sapporo.jp/seiso/"]


def test_easy_japanese_may_write_times_as_gozen_gogo():
    easy = ("ごぜん 9じ から ごご 5じ15ふん まで。でんわ 011-211-3678。きゅうきゅうしゃ 119。"
            "#8000。2,500えん。https://www.city.sapporo.jp/seiso/")
    assert missing_facts(JA, easy, "ja-easy") == []
    assert missing_facts(JA, easy.replace("2,500えん", "おかねが かかります"), "ja-easy") == ["2,500"]


def test_a_number_glued_to_a_word_is_not_a_number_a_reader_can_dial():
    assert missing_facts(JA, "でんわ 011-211-3678に。119。#8000。2,500えん。"
                             "https://www.city.sapporo.jp/seiso/", "ja-easy") == ["011-211-3678"]
    assert missing_facts("警察は110番", "请拨打110", "zh") == ["110"]
    assert missing_facts("警察は110番", "请拨打 110", "zh") == []
