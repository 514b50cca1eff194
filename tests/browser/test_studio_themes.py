"""An editor writes a new theme in Chromium with the keyboard alone: the name is checked by the
easy-read rules as they type and again when they save. Both theme pages pass axe, errors too.
The changes are thrown away at the end, so other browser tests see the content as it was."""

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

LONG = "Gardens and parks and the trees and the flowers and the birds we see in the town each day"


def _replace(page: Page, box: str, words: str) -> None:
    tab_to(page, box)
    page.keyboard.press("Control+A")
    page.keyboard.type(words)


def test_a_theme_is_written_with_the_keyboard_alone_and_its_pages_pass_axe(
    editor: Page, axe_tally: AxeTally
) -> None:
    visit(editor, "/staff/studio/")
    assert_no_problems(editor, "studio home with its themes", axe_tally)
    tab_to(editor, "a[href$='/staff/studio/themes/new']")
    press_enter_and_wait(editor)
    assert path_of(editor) == "/staff/studio/themes/new"
    assert_no_problems(editor, "studio: new theme", axe_tally)

    _replace(editor, "#name", LONG)
    editor.locator("#name-live:has-text('Easy read rule [sentence length]')").wait_for()
    tab_to(editor, "#picture")
    editor.keyboard.type("A map")  # a select chooses the option whose words start like this
    tab_to(editor, "#origin-seed")  # Tab reaches a group of radios at its first; arrows move on
    editor.keyboard.press("ArrowDown")
    assert editor.is_checked("#origin-proposed-locally")
    _replace(editor, "#name_cy", "Gerddi a pharciau")
    tab_to(editor, "form[data-check-url] button[type=submit]")
    press_enter_and_wait(editor)
    assert "Easy read rule [sentence length]" in editor.locator("#name-error").inner_text()
    assert editor.input_value("#picture") == "map"  # the choices are kept
    assert_no_problems(editor, "studio: new theme with a problem", axe_tally)

    _replace(editor, "#name", "Gardens and parks")
    tab_to(editor, "form[data-check-url] button[type=submit]")
    press_enter_and_wait(editor)
    main = editor.locator("main").inner_text()
    assert "Saved in your changes" in main and "Gardens and parks" in main

    visit(editor, "/staff/studio/themes/gardens-and-parks")
    assert editor.input_value("#name_cy") == "Gerddi a pharciau"
    assert editor.locator(".studio-chosen-picture img").is_visible()
    assert_no_problems(editor, "studio: change a theme", axe_tally)
    editor.set_viewport_size(TABLET_SIZE)
    screenshot(editor, "studio-theme")
