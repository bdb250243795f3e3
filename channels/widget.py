"""Serves the web chat widget and its demo page from the Rasa server: `/webhooks/widget/`.

The widget itself talks to the REST channel; this channel only hands out the files, so a page on
another site can embed the widget with one script tag. Its labels and language names come from
the phrase files (knowledge/phrases/), written into the script as it is served. Every file goes
out with the usual security headers; the demo page with a Content-Security-Policy that allows
nothing but this server's own script, style sheet and REST channel.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from knowledge.phrases import language_names, reply_languages, widget_labels

WIDGET_DIR = Path(__file__).resolve().parent / "widget"
FILES = {
    "": ("demo.html", "text/html; charset=utf-8"),
    "demo.html": ("demo.html", "text/html; charset=utf-8"),
    "kakehashi-widget.js": ("kakehashi-widget.js", "application/javascript; charset=utf-8"),
    "kakehashi-widget.css": ("kakehashi-widget.css", "text/css; charset=utf-8"),
}
PHRASES_SLOT = "/*PHRASES*/"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
    # The script and its style sheet are embedded by the city's pages on other origins.
    "Access-Control-Allow-Origin": "*",
    "Cross-Origin-Resource-Policy": "cross-origin",
}
DEMO_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class WidgetChannel(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "widget"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        files = Blueprint("widget_files", __name__)

        @files.route("/", methods=["GET"])
        async def demo(_: Request) -> HTTPResponse:
            return self._file("")

        @files.route("/<name>", methods=["GET"])
        async def file(_: Request, name: str) -> HTTPResponse:
            return self._file(name)

        @files.route("/notices", methods=["GET"])
        async def notices(request: Request) -> HTTPResponse:
            """The staff's active urgent notices in the asked language, for the widget's banner."""
            from kakehashi.rasa_server.nlg import NOTICES
            from kakehashi.replies.places import tokyo_now

            language = request.args.get("language", "")
            language = language if language in reply_languages() else "en"
            shown = [n.in_language(language) for n in NOTICES.active(tokyo_now())]
            return response.json(shown, headers=SECURITY_HEADERS)

        @files.route("/map/<place_id>", methods=["GET"])
        async def map_of(_: Request, place_id: str) -> HTTPResponse:
            """The short map link of a reply: a redirect to a map search for the place."""
            from kakehashi.replies.places import map_search
            from kakehashi.replies.routing import DIRECTORY

            # Looked up among all places: a cache keyed by what strangers type would grow.
            service = next((s for s in DIRECTORY.everything() if s.id == place_id), None)
            if service is None or not service.address:
                return response.text("not found", status=404, headers=SECURITY_HEADERS)
            return response.redirect(map_search(service), headers=SECURITY_HEADERS)

        return files

    @staticmethod
    def _file(name: str) -> HTTPResponse:
        if name not in FILES:
            return response.text("not found", status=404, headers=SECURITY_HEADERS)
        filename, content_type = FILES[name]
        headers = {**SECURITY_HEADERS, **(DEMO_PAGE_HEADERS if filename.endswith(".html") else {})}
        return response.raw(_body(filename), content_type=content_type, headers=headers)


@lru_cache(maxsize=None)
def _body(filename: str) -> bytes:
    text = (WIDGET_DIR / filename).read_text(encoding="utf-8")
    if filename.endswith(".js"):
        text = _with_phrases(text)
    return text.encode("utf-8")


def _with_phrases(script: str) -> str:
    """The script with its labels and language names from the phrase files."""
    start, end = script.index(PHRASES_SLOT), script.index("/*END*/")
    phrases = json.dumps({"labels": widget_labels(), "names": language_names()}, ensure_ascii=False)
    return script[:start] + phrases + script[end:]
