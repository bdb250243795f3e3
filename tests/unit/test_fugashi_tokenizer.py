import threading

import pytest

from nlu.fugashi_tokenizer import FugashiTokenizer
from nlu.mecab import dictionary_file, words

SENTENCES = [
    "在留カードをなくしました。どうすればいいですか？",
    "My Numberカードを申請したい",
    "ごみは いつ だしますか",
    "I lost my residence card, what should I do?",
    "zairyu kaado wo nakushita",
    "ｶｰﾄﾞの再発行は２０２４年から？",
    "ＡＢＣ銀行で口座を作りたい",
    "詳しくは https://www.city.sapporo.jp/seiso/ を見てください",
    "メールは help@example.com へ",
    "救急車！！🚑🚑",
    "中央区役所は何時まで？\tHow late is Chuo ward office open?",
    "ｶﾞｽ代と㍿の件",
]


@pytest.fixture(scope="module")
def tokenizer():
    return FugashiTokenizer(FugashiTokenizer.get_default_config())


@pytest.mark.parametrize("text", SENTENCES)
def test_offsets_point_into_the_original_text(tokenizer, text):
    tokens = tokenizer.tokens_of(text)
    assert tokens
    previous_end = 0
    for token in tokens:
        assert 0 <= token.start < token.end <= len(text)
        assert token.start >= previous_end or text[token.start:token.end] == "㍿"
        assert token.text.strip(), "no empty tokens"
        previous_end = token.end


@pytest.mark.parametrize("text", SENTENCES)
def test_same_text_gives_the_same_tokens(tokenizer, text):
    first = [(t.text, t.start, t.end, t.lemma) for t in tokenizer.tokens_of(text)]
    again = [(t.text, t.start, t.end, t.lemma) for t in tokenizer.tokens_of(text)]
    assert first == again


def test_japanese_words_are_split_and_lemmatised(tokenizer):
    tokens = tokenizer.tokens_of("My Numberカードを申請したい")
    assert [t.text for t in tokens] == ["My", "Number", "カード", "を", "申請", "し", "たい"]
    assert tokens[5].lemma == "為る"  # し -> its dictionary form


def test_full_and_half_width_text_is_normalised_but_offsets_are_not(tokenizer):
    text = "ｶｰﾄﾞは２０２４年"
    tokens = tokenizer.tokens_of(text)
    assert tokens[0].text == "カード" and text[tokens[0].start:tokens[0].end] == "ｶｰﾄﾞ"
    year = next(t for t in tokens if t.text == "2024")
    assert text[year.start:year.end] == "２０２４"


def test_urls_and_emails_stay_whole(tokenizer):
    texts = [t.text for t in tokenizer.tokens_of(SENTENCES[7] + " " + SENTENCES[8])]
    assert "https://www.city.sapporo.jp/seiso/" in texts
    assert "help@example.com" in texts


def test_punctuation_is_dropped_but_never_leaves_a_message_without_tokens(tokenizer):
    assert "！" not in [t.text for t in tokenizer.tokens_of("救急車！！")]
    only_punctuation = tokenizer.tokens_of("!!!？")
    assert [(t.text, t.start, t.end) for t in only_punctuation] == [("!!!？", 0, 4)]
    assert tokenizer.tokens_of("") == [] and tokenizer.tokens_of("   ") == []


def test_mecab_uses_unidic_lite():
    assert "unidic_lite" in dictionary_file()


def test_words_stay_right_after_the_next_text_is_parsed():
    # fugashi's own words read their lemma from the tagger's last parse: these are plain strings.
    first = words("在留カードを申請したい")
    words("全然違う文章をここで解析します。長い文です")
    assert first[0] == ("在留", "在留") and ("申請", "申請") in first


def test_threads_parsing_at_once_get_their_own_words():
    texts = ["在留カードを申請したい", "ごみは何曜日に出しますか", "国民健康保険に入りたいです"]
    alone = {text: words(text) for text in texts}
    wrong = []

    def parse(text):
        for _ in range(300):
            if words(text) != alone[text]:
                wrong.append(text)

    threads = [threading.Thread(target=parse, args=(text,)) for text in texts]
    [t.start() for t in threads]
    [t.join() for t in threads]
    assert not wrong
