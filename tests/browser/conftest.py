"""A live portal on 127.0.0.1 and the system Chromium driven by Playwright (no pytest plugin)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from werkzeug.serving import WSGIRequestHandler, make_server

from portal.config import LANGUAGES
from portal.content import current_bank
from tests.browser.helpers import AXE_CHECKS_DIR, AxeTally, OpenPage, studio_editor
from tests.conftest import clear_answers, make_app

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1024, "height": 768}


@pytest.fixture(scope="session")
def live_app(
    template_database: str, audio_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    """The portal with real content and real clips, shared by every browser test."""
    app = make_app(template_database, audio_dir, tmp_path_factory.mktemp("browser"))
    yield app
    clear_answers(app)
    app.extensions["db_engine"].dispose()


class QuietRequestHandler(WSGIRequestHandler):
    """Logs errors but not every request, so a failing test's output stays readable."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def buffered(app: WSGIApplication) -> WSGIApplication:
    """Read each response whole before sending it.

    When the browser drops a connection (it often cancels an audio download once it knows the
    clip's length), werkzeug's development server never closes the response, and the open clip
    file then fails the run with a ResourceWarning. Pages and clips are small, so buffer them.
    """

    def buffered_app(environ: WSGIEnvironment, start_response: StartResponse) -> list[bytes]:
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return buffered_app


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """The portal served over HTTP on a free port; its base URL."""
    server = make_server(
        "127.0.0.1",
        0,
        buffered(live_app),
        threaded=True,
        request_handler=QuietRequestHandler,
    )
    thread = threading.Thread(target=server.serve_forever, name="live-portal", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless (Playwright cannot download its own browser here)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run `make system-test` (installs chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser: Browser, live_server: str) -> Iterator[OpenPage]:
    """A factory: a page in a fresh browser context (own cookies) on the live portal."""
    contexts: list[BrowserContext] = []

    def open_page(width: int = 1024, height: int = 768, javascript: bool = True) -> Page:
        context = browser.new_context(
            base_url=live_server, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        if not javascript:
            # The portal's own scripts never arrive, as for a visitor with JavaScript off.
            # (Chromium's own switch would also stop Playwright and axe-core from running.)
            context.route("**/*.js", lambda route: route.abort())
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page: OpenPage) -> Page:
    """A 1024x768 page in its own browser context, closed after the test."""
    return open_page(**DESKTOP)


@pytest.fixture
def editor(browser: Browser, live_server: str, live_app: Flask) -> Iterator[Page]:
    """A content editor's page in the studio; their changes are thrown away afterwards, so
    other tests see the content as it was."""
    with studio_editor(browser, live_server, live_app) as page:
        yield page


@pytest.fixture(scope="session")
def safety_statement(live_app: Flask) -> str:
    """A self-advocates' statement where answering "No" shows the safety help page."""
    with live_app.app_context():
        bank = current_bank()
        ids = bank.questionnaire_for("self_advocate").statement_ids
        return next(i for i in ids if bank.statements[i].safety)


@pytest.fixture(params=LANGUAGES)
def language(request: pytest.FixtureRequest, live_app: Flask) -> str:
    """Each language the portal offers (the test's name says which)."""
    assert request.param in live_app.config["LANGUAGES"]
    return request.param


@pytest.fixture(scope="session")
def axe_tally() -> Iterator[AxeTally]:
    """Pages this worker checked with axe-core; saved at the end for the run's summary."""
    tally = AxeTally()
    yield tally
    tally.save(AXE_CHECKS_DIR, os.environ.get("PYTEST_XDIST_WORKER", "main"))
