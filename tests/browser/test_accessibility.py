"""Every respondent page, in every language, passes axe-core's WCAG 2.2 AA rules."""

from __future__ import annotations

from flask import Flask
from playwright.sync_api import Page

from portal.config import LANGUAGES
from tests.browser.helpers import AxeTally, OpenPage, page_problems, walk_respondent_pages

RESPONDENT_PAGES = {
    "start",
    "language",
    "who",
    "consent",
    "practice",
    "question",
    "skip this one",
    "more about your answers",
    "tell us more",
    "get a code",
    "help after saying I am not safe",
    "help",
    "preferences",
    "attributions",
    "about the questions",
    "check answers",
    "thank you",
    "resume",
}


def test_every_offered_language_is_checked(live_app: Flask) -> None:
    assert list(LANGUAGES) == live_app.config["LANGUAGES"]


def check_every_page(
    page: Page, language: str, safety_statement: str, axe_tally: AxeTally, javascript: bool = True
) -> None:
    """Walk every respondent page; each has the right lang and dir and no axe violations."""
    problems = []
    visited = []
    for name in walk_respondent_pages(page, language, safety_statement):
        visited.append(name)
        problems += page_problems(page, language, name, axe_tally, javascript)
    assert set(visited) == RESPONDENT_PAGES
    assert not problems, "\n".join(problems)


def test_every_page_has_no_axe_violations_in_each_language(
    page: Page, language: str, safety_statement: str, axe_tally: AxeTally
) -> None:
    check_every_page(page, language, safety_statement, axe_tally)


def test_every_page_has_no_axe_violations_without_javascript(
    open_page: OpenPage, safety_statement: str, axe_tally: AxeTally
) -> None:
    page = open_page(javascript=False)
    check_every_page(page, "en", safety_statement, axe_tally, javascript=False)
    assert page.locator(".listen-button").count() == 0, "the Listen-button script still ran"
    assert page.locator(".listen audio[controls]").count() > 0, "no native audio players"
