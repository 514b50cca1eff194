"""An editor finds an OpenMoji picture with the keyboard alone, adds it, and uploads a PNG
with its licence in Chromium; the picture pages pass axe, errors too. The changes are thrown
away at the end, so other browser tests see the content as it was."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Page

from tests.browser.helpers import (
    AxeTally,
    assert_no_problems,
    path_of,
    press_enter_and_wait,
    submit,
    tab_to,
    visit,
)

pytestmark = pytest.mark.browser


def _shows(page: Page, selector: str) -> bool:
    """Whether a picture loads and has a size (a broken picture has none)."""
    return bool(
        page.locator(selector).evaluate(
            """img => new Promise(done => {
                img.loading = "eager";
                if (img.complete) { done(img.naturalWidth > 0); return; }
                img.addEventListener("load", () => done(img.naturalWidth > 0));
                img.addEventListener("error", () => done(false));
            })"""
        )
    )


def test_an_editor_adds_an_openmoji_picture_with_the_keyboard_and_uploads_a_png(
    editor: Page, axe_tally: AxeTally, tmp_path: Path
) -> None:
    visit(editor, "/staff/studio/")
    submit(editor, "a:has-text('Pictures: find an OpenMoji picture')")
    assert path_of(editor) == "/staff/studio/pictures"
    assert_no_problems(editor, "studio pictures", axe_tally)

    tab_to(editor, "#q")
    editor.keyboard.type("house")
    press_enter_and_wait(editor)
    assert path_of(editor) == "/staff/studio/pictures?q=house"
    first = editor.locator("#results + ul > li").first
    assert first.get_attribute("id") == "openmoji-1F3E0"
    assert _shows(editor, "#openmoji-1F3E0 img"), "the search result's picture shows"
    assert_no_problems(editor, "studio pictures, search results", axe_tally)

    tab_to(editor, "#add-1F3E0-name")
    editor.keyboard.press("Control+A")
    editor.keyboard.type("our-house")
    editor.keyboard.press("Tab")
    editor.keyboard.type("A house.")
    press_enter_and_wait(editor)
    assert "The picture is in your changes" in editor.locator("main").inner_text()
    assert editor.locator("#picture-our-house").is_visible()

    visit(editor, "/staff/studio/pictures/upload")
    submit(editor, "button:has-text('Upload the picture')", status=400)
    assert editor.locator("#file-error").is_visible()
    assert_no_problems(editor, "studio upload a picture, with errors", axe_tally)

    drawing = tmp_path / "bus-stop.png"
    picture = Image.new("RGB", (64, 64), (255, 255, 255))
    picture.paste((30, 90, 200), (16, 16, 48, 48))
    out = BytesIO()
    picture.save(out, "PNG")
    drawing.write_bytes(out.getvalue())
    editor.set_input_files("#file", str(drawing))
    editor.fill("#name", "a-bus-stop")
    editor.fill("#alt", "A bus " + "and a stop and a road and a tree " * 3 + "in the town.")
    editor.locator("#alt-live:has-text('Easy read rule')").wait_for()  # checked as you type
    editor.fill("#alt", "A bus stop.")
    editor.fill("#licence", "CC BY 4.0")
    editor.fill("#author", "Sam Painter")
    submit(editor, "button:has-text('Upload the picture')")
    item = editor.locator("#picture-a-bus-stop")
    assert "Sam Painter" in item.inner_text()
    assert _shows(editor, "#picture-a-bus-stop img"), "the uploaded picture shows"
    assert_no_problems(editor, "studio pictures, one uploaded", axe_tally)
