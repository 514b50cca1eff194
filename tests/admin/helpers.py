"""Steps an administrator takes on their pages, shared by the admin tests."""

from __future__ import annotations

from flask import Flask

from tests.auth.helpers import add_staff, start_signed_in
from tests.helpers import Browser, Page


def admin_browser(app: Flask) -> tuple[Browser, int]:
    """A browser signed in as a new administrator, and that administrator's id."""
    browser = Browser(app.test_client())
    admin_id = add_staff(app, "administrator")
    start_signed_in(browser, admin_id)
    return browser, admin_id


def option_value(page: Page, field: str, label: str) -> str:
    """The value of the option labelled `label` in the <select> named `field`."""
    select = page.soup.find("select", attrs={"name": field})
    for option in select.find_all("option"):
        if option.get_text(strip=True) == label:
            return option["value"]
    raise AssertionError(f"no option {label!r} in {field}")


def options(page: Page, field: str) -> list[str]:
    """The labels of the options in the <select> named `field`."""
    select = page.soup.find("select", attrs={"name": field})
    return [option.get_text(strip=True) for option in select.find_all("option")]


def add_area(admin: Browser, name: str, status: int = 200) -> Page:
    """From the areas list, add an area; returns the area's page (or the form with errors)."""
    page = admin.get("/staff/admin/areas")
    page = admin.get(page.link("Add an area"))
    return admin.submit(page, {"name": name}, status=status)


def add_contact(admin: Browser, area_page: Page, name: str, phone: str, text: str) -> Page:
    """From an area's page, add a help contact; returns the area's page."""
    page = admin.get(area_page.link("Add a help contact"))
    return admin.submit(page, {"name": name, "phone": phone, "text": text})


def make_link(admin: Browser, label: str, questionnaire: str, area: str) -> Page:
    """From the share links page, make a link; returns the links page."""
    page = admin.get("/staff/admin/links")
    page = admin.get(page.link("Make a share link"))
    data = {
        "label": label,
        "questionnaire": option_value(page, "questionnaire", questionnaire),
        "area": option_value(page, "area", area),
    }
    return admin.submit(page, data)


def shown_links(page: Page) -> list[str]:
    """The full share link addresses on the share links page."""
    return [code.get_text(strip=True) for code in page.soup.select("code.share-url")]


def press(
    browser: Browser, page: Page, button: str, data: dict[str, str] | None = None, status: int = 200
) -> Page:
    """Fill in the form holding the button whose words contain `button`, and press it."""
    for index, form in enumerate(page.soup.find_all("form")):
        if any(button in " ".join(b.get_text().split()) for b in form.find_all("button")):
            return browser.submit(page, data, button=button, form=index, status=status)
    raise AssertionError(f"no button {button!r} on {page.url}")
