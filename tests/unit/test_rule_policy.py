"""RecentTurnsRulePolicy predicts exactly what Rasa's RulePolicy predicts, from fewer states.

Both are trained on the project's own rules and domain (`make build` output), then follow long
random conversations (any intent, the country slot set and cleared as our actions do)."""

import random

import pytest
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.training import load_data
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.importers.importer import TrainingDataImporter

from kakehashi.rasa_server.rule_policy import RecentTurnsRulePolicy
from kakehashi.tools.servers import REPO

COUNTRY_INTENTS = ["consulate", "out_of_scope", "nlu_fallback", "greet"]
CONFIG = {"core_fallback_threshold": 0.3, "core_fallback_action_name": "action_fallback"}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    importer = TrainingDataImporter.load_from_dict(
        domain_path=str(REPO / "build" / "domain"),
        training_data_paths=[str(REPO / "bot" / "data" / "rules"),
                             str(REPO / "build" / "data" / "faq_rules.yml")])
    domain = importer.get_domain()
    trackers = load_data(importer, domain, augmentation_factor=0)
    storage = LocalModelStorage(tmp_path_factory.mktemp("policies"))
    context = ExecutionContext(GraphSchema({}), "test")
    policies = []
    for policy_class in (RulePolicy, RecentTurnsRulePolicy):
        policy = policy_class.create({**policy_class.get_default_config(), **CONFIG}, storage,
                                     Resource(policy_class.__name__), context)
        policy.train(trackers, domain)
        policies.append(policy)
    return domain, *policies


def _predicted(policy, tracker: DialogueStateTracker, domain: Domain) -> tuple[str, list]:
    prediction = policy.predict_action_probabilities(tracker, domain)
    best = max(range(len(prediction.probabilities)), key=prediction.probabilities.__getitem__)
    return domain.action_names_or_texts[best], prediction.probabilities


@pytest.mark.parametrize("seed", range(5))
def test_same_states_and_predictions_as_rasa_rule_policy_all_along_a_long_conversation(trained, seed):
    domain, whole, recent = trained
    pick = random.Random(seed)
    intents = [*domain.intents, "nlu_fallback"]
    tracker = DialogueStateTracker.from_events(
        f"c{seed}", [ActionExecuted("action_session_start"), ActionExecuted(ACTION_LISTEN_NAME)],
        slots=domain.slots)
    predictions = 0
    reach = recent._longest_rule()
    for turn in range(30):
        # Often the intents whose rules depend on the country slot, to reach them in many orders.
        intent = pick.choice(COUNTRY_INTENTS if pick.random() < 0.5 else intents)
        tracker.update(UserUttered(f"message {turn}", intent={"name": intent,
                                                              "confidence": pick.random()}))
        for _ in range(4):  # at most a few actions per message
            action, probabilities = _predicted(whole, tracker, domain)
            assert _predicted(recent, tracker, domain) == (action, probabilities), (turn, intent)
            # And every state a rule can compare is the same (slots, user message, action).
            assert (recent._prediction_states(tracker, domain)[-reach:]
                    == whole._prediction_states(tracker, domain)[-reach:])
            predictions += 1
            tracker.update(ActionExecuted(action))
            if action == ACTION_LISTEN_NAME:
                break
            if action in ("action_answer_consulate", "action_fallback"):
                tracker.update(SlotSet("country_asked", pick.random() < 0.5))
    assert predictions >= 60
    # The conversation grew long enough that the recent policy did read fewer states.
    assert len(recent._prediction_states(tracker, domain)) < len(
        whole._prediction_states(tracker, domain)) / 5
