"""Rasa's own code is replaced in one place, for one Rasa version, and it takes effect."""

import subprocess
import sys

import pytest

from kakehashi.rasa_server import rasa_patches


def test_the_patches_take_effect_in_the_server_process():
    code = ("from kakehashi.rasa_server import rasa_patches; rasa_patches.apply(); "
            "import rasa.core.processor as p; print(p.DaskGraphRunner.__name__)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "InOrderGraphRunner"


def test_another_rasa_version_stops_the_start(monkeypatch):
    import rasa

    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    monkeypatch.setitem(sys.modules, "jax", None)
    with pytest.raises(RuntimeError, match="written for Rasa 3.6.21"):
        rasa_patches.apply()
