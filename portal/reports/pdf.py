"""The board pack as a tagged PDF, drawn by WeasyPrint from the same HTML as the printable page.

WeasyPrint fetches the page's stylesheet and pictures from the portal itself (never from
another site), through the app's own test client.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from PIL import ImageFile
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Importing WeasyPrint sets Pillow's process-wide LOAD_TRUNCATED_IMAGES, after which a picture
# upload cut short would be accepted with grey where its end was (portal/pictures/uploads.py).
# The board pack holds only the portal's own pictures, so it needs no such leniency.
ImageFile.LOAD_TRUNCATED_IMAGES = False

BASE_URL = "http://portal.invalid/"


class PortalFetcher(URLFetcher):
    def __init__(self, app: Flask):
        super().__init__()
        self.app = app

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if not url.startswith(BASE_URL):
            raise ValueError(f"the board pack only uses the portal's own files, not {url}")
        # Asked as the portal's own address: the only host sure to be in TRUSTED_HOSTS.
        own = urlsplit(self.app.config["BASE_URL"])
        response = self.app.test_client().get(
            "/" + url.removeprefix(BASE_URL), base_url=f"{own.scheme}://{own.netloc}"
        )
        body, status, kind = response.get_data(), response.status_code, response.content_type
        response.close()  # static files are streamed from an open file
        if status != 200:
            raise ValueError(f"{url}: {status}")
        return URLFetcherResponse(url, body, {"Content-Type": kind})


# Zero specificity (:where), so the picture's own class still sizes it as on the page.
DECORATION_CSS = """:where(.pdf-decoration) { display: inline-block; width: var(--width);
  height: var(--height); background: center / contain no-repeat; }"""


def _decorations_as_backgrounds(document: HTML) -> None:
    """WeasyPrint tags every `<img>` as a Figure, which PDF/UA requires to have alt text. A
    decorative picture (alt="") is drawn as a background instead: tagged as an artifact,
    which screen readers skip, as they skip it on the page."""
    for element in document.etree_element.iter("img"):
        if element.get("alt") != "" or not element.get("src"):
            continue
        source = element.attrib.pop("src").replace("'", "%27")
        width, height = element.attrib.pop("width", "64"), element.attrib.pop("height", "64")
        del element.attrib["alt"]
        element.tag = "span"
        element.set("class", f"{element.get('class', '')} pdf-decoration".strip())
        element.set(
            "style",
            f"background-image: url('{source}'); --width: {width}px; --height: {height}px",
        )


SVG = "{http://www.w3.org/2000/svg}"
DECORATIVE_SVG = "Decorative picture"


def _hidden_svgs_named(document: HTML) -> None:
    """An inline SVG hidden from screen readers (aria-hidden on it or around it) cannot be an
    artifact in WeasyPrint's tags, so it is named in the PDF: its aria-label, else as a
    decorative picture (PDF/UA requires every figure to have alt text)."""
    root = document.etree_element
    hidden = {
        inner
        for outer in root.iter()
        if outer.get("aria-hidden") == "true"
        for inner in outer.iter()
    }
    for element in root.iter():
        if element.tag not in ("svg", f"{SVG}svg") or element not in hidden:
            continue
        if element.find(f"{SVG}title") is None and element.find("title") is None:
            title = element.makeelement(f"{SVG}title", {})
            title.text = element.get("aria-label") or DECORATIVE_SVG
            element.insert(0, title)


def render_pdf(app: Flask, html: str) -> bytes:
    """A tagged PDF (PDF/UA-1): headings, tables with header cells and pictures and charts
    with alt text, read from the page's own structure; the language from `<html lang>`, the
    title from `<title>`. A chart's alt text is its SVG `<title>` (the only text WeasyPrint
    tags); decorative pictures are artifacts."""
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=PortalFetcher(app))
    _decorations_as_backgrounds(document)
    _hidden_svgs_named(document)
    pdf: bytes = document.write_pdf(
        pdf_variant="pdf/ua-1", stylesheets=[CSS(string=DECORATION_CSS)]
    )
    return pdf
