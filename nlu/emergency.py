"""Does a message read as an emergency happening now? Checked by phrase, in every language we read.

The classifier learns emergencies from examples, but an emergency must never be missed because
its wording is new, nor lost under another topic ("my dad has chest pain, call an ambulance,
what about insurance?"). These phrases say that something is happening now: a fire, someone not
breathing or collapsed, an attack, an intruder, a call for an ambulance or the police.
"""

from __future__ import annotations

import re
import unicodedata

_JAPANESE = [
    r"(救急車|きゅうきゅうしゃ)\s*を?\s*(呼んで|よんで|呼びたい|よびたい|お願い|おねがい|！|!|$)",
    r"(火事|かじ)\s*(だ|です|！|!|$)|(燃え|もえ)\s*て\s*(いる|いま|る)",
    r"(息|いき)\s*を?\s*(して|し)\s*(い)?(ない|ません)|(呼吸|こきゅう)\s*(が|を)?\s*(して)?(い)?(ない|ません|止ま)",
    r"(倒れ|たおれ)\s*(た|て)|(意識|いしき)\s*が?\s*(ない|ありません)",
    r"((殴|なぐ)られ|(襲|おそ)われ)\s*(てる|ている|ています|そう)|(刺|さ)され(た|て)|(暴|あば)れて(いる|る|います)",
    r"(泥棒|どろぼう|強盗|ごうとう)|(家|いえ|部屋|へや)に\s*(知らない|しらない)?\s*(人|ひと)?\s*が?\s*(入って|はいって)\s*(き|い)",
    r"(助けて|たすけて)\s*(ください|！|!|$)|(警察|けいさつ)\s*を?\s*(呼|よ)",
    r"(血|ち)\s*が\s*(止まらない|とまらない|いっぱい)",
    r"(事故|じこ)\s*(だ|です|に\s*あい|が\s*起き|！|!|$)",
    r"(ガス|がす)\s*(の|が)?\s*(におい|臭い|匂い)\s*(が)?\s*(する|します|すごい)",
]
_ENGLISH = [
    r"\bcall (an |the )?(ambulance|police|fire (department|brigade))\b|^ambulance\b",
    r"\b(there'?s|there is) a fire\b|\b(is|are|'s|house|building|apartment|room) on fire\b|^fire!*$",
    r"\bnot breathing\b|\bcan'?t breathe\b|\bstopped breathing\b|\bunconscious\b",
    r"\b(collapsed|passed out|fainted)\b|\bheart attack\b|\bchoking\b",
    r"\b(being|been|getting) (attacked|stabbed|beaten|robbed|followed)\b|\bstabbed\b",
    r"\b(broke|breaking|broken) into\b|\bbreak-?in\b|\bintruder\b|\bburglar\b",
    r"^help( me)?( please)?!*$|\bhelp me now\b",
    r"\bbleeding (a lot|badly|heavily)\b|\bwon'?t stop bleeding\b",
    r"\bsmell(s)? (of )?gas\b|\bgas leak\b",
    r"\b(car|traffic) accident\b.*\b(just|now|hurt|injured|bleeding)\b",
]
_PATTERNS = [re.compile(p, re.IGNORECASE) for p in _JAPANESE + _ENGLISH]


def reads_as_emergency(text: str) -> bool:
    text = unicodedata.normalize("NFKC", text).strip()
    return any(pattern.search(text) for pattern in _PATTERNS)
