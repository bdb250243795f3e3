import pytest

from nlu.emergency import reads_as_emergency


@pytest.mark.parametrize("text", [
    "救急車を呼んでください",
    "きゅうきゅうしゃを よんで",
    "火事です！",
    "となりの いえが もえて います",
    "父が息をしていません",
    "駅で人が倒れた",
    "たすけて！",
    "家に知らない人が入ってきた",
    "どろぼう",
    "There's a fire in my building",
    "my friend is not breathing",
    "I'm being attacked",
    "someone broke into my apartment",
    "help!",
    "strong smell of gas in the kitchen",
])
def test_an_emergency_happening_now_is_recognised(text):
    assert reads_as_emergency(text)


@pytest.mark.parametrize("text", [
    "救急車を呼ぶほどか分からないときの相談先",
    "地震に備えて何を準備すればいいですか",
    "夜間に開いている病院はありますか",
    "火災保険は必要ですか",
    "Can someone help me fill in the visa extension form?",
    "not sure if I need an ambulance, who can I ask",
    "How do I prepare for an earthquake?",
    "パートナーから殴られたことがあり、家にいるのが怖いです",
])
def test_questions_about_emergencies_are_not_emergencies(text):
    assert not reads_as_emergency(text)
