"""Staff-edited knowledge (FAQ answers) and the code that loads and checks it."""

from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parent
FAQ_DIR = KNOWLEDGE_DIR / "faq"
TAXONOMY_FILE = KNOWLEDGE_DIR / "taxonomy.yml"
