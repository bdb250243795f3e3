"""An answer as residents get it: the staff's text in the reply language, its source, the places
that can help. The FAQ files in service are read here for both servers."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from kakehashi.replies.words import phrase
from knowledge import served_folder
from knowledge.countries import name_script
from knowledge.entries import Entry
from knowledge.faq import Source, Topic
from knowledge.store import FaqStore

FAQ_FOLDER = served_folder("faq")
FAQ = FaqStore(FAQ_FOLDER)  # read at first use (the Rasa server's NLG warms it up)
JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def answer_variables(answered: Topic | Entry, language: str,
                     where: str | None = None) -> dict[str, str]:
    """What `utter_faq_answer` is filled with: the answer of a topic or an entry, its source, the
    places that can help."""
    source = answered.sources[0]
    return {"answer": answered.answer_in(language), "source_title": source_title(source, language),
            "source_url": source.url, "source_checked": source.checked,
            "places": f"\n\n{where}" if where else ""}


def source_title(source: Source, language: str) -> str:
    """The page's title; a Japanese title in a reply in another language becomes the site's name
    and "(page in Japanese)", so the reader knows what the link opens."""
    if name_script(language) == "ja" or not JAPANESE_SCRIPT.search(source.title):
        return source.title
    site = (urlparse(source.url).hostname or "").removeprefix("www.")
    return f"{site} {phrase(language, 'page_in_japanese')}"
