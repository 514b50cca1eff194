"""Security a person never sees but relies on: headers on every page, nothing inline, CSRF that
fails kindly, logs that name no one, and resume codes that cannot be guessed by trying."""

from __future__ import annotations

import logging
import re
import runpy
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
from flask import Flask
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.serving import make_server
from werkzeug.test import TestResponse

from portal.comments.models import Comment
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.respond.models import Answer, FailedResume
from portal.security import STRICT_TRANSPORT_SECURITY
from tests.auth.helpers import add_staff, start_signed_in
from tests.conftest import make_app
from tests.helpers import Browser, Page
from tests.respond.journey import answer, begin

BANK = load_bank(PROJECT_ROOT / "content")
TEMPLATES = PROJECT_ROOT / "portal" / "templates"
MARKER = "Zebra-7391-private-words"
VISITOR_ADDRESS = "192.0.2.77"  # a documentation address, so it cannot come from elsewhere


def _assert_security_headers(response: TestResponse, where: str) -> None:
    headers = response.headers
    assert "Content-Security-Policy" in headers, f"{where}: no Content-Security-Policy"
    assert "unsafe-inline" not in headers["Content-Security-Policy"], where
    assert headers.get("X-Content-Type-Options") == "nosniff", where
    assert headers.get("Referrer-Policy") == "same-origin", where
    assert headers.get("X-Frame-Options") == "DENY", where
    if response.mimetype == "text/html":
        assert headers.get("Cache-Control") == "no-store", f"{where}: a page could be cached"


def _count(db: Session, model: type) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model)) or 0


def _token(page: Page) -> str:
    return page.form().find("input", attrs={"name": "csrf_token"})["value"]


# --- headers -------------------------------------------------------------------------------


def test_the_content_security_policy_allows_nothing_inline_and_nothing_from_elsewhere(
    client: Browser,
) -> None:
    policy = client.get("/").response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    for name in ("script-src", "style-src", "img-src", "media-src", "form-action"):
        assert directives[name] == "'self'", name
    for name in ("object-src", "base-uri", "frame-ancestors"):
        assert directives[name] == "'none'", name
    for name, sources in directives.items():
        for forbidden in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
            assert forbidden not in sources.split(), f"{name} allows {forbidden}"


def test_every_kind_of_page_and_file_sends_the_security_headers(
    app: Flask, client: Browser
) -> None:
    question = begin(client)
    seen: dict[str, TestResponse] = {
        "start page": client.get("/").response,
        "question page": question.response,
        "help page": client.get("/help").response,
        "not found page": client.get("/no-such-page", status=404).response,
        "picture": client.client.get(question.soup.find("img")["src"]),
        "audio clip": client.client.get(question.audio_sources()[0]),
        "style sheet": client.client.get("/static/portal.css"),
        "script": client.client.get("/static/audio.js"),
    }
    seen["stale form page"] = client.submit(
        question, {"answer": "yes"}, button="next", status=400, drop_csrf=True
    ).response
    tell_more = answer(client, client.get(question.url), "sometimes", button="more")
    seen["too much sent page"] = client.client.post(
        tell_more.url, data={"csrf_token": _token(tell_more), "comment": "x" * 200_000}
    )
    seen["staff sign-in page"] = client.get("/staff/sign-in").response
    staff = Browser(app.test_client())
    start_signed_in(staff, add_staff(app, "administrator"))
    seen["staff home page"] = staff.get("/staff/").response
    for where, response in seen.items():
        assert response.status_code in (200, 400, 404, 413), f"{where}: {response.status_code}"
        _assert_security_headers(response, where)
        assert "Strict-Transport-Security" not in response.headers, f"{where}: HSTS over HTTP"
        response.close()


def test_every_page_without_parameters_sends_the_security_headers(
    app: Flask, client: Browser
) -> None:
    for rule in app.url_map.iter_rules():
        if "GET" in (rule.methods or ()) and not rule.arguments and rule.endpoint != "static":
            with client.client.get(rule.rule) as response:
                _assert_security_headers(response, rule.rule)


def test_the_error_page_for_a_crash_sends_the_security_headers(
    template_database: str, audio_dir: Path, tmp_path: Path
) -> None:
    app = make_app(template_database, audio_dir, tmp_path, TESTING=False)

    def crash() -> str:
        raise RuntimeError("a bug")

    app.add_url_rule("/crash-for-test", view_func=crash)
    try:
        page = Browser(app.test_client()).get("/crash-for-test", status=500)
        assert page.h1 == "Sorry, something went wrong"
        _assert_security_headers(page.response, "crash page")
    finally:
        app.extensions["db_engine"].dispose()


@pytest.fixture
def https_app(
    template_database: str, audio_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    """The portal as deployed behind HTTPS: PORTAL_HTTPS=1 in its environment."""
    monkeypatch.setenv("PORTAL_HTTPS", "1")
    app = make_app(template_database, audio_dir, tmp_path)
    yield app
    app.extensions["db_engine"].dispose()


def test_over_https_browsers_are_told_to_use_only_https_and_the_cookie_is_secure(
    https_app: Flask,
) -> None:
    assert STRICT_TRANSPORT_SECURITY == "max-age=31536000; includeSubDomains"
    client = https_app.test_client()
    with client.get("/language", base_url="https://localhost") as response:
        cookie = response.headers["Set-Cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    for url in ("/language", "/static/portal.css", "/no-such-page"):
        with client.get(url, base_url="https://localhost") as response:
            assert response.headers["Strict-Transport-Security"] == STRICT_TRANSPORT_SECURITY


def test_without_https_there_is_no_hsts_and_the_cookie_works_over_http(client: Browser) -> None:
    response = client.get("/language").response
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in response.headers["Set-Cookie"]


def test_over_https_forms_work_from_this_site_and_not_from_another(
    https_app: Flask, db_session: Session
) -> None:
    """Flask-WTF checks the Referer on HTTPS: the Referrer-Policy must let our own pages send
    it, or every form would fail."""
    https = https_app.test_client()
    https.environ_base.update(
        {"wsgi.url_scheme": "https", "HTTP_REFERER": "https://localhost/language"}
    )
    question = begin(Browser(https))
    https.environ_base["HTTP_REFERER"] = "https://elsewhere.example/form"
    with https.post(question.url, data={"csrf_token": _token(question), "answer": "yes"}) as sent:
        assert sent.status_code == 400
    https.environ_base["HTTP_REFERER"] = f"https://localhost{question.url}"
    with https.post(question.url, data={"csrf_token": _token(question), "answer": "yes"}) as sent:
        assert sent.status_code == 302
    assert _count(db_session, Answer) == 1


def test_templates_have_no_inline_scripts_styles_or_event_handlers() -> None:
    """The policy would block them in the browser; this finds them before anyone sees a page
    that does not work."""
    forbidden = {
        "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
        "<style> element": re.compile(r"<style\b", re.IGNORECASE),
        "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE),
        "on... handler": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
        "javascript: link": re.compile(r"javascript:", re.IGNORECASE),
    }
    found = []
    templates = sorted(TEMPLATES.glob("**/*.html"))
    assert len(templates) > 20
    for path in templates:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for what, pattern in forbidden.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(TEMPLATES)}:{number}: {what}")
    assert found == []


# --- CSRF ----------------------------------------------------------------------------------


def test_a_stale_token_on_a_question_page_gets_the_easy_read_page_and_nothing_is_lost(
    client: Browser, db_session: Session
) -> None:
    question = begin(client)
    statement_id = question.url.rsplit("/", 1)[-1]
    page = answer(client, question, "yes")
    assert _count(db_session, Answer) == 1
    second = page
    with client.client.session_transaction() as session:
        session["csrf_token"] = "a-token-from-a-newer-visit"  # the page's token no longer fits

    stale = client.submit(second, {"answer": "no"}, button="next", status=400)
    assert stale.h1 == "Something went wrong with this page"
    assert "This page was open for too long." in stale.text
    assert "We have saved your answers so far." in stale.text
    assert "Go back. Then press the button again." in stale.text
    _assert_security_headers(stale.response, "stale token page")
    assert _count(db_session, Answer) == 1, "the earlier answer is kept, nothing new stored"

    fresh = client.get(second.url)  # going back loads the page again, with a fresh token
    after = answer(client, fresh, "no")
    assert after.url != second.url
    again = answer(client, fresh, "no")  # the same page sent twice (back button, press again)
    assert again.url == after.url
    db_session.expire_all()
    stored = dict(db_session.execute(select(Answer.statement_id, Answer.value)).all())
    second_id = second.url.rsplit("/", 1)[-1]
    assert stored == {statement_id: "yes", second_id: "no"}, "each answer stored once"


def test_every_form_on_a_page_carries_a_csrf_token(app: Flask, client: Browser) -> None:
    pages = [client.get(url) for url in ("/language", "/who", "/resume", "/staff/sign-in")]
    pages.append(begin(client))
    for page in pages:
        for form in page.soup.find_all("form", method=re.compile("post", re.IGNORECASE)):
            assert form.find("input", attrs={"name": "csrf_token"}), f"{page.url}: no token"


# --- logs ----------------------------------------------------------------------------------


def _to_safety_question(client: Browser, page: Page) -> Page:
    while not BANK.statements[page.url.rsplit("/", 1)[-1]].safety:
        page = answer(client, page, "yes")
    return page


def test_nothing_personal_reaches_the_logs(
    client: Browser, db_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    """A whole visit with a comment, a safety answer, a wrong code and a stale form, logged at
    DEBUG (SQLAlchemy then logs every statement): no words, no answers, no addresses."""
    client.client.environ_base["REMOTE_ADDR"] = VISITOR_ADDRESS
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy")  # as if someone were chasing a bug
    page = answer(client, begin(client), "sometimes", button="more")
    page = client.submit(page, {"comment": f"My name is {MARKER}."})
    page = _to_safety_question(client, page)
    page = answer(client, page, "not_sure")
    assert page.url.startswith("/help")
    client.submit(client.get("/resume"), {"code": "apple river seed"}, status=400)
    client.submit(client.get("/who"), {"answered_by": "own"}, status=400, drop_csrf=True)
    assert _count(db_session, Comment) == 1

    logged = "\n".join(
        f"{record.name} {record.getMessage()} {record.exc_text or ''}" for record in caplog.records
    )
    assert "sqlalchemy.engine" in logged, "the visit was logged at DEBUG"
    assert MARKER not in logged
    assert "'not_sure'" not in logged and "'sometimes'" not in logged
    assert VISITOR_ADDRESS not in logged
    assert "apple" not in logged


def test_a_database_error_message_does_not_quote_the_comment(
    client: Browser, db_session: Session
) -> None:
    """Error messages end up in the error log: they must not carry what someone wrote."""
    page = answer(client, begin(client), "no", button="more")
    client.submit(page, {"comment": "First words."})
    first = db_session.scalars(select(Comment)).one()
    db_session.add(
        Comment(response_id=first.response_id, statement_id=first.statement_id, text=MARKER)
    )
    with pytest.raises(IntegrityError) as error:
        db_session.flush()
    db_session.rollback()
    assert MARKER not in str(error.value)


def test_the_development_server_logs_no_client_address(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="werkzeug")
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        with urlopen(f"http://127.0.0.1:{server.port}/language") as response:  # noqa: S310
            assert response.status == 200
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert any('"GET /language HTTP/1.1" 200' in line for line in lines), lines
    assert not any("127.0.0.1" in line for line in lines), lines


def test_gunicorn_warnings_about_bad_requests_name_no_address(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="gunicorn.error")
    logging.getLogger("gunicorn.error").warning(
        "Invalid request from ip=192.0.2.44: Invalid HTTP Version"
    )
    logging.getLogger("gunicorn.error").warning("Invalid request from ip=::1: Bad chunk")
    messages = [record.getMessage() for record in caplog.records]
    assert messages[-2:] == [
        "Invalid request from ip=-: Invalid HTTP Version",
        "Invalid request from ip=-: Bad chunk",
    ]


def test_the_gunicorn_settings_keep_no_access_log_and_take_workers_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PORTAL_WORKERS", "3")
    settings = runpy.run_path(str(PROJECT_ROOT / "deploy" / "gunicorn.conf.py"))
    assert settings["workers"] == 3
    assert settings["accesslog"] is None
    assert settings["errorlog"] == "-"
    for atom in ("%(h)s", "%(r)s", "%(q)s", "%(f)s", "%(a)s", "X-Forwarded-For"):
        assert atom not in settings["access_log_format"]
    assert settings["forwarded_allow_ips"] == "127.0.0.1,::1"


# --- guessing resume codes -----------------------------------------------------------------


def _make_code(client: Browser) -> str:
    page = begin(client, "family_carer")
    page = answer(client, page, "yes")
    page = client.get(page.link("Get a code to finish later"))
    page = client.submit(page, button="Make my code")
    return " ".join(w.get_text() for w in page.soup.select(".code-word__word"))


def _try_code(app: Flask, code: str, status: int) -> Page:
    someone = Browser(app.test_client())
    return someone.submit(someone.get("/resume"), {"code": code}, status=status)


def test_one_client_guessing_is_asked_to_wait_and_no_code_is_checked(
    app: Flask, client: Browser, db_session: Session
) -> None:
    app.config["RESUME_CLIENT_MAX_FAILURES"] = 3
    code = _make_code(client)
    for guess in ("apple river seed cat", "river seed apple cat", "seed apple river cat"):
        page = _try_code(app, guess, status=400)
        assert "We cannot find that code." in page.text
    assert _count(db_session, FailedResume) == 3

    page = _try_code(app, code, status=429)  # the same address: asked to wait, even when right
    assert page.h1 == "Please wait"
    assert "We did not check your code." in page.text
    assert "Please wait 10 minutes. Then try again." in page.text
    _assert_security_headers(page.response, "wait page")
    assert _count(db_session, FailedResume) == 3, "a refused try is not counted again"


def test_wrong_codes_from_everywhere_lock_nobody_out(
    app: Flask, client: Browser, db_session: Session
) -> None:
    app.config["RESUME_MAX_FAILURES"] = 2
    code = _make_code(client)
    for number in range(4):
        browser = app.test_client()
        browser.environ_base["REMOTE_ADDR"] = f"10.0.0.{number}"
        someone = Browser(browser)
        someone.submit(someone.get("/resume"), {"code": "apple river seed cat"}, status=400)
    assert _count(db_session, FailedResume) == 4
    page = _try_code(app, code, status=200)
    assert page.url.startswith("/question/")
    assert _count(db_session, FailedResume) == 4, "a right code is not counted as wrong"


def test_a_wrong_code_is_counted_without_the_code_or_who_typed_it(app: Flask) -> None:
    columns = {
        column["name"]
        for column in inspect(app.extensions["db_engine"]).get_columns("failed_resume")
    }
    assert columns == {"id", "at"}
    assert app.config["RESUME_CLIENT_MAX_FAILURES"] == 10
    assert app.config["RESUME_MAX_FAILURES"] == 200
    assert app.config["RESUME_WINDOW_MINUTES"] == 10
    assert app.config["RESUME_INACTIVE_DAYS"] == 30


# --- the portal's own address ---------------------------------------------------------------


def test_a_request_naming_another_host_is_refused(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.test_client()
    for path in ("/", "/staff/sign-in", "/s/anything"):
        with caplog.at_level(logging.INFO, logger="portal.security_events"):
            with client.get(path, headers={"Host": "evil.example"}) as response:
                assert response.status_code == 400, path
                assert "evil.example" not in response.get_data(as_text=True)
        with client.get(path, headers={"Host": "localhost:5000"}) as response:
            assert response.status_code in (200, 302, 404), path
    assert "bad_host" in caplog.text


def test_trusted_hosts_are_the_base_address_and_this_computer_unless_set(
    template_database: str, audio_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(template_database, audio_dir, tmp_path, BASE_URL="https://Portal.Example.org/")
    try:
        assert app.config["TRUSTED_HOSTS"] == ["portal.example.org", "localhost", "127.0.0.1"]
    finally:
        app.extensions["db_engine"].dispose()
    monkeypatch.setenv("PORTAL_TRUSTED_HOSTS", "portal.example.org, .council.example")
    app = make_app(template_database, audio_dir, tmp_path)
    try:
        assert app.config["TRUSTED_HOSTS"] == ["portal.example.org", ".council.example"]
        client = app.test_client()
        for host, status in (
            ("portal.example.org", 200),
            ("feedback.council.example", 200),
            ("localhost", 400),
            ("portal.example.org.evil.example", 400),
        ):
            with client.get("/", headers={"Host": host}) as response:
                assert response.status_code == status, host
    finally:
        app.extensions["db_engine"].dispose()


@pytest.fixture
def hosted_app(template_database: str, audio_dir: Path, tmp_path: Path) -> Iterator[Flask]:
    """The portal whose own address (PORTAL_BASE_URL) is not the host the browser names."""
    app = make_app(template_database, audio_dir, tmp_path, BASE_URL="https://portal.example.org")
    yield app
    app.extensions["db_engine"].dispose()


def test_share_links_and_sign_in_links_hold_the_portal_s_own_address(
    hosted_app: Flask, db_session: Session
) -> None:
    from tests.admin.helpers import add_area, admin_browser, make_link, shown_links

    admin, _admin_id = admin_browser(hosted_app)
    add_area(admin, "North locality")
    page = make_link(admin, "Letter to families", BANK.questionnaires["family-carers"].title,
                     "North locality")  # fmt: skip
    (url,) = shown_links(page)
    assert url.startswith("https://portal.example.org/s/"), url
    page = admin.get("/staff/admin/staff/new")
    page = admin.submit(
        page, {"email": "new.person@example.org", "display_name": "New Person", "role": "reviewer"}
    )
    assert "https://portal.example.org/staff/sign-in" in page.text
    assert "http://localhost" not in page.text


def test_the_join_address_and_qr_code_hold_the_portal_s_own_address(
    hosted_app: Flask, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    from portal.groups import services as group_services
    from tests.groups.helpers import open_session

    encoded: list[str] = []
    make_svg = group_services.qr_svg

    def qr_svg(url: str, title: str) -> bytes:
        encoded.append(url)
        return make_svg(url, title)

    monkeypatch.setattr(group_services, "qr_svg", qr_svg)
    facilitator = Browser(hosted_app.test_client())
    page, code = open_session(hosted_app, facilitator)
    assert page.soup.find(class_="join-url").get_text() == "https://portal.example.org/join"
    qr = page.soup.find("img", src=re.compile(r"qr\.svg$"))["src"]
    with facilitator.client.get(qr) as response:
        assert response.status_code == 200
    assert encoded == [f"https://portal.example.org/join?code={code}"]


# --- nothing staff see is kept in a cache ---------------------------------------------------


def test_staff_exports_and_staff_files_are_never_cached_but_public_files_are(
    app: Flask, db_session: Session
) -> None:
    from tests.reports.fixtures import add_people
    from tests.reports.test_report_pages import NOW, _admin, _publish, _reviewer
    from tests.reports.test_results import YES_GOOD

    add_people(db_session, {YES_GOOD: "yes"}, 12, NOW)
    db_session.commit()
    admin = _admin(app)
    report = _publish(app, admin, _reviewer(app)).url.split("?")[0]
    for export in ("/figures.csv", "/figures.json", "/board-pack.pdf", "/board-pack"):
        with admin.client.get(report + export) as response:
            assert response.status_code == 200, export
            assert response.headers["Cache-Control"] == "no-store", export
    facilitator = Browser(app.test_client())
    from tests.groups.helpers import open_session

    page, _code = open_session(app, facilitator)
    session = page.url.split("?")[0]
    for staff_file in (session + "/qr.svg", session + "/progress"):
        with facilitator.client.get(staff_file) as response:
            assert response.status_code == 200, staff_file
            assert response.headers["Cache-Control"] == "no-store", staff_file
    question = begin(Browser(app.test_client()))
    for public in (question.soup.find("img")["src"], question.audio_sources()[0]):
        with app.test_client().get(public) as response:
            assert response.status_code == 200, public
            assert "max-age=31536000" in response.headers["Cache-Control"], public


def test_the_board_pack_pdf_gets_its_style_sheet_when_only_the_portal_s_host_is_trusted(
    template_database: str, audio_dir: Path, tmp_path: Path
) -> None:
    from portal.reports.pdf import BASE_URL, PortalFetcher

    app = make_app(
        template_database, audio_dir, tmp_path,
        BASE_URL="https://feedback.example.org", TRUSTED_HOSTS=["feedback.example.org"],
    )  # fmt: skip
    try:
        fetched = PortalFetcher(app).fetch(BASE_URL + "static/portal.css")
        assert b"font-family" in fetched.read()
    finally:
        app.extensions["db_engine"].dispose()
