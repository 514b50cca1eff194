"""The co-production studio in Chromium: an editor writes a questionnaire of three statements in
English and Welsh, picks an OpenMoji picture and uploads a PNG with its licence, records a
person's voice with the fake microphone, a reviewer approves, the editor publishes, a respondent
answers it hearing the recorded voice, the editor gives one statement words with a new meaning,
and the report keeps the two versions apart. Every studio page passes axe; the statement form
works with the keyboard alone.

It publishes, so it runs on a portal and database of its own (the other browser tests share one)."""

from __future__ import annotations

import io
import secrets
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from flask import Flask
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from portal.areas.models import Area, ShareLink
from portal.content import current_bank
from portal.content.models import Questionnaire
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.results import build_report
from tests.browser.conftest import DESKTOP, QuietRequestHandler, buffered
from tests.browser.helpers import (
    AxeTally,
    assert_no_problems,
    record_with_fake_microphone,
    screenshot_dir,
    signed_in,
    submit,
    tab_to,
    visit,
    walk_to_first_question,
)
from tests.browser.test_voice_comment import microphone_browser  # noqa: F401  (a fixture)
from tests.conftest import USING_POSTGRES, _prepare, make_app, new_database
from tests.reports.fixtures import PTABLE, add_answers

TABLET = {"width": 768, "height": 1024}
HARM = (
    "Someone hurts me at home.",
    "Someone hurts them at home.",
    "Mae rhywun yn fy mrifo i gartref.",
)
LOCK = ("I can lock my door.", "They can lock their door.", "Rydw i'n gallu cloi fy nrws.")
LOCKED_IN = (
    "Other people lock my door.",
    "Other people lock their door.",
    "Mae pobl eraill yn cloi fy nrws.",
)
Q3 = Quarter(2026, 3)


@pytest.fixture(scope="module")
def studio_site(
    template_database: str, audio_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Flask, str]]:
    """A portal of its own on a database of its own, served over HTTP: (app, base URL)."""
    folder = tmp_path_factory.mktemp("studio")
    with new_database(folder) if USING_POSTGRES else _no_database() as url:
        if url:
            _prepare(url)
        app = make_app(url or template_database, audio_dir, folder)
        server = make_server(
            "127.0.0.1", 0, buffered(app), threaded=True, request_handler=QuietRequestHandler
        )
        thread = threading.Thread(target=server.serve_forever, name="studio-portal", daemon=True)
        thread.start()
        yield app, f"http://127.0.0.1:{server.server_port}"
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        app.extensions["db_engine"].dispose()


class _no_database:
    """SQLite: make_app copies the template database into the test's folder."""

    def __enter__(self) -> str:
        return ""

    def __exit__(self, *_: object) -> None:
        return None


def _press(page: Page, words: str) -> None:
    submit(page, f"button:has-text('{words}')")


def _write_statement(
    page: Page, words: tuple[str, str, str], picture: str, *, no_good: bool = False, alert: str = ""
) -> None:
    visit(page, "/staff/studio/statements/new")
    page.select_option("#theme", "my-home")
    page.fill("#text", words[0])
    page.fill("#they", words[1])
    page.select_option("#picture", picture)
    page.check("#audiences-self_advocate")
    page.check("#direction-no_good" if no_good else "#direction-yes_good")
    if alert:
        page.check(f"#alert_on-{alert}")
    page.check("#origin-proposed-locally")
    page.fill("#text_cy", words[2])
    _press(page, "Save in my changes")
    assert "Saved in your changes" in page.inner_text("main"), page.inner_text("main")[:800]


def _png() -> bytes:
    image = Image.new("RGB", (200, 160), "white")
    for x in range(40, 160):
        for y in range(30, 130):
            image.putpixel((x, y), (29, 112, 184))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _context(
    browser: Browser, site: tuple[Flask, str], role: str, viewport: dict[str, int] = DESKTOP
) -> Page:
    app, base = site
    context: BrowserContext = signed_in(browser, base, app, role, viewport)
    return context.new_page()


def test_a_statement_is_written_with_the_keyboard_alone_and_the_rule_is_said_beside_the_box(
    browser: Browser, studio_site: tuple[Flask, str], axe_tally: AxeTally
) -> None:
    page = _context(browser, studio_site, "content_editor")
    visit(page, "/staff/studio/")
    assert_no_problems(page, "studio home", axe_tally)
    tab_to(page, "a[href$='/staff/studio/statements/new']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_no_problems(page, "studio: new statement", axe_tally)
    tab_to(page, "#theme")
    page.keyboard.type("My home")  # a select chooses the option whose words start like this
    tab_to(page, "#text")
    page.keyboard.type(
        "I like my garden and the flowers and the trees and the birds and the sky a lot."
    )
    page.wait_for_timeout(1200)  # studio.js checks the words after a pause in typing
    assert "Easy read rule [sentence length]" in page.inner_text("#text-live")
    tab_to(page, "#they")
    page.keyboard.type("They like their garden.")
    tab_to(page, "#picture")
    page.keyboard.type("A bed")
    for box in ("#audiences-self_advocate", "#direction-yes_good"):
        tab_to(page, box)
        page.keyboard.press("Space")
    tab_to(page, "#origin-seed")  # Tab reaches a group of radios at its first; arrows move on
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#origin-proposed-locally")
    tab_to(page, "form[data-check-url] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#text-error").inner_text().count("Easy read rule [sentence length]") == 1
    assert_no_problems(page, "studio: statement with a problem", axe_tally)
    page.screenshot(path=screenshot_dir() / "issue16-statement-error-1024.png", full_page=False)
    tab_to(page, "#text")
    page.keyboard.press("Control+A")
    page.keyboard.type("I like my garden.")
    tab_to(page, "form[data-check-url] button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Saved in your changes" in page.inner_text("main")
    page.context.close()


def _add_openmoji(page: Page, query: str, code: str, name: str, alt: str) -> None:
    visit(page, f"/staff/studio/pictures?q={query}")
    page.fill(f"#add-{code}-name", name)
    page.fill(f"#add-{code}-alt", alt)
    submit(page, f"#openmoji-{code} button")
    assert "The picture is in your changes" in page.inner_text("main")


def _upload_png(page: Page, folder: Path, name: str) -> None:
    drawing = folder / f"{name}.png"
    drawing.write_bytes(_png())
    visit(page, "/staff/studio/pictures/upload")
    page.set_input_files("#file", str(drawing))
    page.fill("#name", name)
    page.fill("#alt", "A blue key on a door.")
    page.fill("#licence", "CC BY 4.0")
    page.fill("#author", "Our Advisory Group")
    submit(page, "button:has-text('Upload the picture')")
    assert page.locator(f"#picture-{name} img").is_visible()


def _review_and_publish(editor: Page, reviewer: Page, note: str, axe_tally: AxeTally) -> None:
    visit(editor, "/staff/studio/")
    editor.fill("#note", note)
    _press(editor, "Send to the reviewers")
    visit(reviewer, "/staff/studio/changes/")
    assert note in reviewer.inner_text("main")
    assert_no_problems(reviewer, "studio changes for a reviewer", axe_tally)
    reviewer.fill("#body", "The pictures are clear. We like the voice.")
    _press(reviewer, "Save my comment")
    _press(reviewer, "Approve these changes")
    assert "Approved" in reviewer.inner_text("main")
    visit(editor, "/staff/studio/")
    _press(editor, "Publish the changes")
    assert "Published" in editor.inner_text("main")


def _duration(page: Page, src: str) -> float:
    """How long a clip plays, as the browser reads it."""
    return float(
        page.evaluate(
            """src => new Promise((done, fail) => {
                const audio = new Audio(src);
                audio.addEventListener("loadedmetadata", () => done(audio.duration));
                audio.addEventListener("error", () => fail(new Error("the clip failed")));
            })""",
            src,
        )
    )


def test_a_questionnaire_is_written_reviewed_published_answered_and_changed(
    browser: Browser,
    microphone_browser: Browser,  # noqa: F811
    studio_site: tuple[Flask, str],
    axe_tally: AxeTally,
    tmp_path: Path,
) -> None:
    app, base = studio_site
    editor = _context(microphone_browser, studio_site, "content_editor")
    reviewer = _context(browser, studio_site, "reviewer", TABLET)

    _add_openmoji(editor, "door", "1F6AA", "front-door", "A front door.")
    _upload_png(editor, tmp_path, "door-key")
    _write_statement(editor, HARM, "warning-sign", no_good=True, alert="yes")
    _write_statement(editor, LOCK, "front-door")
    _write_statement(editor, LOCKED_IN, "door-key", no_good=True)

    visit(editor, "/staff/studio/questionnaires/new")
    assert_no_problems(editor, "studio: new questionnaire", axe_tally)
    editor.fill("#ident", "my-door")
    editor.fill("#title", "About your door")
    editor.fill("#intro", "These sentences are about your home and your door.")
    editor.check("#audience-self_advocate")
    editor.fill("#retention_months", "24")
    for n, statement_id in enumerate(
        ("someone-hurts-me-at-home", "i-can-lock-my-door", "other-people-lock-my-door"), start=1
    ):
        editor.fill(f"#position-{statement_id}", str(n))
    editor.select_option("#mirror_yes", "i-can-lock-my-door")
    editor.select_option("#mirror_no", "other-people-lock-my-door")
    editor.fill("#title_cy", "Am eich drws")
    editor.fill("#intro_cy", "Mae'r brawddegau hyn am eich cartref a'ch drws.")
    _press(editor, "Save in my changes")
    assert "Saved in your changes" in editor.inner_text("main")

    # a person of the Advisory Group lends their voice to the safety statement
    visit(editor, "/staff/studio/voices/my-door/en")
    item = editor.locator("li.studio-voices__item", has_text=HARM[0]).first
    submit(editor, f"#{item.get_attribute('id')} a.button")
    record_with_fake_microphone(editor)
    editor.fill("#speaker", "Megan")
    editor.check("#credit")
    submit(editor, "button:has-text('Save this voice')")
    assert "The voice is saved in your changes" in editor.inner_text("main")

    visit(reviewer, "/staff/studio/changes/preview/my-door/2?language=cy&who=own")
    assert reviewer.locator("h1").inner_text() == LOCK[2]
    assert_no_problems(reviewer, "studio preview of a question", axe_tally, language="cy")
    reviewer.screenshot(path=screenshot_dir() / "issue16-preview-cy-768.png", full_page=False)
    _review_and_publish(
        editor, reviewer, "Three statements about doors, in English and Welsh.", axe_tally
    )

    with Session(app.extensions["db_engine"]) as db, db.begin():
        area = Area(name="Studio test area")
        db.add(area)
        db.flush()
        token = secrets.token_urlsafe(8)
        db.add(ShareLink(token=token, questionnaire_slug="my-door", area_id=area.id, label="Doors"))

    person = browser.new_context(base_url=base, viewport=TABLET)  # type: ignore[arg-type]
    page = person.new_page()
    visit(page, f"/s/{token}")
    for _ in walk_to_first_question(page, "en"):
        pass
    assert page.locator("h1.statement__text").inner_text() == HARM[0]
    spoken = page.locator("audio source, audio[src]").first
    src = spoken.get_attribute("src") or ""
    assert src.startswith("/audio/voice/"), f"the recorded voice, not the synthetic one: {src}"
    assert 2 <= _duration(page, src) <= 4.5
    assert page.locator("img.statement__picture").is_visible()
    assert_no_problems(page, "question with a recorded voice", axe_tally)
    page.screenshot(path=screenshot_dir() / "issue16-recorded-voice-768.png", full_page=False)
    page.check("#answer-no")
    submit(page, "button[name=action][value=next]")
    assert page.locator("img.statement__picture").evaluate("img => img.naturalWidth > 0")
    visit(page, "/attributions")
    assert "Megan" in page.inner_text("main") and "Our Advisory Group" in page.inner_text("main")
    person.close()

    with Session(app.extensions["db_engine"]) as db, db.begin():
        first = db.scalar(select(Questionnaire.id).where(Questionnaire.slug == "my-door"))
        add_answers(db, first, {"i-can-lock-my-door": "yes"}, 12, datetime(2026, 8, 12, 14))

    visit(editor, "/staff/studio/statements/i-can-lock-my-door")
    editor.fill("#text", "I can lock my bedroom door.")
    editor.fill("#they", "They can lock their bedroom door.")
    editor.check("#meaning-new")
    _press(editor, "Save in my changes")
    assert "Saved in your changes" in editor.inner_text("main")
    _review_and_publish(editor, reviewer, "The door is the bedroom door now.", axe_tally)

    with Session(app.extensions["db_engine"]) as db, db.begin():
        second = db.scalar(
            select(Questionnaire.id).where(
                Questionnaire.slug == "my-door", Questionnaire.version == 2
            )
        )
        add_answers(db, second, {"i-can-lock-my-bedroom-door": "no"}, 12, datetime(2026, 9, 2, 11))
        with app.app_context():
            bank = current_bank("en")
        report = build_report(
            db, bank, ReportFilters("my-door", Q3, Q3), PTABLE, made_at=datetime(2026, 11, 20, 9)
        )
    shown = {s.id: s for theme in report.themes for s in theme.statements}
    assert shown["i-can-lock-my-door"].now.counts["yes"] == 10  # version 1's words, apart
    assert shown["i-can-lock-my-bedroom-door"].now.counts["no"] == 10  # version 2's, apart
    assert shown["i-can-lock-my-door"].asked_in == "The figures come from questionnaire version 1."
    editor.context.close()
    reviewer.context.close()
