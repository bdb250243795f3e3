"""Every place where Kakehashi replaces Rasa's own code (not extends it through Rasa's public
extension points: components, policies, tracker and lock stores, NLG and channels are those).
Written for one Rasa version; another one stops the server at start-up rather than run with
patches that may no longer fit.

- Predictions run through InOrderGraphRunner (kakehashi/rasa_server/graph_runner.py) instead of dask: the
  processor looks the runner class up in its own module each time it loads a model.
- jax is not imported: TensorFlow 2.12 imports it, when present, only for a converter Rasa never
  uses (100 MB of the Rasa server's memory); TensorFlow goes on without it.
"""

from __future__ import annotations

import sys

RASA_VERSION = "3.6.21"


def apply() -> None:
    """Puts the replacements in place and checks that they took effect."""
    sys.modules["jax"] = None  # `import jax` now raises ImportError, which TensorFlow expects
    import rasa
    import rasa.core.processor

    from kakehashi.rasa_server.graph_runner import InOrderGraphRunner

    if rasa.__version__ != RASA_VERSION:
        raise RuntimeError(f"kakehashi/rasa_server/rasa_patches.py is written for Rasa {RASA_VERSION}, not "
                           f"{rasa.__version__}: check each patch against the new version first")
    rasa.core.processor.DaskGraphRunner = InOrderGraphRunner
    check_applied()


def check_applied() -> None:
    import rasa.core.processor

    from kakehashi.rasa_server.graph_runner import InOrderGraphRunner

    assert rasa.core.processor.DaskGraphRunner is InOrderGraphRunner, "graph runner not replaced"
    try:
        import jax  # noqa: F401
    except ImportError:
        return
    raise AssertionError("jax was imported although it is kept out")
