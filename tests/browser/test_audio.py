"""Each statement can be heard: its clip loads and plays in the browser, in each language."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page

from portal.audio.store import clip_file
from tests.browser.helpers import begin_questions, visit

STATEMENT_AUDIO = ".choices-fieldset .spoken audio"
OTHER_LANGUAGE = "cy"
LOAD_METADATA = """audio => new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error('no loadedmetadata after 10 s')), 10000);
  audio.addEventListener('loadedmetadata', () => { clearTimeout(timer); resolve(audio.duration); },
                         {once: true});
  audio.addEventListener('error', () => { clearTimeout(timer);
    reject(new Error('audio error ' + (audio.error && audio.error.code))); }, {once: true});
  audio.preload = 'auto';
  audio.load();
})"""


def clip_source(audio: Locator) -> str:
    return audio.evaluate("audio => audio.currentSrc || audio.src")


def statement_text(page: Page) -> str:
    return page.locator("h1.statement__text").inner_text().strip()


def assert_clip_plays(page: Page, audio: Locator) -> str:
    """The clip loads in the browser, lasts more than a moment, and is served as MP3."""
    duration = audio.evaluate(LOAD_METADATA)
    assert duration > 0.3, f"clip lasts only {duration} s"
    src = clip_source(audio)
    response = page.request.get(src)
    assert response.status == 200, f"{src} answered {response.status}"
    assert response.headers["content-type"] == "audio/mpeg"
    return src


def test_statement_clip_loads_and_plays_in_the_browser(page: Page) -> None:
    begin_questions(page, "en")
    audio = page.locator(STATEMENT_AUDIO)
    assert audio.count() == 1, "the statement has no audio"
    assert_clip_plays(page, audio)
    speaker = page.locator(".spoken .listen-button")
    assert speaker.count() == 1, "no speaker button beside the statement"
    assert speaker.get_attribute("aria-label", timeout=1000) == f"Listen: {statement_text(page)}"
    assert audio.is_hidden(), "the native player should be replaced by the speaker button"


def test_statement_clip_is_in_the_chosen_language(page: Page, live_app: Flask) -> None:
    statement = begin_questions(page, "en")
    english = clip_source(page.locator(STATEMENT_AUDIO))

    visit(page, f"/question/{statement}?lang={OTHER_LANGUAGE}")
    audio = page.locator(STATEMENT_AUDIO)
    if audio.count() == 0:
        text = page.locator("h1.statement__text").inner_text()
        with live_app.app_context():
            built = clip_file(OTHER_LANGUAGE, text)
        assert built is None, f"a {OTHER_LANGUAGE} clip exists ({built}) but the page has no audio"
        pytest.skip(
            f"no {OTHER_LANGUAGE} clip was built for {text!r}: the statement's audio in "
            f"that language does not exist yet"
        )
    other = assert_clip_plays(page, audio)
    assert other != english, f"{OTHER_LANGUAGE} page plays the English clip {english}"
