"""A tablet is no staff member's browser: joining a group session signs staff out, "Next person"
forgets everything but the tablet, and staff pages are refused on a tablet."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.models import StaffSignIn
from tests.auth.helpers import add_staff, start_signed_in
from tests.groups.helpers import join, open_session
from tests.helpers import Browser

STAFF_PAGES = ("/staff/", "/staff/sessions/", "/staff/sign-in")


def _refused(browser: Browser, url: str) -> None:
    response = browser.client.get(url)
    assert response.status_code in (302, 403), (url, response.status_code)
    if response.status_code == 302:
        assert response.location.startswith("/staff/sign-in"), response.location
    with browser.client.session_transaction() as session:
        assert "_user_id" not in session, f"{url} left a staff member signed in"


def _next_person(browser: Browser) -> None:
    """Press "Next person" (the form only needs its CSRF token)."""
    page = browser.get("/preferences")
    token = page.soup.find("input", attrs={"name": "csrf_token"})["value"]
    response = browser.client.post("/kiosk/next-person", data={"csrf_token": token})
    assert response.status_code == 302 and response.location == "/", response.location


def test_a_facilitator_who_joins_in_their_own_browser_is_signed_out(app: Flask) -> None:
    facilitator = Browser(app.test_client())
    _, code = open_session(app, facilitator)
    assert facilitator.client.get("/staff/sessions/").status_code == 200
    join(facilitator, code)
    for url in STAFF_PAGES:
        _refused(facilitator, url)
    _next_person(facilitator)
    for url in STAFF_PAGES:
        _refused(facilitator, url)


def test_an_administrators_browser_that_joins_opens_no_admin_page(app: Flask) -> None:
    facilitator = Browser(app.test_client())
    _, code = open_session(app, facilitator)
    admin = Browser(app.test_client())
    start_signed_in(admin, add_staff(app, "administrator"))
    assert admin.client.get("/staff/admin/staff").status_code == 200
    join(admin, code)
    _refused(admin, "/staff/admin/staff")
    # Even a sign-in put back into the cookie opens no staff page while the browser is a tablet.
    start_signed_in(admin, add_staff(app, "administrator"))
    _refused(admin, "/staff/admin/staff")
    start_signed_in(admin, add_staff(app, "administrator"))
    _next_person(admin)
    _refused(admin, "/staff/admin/staff")


def test_next_person_forgets_everything_but_the_tablet(app: Flask) -> None:
    facilitator = Browser(app.test_client())
    _, code = open_session(app, facilitator)
    tablet = Browser(app.test_client())
    join(tablet, code)
    with tablet.client.session_transaction() as session:
        kiosk = session["kiosk"]
        session["_user_id"] = "1"
        session["_fresh"] = True
        session["something else"] = "from the last person"
    _next_person(tablet)
    with tablet.client.session_transaction() as session:
        assert set(session) <= {"kiosk", "csrf_token"}, dict(session)
        assert session["kiosk"]["tablet"] == kiosk["tablet"]
        assert session["kiosk"]["generation"] == kiosk["generation"] + 1
    assert tablet.get("/").url == "/", "the tablet is still in the session"


def test_joining_ends_the_staff_sign_in_so_a_copy_of_its_cookie_stops_working(
    app: Flask, db_session: Session
) -> None:
    facilitator = Browser(app.test_client())
    _, code = open_session(app, facilitator)
    with facilitator.client.session_transaction() as session:
        copied = session["_user_id"]  # someone copies the signed-in cookie's value
    join(facilitator, code)
    [ended] = db_session.scalars(select(StaffSignIn.ended_why)).all()
    assert ended == "became_tablet"
    elsewhere = Browser(app.test_client())
    with elsewhere.client.session_transaction() as session:
        session["_user_id"] = copied
    response = elsewhere.client.get("/staff/sessions/")
    assert response.status_code == 302 and response.location.startswith("/staff/sign-in")
