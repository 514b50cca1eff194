"""Pressing "I need help now" in the header, as a browser without JavaScript does."""

from __future__ import annotations

from tests.helpers import Browser, Page


def help_now_form(page: Page) -> int:
    """The index of the form the header's "I need help now" button sends (the last on the page)."""
    button = page.soup.select_one("header button.help-now")
    assert button is not None, f"no 'I need help now' button on {page.url}"
    forms = page.soup.find_all("form")
    index = next(i for i, form in enumerate(forms) if form.get("id") == button["form"])
    assert forms[index]["method"] == "post"
    return index


def press_help_now(client: Browser, page: Page, status: int = 200) -> Page:
    """Press "I need help now" on `page`; the help page it leads to."""
    return client.submit(page, form=help_now_form(page), status=status)
