"""Passwords and the second factor in the real browser on a tablet: setting up an authenticator
app (the QR code is inline SVG, allowed by the Content-Security-Policy), typing a code, choosing
a new password, changing your own, and an administrator's reset link. Every page passes
axe-core; screenshots are kept to look at."""

from __future__ import annotations

import secrets

import pyotp
from flask import Flask
from playwright.sync_api import Browser
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from tests.auth.helpers import PASSWORD, add_staff
from tests.browser.helpers import AxeTally, page_problems, path_of, signed_in, submit, visit
from tests.browser.test_safety_staff_pages import TABLET_SIZE, screenshot

NEW_PASSWORD = "a brand new staff password"


def test_second_factor_and_password_pages_pass_axe_on_a_tablet(
    browser: Browser, live_server: str, live_app: Flask, axe_tally: AxeTally
) -> None:
    email = f"lead-{secrets.token_hex(4)}@example.org"
    lead_id = add_staff(live_app, "safeguarding_lead", email, second_factor=False)
    context = browser.new_context(base_url=live_server, viewport=TABLET_SIZE)  # type: ignore[arg-type]
    page = context.new_page()

    visit(page, "/staff/sign-in")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    submit(page)
    assert path_of(page) == "/staff/sign-in/code"
    qr = page.locator("svg.qr")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 200  # type: ignore[index]
    problems = page_problems(page, "en", "set up the authenticator app", axe_tally)
    screenshot(page, "second-factor-set-up")

    page.fill("input[name=code]", "000000")
    submit(page)
    problems += page_problems(page, "en", "set up the authenticator app, wrong code", axe_tally)
    with Session(live_app.extensions["db_engine"]) as db:
        secret = db.get_one(StaffUser, lead_id).totp_secret
    assert secret is not None
    page.fill("input[name=code]", pyotp.TOTP(secret).now())
    submit(page)
    assert path_of(page) == "/staff/"

    visit(page, "/staff/password")
    page.fill("input[name=current_password]", "not it")
    page.fill("input[name=new_password]", "short")
    page.fill("input[name=again]", "other")
    submit(page)
    problems += page_problems(page, "en", "change your password, with errors", axe_tally)
    screenshot(page, "change-password-errors")
    page.fill("input[name=current_password]", PASSWORD)
    page.fill("input[name=new_password]", NEW_PASSWORD)
    page.fill("input[name=again]", NEW_PASSWORD)
    submit(page)
    assert "Your password is changed" in page.locator("main").inner_text()
    problems += page_problems(page, "en", "change your password, done", axe_tally)
    context.close()

    admin_context = signed_in(browser, live_server, live_app, "administrator", TABLET_SIZE)
    admin = admin_context.new_page()
    visit(admin, f"/staff/admin/staff/{lead_id}")
    problems += page_problems(admin, "en", "a staff account with its password tools", axe_tally)
    screenshot(admin, "admin-staff-account")
    submit(admin, "form[action$='/password-reset-link'] button[type=submit]")
    link = admin.locator("#password-reset-link").inner_text().strip()
    problems += page_problems(admin, "en", "a password reset link, shown once", axe_tally)
    screenshot(admin, "admin-password-reset-link")
    admin_context.close()

    visitor = browser.new_context(base_url=live_server, viewport=TABLET_SIZE)  # type: ignore[arg-type]
    page = visitor.new_page()
    path = "/staff/password-reset/" + link.rsplit("/", 1)[1]
    visit(page, path)
    problems += page_problems(page, "en", "choose a new password from a reset link", axe_tally)
    page.fill("input[name=new_password]", PASSWORD + " again")
    page.fill("input[name=again]", PASSWORD + " again")
    submit(page)
    problems += page_problems(page, "en", "the new password is ready", axe_tally)
    page.goto(path)
    assert page.locator("h1").inner_text() == "This link has been used already"
    problems += page_problems(page, "en", "a used password reset link", axe_tally)
    visitor.close()
    assert not problems, "\n".join(problems)
