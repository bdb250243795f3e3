"""Rasa's own test stories (tests/stories/) against the trained model."""

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.e2e


def test_the_test_stories_pass(tmp_path):
    rasa = Path(sys.executable).parent / "rasa"
    result = subprocess.run(
        [str(rasa), "test", "core", "--model", str(REPO / "models"), "--stories",
         str(REPO / "tests" / "stories"), "--out", str(tmp_path), "--fail-on-prediction-errors",
         "--endpoints", str(REPO / "bot" / "endpoints.yml")],
        cwd=REPO, capture_output=True, text=True, timeout=600,
        env={"RASA_TELEMETRY_ENABLED": "false", "ACTION_ENDPOINT_URL": "http://127.0.0.1:9/webhook",
             "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "None of the test stories failed" in (tmp_path / "failed_test_stories.yml").read_text()
