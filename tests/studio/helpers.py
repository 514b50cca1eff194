"""What an editor types into the studio's forms."""

from __future__ import annotations

from flask import Flask

from tests.auth.helpers import add_staff, start_signed_in
from tests.helpers import Browser, Page

OTHER_LANGUAGES = ("cy", "pl", "ur", "gu", "pa")


def signed_in(app: Flask, role: str) -> Browser:
    """A browser (JavaScript off) signed in as a new account with this role."""
    browser = Browser(app.test_client())
    start_signed_in(browser, add_staff(app, role))
    return browser


def statement_data(
    text: str, they: str, *, theme: str = "my-home", picture: str = "bed", **extra: object
) -> dict[str, object]:
    """A statement form filled in: English words (and for someone answering for another
    person), and words in every other language."""
    data: dict[str, object] = {
        "theme": theme,
        "text": text,
        "they": they,
        "picture": picture,
        "audiences": ["self_advocate"],
        "direction": "yes_good",
        "origin": "proposed locally",
    }
    for lang in OTHER_LANGUAGES:
        data[f"text_{lang}"] = f"{text} ({lang})"
        data[f"they_{lang}"] = f"{they} ({lang})"
    data.update(extra)
    return data


def listened_to_well(**extra: object) -> dict[str, object]:
    """New words for the published statement "listened-to", with the same meaning."""
    return statement_data(
        "People listen to me well.",
        "People listen to them well.",
        picture="ear",
        theme="being-listened-to",
        audiences=["self_advocate"],
        meaning="same",
        origin="seed",
        seed="004_65a1ddd8f0e39343.txt",
        lines="658",
        quote="people, services, staff who listen to me",
        **extra,
    )


def press(browser: Browser, page: Page, label: str, data: dict[str, object] | None = None) -> Page:
    """Press the button with these words, in whichever form on the page it is."""
    forms = page.soup.find_all("form")
    index = next(
        n
        for n, form in enumerate(forms)
        if any(label in " ".join(b.get_text().split()) for b in form.find_all("button"))
    )
    return browser.submit(page, data, button=label, form=index)  # type: ignore[arg-type]
