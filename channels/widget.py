"""Serves the web chat widget and its demo page from the Rasa server: `/webhooks/widget/`.

The widget itself talks to the REST channel; this channel only hands out the files, so a page on
another site can embed the widget with one script tag.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Awaitable, Callable, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

WIDGET_DIR = Path(__file__).resolve().parent / "widget"
FILES = {
    "": ("demo.html", "text/html; charset=utf-8"),
    "demo.html": ("demo.html", "text/html; charset=utf-8"),
    "kakehashi-widget.js": ("kakehashi-widget.js", "application/javascript; charset=utf-8"),
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

        return files

    @staticmethod
    def _file(name: str) -> HTTPResponse:
        if name not in FILES:
            return response.text("not found", status=404)
        filename, content_type = FILES[name]
        body = (WIDGET_DIR / filename).read_bytes()
        return response.raw(body, content_type=content_type,
                            headers={"Cache-Control": "no-cache",
                                     "Access-Control-Allow-Origin": "*"})
