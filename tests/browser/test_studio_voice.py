"""An editor records a person's voice for a Welsh text in the studio through Chromium's fake
microphone (a beep every second), saves it, and the voices list plays it; the voices pages pass
axe. The changes are thrown away at the end, so other browser tests see the content as it was."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page

from tests.browser.conftest import DESKTOP
from tests.browser.helpers import (
    AxeTally,
    assert_no_problems,
    page_problems,
    path_of,
    record_with_fake_microphone,
    screenshot_dir,
    signed_in,
    studio_editor,
    submit,
    visit,
)
from tests.browser.test_voice_comment import microphone_browser  # noqa: F401  (a fixture)


@pytest.fixture
def editor(
    microphone_browser: Browser,  # noqa: F811
    live_server: str,
    live_app: Flask,
) -> Iterator[Page]:
    """A content editor's page in the Chromium with the fake microphone; their changes are
    thrown away afterwards."""
    with studio_editor(microphone_browser, live_server, live_app) as page:
        yield page


def _duration(player) -> float:  # type: ignore[no-untyped-def]
    """How long the clip in an <audio> plays, once the browser has read its start."""
    return float(
        player.evaluate(
            """audio => new Promise((done, fail) => {
                if (audio.readyState >= 1) { done(audio.duration); return; }
                audio.addEventListener("loadedmetadata", () => done(audio.duration));
                audio.addEventListener("error", () => fail(new Error("the player failed")));
                audio.preload = "metadata";
                audio.load();
            })"""
        )
    )


def test_an_editor_records_a_welsh_voice_and_the_voices_list_plays_it(
    editor: Page, axe_tally: AxeTally
) -> None:
    visit(editor, "/staff/studio/")
    submit(editor, "a:has-text('People’s voices')")
    assert path_of(editor) == "/staff/studio/voices"
    assert_no_problems(editor, "studio voices", axe_tally)
    welsh = editor.locator("#voices-self-advocates-cy a")
    assert welsh.inner_text().startswith("Welsh: 0 of ")
    submit(editor, "#voices-self-advocates-cy a")
    assert_no_problems(editor, "studio voices of a questionnaire", axe_tally)

    first = editor.locator("li.studio-voices__item").first
    words = first.locator(".studio-voices__words").inner_text()
    ident = (first.get_attribute("id") or "").removeprefix("text-")
    submit(editor, f"#text-{ident} a.button")
    assert editor.locator("h1").inner_text() == "Record a Welsh voice"
    editor.locator("[data-recorder-controls]").wait_for(state="visible")
    assert editor.locator("input[type=file]").is_hidden(), "Record replaces the file field"
    assert_no_problems(editor, "studio record a voice", axe_tally)
    editor.screenshot(path=screenshot_dir() / "en_studio_voice_record.png", full_page=True)

    record_with_fake_microphone(editor)
    editor.fill("#speaker", "Megan")
    editor.check("#credit")
    submit(editor, "button:has-text('Save this voice')")
    assert "The voice is saved in your changes" in editor.locator("main").inner_text()
    assert_no_problems(editor, "studio voices of a questionnaire, one recorded", axe_tally)

    item = editor.locator(f"#text-{ident}")
    assert words in item.inner_text() and "Megan’s voice" in item.inner_text()
    player = item.locator("audio[src*='/changes/files/voices/']")
    assert 1.5 <= _duration(player) <= 4.5
    editor.screenshot(path=screenshot_dir() / "en_studio_voices_list.png", full_page=True)

    visit(editor, "/staff/studio/voices")
    assert editor.locator("#voices-self-advocates-cy a").inner_text().startswith("Welsh: 1 of ")


def test_without_javascript_the_record_page_offers_a_sound_file_and_passes_axe(
    browser: Browser, live_server: str, live_app: Flask, axe_tally: AxeTally
) -> None:
    context = signed_in(browser, live_server, live_app, "content_editor", DESKTOP)
    # The portal's own scripts never arrive (as in open_page(javascript=False)); Chromium's own
    # switch would stop axe-core too.
    context.route("**/*.js", lambda route: route.abort())
    try:
        page = context.new_page()
        visit(page, "/staff/studio/voices/self-advocates/cy")
        submit(page, "li.studio-voices__item a.button")
        field = page.locator("input[type=file]#recording")
        assert field.is_visible() and field.get_attribute("accept") == "audio/*"
        assert page.locator("[data-recorder-controls]").is_hidden()
        problems = page_problems(page, "en", "studio record a voice", axe_tally, javascript=False)
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
