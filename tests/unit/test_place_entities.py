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
])
def test_countries_and_languages_are_found_with_their_codes(find, text, found):
    assert find(text) == found
