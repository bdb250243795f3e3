import yaml

from knowledge.faq import faq_files, parse_topic
from knowledge.training_data import build


def test_training_data_and_domain_are_generated_from_the_faq_files(tmp_path):
    bot = tmp_path / "bot"
    (bot / "domain").mkdir(parents=True)
    (bot / "domain" / "intents.yml").write_text('version: "3.1"\nintents: [greet]\n', "utf-8")
    changed = build(bot, tmp_path / "build")
    assert len(changed) == 6

    nlu = yaml.safe_load((tmp_path / "build/data/faq_nlu.yml").read_text("utf-8"))["nlu"]
    garbage = next(i for i in nlu if i["intent"] == "garbage")
    topic, _ = parse_topic(next(p for p in faq_files() if p.stem == "garbage"))
    examples = garbage["examples"].splitlines()
    assert len(examples) == sum(len(topic.questions[lang]) for lang in ("ja", "ja-easy", "en"))
    # Chinese, Vietnamese and Korean train only the multilingual classifier.
    others = yaml.safe_load((tmp_path / "build/multilingual/examples.yml").read_text("utf-8"))
    assert others["intents"]["garbage"] == [q for lang, qs in topic.questions.items()
                                            if lang not in ("ja", "ja-easy", "en") for q in qs]

    rules = yaml.safe_load((tmp_path / "build/data/faq_rules.yml").read_text("utf-8"))["rules"]
    assert {"intent": "garbage"} in next(r for r in rules if r["rule"] == "answer garbage")["steps"]
    assert not any(r["rule"] == "answer emergency" for r in rules)  # answered by utter_emergency

    domain = yaml.safe_load((tmp_path / "build/domain/faq.yml").read_text("utf-8"))
    assert "emergency" in domain["intents"] and "119" in domain["responses"]["utter_emergency"][-1]["text"]
    assert (tmp_path / "build/domain/intents.yml").exists()
    responses = yaml.safe_load((tmp_path / "build/domain/responses.yml").read_text("utf-8"))
    assert {"utter_greet", "utter_welcome", "utter_other_language"} <= set(responses["responses"])

    assert build(bot, tmp_path / "build") == [], "unchanged sources rewrite nothing"
