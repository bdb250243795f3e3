import pytest

from channels.privacy import mask_personal_data


@pytest.mark.parametrize("text, masked", [
    ("電話は090-1234-5678です", "電話は<☎>です"),
    ("call me at 09012345678 please", "call me at <☎> please"),
    ("my number is +81 90-1234-5678", "my number is <☎>"),
    ("自宅 011-222-3333", "自宅 <☎>"),
    ("mail: taro.yamada+bot@example.co.jp", "mail: <✉>"),
    ("在留カード番号はAB12345678CDです", "在留カード番号は<🆔>です"),
    ("card AB 12345678 CD lost", "card <🆔> lost"),
    ("マイナンバーは123456789012", "マイナンバーは<🆔>"),
    ("My Number 1234 5678 9012", "My Number <🆔>"),
    ("ＡＢ１２３４５６７８ＣＤ", "<🆔>"),
])
def test_personal_data_is_masked(text, masked):
    assert mask_personal_data(text) == masked


@pytest.mark.parametrize("text", [
    "救急車！119番",
    "#7119に電話していいですか",
    "在留期限は2026年12月31日です",
    "住民票は350円",
    "ＡＢＣ銀行で口座を作りたい",
    "Kita 1 Nishi 3, room 305",
])
def test_everything_else_is_left_as_written(text):
    assert mask_personal_data(text) == text
