"""`rasa` as Kakehashi runs it: Rasa's own command line with two changes for speed and memory.
Same arguments: `python -m kakehashi.rasa_cli run …`.

- Predictions run through InOrderGraphRunner (kakehashi/graph_runner.py) instead of dask.
- jax is not imported: TensorFlow 2.12 requires it only for its TFLite jax converter, which Rasa
  never uses, and imports it when present (100 MB of the Rasa server's memory); TensorFlow's own
  code goes on without it.
"""

import sys

sys.modules["jax"] = None  # `import jax` now raises ImportError, which TensorFlow expects

import rasa.core.processor  # noqa: E402
from rasa.__main__ import main  # noqa: E402

from kakehashi.graph_runner import InOrderGraphRunner  # noqa: E402

# The processor looks the runner class up in its own module each time it loads a model.
rasa.core.processor.DaskGraphRunner = InOrderGraphRunner

if __name__ == "__main__":
    main()
