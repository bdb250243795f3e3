"""Runs Rasa's prediction graphs node after node, without dask's scheduler.

For every message Rasa runs its NLU graph and, two or three times, its policy graph through
`dask.get`, which orders and schedules the nodes afresh each time although they never change:
a tenth of the Rasa server's time under load (py-spy on `make bench`). dask's synchronous
scheduler already runs the nodes one by one in the calling thread; this runner does the same with
an order worked out once per set of targets. The nodes, their inputs and outputs are Rasa's own.

Rasa has no setting for the runner it predicts with: `kakehashi.rasa_server.rasa_cli` puts this one in.
"""

from __future__ import annotations

from graphlib import TopologicalSorter
from typing import Any, Dict, List, Optional, Text, Tuple

from rasa.engine.runner.dask import DaskGraphRunner


class InOrderGraphRunner(DaskGraphRunner):
    """DaskGraphRunner's nodes, run in an order computed once, in the calling thread."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: Dict[Tuple[Text, ...], List[Tuple[Text, List[Text]]]] = {}

    def run(self, inputs: Optional[Dict[Text, Any]] = None,
            targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
        run_targets = tuple(targets or self._graph_schema.target_names)
        if run_targets not in self._plans:
            self._plans[run_targets] = self._plan(run_targets)
        plan = self._plans[run_targets]
        # As in Rasa's dask graph: an input is a (name, value) pair and stands in for a node of
        # that name, each node returns such a pair, and a need nothing provides is handed over
        # as its bare name (the node reports it).
        results = {name: (name, value) for name, value in (inputs or {}).items()}
        for name, needs in plan:
            if name not in results:
                results[name] = self._instantiated_nodes[name](
                    *(results.get(need, need) for need in needs))
        return dict(results[target] for target in run_targets)

    def _plan(self, targets: Tuple[Text, ...]) -> List[Tuple[Text, List[Text]]]:
        """The nodes the targets need, each after the nodes it needs, with their needs."""
        schema = self._graph_schema.minimal_graph_schema(list(targets))
        order = TopologicalSorter({name: [need for need in node.needs.values() if need in schema.nodes]
                                   for name, node in schema.nodes.items()}).static_order()
        return [(name, list(schema.nodes[name].needs.values())) for name in order]
