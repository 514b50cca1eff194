"""A person says their "Tell us more" into the microphone (Chromium's fake audio device), sends
it, and a moderator plays it, types the words and approves it; the recording is then gone.

Chromium for these tests is a second one, launched from the same Playwright with the fake
microphone (a beep every second) and permission granted without asking; the other browser
tests keep their own Chromium without these switches."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.comments.models import Comment, CommentRecording
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, DESKTOP
from tests.browser.helpers import (
    AxeTally,
    OpenPage,
    page_problems,
    path_of,
    screenshot_dir,
    signed_in,
    submit,
    visit,
    walk_to_first_question,
)

FAKE_MICROPHONE = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
SAID = "The staff at my house are kind to me."
QUESTIONS = load_bank(PROJECT_ROOT / "content").questionnaires["self-advocates"].statement_ids


@pytest.fixture(scope="module")
def microphone_browser(browser: Browser) -> Iterator[Browser]:
    """Chromium with a fake microphone that needs no permission prompt."""
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS + FAKE_MICROPHONE
    )
    yield chromium
    chromium.close()


@pytest.fixture
def person(microphone_browser: Browser, live_server: str) -> Iterator[Page]:
    context: BrowserContext = microphone_browser.new_context(base_url=live_server, viewport=DESKTOP)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def open_tell_more(page: Page, language: str = "en") -> str:
    """Start in `language`, agree, go to the first question, choose an answer and press "Tell
    us more" (straight to the question: a practice page may come first)."""
    for name in walk_to_first_question(page, language):
        if name == "consent":
            break
    submit(page)  # I agree
    statement = QUESTIONS[0]
    visit(page, f"/question/{statement}")
    page.check("#answer-sometimes")
    submit(page, "button[name=action][value=more]")
    assert path_of(page) == f"/question/{statement}/more", path_of(page)
    return statement


def recordings(live_app: Flask) -> dict[int, float]:
    with Session(live_app.extensions["db_engine"]) as db:
        return dict(db.execute(select(CommentRecording.comment_id, CommentRecording.seconds)).all())


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_tell_more_page_with_its_recorder_passes_axe(
    person: Page, language: str, axe_tally: AxeTally
) -> None:
    open_tell_more(person, language)
    person.locator("[data-recorder-controls]").wait_for(state="visible")
    assert person.locator("[data-recorder-state=ready]").is_visible()
    assert person.locator("input[type=file]").is_hidden(), "Record replaces the file field"
    problems = page_problems(person, language, "tell us more, speaking", axe_tally)
    assert problems == [], "\n".join(problems)
    person.screenshot(path=screenshot_dir() / f"{language}_tell_more_speak.png", full_page=True)


def test_without_javascript_the_page_offers_the_devices_recorder(
    open_page: OpenPage, axe_tally: AxeTally
) -> None:
    page = open_page(**DESKTOP, javascript=False)
    open_tell_more(page)
    field = page.locator("input[type=file]#recording")
    assert field.is_visible()
    assert field.get_attribute("accept") == "audio/*"
    assert page.locator("[data-recorder-controls]").is_hidden()
    problems = page_problems(page, "en", "tell us more, speaking", axe_tally, javascript=False)
    assert problems == [], "\n".join(problems)


def test_a_person_records_3_seconds_and_a_moderator_plays_types_and_approves_it(
    person: Page,
    browser: Browser,
    live_server: str,
    live_app: Flask,
    axe_tally: AxeTally,
) -> None:
    before = recordings(live_app)
    open_tell_more(person)
    person.click("[data-recorder-record]")
    person.locator("[data-recorder-state=recording]").wait_for(state="visible")
    person.wait_for_timeout(3000)
    person.click("[data-recorder-stop]")
    person.locator("[data-recorder-state=recorded]").wait_for(state="visible")
    person.click("[data-recorder-listen]")  # plays it back in the browser
    person.locator("[data-recorder-listen][aria-pressed=true]").wait_for()
    submit(person, "button[name=way][value=speak]")
    assert path_of(person).startswith("/question/"), "after Send, the next question"

    added = {k: v for k, v in recordings(live_app).items() if k not in before}
    assert len(added) == 1, added
    ((comment_id, seconds),) = added.items()
    assert 2 <= seconds <= 4.5, seconds

    reviewer = signed_in(browser, live_server, live_app, "reviewer", DESKTOP)
    try:
        page = reviewer.new_page()
        visit(page, "/staff/comments/")
        item = page.locator(f"#comment-{comment_id}")
        player = item.locator("audio")
        duration = player.evaluate(
            """audio => new Promise((done, fail) => {
                if (audio.readyState >= 1) { done(audio.duration); return; }
                audio.addEventListener("loadedmetadata", () => done(audio.duration));
                audio.addEventListener("error", () => fail(new Error("the player failed")));
                audio.load();
            })"""
        )
        assert 2 <= duration <= 4.5, duration
        problems = page_problems(page, "en", "comments to check, with a recording", axe_tally)
        assert problems == [], "\n".join(problems)

        item.locator(f"textarea[name=approve-{comment_id}-said]").fill(SAID)
        item.locator(f"textarea[name=approve-{comment_id}-shown_text]").fill(SAID)
        submit(page, f"#comment-{comment_id} form[action$='/approve'] button[type=submit]")
        assert "The comment is approved." in page.locator("main").inner_text()
    finally:
        reviewer.close()

    assert comment_id not in recordings(live_app), "the recording is gone after moderation"
    with Session(live_app.extensions["db_engine"]) as db:
        comment = db.get(Comment, comment_id)
        assert comment is not None
        assert (comment.status, comment.text) == ("approved", SAID)
