import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    "受付は8:30ー17:15、12月29日〜1月3日は休み",
    "〒060-0001 札幌市中央区北1条西3丁目",
    "2026-12-31 まで、コーヒーは 350円",
    "令和8年度の住民税 12,345 yen",
])
def test_everything_else_is_left_as_written(text):
    assert mask_personal_data(text) == text


# How people type numbers: full-width digits, the long-vowel mark or other dashes from Japanese
# input, spaces or dots between groups, or nothing at all.
SEPARATORS = st.sampled_from(["-", "ー", "－", "‐", "–", "—", " ", ".", ""])
AROUND = st.sampled_from([("電話は", "です"), ("call me on ", " please"), ("", ""), ("番号：", "。")])


def _typed(groups: list[str], separator: str, full_width: bool) -> str:
    text = separator.join(groups)
    return text.translate(str.maketrans("0123456789", "０１２３４５６７８９")) if full_width else text


def _digits(count: int):
    return st.text("0123456789", min_size=count, max_size=count)


def _assert_masked(text: str, secret_digits: str):
    masked = mask_personal_data(text)
    remaining = "".join(ch for ch in unicodedata.normalize("NFKC", masked) if ch.isdigit())
    assert secret_digits not in remaining, (text, masked)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["090", "080", "070", "011", "0120"]), _digits(4), _digits(4), SEPARATORS,
       st.booleans(), AROUND)
def test_phone_numbers_are_masked_however_they_are_typed(prefix, middle, last, separator, full_width, around):
    number = _typed([prefix, middle, last], separator, full_width)
    _assert_masked(around[0] + number + around[1], middle + last)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["+81 ", "+81-", "+81 (0)", "+81", "+81 (0) "]), st.sampled_from(["90", "80", "11"]),
       _digits(4), _digits(4), st.sampled_from(["-", " ", "", "."]), AROUND)
def test_international_forms_are_masked(country, area, middle, last, separator, around):
    number = country + separator.join([area, middle, last])
    _assert_masked(around[0] + number + around[1], middle + last)


@settings(max_examples=200, deadline=None)
@given(_digits(4), _digits(4), _digits(4), SEPARATORS, st.booleans(), AROUND)
def test_my_number_is_masked_with_any_separator(a, b, c, separator, full_width, around):
    _assert_masked(around[0] + _typed([a, b, c], separator, full_width) + around[1], a + b + c)


def _luhn_completed(body: str) -> str:
    for check in "0123456789":
        digits = body + check
        total = sum((int(d) * 2 - 9 if int(d) * 2 > 9 else int(d) * 2) if i % 2 else int(d)
                    for i, d in enumerate(reversed(digits)))
        if total % 10 == 0:
            return digits
    raise AssertionError


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["4", "5", "35"]), st.text("0123456789", min_size=13, max_size=13),
       st.sampled_from([" ", "-", ""]), AROUND)
def test_payment_card_numbers_are_masked(start, body, separator, around):
    number = _luhn_completed((start + body)[:15])
    typed = separator.join(number[i:i + 4] for i in range(0, 16, 4))
    _assert_masked(around[0] + typed + around[1], number[4:12])


@settings(max_examples=200, deadline=None)
@given(st.text("ABCDEFGHJKLMNPRSTUVWXYZ", min_size=2, max_size=2), _digits(8),
       st.text("ABCDEFGHJKLMNPRSTUVWXYZ", min_size=2, max_size=2), st.sampled_from(["-", " ", "", "ー"]),
       st.booleans(), AROUND)
def test_residence_card_numbers_are_masked_with_separators(head, digits, tail, separator, lower, around):
    card = f"{head}{separator}{digits}{separator}{tail}"
    _assert_masked(around[0] + (card.lower() if lower else card) + around[1], digits)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(["TR", "TK", "MZ", "X", "AB"]), _digits(7), AROUND)
def test_passport_numbers_are_masked(letters, digits, around):
    _assert_masked(f"{around[0]}passport {letters}{digits}{around[1]}", digits)


@pytest.mark.parametrize("text", [
    "mail me: taro.yamada at example dot com",
    "taro [at] example [dot] co [dot] jp",
    "taro(at)example.com",
    "ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ",
])
def test_email_addresses_are_masked_however_they_are_written(text):
    assert "example" not in mask_personal_data(text)
