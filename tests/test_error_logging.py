"""Crashes and security events leave a trace in the log, and the trace names no one: a crash's
line has a request id the error page shows too; failed sign-ins, codes, refused staff pages and
CSRF failures each leave one "key=value" line on portal.security_events."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.auth.helpers import add_staff, sign_in, start_signed_in
from tests.conftest import make_app
from tests.helpers import Browser
from tests.respond.journey import begin

SECRET = "Zebra-7391-private-words"
EVENTS = "portal.security_events"


def _events(caplog: pytest.LogCaptureFixture, event: str) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == EVENTS and f"event={event} " in record.getMessage()
    ]


def _everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(
        f"{record.name} {record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )


@pytest.fixture
def live_app(template_database: str, audio_dir: Path, tmp_path: Path) -> Iterator[Flask]:
    """The portal as deployed (not in testing mode, so crashes get the error page), with a route
    that crashes."""
    app = make_app(template_database, audio_dir, tmp_path, TESTING=False)

    def crash(thing: str) -> str:
        raise RuntimeError("a bug")

    app.add_url_rule("/crash-for-test/<thing>", view_func=crash, methods=["GET", "POST"])
    yield app
    app.extensions["db_engine"].dispose()


def test_a_crash_is_logged_with_the_id_the_page_shows_and_nothing_personal(
    live_app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    browser = Browser(live_app.test_client())
    token = browser.get("/resume").form().find("input", attrs={"name": "csrf_token"})["value"]
    browser.client.set_cookie("extra", SECRET)
    response = browser.client.post(
        f"/crash-for-test/{SECRET}?code={SECRET}",
        data={"csrf_token": token, "comment": SECRET},
        headers={"X-Token": SECRET},
    )
    assert response.status_code == 500
    crashes = [r for r in caplog.records if r.name == "portal.errors"]
    assert len(crashes) == 1
    record = crashes[0]
    line = record.getMessage()
    found = re.search(r"request_id=([0-9a-f]{8})\b", line)
    assert found, line
    assert "method=POST" in line and "route=/crash-for-test/<thing>" in line
    assert "status=500" in line
    assert record.exc_info is not None and "RuntimeError: a bug" in (record.exc_text or "")
    assert f"say this code: {found.group(1)}." in response.text
    assert "Sorry, something went wrong" in response.text
    everything = _everything_logged(caplog)
    assert SECRET not in everything
    assert "code=" not in line and "?" not in line
    assert token not in everything


def test_each_crash_has_its_own_id(live_app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="portal.errors")
    client = live_app.test_client()
    ids = {
        re.search(r"code: ([0-9a-f]{8})\.", client.get("/crash-for-test/a").text).group(1)  # type: ignore[union-attr]
        for _ in range(3)
    }
    assert len(ids) == 3
    logged = {re.search(r"request_id=(\w+)", r.getMessage()).group(1) for r in caplog.records}  # type: ignore[union-attr]
    assert logged == ids


def test_pages_that_did_not_crash_show_no_code(client: Browser) -> None:
    page = client.get("/no-such-page", status=404)
    assert "say this code" not in page.text


def test_a_wrong_join_code_is_a_security_event(
    client: Browser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=EVENTS)
    page = client.get("/join")
    client.submit(page, {"code": "ZZZZZZ"}, status=400)
    [line] = _events(caplog, "join_code_failed")
    assert "route=/join" in line and re.search(r"request_id=[0-9a-f]{8}", line)
    assert "ZZZZZZ" not in _everything_logged(caplog)


def test_a_wrong_resume_code_is_a_security_event(
    client: Browser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=EVENTS)
    page = client.get("/resume")
    client.submit(page, {"code": "zebra-private-words"}, status=400)
    [line] = _events(caplog, "resume_code_failed")
    assert "route=/resume" in line
    assert "zebra" not in _everything_logged(caplog).lower()


def test_a_refused_staff_page_is_a_security_event_with_the_staff_id(
    app: Flask, client: Browser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=EVENTS)
    reviewer = add_staff(app, "reviewer")
    start_signed_in(client, reviewer)
    client.get("/staff/admin/staff", status=403)
    [line] = _events(caplog, "forbidden")
    assert "route=/staff/admin/staff" in line and f"staff_user={reviewer}" in line


def test_a_missing_csrf_token_is_a_security_event(
    client: Browser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=EVENTS)
    page = begin(client)
    client.submit(page, {"answer": "yes"}, button="next", status=400, drop_csrf=True)
    [line] = _events(caplog, "csrf_failed")
    assert "route=/question/<statement_id>" in line
    assert "reason=token_is_missing" in line


def test_a_wrong_password_is_a_security_event_without_email_or_password(
    app: Flask, client: Browser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=EVENTS)
    email = "someone-private@example.org"
    add_staff(app, "facilitator", email=email)
    sign_in(client, email, password=SECRET)
    sign_in(client, "nobody-private@example.org", password=SECRET)
    first, second = _events(caplog, "sign_in_failed")
    assert "account=known" in first and "locked=no" in first
    assert "account=unknown" in second
    everything = _everything_logged(caplog)
    assert SECRET not in everything and "private" not in everything


def test_a_help_button_without_its_token_is_a_security_event_and_still_helps(
    client: Browser, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=EVENTS)
    response = client.client.post("/help", data={})
    assert response.status_code == 303
    [line] = _events(caplog, "csrf_failed")
    assert "route=/help" in line and "reason=token_is_missing" in line
