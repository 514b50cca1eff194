"""The board pack as PDF, drawn by WeasyPrint from the same HTML as the printable page.

WeasyPrint fetches the page's stylesheet and pictures from the portal itself (never from
another site), through the app's own test client.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask
from PIL import ImageFile
from weasyprint import HTML
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


def render_pdf(app: Flask, html: str) -> bytes:
    pdf: bytes = HTML(string=html, base_url=BASE_URL, url_fetcher=PortalFetcher(app)).write_pdf()
    return pdf
