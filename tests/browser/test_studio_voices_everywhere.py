"""The voices pages for the texts outside the questionnaires (the help page, the themes, the
words on every page), their search and their pages pass axe, and work with the keyboard."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.helpers import AxeTally, assert_no_problems, path_of, visit
from tests.browser.test_safety_staff_pages import TABLET_SIZE, screenshot


def test_the_lists_of_every_text_a_respondent_hears_pass_axe(
    editor: Page, axe_tally: AxeTally
) -> None:
    visit(editor, "/staff/studio/voices")
    assert_no_problems(editor, "studio voices, every collection", axe_tally)
    editor.set_viewport_size(TABLET_SIZE)
    screenshot(editor, "studio-voices-every-collection")
    link = editor.locator("#voices-help_page-cy a")
    assert link.inner_text().startswith("Welsh: 0 of ")
    link.click()
    assert path_of(editor) == "/staff/studio/voices/help_page/cy"
    assert editor.locator("h1").inner_text() == "Welsh voices: The help page"
    assert_no_problems(editor, "studio voices of the help page", axe_tally)

    visit(editor, "/staff/studio/voices/every_page/en")
    assert editor.locator("li.studio-voices__item").count() == 25
    assert_no_problems(editor, "studio voices of the words on every page", axe_tally)
    editor.locator("a:has-text('Next page (2)')").click()
    assert "page 2 of" in editor.title()
    assert_no_problems(editor, "studio voices of the words on every page, page 2", axe_tally)

    # the search, with the keyboard only
    editor.locator("#q").focus()
    editor.keyboard.type("Next")
    editor.keyboard.press("Enter")
    editor.wait_for_url("**/every_page/en?q=Next")
    words = editor.locator(".studio-voices__words").all_inner_texts()
    assert "Next" in words and all("next" in w.lower() for w in words)
    assert_no_problems(editor, "studio voices of the words on every page, searched", axe_tally)

    visit(editor, "/staff/studio/voices/theme_names/cy")
    assert_no_problems(editor, "studio voices of the themes", axe_tally)
