import pytest

from nlu.fugashi_tokenizer import FugashiTokenizer
from nlu.place_entities import PlaceMatcher


@pytest.fixture(scope="module")
def find():
    tokenizer = FugashiTokenizer(FugashiTokenizer.get_default_config())
    matcher = PlaceMatcher()
    return lambda text: [(label, code) for label, code, _, _ in
                         matcher.matches([t.text for t in tokenizer.tokens_of(text)])]


@pytest.mark.parametrize("text, found", [
    ("中国の領事館はどこ？", [("country", "CN")]),
    ("韓国人です", [("country", "KR")]),
    ("ベトナムから来ました", [("country", "VN")]),
    ("ちゅうごくの りょうじかんに いきたい", [("country", "CN")]),
    ("I'm Korean", [("country", "KR")]),
    ("I'm from the Philippines", [("country", "PH")]),
    ("I'm from Vietnam and lost my passport", [("country", "VN")]),
    ("税金のことを英語で相談したい", [("service_language", "en")]),
    ("I need to talk to someone in Vietnamese", [("service_language", "vi")]),
    ("Chinese-speaking doctor please", [("service_language", "zh")]),
    ("燃えるごみは何曜日ですか", []),
    ("白石区に住んでいます", [("ward", "shiroishi")]),
    ("I live in Kiyota ward", [("ward", "kiyota")]),
    ("we live in Higashi-ku", [("ward", "higashi")]),
    ("ていねくに すんで います", [("ward", "teine")]),
    # Addresses name no ward: "Kita 1 Nishi 3", 北1条西3丁目
    ("The help desk is at Kita 1 Nishi 3", []),
    ("北1条西3丁目に行きたい", []),
])
def test_countries_languages_and_wards_are_found_with_their_codes(find, text, found):
    assert find(text) == found
