"""The staff console, served by the Rasa server at `/staff/`: staff log in, find an entry in any
language, change its answers with the same checks as `kakehashi validate` and a preview in every
language, and publish urgent notices. A save is live within a second (the knowledge reloaders).

Plain HTML forms, no script: every value is escaped. Sessions are HttpOnly, SameSite=Strict
cookies (Secure behind TLS); every form carries the session's CSRF token; logins are rate-limited
per address and accounts lock after repeated failures (knowledge/staff.py); viewers see and
change nothing; every change goes to the audit log.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import secrets
from typing import Any, Awaitable, Callable, Text

import yaml
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.limits import RateLimiter
from kakehashi.replies.places import describe, tokyo_now
from knowledge import served_folder, staff, unanswered
from knowledge.directory import database_engine, database_url
from knowledge.easy_japanese import as_ruby
from knowledge.entries import check_entries_file, entry_files
from knowledge.entry_editing import add_entry, save_answers
from knowledge.faq import REQUIRED_LANGUAGES, parse_topic, topic_ids
from knowledge.notices import check_notices_file
from knowledge.opening_hours import WEEKDAYS
from knowledge.phrases import reply_languages
from knowledge.place_editing import facts_from_form, languages_text, save_place
from knowledge.services import check_services_file, service_files
from knowledge.yaml_editing import EditConflict, version

COOKIE = "kakehashi_staff"
REPORT_WEEKS = 12
REPORT_GROUPS = 30
LOGINS_PER_ADDRESS = 10  # a minute
HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; style-src 'self'; form-action 'self'; "
                                "frame-ancestors 'none'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
}
e = html.escape


def _page(title: str, body: str, status: int = 200) -> HTTPResponse:
    return response.html(f"<!doctype html><html lang='ja'><head><meta charset='utf-8'>"
                         f"<meta name='viewport' content='width=device-width, initial-scale=1'>"
                         f"<title>{e(title)} — Kakehashi staff</title></head><body>"
                         f"<h1>{e(title)}</h1>{body}</body></html>", status=status, headers=HEADERS)


def _csrf_field(session: staff.Session) -> str:
    return f"<input type='hidden' name='csrf' value='{e(session.csrf)}'>"


class StaffConsole(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return "staff"

    def url_prefix(self) -> Text:
        return "/staff"  # not under /webhooks/: staff open it in a browser

    def __init__(self, url: str | None = None) -> None:
        self._engine = database_engine(url or database_url())
        self._faq_dir = served_folder("faq")
        self._entries_dir = self._faq_dir / "entries"
        self._services_dir = served_folder("services")
        self._notices_dir = served_folder("notices")
        self._logins = RateLimiter(LOGINS_PER_ADDRESS)

    @classmethod
    def from_credentials(cls, credentials):
        return cls()

    # --- sessions --------------------------------------------------------------------------
    def _session(self, request: Request) -> staff.Session | None:
        return staff.session_of(self._engine, request.cookies.get(COOKIE))

    @staticmethod
    def _csrf_ok(request: Request, session: staff.Session) -> bool:
        return secrets.compare_digest(request.form.get("csrf", ""), session.csrf)

    def _guard(self, request: Request) -> tuple[staff.Session | None, HTTPResponse | None]:
        """The session, or the answer instead of the page: the login page without one; for a
        POST, 403 unless it carries the session's CSRF token and comes from an editor."""
        session = self._session(request)
        if session is None:
            return None, response.redirect("/staff/login", headers=HEADERS)
        if request.method == "POST":
            if not self._csrf_ok(request, session):
                return None, _page("Forbidden", "<p>The form was not sent from this console.</p>", 403)
            if not session.can_edit:
                return None, _page("Forbidden", "<p>Viewers cannot change anything.</p>", 403)
        return session, None

    def _guarded(self, handler):
        """`handler(request, session, …)` for a request the guard lets through; else its answer."""
        @functools.wraps(handler)
        async def with_session(request: Request, *args, **kwargs) -> HTTPResponse:
            session, refusal = self._guard(request)
            return refusal or await handler(request, session, *args, **kwargs)

        return with_session

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        console = Blueprint("staff_console", __name__)

        @console.route("/", methods=["GET"])
        @self._guarded
        async def home(request: Request, session: staff.Session) -> HTTPResponse:
            query = request.args.get("q", "").strip()
            rows = [f"<li><a href='/staff/entries/{e(entry.id)}'>{e(entry.id)}</a> — "
                    f"{e(entry.question_in('ja'))}</li>" for entry in self._entries(query)]
            search = (f"<form method='get' action='/staff/'><label>検索 / Search "
                      f"<input name='q' value='{e(query)}'></label> <button>Search</button></form>")
            notices = ("<p><a href='/staff/notices'>緊急のお知らせ / Urgent notices</a></p>"
                       if session.can_edit else "")
            notices += "<p><a href='/staff/report'>答えられなかった質問 / Unanswered questions</a></p>"
            logout = (f"<form method='post' action='/staff/logout'>{_csrf_field(session)}"
                      f"<button>Log out ({e(session.name)}, {e(session.role)})</button></form>")
            topics = " · ".join(f"<a href='/staff/topics/{e(t)}'>{e(t)}</a>" for t in topic_ids())
            notices += "<p><a href='/staff/places'>案内先 / Places (hours, phones, languages)</a></p>"
            new = "<p><a href='/staff/new-entry'>新しいエントリー / New entry</a></p>" if session.can_edit else ""
            return _page("FAQ entries", f"{logout}{notices}{new}{search}<ul>{''.join(rows)}</ul>"
                         f"<h2>Topics (general answers)</h2><p>{topics}</p>")

        @console.route("/login", methods=["GET", "POST"])
        async def login(request: Request) -> HTTPResponse:
            message = ""
            if request.method == "POST":
                address = request.remote_addr or request.ip
                if not self._logins.allow(address):
                    return _page("Log in", "<p>Too many attempts: wait a minute.</p>", 429)
                done = staff.log_in(self._engine, request.form.get("name", ""),
                                    request.form.get("password", ""))
                if done:
                    token, _ = done
                    answer = response.redirect("/staff/", headers=HEADERS)
                    answer.cookies[COOKIE] = token
                    answer.cookies[COOKIE]["httponly"] = True
                    answer.cookies[COOKIE]["samesite"] = "Strict"
                    answer.cookies[COOKIE]["path"] = "/staff"
                    answer.cookies[COOKIE]["secure"] = _behind_tls(request)
                    return answer
                message = "<p role='alert'>Wrong name or password, or the account is locked.</p>"
            form = ("<form method='post' action='/staff/login'><label>Name <input name='name' "
                    "autocomplete='username'></label> <label>Password <input type='password' "
                    "name='password' autocomplete='current-password'></label> "
                    "<button>Log in</button></form>")
            return _page("Log in", message + form, 401 if message else 200)

        @console.route("/logout", methods=["POST"])
        async def logout(request: Request) -> HTTPResponse:
            session = self._session(request)
            if session and self._csrf_ok(request, session):
                staff.log_out(self._engine, request.cookies.get(COOKIE))
            return response.redirect("/staff/login", headers=HEADERS)

        @console.route("/entries/<entry_id>", methods=["GET", "POST"])
        @self._guarded
        async def entry(request: Request, session: staff.Session, entry_id: str) -> HTTPResponse:
            found = self._find(entry_id)
            if found is None:
                return _page("Not found", "<p>No such entry.</p>", 404)
            return await self._edit(request, session, found[0], entry_id, f"entry {entry_id}")

        @console.route("/topics/<topic_id>", methods=["GET", "POST"])
        @self._guarded
        async def topic(request: Request, session: staff.Session, topic_id: str) -> HTTPResponse:
            path = self._faq_dir / f"{topic_id}.yml"
            if topic_id not in topic_ids() or not path.exists():
                return _page("Not found", "<p>No such topic.</p>", 404)
            return await self._edit(request, session, path, None, f"topic {topic_id}")

        @console.route("/places", methods=["GET"])
        @self._guarded
        async def places(request: Request, session: staff.Session) -> HTTPResponse:
            return _page("Places", self._place_list())

        @console.route("/places/<place_id>", methods=["GET", "POST"])
        @self._guarded
        async def place(request: Request, session: staff.Session, place_id: str) -> HTTPResponse:
            found = self._find_place(place_id)
            if found is None:
                return _page("Not found", "<p>No such place.</p>", 404)
            return self._edit_place(request, session, *found)

        @console.route("/new-entry", methods=["GET", "POST"])
        @self._guarded
        async def new_entry(request: Request, session: staff.Session) -> HTTPResponse:
            notes = ""
            if request.method == "POST":
                notes = self._add_entry(session, request.form)
                if notes is None:
                    return response.redirect(f"/staff/entries/{request.form.get('id', '')}",
                                             headers=HEADERS)
            return _page("New entry", notes + self._new_entry_form(session, request))

        @console.route("/report", methods=["GET"])
        @self._guarded
        async def report(request: Request, session: staff.Session) -> HTTPResponse:
            language = request.args.get("language", "")
            language = language if language in reply_languages() else ""
            return _page("Unanswered questions", self._report(language))

        @console.route("/notices", methods=["GET", "POST"])
        @self._guarded
        async def notices(request: Request, session: staff.Session) -> HTTPResponse:
            notes = ""
            if request.method == "POST":
                notes = self._publish(session, request.form)
            return _page("Urgent notices", notes + self._notice_form(session))

        return console

    # --- answers of entries and topics ------------------------------------------------------
    async def _edit(self, request: Request, session: staff.Session, path, entry_id: str | None,
                    what: str) -> HTTPResponse:
        notes = ""
        if request.method == "POST":
            answers = {lang: request.form.get(f"answer_{lang}", "") for lang in reply_languages()}
            try:
                problems, warnings, before, after = save_answers(
                    path, entry_id, answers, request.form.get("version", ""))
            except EditConflict:
                return _conflict(request)
            if problems:
                notes = _problems(problems)
            else:
                staff.audit(self._engine, session.name, what, before, after)
                notes = "<p role='status'>Saved: live within a few seconds.</p>" + "".join(
                    f"<p>{e(w)}</p>" for w in warnings)
        current = (self._find(entry_id)[1] if entry_id else parse_topic(path)[0])
        return _page(what, notes + self._entry_form(session, path, current))

    # --- entries ---------------------------------------------------------------------------
    def _entries(self, query: str):
        for path in entry_files(self._entries_dir):
            for entry, _ in check_entries_file(path)[1]:
                text = " ".join([entry.id, *entry.questions(), *entry.answer.values()]).casefold()
                if not query or query.casefold() in text:
                    yield entry

    def _find(self, entry_id: str):
        for path in entry_files(self._entries_dir):
            for entry, _ in check_entries_file(path)[1]:
                if entry.id == entry_id:
                    return path, entry
        return None

    def _entry_form(self, session: staff.Session, path, current) -> str:
        disabled = "" if session.can_edit else " disabled"
        fields, previews = [], []
        for lang in reply_languages():
            text = current.answer.get(lang, "")
            fields.append(f"<p><label for='answer_{e(lang)}'>{e(lang)}</label><br>"
                          f"<textarea id='answer_{e(lang)}' name='answer_{e(lang)}' rows='6' "
                          f"cols='80'{disabled}>{e(text)}</textarea></p>")
            previews.append(_preview(lang, current.answer_in(lang)))
        button = "<button>Save</button>" if session.can_edit else "<p>Viewers cannot edit.</p>"
        opened = version(path.read_text(encoding="utf-8"))
        heading = current.question_in("ja") if hasattr(current, "question_in") else current.title_in("ja")
        return (f"<p>{e(heading)}</p><form method='post'>{_csrf_field(session)}"
                f"<input type='hidden' name='version' value='{opened}'>{''.join(fields)}{button}"
                f"</form><h2>Preview (as residents see it)</h2>{''.join(previews)}"
                "<p><a href='/staff/'>All entries</a></p>")

    def _new_entry_form(self, session: staff.Session, request: Request) -> str:
        if not session.can_edit:
            return "<p>Viewers cannot add entries.</p>"
        values = request.form if request.method == "POST" else request.args
        also = "\n".join(values.getlist("also") or [])
        topics = "".join(f"<option value='{e(t)}'{' selected' if t == values.get('topic') else ''}>"
                         f"{e(t)}</option>" for t in topic_ids())
        field = lambda name, label, size=60: (  # noqa: E731
            f"<p><label for='{name}'>{label}</label><br><input id='{name}' name='{name}' "
            f"size='{size}' value='{e(values.get(name, ''))}'></p>")
        answers = "".join(f"<p><label for='answer_{lang}'>answer {lang}</label><br><textarea "
                          f"id='answer_{lang}' name='answer_{lang}' rows='4' cols='80'>"
                          f"{e(values.get(f'answer_{lang}', ''))}</textarea></p>"
                          for lang in ("ja", "ja-easy", "en"))
        return (f"<form method='post' action='/staff/new-entry'>{_csrf_field(session)}"
                f"{field('id', 'id (letters, digits, -)', 40)}<p><label for='topic'>topic</label> "
                f"<select id='topic' name='topic'>{topics}</select></p>"
                f"{field('question_ja', 'question ja')}{field('question_en', 'question en')}"
                f"<p><label for='also'>other ways people ask it (one a line)</label><br><textarea "
                f"id='also' name='also' rows='4' cols='80'>{e(also)}</textarea></p>{answers}"
                f"{field('source_url', 'source (https://…)')}{field('source_title', 'source title')}"
                f"{field('checked', 'checked on (YYYY-MM-DD)', 12)}<button>Add the entry</button></form>")

    def _add_entry(self, session: staff.Session, form) -> str | None:
        """None when the entry was added; else the problems, for the form."""
        entry_id = form.get("id", "").strip()
        if not entry_id or self._find(entry_id) is not None:
            return "<p role='alert'>Give the entry an id that no other entry has.</p>"
        topic = form.get("topic", "")
        entry = {"id": entry_id, "topic": topic,
                 "question": {lang: form.get(f"question_{lang}", "").strip() for lang in ("ja", "en")
                              if form.get(f"question_{lang}", "").strip()},
                 "also": [line.strip() for line in form.get("also", "").splitlines() if line.strip()],
                 "answer": {lang: form.get(f"answer_{lang}", "") for lang in ("ja", "ja-easy", "en")},
                 "sources": [{"url": form.get("source_url", "").strip(),
                              "title": form.get("source_title", "").strip(),
                              "checked": form.get("checked", "").strip()}],
                 "last_reviewed": tokyo_now().date().isoformat()}
        if topic not in topic_ids() or "/" in topic:
            return "<p role='alert'>Choose a topic.</p>"
        problems, written = add_entry(self._entries_dir / f"{topic}.yml", entry)
        if problems:
            return _problems(problems)
        staff.audit(self._engine, session.name, f"new entry {entry_id}", None, written)
        return None

    # --- the service directory --------------------------------------------------------------
    def _places(self):
        for path in service_files(self._services_dir):
            for service, _ in check_services_file(path)[1]:
                yield path, service

    def _find_place(self, place_id: str):
        return next(((path, s) for path, s in self._places() if s.id == place_id), None)

    def _place_list(self) -> str:
        rows = "".join(f"<li><a href='/staff/places/{e(s.id)}'>{e(s.id)}</a> — {e(s.name['ja'])} / "
                       f"{e(s.name['en'])} ({e(s.kind)})</li>" for _, s in self._places())
        return f"<ul>{rows}</ul><p><a href='/staff/'>All entries</a></p>"

    def _edit_place(self, request: Request, session: staff.Session, path, service) -> HTTPResponse:
        notes = ""
        if request.method == "POST":
            facts = facts_from_form(request.form)
            try:
                problems, before, after = save_place(path, service.id, facts,
                                                     request.form.get("version", ""), tokyo_now().date())
            except EditConflict:
                return _conflict(request)
            if problems:
                notes = _problems(problems)
            else:
                staff.audit(self._engine, session.name, f"place {service.id}", before, after)
                notes = "<p role='status'>Saved: live within a few seconds.</p>"
                path, service = self._find_place(service.id)
        return _page(f"{service.name['ja']} / {service.name['en']}",
                     notes + self._place_form(session, path, service))

    def _place_form(self, session: staff.Session, path, service) -> str:
        entry = service.entry
        disabled = "" if session.can_edit else " disabled"

        def text(name: str, label: str, value: str, size: int = 40) -> str:
            return (f"<p><label for='{name}'>{label}</label> <input id='{name}' name='{name}' "
                    f"size='{size}' value='{e(value)}'{disabled}></p>")

        def box(name: str, label: str) -> str:
            checked = " checked" if entry.get(name, name == "closed_on_public_holidays") else ""
            return (f"<p><label><input type='checkbox' name='{name}'{checked}{disabled}> {label}"
                    "</label></p>")

        hours = entry.get("hours") or {}
        days = "".join(text(f"hours_{day}", f"{day}", ", ".join(hours.get(day, [])), 30)
                       for day in WEEKDAYS)
        languages = (f"<p><label for='languages'>languages (one a line; weekdays after a colon, "
                     f"e.g. <code>vi: tue thu</code>)</label><br><textarea id='languages' "
                     f"name='languages' rows='5' cols='40'{disabled}>"
                     f"{e(languages_text(entry.get('languages', [])))}</textarea></p>")
        button = "<button>Save</button>" if session.can_edit else "<p>Viewers cannot edit.</p>"
        opened = version(path.read_text(encoding="utf-8"))
        now = tokyo_now()
        previews = "".join(_preview(lang, describe(service, now, lang))
                           for lang in ("ja", "ja-easy", "en"))
        return (f"<form method='post'>{_csrf_field(session)}"
                f"<input type='hidden' name='version' value='{opened}'>"
                f"{text('phone', 'phone', entry.get('phone') or '')}"
                f"<fieldset><legend>Opening hours (e.g. 09:00-12:00, 13:00-17:00; empty: closed)"
                f"</legend>{days}{box('hours_unknown', 'hours unknown')}</fieldset>"
                f"{box('closed_on_public_holidays', 'closed on public holidays')}"
                f"{text('holiday_hours', 'hours on public holidays', ', '.join(entry.get('holiday_hours', [])))}"
                f"{text('closed_dates', 'closed dates (MM-DD, e.g. 12-29, 01-03)', ', '.join(entry.get('closed_dates', [])), 60)}"
                f"{languages}{button}</form><h2>As residents see it now</h2>{previews}"
                "<p><a href='/staff/places'>All places</a></p>")

    # --- the unanswered questions -----------------------------------------------------------
    def _report(self, language: str) -> str:
        now = dt.datetime.now(dt.timezone.utc)
        weeks = unanswered.weekly_counts(self._engine, REPORT_WEEKS, now, language or None)
        found = unanswered.groups(self._engine, now - dt.timedelta(weeks=REPORT_WEEKS),
                                  language=language or None)
        choices = "".join(f"<option value='{e(code)}'{' selected' if code == language else ''}>"
                          f"{e(code)}</option>" for code in reply_languages())
        picker = (f"<form method='get' action='/staff/report'><label>Language <select name='language'>"
                  f"<option value=''>all</option>{choices}</select></label> <button>Show</button></form>")
        rows = "".join(
            f"<h3>{group.count} × {e(' / '.join(group.examples))}</h3><p>{e(', '.join(group.languages))}"
            f" · closest topics: {e(', '.join(group.closest_topics) or '-')}</p>"
            f"<p><a href='/staff/new-entry?{e(_query(group))}'>Write an entry for these "
            f"questions</a></p><details><summary>As YAML</summary><pre>"
            f"{e(unanswered.entry_skeleton(group, number))}</pre></details>"
            for number, group in enumerate(found[:REPORT_GROUPS], 1))
        return picker + weekly_chart(weeks) + (rows or "<p>Nothing unanswered.</p>")

    # --- notices ---------------------------------------------------------------------------
    def _notice_form(self, session: staff.Session) -> str:
        if not session.can_edit:
            return "<p>Viewers cannot publish notices.</p>"
        texts = "".join(f"<p><label>{kind} {lang} <input name='{kind}_{lang}' size='60'></label></p>"
                        for kind in ("title", "text") for lang in reply_languages())
        texts = "<p>ja, ja-easy and en are needed; the other languages when you have them.</p>" + texts
        return (f"<form method='post'>{_csrf_field(session)}<p><label>id <input name='id' "
                f"pattern='[a-z0-9][a-z0-9_-]*' required></label></p>{texts}<p><label>hours from now "
                f"<input name='hours' type='number' min='1' max='336' value='24'></label></p>"
                f"<p><label>link (https) <input name='link' size='60'></label></p>"
                f"<button>Publish now</button></form>")

    def _publish(self, session: staff.Session, form) -> str:
        notice_id = form.get("id", "")
        start = tokyo_now().replace(microsecond=0)
        hours = int(form.get("hours") or 24) if (form.get("hours") or "24").isdigit() else 24
        notice = {"id": notice_id, "start": start.isoformat(),
                  "end": (start + dt.timedelta(hours=hours)).isoformat(),
                  "title": _given(form, "title"), "text": _given(form, "text")}
        if form.get("link"):
            notice["link"] = form.get("link")
        if not notice_id or "/" in notice_id or notice_id.startswith("."):
            return "<p role='alert'>An id of letters, digits and - is needed.</p>"
        path = self._notices_dir / f"{notice_id}.yml"
        draft = self._notices_dir / f".{notice_id}.draft"
        draft.write_text(yaml.safe_dump({"notices": [notice]}, allow_unicode=True, sort_keys=False),
                         encoding="utf-8")
        problems, _ = check_notices_file(draft)
        if problems:
            draft.unlink()
            return _problems([p.message for p in problems])
        draft.replace(path)
        staff.audit(self._engine, session.name, f"notice {notice_id}", None, notice)
        return "<p role='status'>Published: live within a few seconds.</p>"


def _conflict(request: Request) -> HTTPResponse:
    return _page("Conflict", "<p>Someone saved this file after you opened it: "
                 f"<a href='{e(request.path)}'>open it again</a>; your changes were not saved.</p>",
                 409)


def _problems(problems: list[str]) -> str:
    return "<ul role='alert'>" + "".join(f"<li>{e(p)}</li>" for p in problems) + "</ul>"


def _given(form, kind: str) -> dict[str, str]:
    """A notice's title or text in each language filled in (ja, ja-easy, en are checked for)."""
    texts = {lang: form.get(f"{kind}_{lang}", "").strip() for lang in reply_languages()}
    return {lang: text for lang, text in texts.items() if text or lang in REQUIRED_LANGUAGES}


def _preview(language: str, text: str) -> str:
    """A reply as the widget shows it: text (never markup), line breaks, readings as <ruby>."""
    shown = as_ruby(e(text)).replace("\n", "<br>")
    return f"<h3>{e(language)}</h3><p class='preview' lang='{e(language)}'>{shown}</p>"


def _query(group) -> str:
    """The new-entry form's address, filled in from a group of unanswered questions."""
    from urllib.parse import urlencode

    fields = [("also", text) for text in group.examples]
    if group.closest_topics:
        fields.append(("topic", group.closest_topics[0]))
    return urlencode(fields)


def weekly_chart(weeks: list[tuple[dt.date, int]]) -> str:
    """Unanswered questions per week as an SVG bar chart, drawn here (no script, no CDN)."""
    tallest = max((count for _, count in weeks), default=0) or 1
    width, height, bar = 40 * len(weeks), 160, 28
    bars = "".join(
        f"<rect x='{40 * i + 6}' y='{130 - round(110 * count / tallest)}' width='{bar}' "
        f"height='{round(110 * count / tallest)}' fill='#0b4f8a'><title>{start:%Y-%m-%d}: {count}"
        f"</title></rect><text x='{40 * i + 20}' y='{126 - round(110 * count / tallest)}' "
        f"text-anchor='middle' font-size='11'>{count}</text><text x='{40 * i + 20}' y='150' "
        f"text-anchor='middle' font-size='10'>{start:%m/%d}</text>"
        for i, (start, count) in enumerate(weeks))
    return (f"<svg role='img' aria-label='Unanswered questions per week' width='{width}' "
            f"height='{height}' viewBox='0 0 {width} {height}'>{bars}</svg>")


def _behind_tls(request: Request) -> bool:
    return request.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
