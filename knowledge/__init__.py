"""Staff-edited knowledge (FAQ answers, entries, the service directory, notices, phrases) and
the code that loads and checks it."""

import os
from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parent
FAQ_DIR = KNOWLEDGE_DIR / "faq"
TAXONOMY_FILE = KNOWLEDGE_DIR / "taxonomy.yml"


def served_folder(name: str) -> Path:
    """The folder the servers read `name` (faq, services, notices) from: knowledge/<name>, unless
    KAKEHASHI_<NAME>_DIR names another (a deployment's volume, a test's copy)."""
    return Path(os.environ.get(f"KAKEHASHI_{name.upper()}_DIR") or KNOWLEDGE_DIR / name)
