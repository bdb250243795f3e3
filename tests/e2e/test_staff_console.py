"""The staff console in a real Chromium against the real servers: log in, change an answer and see
the assistant give it; viewers change nothing; no session, no console; a forged form is refused;
what staff type is shown as text."""

import os
import subprocess
import sys

import pytest

from kakehashi.tools.servers import REPO
from knowledge.entries import load_entries
from tests.e2e.conftest import poll

pytestmark = pytest.mark.e2e
EDITOR, VIEWER, PASSWORD = "anna", "ben", "correct horse battery staple"
ENTRY = "garbage-spray-cans"


@pytest.fixture(scope="module")
def accounts(database_url):
    for name, role in ((EDITOR, "editor"), (VIEWER, "viewer")):
        subprocess.run([sys.executable, "-m", "kakehashi.tools.cli", "staff", "add", name, "--role", role,
                        "--password-stdin"], input=PASSWORD + "\n", text=True, check=True,
                       cwd=REPO, env={**os.environ, "DATABASE_URL": database_url})


@pytest.fixture
def staff_page(browser, rasa_url, accounts):
    context = browser.new_context(locale="ja-JP")
    page = context.new_page()
    page.on("dialog", lambda dialog: pytest.fail(f"a script ran: {dialog.message}"))
    yield page
    context.close()


def log_in(page, rasa_url, name):
    page.goto(f"{rasa_url}/staff/")
    assert page.url.endswith("/staff/login")  # no session: the login page
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Search").wait_for()


def test_an_editor_changes_an_answer_and_the_assistant_gives_it(staff_page, rasa_url, faq_dir,
                                                                conversation):
    entries = faq_dir / "entries" / "garbage.yml"
    original = entries.read_text(encoding="utf-8")
    page = staff_page
    try:
        log_in(page, rasa_url, EDITOR)
        page.get_by_label("検索 / Search").fill("spray")
        page.get_by_role("button", name="Search").click()
        page.get_by_role("link", name=ENTRY).click()
        answer = page.get_by_label("en", exact=True)
        answer.fill("Spray cans: burnable-garbage day, 8:30. Marker 7741 <script>alert(1)</script>")
        page.get_by_role("button", name="Save").click()
        assert "Saved" in page.get_by_role("status").inner_text()
        assert "<script>alert(1)</script>" in page.locator(".preview[lang='en']").inner_text()
        [entry] = [e for e in load_entries(faq_dir / "entries")[1] if e.id == ENTRY]
        assert poll(lambda: "Marker 7741" in conversation.text(entry.question_in("en")),
                    within=20, every=1.0)
        assert "# FAQ entries: garbage" in entries.read_text(encoding="utf-8")  # comments kept
    finally:
        entries.write_text(original, encoding="utf-8")


def test_a_viewer_sees_but_cannot_change_and_a_forged_form_is_refused(staff_page, rasa_url):
    page = staff_page
    log_in(page, rasa_url, VIEWER)
    page.goto(f"{rasa_url}/staff/entries/{ENTRY}")
    assert page.get_by_role("button", name="Save").count() == 0
    assert page.get_by_label("en", exact=True).is_disabled()
    csrf = page.locator("input[name=csrf]").first.get_attribute("value")
    version = page.locator("input[name=version]").get_attribute("value")
    as_viewer = page.request.post(f"{rasa_url}/staff/entries/{ENTRY}",
                                  form={"csrf": csrf, "version": version, "answer_en": "x"})
    assert as_viewer.status == 403


def test_a_form_without_the_sessions_csrf_token_is_refused(staff_page, rasa_url):
    page = staff_page
    log_in(page, rasa_url, EDITOR)
    forged = page.request.post(f"{rasa_url}/staff/entries/{ENTRY}",
                               form={"csrf": "forged", "version": "x", "answer_en": "x"})
    assert forged.status == 403
    cookie = next(c for c in page.context.cookies() if c["name"] == "kakehashi_staff")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"


def test_the_unanswered_questions_report_with_its_weekly_chart_and_a_language_filter(
        staff_page, rasa_url, conversation):
    reply = conversation.text("What is the best ramen shop in Susukino? <b>kimono</b>")
    assert "can't answer" in reply  # kept for staff
    page = staff_page
    log_in(page, rasa_url, VIEWER)
    page.get_by_role("link", name="答えられなかった質問 / Unanswered questions").click()
    page.locator("svg[role=img]").wait_for()
    assert page.locator("svg[role=img] rect").count() == 12
    assert page.get_by_text("<b>kimono</b>", exact=False).count() >= 1
    assert page.locator("h3 b").count() == 0  # shown as typed, not as HTML
    page.get_by_label("Language").select_option("zh")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/staff/report?language=zh")
    page.locator("svg[role=img]").wait_for()
    assert page.get_by_text("kimono").count() == 0


def test_an_editor_writes_an_entry_for_an_unanswered_question_and_it_is_answered(
        staff_page, rasa_url, faq_dir, conversation):
    question = "What is the best ramen shop in Susukino?"
    assert "can't answer" in conversation.text(question)
    page = staff_page
    log_in(page, rasa_url, EDITOR)
    page.goto(f"{rasa_url}/staff/report")
    page.get_by_role("link", name="Write an entry for these questions").first.click()
    page.wait_for_url("**/staff/new-entry*")
    page.get_by_label("id (letters, digits, -)").fill("exchange_volunteer-ramen")
    page.get_by_label("topic").select_option("exchange_volunteer")
    page.get_by_label("question ja").fill("すすきので一番おいしいラーメン屋はどこですか")
    page.get_by_label("question en").fill(question)
    page.get_by_label("answer ja", exact=True).fill("お店の紹介はしていません。観光案内所で聞いてください。")
    page.get_by_label("answer ja-easy").fill("おみせの しょうかいは しません。")
    page.get_by_label("answer en", exact=True).fill("Ramen marker 5512: we do not recommend shops; ask a tourist office.")
    page.get_by_label("source (https://…)").fill("https://www.city.sapporo.jp/")
    page.get_by_label("source title").fill("札幌市")
    page.get_by_label("checked on (YYYY-MM-DD)").fill("2026-11-30")
    entries = faq_dir / "entries" / "exchange_volunteer.yml"
    original = entries.read_text(encoding="utf-8")
    try:
        page.get_by_role("button", name="Add the entry").click()
        assert page.url.endswith("/staff/entries/exchange_volunteer-ramen")
        assert poll(lambda: "Ramen marker 5512" in conversation.text(question), within=30, every=2.0)
    finally:
        entries.write_text(original, encoding="utf-8")


def test_a_topics_general_answer_is_edited_like_an_entry(staff_page, rasa_url, faq_dir):
    page = staff_page
    log_in(page, rasa_url, EDITOR)
    page.get_by_role("link", name="winter_life", exact=True).click()
    assert page.get_by_label("en", exact=True).input_value()  # the current answer, to edit
    assert page.get_by_role("button", name="Save").count() == 1


def test_an_editor_changes_a_places_phone_and_hours_and_the_assistant_gives_them(
        staff_page, rasa_url, services_dir, conversation):
    directory_file = services_dir / "fixture.yml"
    original = directory_file.read_text(encoding="utf-8")
    page = staff_page
    try:
        log_in(page, rasa_url, EDITOR)
        page.get_by_role("link", name="案内先 / Places (hours, phones, languages)").click()
        page.get_by_role("link", name="fixture_help_desk").click()
        page.get_by_label("mon", exact=True).fill("9:00-17:00")  # not HH:MM-HH:MM
        page.get_by_role("button", name="Save").click()
        assert page.get_by_role("alert").count() == 1
        assert directory_file.read_text(encoding="utf-8") == original  # nothing written
        page.get_by_label("mon", exact=True).fill("09:00-12:00, 13:00-17:00")
        page.get_by_label("phone").fill("011-000-0777")
        page.get_by_role("button", name="Save").click()
        assert "Saved" in page.get_by_role("status").inner_text()
        assert "011-000-0777" in page.locator(".preview[lang='en']").inner_text()
        assert poll(lambda: "011-000-0777" in conversation.text("I want to talk to a person"),
                    within=20, every=1.0)
    finally:
        directory_file.write_text(original, encoding="utf-8")


def test_a_viewer_sees_a_place_but_cannot_change_it(staff_page, rasa_url):
    page = staff_page
    log_in(page, rasa_url, VIEWER)
    page.goto(f"{rasa_url}/staff/places/fixture_help_desk")
    assert page.get_by_label("phone").is_disabled()
    assert page.get_by_role("button", name="Save").count() == 0


def test_what_is_happening_is_answered_by_the_published_notice_alone(
        staff_page, rasa_url, notices_dir, conversation):
    assert "no urgent notices" in conversation.text("What is happening right now?")
    page = staff_page
    log_in(page, rasa_url, EDITOR)
    page.get_by_role("link", name="緊急のお知らせ / Urgent notices").click()
    page.get_by_label("id").fill("storm-test")
    for language, words in (("ja", "大雪"), ("ja-easy", "おおゆき"), ("en", "Heavy snow")):
        page.get_by_label(f"title {language}", exact=True).fill(f"{words} 4471")
        page.get_by_label(f"text {language}", exact=True).fill(f"{words}: stay home. 4471")
    try:
        page.get_by_role("button", name="Publish now").click()
        assert "Published" in page.get_by_role("status").inner_text()
        assert poll(lambda: "Heavy snow 4471" in conversation.text("What is happening right now?"),
                    within=20, every=1.0)
        reply = conversation.text("What is happening right now?")
        assert "no urgent notices" not in reply
        assert "Heavy snow 4471" in conversation.text("How do I sort garbage?")  # before answers
    finally:
        (notices_dir / "storm-test.yml").unlink(missing_ok=True)


def test_a_save_over_a_file_changed_since_it_was_opened_is_refused_and_says_so(
        staff_page, rasa_url, services_dir):
    directory_file = services_dir / "fixture.yml"
    original = directory_file.read_text(encoding="utf-8")
    page = staff_page
    try:
        log_in(page, rasa_url, EDITOR)
        page.goto(f"{rasa_url}/staff/places/fixture_help_desk")
        page.get_by_label("phone").fill("011-000-0555")
        other_edit = original.replace("011-000-0001", "011-000-0444")  # someone else saves
        directory_file.write_text(other_edit, encoding="utf-8")
        page.get_by_role("button", name="Save").click()
        assert "Someone saved this file after you opened it" in page.content()
        assert directory_file.read_text(encoding="utf-8") == other_edit  # theirs is kept
    finally:
        directory_file.write_text(original, encoding="utf-8")
