"""Steps of the respondent journey, shared by the journey tests."""

from __future__ import annotations

from tests.helpers import Browser, Page


def begin(client: Browser, answered_by: str = "own", language: str = "en") -> Page:
    """From the start page to the first question: language, who is answering, consent."""
    page = client.get("/")
    page = client.get(page.link("Start"))
    page = client.submit(page, {"language": language})
    assert page.url == "/who"
    page = client.submit(page, {"answered_by": answered_by})
    assert page.url == "/consent"
    page = client.submit(page)
    assert page.url.startswith("/question/")
    return page


def answer(client: Browser, page: Page, value: str, button: str = "next") -> Page:
    """Choose an answer on a question page and press a button."""
    return client.submit(page, {"answer": value}, button=button)
