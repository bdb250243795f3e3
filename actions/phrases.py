"""The words around directory facts (open now, phone, map) in each reply language."""

from __future__ import annotations

import datetime as dt

from knowledge.countries import name_script

PHRASES = {
    "ja": {
        "where_to_go": "相談できるところ:",
        "open_until": "開いています（{time}まで）",
        "opens_at": "現在は閉まっています。次は{when}から",
        "closed": "現在は閉まっています",
        "hours_unknown": "受付時間は公式ページで確認してください",
        "languages_today": "今日の対応言語: {languages}",
        "phone": "電話", "address": "住所", "map": "地図", "web": "ウェブ",
        "to_confirm": "（二次情報のため要確認: {fields}）",
        "today": "今日", "tomorrow": "明日",
        "ask_country": "どちらの国の方ですか？国の名前を書いてください（例: 中国、韓国、アメリカ）。",
        "consulates_here": "札幌の領事館（名誉領事館を含む）: {names}",
        "no_consulate": "{country}の領事館は、このディレクトリには札幌にありません。",
        "served_from": "{country}の方の窓口: {place}",
        "ask_help_desk": "大使館の連絡先は相談窓口でも調べてもらえます。",
        "ask_ward": "区役所の手続は住んでいる区の区役所でします。何区に住んでいるか書いてください（例: 白石区に住んでいます）。",
        "access": "最寄り駅",
    },
    "ja-easy": {
        "where_to_go": "そうだん できる ところ:",
        "open_until": "いま あいて います（{time}まで）",
        "opens_at": "いまは しまって います。つぎは {when}から",
        "closed": "いまは しまって います",
        "hours_unknown": "じかんは ホームページで みて ください",
        "languages_today": "きょうの ことば: {languages}",
        "phone": "でんわ", "address": "じゅうしょ", "map": "ちず", "web": "ホームページ",
        "to_confirm": "（たしかめて ください: {fields}）",
        "today": "きょう", "tomorrow": "あした",
        "ask_country": "どこの くにの ひとですか？ くにの なまえを かいて ください。",
        "consulates_here": "さっぽろの りょうじかん: {names}",
        "no_consulate": "{country}の りょうじかんは さっぽろに ありません。",
        "served_from": "{country}の ひとは ここへ: {place}",
        "ask_help_desk": "たいしかんの ことは そうだんまどぐちで きいて ください。",
        "ask_ward": "てつづきは すんで いる くの くやくしょで します。どの くに すんで いますか。（れい: しろいしくに すんで います）",
        "access": "えき",
    },
    "en": {
        "where_to_go": "Where you can get help:",
        "open_until": "Open now (until {time})",
        "opens_at": "Closed now. Opens {when}",
        "closed": "Closed now",
        "hours_unknown": "Opening hours: please check the official page",
        "languages_today": "Languages today: {languages}",
        "phone": "Phone", "address": "Address", "map": "Map", "web": "Web",
        "to_confirm": "(from a secondary source, please confirm: {fields})",
        "today": "today", "tomorrow": "tomorrow",
        "ask_country": "Which country are you from? Please write its name (for example China, "
                       "Korea, USA).",
        "consulates_here": "Consulates in Sapporo (honorary ones included): {names}",
        "no_consulate": "Our directory has no consulate of {country} in Sapporo.",
        "served_from": "For {country}: {place}",
        "ask_help_desk": "The help desk can help you find your embassy.",
        "ask_ward": "Ward procedures are done at the office of the ward you live in. Which ward "
                    "do you live in? (for example: I live in Shiroishi ward)",
        "access": "Nearest station",
    },
}
_WEEKDAYS = {"ja": "月火水木金土日", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
_FIELDS = {
    "ja": {"address": "住所", "phone": "電話", "email": "メール", "hours": "時間",
           "languages": "言語", "countries": "国", "access": "最寄り駅", "section_phones": "課の電話"},
    "en": {"address": "address", "phone": "phone", "email": "e-mail", "hours": "hours",
           "languages": "languages", "countries": "countries", "access": "nearest station",
           "section_phones": "section phones"},
}


def phrase_language(language: str) -> str:
    return language if language in PHRASES else "en"


def phrase(language: str, key: str, **values) -> str:
    return PHRASES[phrase_language(language)][key].format(**values)


def field_names(language: str, fields) -> str:
    return list_of([_FIELDS[name_script(language)][f] for f in fields], language)


def list_of(names: list[str], language: str) -> str:
    """Names joined the way the reply language writes a list."""
    return ("、" if name_script(language) == "ja" else ", ").join(names)


def when(moment: dt.datetime, now: dt.datetime, language: str) -> str:
    """ "today 9:30", "tomorrow 9:30", "Mon 1 Dec 9:30" / 「12月1日(月) 9:30」."""
    time = f"{moment.hour}:{moment.minute:02d}"
    days = (moment.date() - now.date()).days
    if days == 0:
        return f"{phrase(language, 'today')} {time}"
    if days == 1:
        return f"{phrase(language, 'tomorrow')} {time}"
    weekday = _WEEKDAYS[name_script(language)][moment.weekday()]
    if name_script(language) == "ja":
        return f"{moment.month}月{moment.day}日({weekday}) {time}"
    return f"{weekday} {moment.day} {moment.strftime('%b')} {time}"
