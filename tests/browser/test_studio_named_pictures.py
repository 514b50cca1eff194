"""An editor changes what the "Home" button shows with the keyboard alone, in Chromium: from
the picture list to the change page, a search of OpenMoji, "Use this drawing", new alt text and
Save. The pages pass axe, the error page too. The changes are thrown away at the end."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import (
    AxeTally,
    assert_no_problems,
    path_of,
    press_enter_and_wait,
    tab_to,
    visit,
)
from tests.browser.test_safety_staff_pages import TABLET_SIZE, screenshot

pytestmark = pytest.mark.browser


def test_an_editor_changes_the_home_button_picture_with_the_keyboard(
    editor: Page, axe_tally: AxeTally
) -> None:
    visit(editor, "/staff/studio/pictures")
    assert_no_problems(editor, "studio pictures, grouped with change links", axe_tally)
    tab_to(editor, "a[href='/staff/studio/pictures/button-home']", limit=400)
    press_enter_and_wait(editor)
    assert path_of(editor) == "/staff/studio/pictures/button-home"
    assert editor.locator("h1").inner_text() == "Change the picture button-home"
    assert_no_problems(editor, "studio change a named picture", axe_tally)

    # an empty alt text: refused, the error summary links to the box
    tab_to(editor, "#alt")
    editor.keyboard.press("Control+A")
    editor.keyboard.press("Delete")
    press_enter_and_wait(editor)
    assert editor.title().startswith("Error: ")
    assert "Type what the picture shows" in editor.locator("#alt-error").inner_text()
    assert editor.locator(".error-summary a[href='#alt']").is_visible()
    assert_no_problems(editor, "studio change a named picture, with errors", axe_tally)

    tab_to(editor, "#q")
    editor.keyboard.type("derelict house")
    press_enter_and_wait(editor)
    assert editor.locator("#openmoji-1F3DA").is_visible()
    assert_no_problems(editor, "studio change a named picture, search results", axe_tally)
    editor.set_viewport_size(TABLET_SIZE)
    screenshot(editor, "studio-named-picture-search")
    tab_to(editor, "#openmoji-1F3DA a")
    press_enter_and_wait(editor)
    assert editor.locator("#code").input_value() == "1F3DA"
    assert editor.locator("#source").is_checked()

    tab_to(editor, "#alt")
    editor.keyboard.press("Control+A")
    editor.keyboard.type("An old house.")
    press_enter_and_wait(editor)
    assert path_of(editor).startswith("/staff/studio/pictures?done=changed")
    item = editor.locator("#picture-button-home")
    assert "An old house." in item.inner_text() and "OpenMoji 1F3DA" in item.inner_text()
