"""Someone who cannot use a mouse can answer every question with the keyboard alone."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page

from portal.content import current_bank
from tests.browser.helpers import (
    focus_is_on,
    path_of,
    press_enter_and_wait,
    question_id,
    tab_to,
    visit,
)

NEXT = "button[name=action][value=next]"
SEND = "main form button[type=submit]"
FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    element: el.outerHTML.slice(0, 120),
    focusVisible: el.matches(':focus-visible'),
    outline: style.outlineStyle,
    boxShadow: style.boxShadow,
  };
}"""


def assert_focus_is_visible(page: Page, what: str) -> None:
    """The focused element shows a focus indicator: an outline or a box shadow."""
    style = page.evaluate(FOCUS_STYLE)
    assert style["focusVisible"], f"{what} on {path_of(page)} is not :focus-visible: {style}"
    assert style["outline"] != "none" or style["boxShadow"] != "none", (
        f"{what} on {path_of(page)} has no visible focus indicator: {style}"
    )


def self_advocate_statements(app: Flask) -> tuple[list[str], set[str], dict[str, str]]:
    """The self-advocates' statements in order, which of them are about safety, and the second
    answer each offers (Sometimes, or No on a one-off event)."""
    with app.app_context():
        bank = current_bank()
        ids = list(bank.questionnaire_for("self_advocate").statement_ids)
        second = {i: bank.statements[i].answers[1] for i in ids}
        return ids, {i for i in ids if bank.statements[i].safety}, second


def test_self_advocate_can_answer_every_question_with_the_keyboard_only(
    page: Page, live_app: Flask
) -> None:
    statements, safety, second = self_advocate_statements(live_app)
    visit(page, "/?lang=en")
    page.keyboard.press("Tab")
    assert focus_is_on(page, "a.skip-link"), "the first Tab does not reach the skip link"
    assert page.locator("a.skip-link").bounding_box()["x"] >= 0, "skip link stays off screen"

    tab_to(page, "main a.button:not(.button--secondary)")  # Start
    press_enter_and_wait(page)
    assert path_of(page).startswith("/language"), path_of(page)

    tab_to(page, "input[name=language]:checked")  # English is already chosen
    assert page.evaluate("() => document.activeElement.value") == "en"
    tab_to(page, SEND)  # Next
    press_enter_and_wait(page)
    assert path_of(page) == "/who", path_of(page)

    tab_to(page, "input[name=answered_by]")  # nothing chosen yet: the first choice
    assert page.evaluate("() => document.activeElement.value") == "own"
    page.keyboard.press("Space")
    tab_to(page, SEND)
    press_enter_and_wait(page)
    assert path_of(page) == "/consent", path_of(page)

    tab_to(page, SEND)  # I agree. Start the questions.
    press_enter_and_wait(page)
    assert path_of(page) == "/practice", path_of(page)
    tab_to(page, "main a.button:not(.button--secondary)")  # Start the real questions
    press_enter_and_wait(page)

    answered = []
    while path_of(page).startswith("/question/"):
        statement = question_id(page)
        assert statement not in answered, f"{statement} came back after answering it"
        tab_to(page, "input[name=answer]")
        assert focus_is_on(page, "#answer-yes"), "Tab should reach the first answer, Yes"
        assert_focus_is_visible(page, "the answer Yes")
        page.keyboard.press("Space")
        if statement not in safety:
            page.keyboard.press("ArrowDown")  # the second answer; safety statements stay Yes
        chosen = "yes" if statement in safety else second[statement]
        assert page.is_checked(f"#answer-{chosen}"), f"{chosen} is not chosen on {statement}"
        assert_focus_is_visible(page, f"the answer {chosen}")

        tab_to(page, NEXT)
        assert_focus_is_visible(page, "the Next button")
        tab_to(page, "input[name=answer]", backwards=True)  # back to the chosen answer
        assert focus_is_on(page, f"#answer-{chosen}"), "Shift+Tab lost the chosen answer"
        tab_to(page, NEXT)
        press_enter_and_wait(page)
        answered.append(statement)

    assert path_of(page) == "/check", f"after {answered} the browser is on {path_of(page)}"
    assert answered == statements
    tab_to(page, SEND)  # Send my answers
    press_enter_and_wait(page)
    assert path_of(page) == "/thank-you"
    assert page.locator("h1").inner_text().strip() == "Thank you"
