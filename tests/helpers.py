"""A test browser with JavaScript off, and the structure every page must have."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

import html5lib
from bs4 import BeautifulSoup, Tag
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

LABELLED_INPUT_TYPES = {"text", "radio", "checkbox", "email", "number", "password", "search", "tel"}


def check_structure(html: str) -> BeautifulSoup:
    """Assert what every page needs: it parses, one <h1>, a <title> starting with it, lang and
    dir, no duplicate ids, every input labelled, every picture with alt text, a skip link."""
    html5lib.HTMLParser(strict=True).parse(html)
    soup = BeautifulSoup(html, "html.parser")
    root = soup.find("html")
    assert root is not None and root.get("lang"), "<html> has no lang"
    assert root.get("dir") in ("ltr", "rtl"), "<html> has no dir"
    headings = soup.find_all("h1")
    assert len(headings) == 1, f"expected one <h1>, found {len(headings)}"
    h1 = " ".join(headings[0].get_text().split())
    title = " ".join(soup.title.get_text().split()) if soup.title else ""
    assert title.removeprefix("Error: ").startswith(h1), (
        f"title {title!r} does not start with {h1!r}"
    )
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"
    for field in soup.find_all(["input", "textarea", "select"]):
        if field.name == "input" and field.get("type", "text") not in LABELLED_INPUT_TYPES:
            continue
        labelled = (
            field.get("aria-label")
            or (field.get("id") and soup.find("label", attrs={"for": field["id"]}))
            or field.find_parent("label")
        )
        assert labelled, f"unlabelled field: {field}"
    for described in soup.find_all(attrs={"aria-describedby": True}):
        for ref in described["aria-describedby"].split():
            assert soup.find(id=ref), f"aria-describedby points at missing id {ref!r}"
    for img in soup.find_all("img"):
        assert img.has_attr("alt"), f"picture without alt: {img}"
    skip = soup.find("a", class_="skip-link")
    assert skip and soup.find(id=skip["href"].lstrip("#")), "no working skip link"
    return soup


@dataclass
class Page:
    """A fetched page: its status, where it ended up, and its parsed HTML."""

    response: TestResponse
    url: str
    soup: BeautifulSoup

    @property
    def status(self) -> int:
        return self.response.status_code

    @property
    def h1(self) -> str:
        return " ".join(self.soup.h1.get_text().split())

    @property
    def text(self) -> str:
        return " ".join(self.soup.get_text(" ").split())

    def form(self, index: int = 0) -> Tag:
        forms = self.soup.find_all("form")
        assert forms, f"no form on {self.url}"
        return forms[index]

    def link(self, text: str) -> str:
        """The href of the link whose text contains `text`."""
        for a in self.soup.find_all("a"):
            if text in " ".join(a.get_text().split()):
                return urljoin(self.url, a["href"])
        raise AssertionError(f"no link {text!r} on {self.url}")

    def audio_sources(self) -> list[str]:
        return [audio["src"] for audio in self.soup.find_all("audio")]


class Browser:
    """Drives the portal like a person with JavaScript off; checks every HTML page it sees."""

    def __init__(self, client: FlaskClient):
        self.client = client

    def _page(self, response: TestResponse, url: str, status: int | None) -> Page:
        if status is not None:
            assert response.status_code == status, (
                f"{url}: expected {status}, got {response.status_code}\n{response.text[:2000]}"
            )
        soup = BeautifulSoup("", "html.parser")
        if response.mimetype == "text/html":
            soup = check_structure(response.text)
        return Page(response, url, soup)

    def get(self, url: str, status: int | None = 200, follow: bool = True) -> Page:
        response = self.client.get(url, follow_redirects=follow)
        final = response.request.path + (
            "?" + response.request.query_string.decode() if response.request.query_string else ""
        )
        return self._page(response, final, status)

    def submit(
        self,
        page: Page,
        data: dict[str, str] | None = None,
        button: str | None = None,
        form: int = 0,
        status: int | None = 200,
        drop_csrf: bool = False,
    ) -> Page:
        """Fill in and send a form from `page`, as a browser would (hidden fields included)."""
        tag = page.form(form)
        fields = {
            field["name"]: field.get("value", "")
            for field in tag.find_all("input", attrs={"type": "hidden"})
        }
        if drop_csrf:
            fields.pop("csrf_token", None)
        fields.update(data or {})
        if button:
            buttons = tag.find_all("button")  # by value first: "car" is not "carrot"
            chosen = next((b for b in buttons if b.get("value") == button), None) or next(
                (b for b in buttons if button in " ".join(b.get_text().split())), None
            )
            assert chosen is not None, f"no button {button!r}"
            if chosen.get("name"):
                fields[chosen["name"]] = chosen["value"]
        action = urljoin(page.url, tag.get("action") or page.url)
        response = self.client.post(action, data=fields, follow_redirects=True)
        final = response.request.path + (
            "?" + response.request.query_string.decode() if response.request.query_string else ""
        )
        return self._page(response, final, status)
