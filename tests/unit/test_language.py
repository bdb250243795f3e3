import pytest

from nlu.language import detect_language, requested_language


@pytest.mark.parametrize("text, language", [
    ("こんにちは", "ja"),
    ("はい", "ja"),
    ("在留カードをなくしました", "ja"),
    ("国民健康保険", "ja"),            # kanji only, but Japanese words
    ("救急車", "ja"),
    ("My Numberカードを申請したい", "ja"),  # mixed script
    ("日本語で お願いします", "ja"),
    ("ｺﾝﾆﾁﾊ", "ja"),
    ("きゅうきゅうしゃを よんで", "ja-easy"),
    ("ごみは いつ だしますか", "ja-easy"),
    ("びょういんに いきたいです", "ja-easy"),
    ("hello", "en"),
    ("ok", "en"),
    ("thx", "en"),
    ("ｈｅｌｌｏ", "en"),
    ("I lost my residence card, what should I do?", "en"),
    ("gomi no dashikata wo oshiete kudasai", "en"),  # romaji: answered in English
    ("zairyuu card nakushita", "en"),  # romaji mixed with English words
    ("non taxable certificate hikazei shoumeisho", "en"),
    ("你好，我想问一下签证的事情", "zh"),
    ("我的在留卡丢了", "zh"),
    ("我想問一下簽證的事情", "zh"),
    ("안녕하세요", "ko"),
    ("Xin chào, tôi muốn hỏi về thẻ cư trú", "vi"),
    ("Tôi bị mất thẻ", "vi"),
    # Residents' own language around Japanese terms, and Vietnamese typed without tone marks
    ("我的在留カード被偷了，要先去警察局报案吗？", "zh"),
    ("지갑을 도난당했는데 在留カード도 같이 없어졌어요.", "ko"),
    ("Thẻ 在留カード có bắt buộc mang theo không?", "vi"),
    ("xin 住民票 o dau", "vi"),
    ("quay tu van nguoi nuoc ngoai mo cua may gio", "vi"),
    ("the zairyu bi gay, lam lai the nao", "vi"),
    ("the card is lost", "en"),
    # Few common words, but syllables only Vietnamese has (nh-, ph-, tr-, -uo-, -ie-, -nh)
    ("phi nhap hoc truong tieu hoc", "vi"),
    ("xe buyt den khu nha minh", "vi"),
    ("so dien thoai cua 区役所", "vi"),
    ("that thing is thin, try the boat loan", "en"),
    ("then quit the trip", "en"),
    # English of short Vietnamese-looking words (me, be, day, the, true): words Vietnamese cannot
    # spell (tell, date, would) say it is not Vietnamese; Japanese names in romaji do not count.
    ("tell me the date", "en"),
    ("that would be true", "en"),
    ("please be quiet", "en"),
    ("Gia han visa thi lam o dau o Sapporo a", "vi"),
    ("Tu san bay Shin-Chitose ve Sapporo di the nao re nhat", "vi"),
    ("誰に相談すればいいですか", "ja"),
    ("hola, necesito ayuda con mi visa por favor", "es"),
    ("Saan ako puwedeng magpa-renew ng visa", "tl"),
    ("Je voudrais renouveler mon titre de séjour", "fr"),
    ("Где находится консульство России", "ru"),
    ("🚑", "und"),
    ("!!!", "und"),
    ("", "und"),
])
def test_detects_the_language_of_a_message(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize("text, language", [
    ("English please", "en"),
    ("英語で話してください", "en"),
    ("日本語で", "ja"),
    ("nihongo de onegai", "ja"),
    ("やさしい にほんごで", "ja-easy"),
    ("簡単な日本語でお願いします", "ja-easy"),
    ("in simple Japanese please", "ja-easy"),
    ("ごみの日を教えて", None),
])
def test_finds_the_language_a_person_asks_for(text, language):
    assert requested_language(text) == language
