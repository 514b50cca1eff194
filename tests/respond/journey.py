"""Steps of the respondent journey, shared by the journey tests."""

from __future__ import annotations

from tests.helpers import Browser, Page


def begin(client: Browser, answered_by: str = "own", language: str = "en") -> Page:
    """From the start page to the first question: language, who is answering, consent, and
    past the practice question."""
    page = client.get("/")
    page = client.get(page.link("Start"))
    page = client.submit(page, {"language": language})
    assert page.url == "/who"
    page = client.submit(page, {"answered_by": answered_by})
    assert page.url == "/consent"
    page = client.submit(page)
    assert page.url == "/practice"
    # "Start the real questions", in whichever language: the one link to a question
    start = page.soup.select_one("main a.button[href*='/question/']")
    assert start is not None, f"no way to the real questions on {page.url}"
    page = client.get(str(start["href"]))
    assert page.url.startswith("/question/")
    return page


def answer(client: Browser, page: Page, value: str, button: str = "next") -> Page:
    """Choose an answer on a question page and press a button."""
    return client.submit(page, {"answer": value}, button=button)
