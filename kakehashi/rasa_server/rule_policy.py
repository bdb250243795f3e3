"""Rasa's RulePolicy, reading only the end of a conversation that its rules can reach.

Before each prediction (two or three per message) RulePolicy turns the whole conversation into
dialogue states, one per action so far, and compares them with every rule, although a rule
never looks further back than its own few states (`restrict_rules`: one user message each). On
`make bench`'s 20-message conversations that cost a fifth of the Rasa server's time, growing with
each message. This policy hands RulePolicy a short copy of the conversation: the slots as they
were a few actions back, the user message then current, and the events since, as far back as the
longest rule reaches. Each state a rule can compare is the same as in the whole conversation
(slots, latest user message and previous action alike), and there are few to make.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.core.domain import Domain, State
from rasa.shared.core.events import (
    ActionExecuted, ActiveLoop, AllSlotsReset, SlotSet, UserUttered)
from rasa.shared.core.trackers import DialogueStateTracker


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True
)
class RecentTurnsRulePolicy(RulePolicy):
    """RulePolicy whose predictions cost the same on the 1st and the 100th message."""

    def _longest_rule(self) -> int:
        """How many states the longest rule compares. Parsing every rule's key is costly: it is
        done again only when the rules change (while training), not for every prediction."""
        rules = self.lookup.get(RULES, {})
        unhappy = self.lookup.get(RULES_FOR_LOOP_UNHAPPY_PATH, {})
        seen = (id(rules), len(rules), id(unhappy), len(unhappy))
        if getattr(self, "_longest_for", None) != seen:
            keys = [*rules, *unhappy]
            self._longest = max((len(self._rule_key_to_state(key)) for key in keys), default=0)
            self._longest_for = seen
        return self._longest

    def _recent_part(self, tracker: DialogueStateTracker) -> DialogueStateTracker:
        """The conversation as a rule sees it: the last `longest` actions and what came with them,
        after the slots as they were and the user message then current.

        The states are one per action plus the current one; rule matching compares the last
        `longest` of them only, and those stay exact. The first state of the copy (no previous
        action) lies beyond every rule. Forms and other loops re-read their own earlier actions,
        so a conversation with one is left whole.
        """
        events = tracker.applied_events()
        actions = [i for i, event in enumerate(events) if isinstance(event, ActionExecuted)]
        keep = self._longest_rule()
        if keep == 0 or len(actions) <= keep or any(isinstance(e, ActiveLoop) for e in events):
            return tracker
        earlier, later = events[:actions[-keep]], events[actions[-keep]:]
        slots: dict = {}
        last_user_message = 0
        for index, event in enumerate(earlier):
            if isinstance(event, SlotSet):
                slots[event.key] = event.value
            elif isinstance(event, AllSlotsReset):
                slots.clear()
            elif isinstance(event, UserUttered):
                last_user_message = index
        since_then = [event for event in earlier[last_user_message:]
                      if not isinstance(event, ActionExecuted)]
        recent = tracker.init_copy()
        for event in [*(SlotSet(key, value) for key, value in slots.items()), *since_then, *later]:
            recent.update(event)
        return recent

    def _prediction_states(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        use_text_for_last_user_input: bool = False,
        rule_only_data: Optional[Dict[str, Any]] = None,
    ) -> List[State]:
        return super()._prediction_states(
            self._recent_part(tracker), domain, use_text_for_last_user_input, rule_only_data)
