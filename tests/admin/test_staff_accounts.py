"""Administrators add staff accounts, change roles, and switch accounts off and on."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.auth.models import StaffUser
from tests.admin.helpers import admin_browser, press
from tests.auth.helpers import add_staff, sign_in, start_signed_in
from tests.helpers import Browser, Page, check_structure


def _add_account(admin: Browser, data: dict[str, str], status: int = 200) -> Page:
    page = admin.get("/staff/")
    page = admin.get(page.link("Staff accounts"))
    page = admin.get(page.link("Add a staff account"))
    return admin.submit(page, data, status=status)


def _details(page: Page) -> str:
    return " ".join(page.soup.find("dl").get_text(" ").split())


def test_administrator_adds_a_facilitator_whose_one_time_password_signs_in_once(
    app: Flask, db_session: Session
) -> None:
    admin, admin_id = admin_browser(app)
    page = _add_account(
        admin, {"email": "Sam@Example.org", "display_name": "Sam", "role": "facilitator"}
    )
    assert page.h1 == "Account added"
    password = page.soup.find(id="one-time-password").get_text(strip=True)
    assert len(password) >= 12
    assert "shows the password once" in page.text
    assert "It works for 24 hours, until" in page.text
    assert "When they first sign in, they choose their own password." in page.text

    listed = admin.get("/staff/admin/staff")
    assert "sam@example.org" in listed.text and "Facilitator" in listed.text
    assert password not in listed.text

    staff = Browser(app.test_client())
    page = sign_in(staff, "sam@example.org", password)
    assert page.h1 == "Choose a new password"
    home = staff.submit(page, {"new_password": "Sam's own password", "again": "Sam's own password"})
    assert home.h1 == "Staff home" and "facilitator" in home.text

    entry = db_session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
    user = db_session.scalars(select(StaffUser).where(StaffUser.email == "sam@example.org")).one()
    assert (entry.actor_id, entry.action, entry.subject) == (
        admin_id, "staff.added", f"staff_user:{user.id}"
    )  # fmt: skip
    assert password not in entry.detail


def test_an_empty_or_used_email_is_refused_with_a_clear_message(
    app: Flask, db_session: Session
) -> None:
    admin, _admin_id = admin_browser(app)
    page = _add_account(admin, {}, status=400)
    assert page.soup.title.get_text().startswith("Error: ")
    summary = page.soup.find(class_="error-summary").get_text()
    assert "Type the person's email address" in summary
    assert "Type the person's name" in summary

    add_staff(app, "reviewer", "taken@example.org")
    data = {"email": "taken@example.org", "display_name": "T", "role": "reviewer"}
    page = _add_account(admin, data, status=400)
    assert "There is already an account for taken@example.org" in page.text
    assert db_session.scalars(select(AuditEntry)).all() == []


def test_administrator_changes_a_role_and_switches_an_account_off_and_on(
    app: Flask, db_session: Session
) -> None:
    admin, admin_id = admin_browser(app)
    user_id = add_staff(app, "facilitator", "fran@example.org")
    fran = Browser(app.test_client())
    start_signed_in(fran, user_id)

    page = admin.get("/staff/admin/staff")
    page = admin.get(page.link("fran@example.org"))
    page = press(admin, page, "Change the role", {"role": "reviewer"})
    assert "The role is changed." in page.text and "Reviewer" in _details(page)

    page = press(admin, page, "Switch off this account")
    assert "Can sign in No" in _details(page)
    assert fran.get("/staff/").url.startswith("/staff/sign-in"), "signed out at once"
    assert sign_in(Browser(app.test_client()), "fran@example.org").h1 != "Staff home"

    page = press(admin, page, "Switch on this account")
    assert "Can sign in Yes" in _details(page)
    assert sign_in(Browser(app.test_client()), "fran@example.org").h1 == "Staff home"

    entries = db_session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.actor_id, e.action, e.subject) for e in entries] == [
        (admin_id, "staff.role_changed", f"staff_user:{user_id}"),
        (admin_id, "staff.switched_off", f"staff_user:{user_id}"),
        (admin_id, "staff.switched_on", f"staff_user:{user_id}"),
    ]
    assert entries[0].detail == "facilitator to reviewer"


def test_administrator_cannot_switch_off_or_demote_themselves(
    app: Flask, db_session: Session
) -> None:
    admin, admin_id = admin_browser(app)
    page = admin.get(f"/staff/admin/staff/{admin_id}")
    assert "This is your own account" in page.text
    assert not page.soup.select("main form:not(.staff-sign-out)")

    token = admin.get("/staff/admin/areas/new").soup.find("input", attrs={"name": "csrf_token"})
    data = {"csrf_token": token["value"]}
    refused = admin.client.post(f"/staff/admin/staff/{admin_id}/switch-off", data=data)
    assert refused.status_code == 400
    assert "You cannot switch off your own account" in refused.text
    assert check_structure(refused.text).title.get_text().startswith("Error: ")
    refused = admin.client.post(f"/staff/admin/staff/{admin_id}", data={**data, "role": "reviewer"})
    assert refused.status_code == 400
    assert "You cannot change your own role" in refused.text

    me = db_session.get(StaffUser, admin_id)
    assert (me.active, me.role) == (True, "administrator")
    assert db_session.scalars(select(AuditEntry)).all() == []


def test_other_roles_cannot_open_the_administrator_pages(app: Flask) -> None:
    for role in ("facilitator", "reviewer", "safeguarding_lead"):
        staff = Browser(app.test_client())
        start_signed_in(staff, add_staff(app, role))
        page = staff.get("/staff/admin/staff", status=403)
        assert page.h1 == "You cannot open this page"
        assert "Staff accounts" not in staff.get("/staff/").text


def test_a_change_without_the_page_token_is_refused(app: Flask, db_session: Session) -> None:
    admin, _admin_id = admin_browser(app)
    user_id = add_staff(app, "reviewer")
    refused = admin.client.post(f"/staff/admin/staff/{user_id}/switch-off")
    assert refused.status_code == 400
    assert db_session.get(StaffUser, user_id).active
