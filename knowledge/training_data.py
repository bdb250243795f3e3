"""Rasa training data generated from the FAQ files, written to `build/` at `make train` time.

- `build/data/faq_nlu.yml`: one intent per topic, its examples the file's questions in Japanese,
  Easy Japanese and English (what DIET reads);
- `build/multilingual/examples.yml`: the questions in every other language (Chinese, Vietnamese,
  Korean), with `bot/multilingual/`'s, for nlu.multilingual_classifier only: in DIET they tripled
  the training time (their characters multiply the n-gram features);
- `build/data/faq_rules.yml`: each topic's intent answered by `utter_faq_answer` (filled in by
  kakehashi/rasa_server/nlg.py), the consulate by `action_answer_consulate`;
- `build/domain/`: the hand-written domain of `bot/domain/` plus the topic intents,
  `utter_emergency`, made from `faq/emergency.yml` so that emergencies never need the action server,
  and the responses, made from the phrase files (knowledge/phrases/).

Responses are written with one condition, `language == X`. The reply language is the one the
person chose (slot `language_choice`, sticky) or else the one they write in (slot `language`), so
each such variation becomes two here: `language_choice == X`, and `language_choice == null and
language == X`. Exactly one of them matches in any conversation.

A file is rewritten only when its content changes, so `make` retrains only when needed.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from knowledge.faq import REQUIRED_LANGUAGES, Topic, faq_files, parse_topic
from knowledge.phrases import (FALLBACK_LANGUAGE, has_phrase, language_names, phrase, raw,
                               reply_languages)

EMERGENCY = "emergency"
CONSULATE = "consulate"
RASA_FORMAT = "3.1"


def _dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _example(question: str) -> str:
    # Square brackets would be read as entity annotations by Rasa's example syntax.
    return question.replace("[", "(").replace("]", ")").replace("\n", " ").strip()


def nlu_data(topics: list[Topic]) -> str:
    intents = []
    for topic in topics:
        examples = [_example(q) for language in REQUIRED_LANGUAGES
                    for q in topic.questions.get(language, [])]
        intents.append({"intent": topic.id, "examples": "".join(f"- {e}\n" for e in examples)})
    return _dump({"version": RASA_FORMAT, "nlu": intents})


def multilingual_examples(topics: list[Topic], bot_dir: Path) -> str:
    """{intent: [examples]} in the languages DIET does not read."""
    intents: dict[str, list[str]] = {}
    for topic in topics:
        intents[topic.id] = [q for language, questions in topic.questions.items()
                             if language not in REQUIRED_LANGUAGES for q in questions]
    for path in sorted((bot_dir / "multilingual").glob("*.yml")):
        for intent, examples in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(
                "intents", {}).items():
            intents.setdefault(intent, []).extend(examples)
    return _dump({"intents": {name: found for name, found in intents.items() if found}})


def _answer_action(topic_id: str) -> str:
    # The consulate answer asks for the person's country (a slot): an action-server action. Other
    # answers are filled in inside the Rasa server (kakehashi/rasa_server/nlg.py).
    return "action_answer_consulate" if topic_id == CONSULATE else "utter_faq_answer"


def rules(topics: list[Topic]) -> str:
    return _dump({"version": RASA_FORMAT, "rules": [
        {"rule": f"answer {t.id}", "steps": [{"intent": t.id}, {"action": _answer_action(t.id)}]}
        for t in topics if t.id != EMERGENCY
    ]})


def _by_reply_language(variations: list[dict]) -> list[dict]:
    """`language == X` variations -> chosen-X and written-in-X variations (see module doc)."""
    expanded = []
    for variation in variations:
        conditions = variation.get("condition") or []
        language = [c for c in conditions if c.get("name") == "language"]
        if not language:
            expanded.append(variation)
            continue
        others = [c for c in conditions if c.get("name") != "language"]
        code = language[0]["value"]
        chosen = {"type": "slot", "name": "language_choice", "value": code}
        unchosen = {"type": "slot", "name": "language_choice", "value": None}
        expanded.append({**variation, "condition": others + [chosen]})
        expanded.append({**variation, "condition": others + [unchosen, language[0]]})
    return expanded


def domain_with_reply_languages(text: str) -> str:
    """A hand-written domain file with its responses' language conditions expanded."""
    data = yaml.safe_load(text) or {}
    if not data.get("responses"):
        return text
    data["responses"] = {name: _by_reply_language(variations)
                         for name, variations in data["responses"].items()}
    return _dump(data)


def _in_each_language(texts: dict[str, str]) -> list[dict]:
    """Conditional variations by the `language` slot, English last as the default."""
    variations = [
        {"condition": [{"type": "slot", "name": "language", "value": language}], "text": text.strip()}
        for language, text in texts.items() if language != FALLBACK_LANGUAGE
    ]
    return _by_reply_language(variations) + [{"text": texts[FALLBACK_LANGUAGE].strip()}]


def _language_buttons() -> list[dict]:
    return [{"title": name, "payload": f'/change_language{{"language_choice": "{code}"}}'}
            for code, name in language_names().items()]


def responses() -> str:
    """The domain's responses, each in every reply language of the phrase files."""
    made = {name: _in_each_language({code: raw(code, "responses", name) for code in reply_languages()
                                     if has_phrase(code, "responses", name)})
            for name in raw(FALLBACK_LANGUAGE, "responses")}
    made["utter_welcome"] = [{
        "text": "\n".join([phrase("ja", "welcome"), phrase("en", "welcome"),
                           f'{phrase("ja-easy", "choose_language")} / {phrase("en", "choose_language")}']),
        "buttons": _language_buttons()}]
    # A language we cannot read: a sentence in it if we have one ({lead}), English and Easy
    # Japanese, then the counters that speak it ({places}); both filled in by kakehashi/rasa_server/nlg.py.
    made["utter_other_language"] = [{
        "text": f'{{lead}}{phrase("en", "cannot_read")}\n{phrase("ja-easy", "cannot_read")}{{places}}'}]
    return _dump({"version": RASA_FORMAT, "responses": made})


def domain(topics: list[Topic]) -> str:
    data = {"version": RASA_FORMAT, "intents": [t.id for t in topics]}
    emergency = [t for t in topics if t.id == EMERGENCY]
    if emergency:
        data["responses"] = {"utter_emergency": _in_each_language(emergency[0].answer)}
    return _dump(data)


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def build(bot_dir: Path, out_dir: Path) -> list[Path]:
    """Writes the generated training data and domain; returns the files that changed."""
    topics = [parse_topic(path)[0] for path in faq_files()]
    outputs = {
        out_dir / "data" / "faq_nlu.yml": nlu_data(topics),
        out_dir / "data" / "faq_rules.yml": rules(topics),
        out_dir / "domain" / "faq.yml": domain(topics),
        out_dir / "domain" / "responses.yml": responses(),
        out_dir / "multilingual" / "examples.yml": multilingual_examples(topics, bot_dir),
    }
    for source in sorted((bot_dir / "domain").glob("*.yml")):
        outputs[out_dir / "domain" / source.name] = domain_with_reply_languages(
            source.read_text(encoding="utf-8"))
    stale = set((out_dir / "domain").glob("*.yml")) - set(outputs)
    for path in stale:  # a domain file removed from bot/domain
        path.unlink()
    changed = [path for path, text in outputs.items() if _write_if_changed(path, text)]
    return changed + sorted(stale)
