"""Staff accounts for tests: make one, sign in through the page (typing the second factor's
code for administrators and safeguarding leads), or start signed in."""

from __future__ import annotations

import secrets

from flask import Flask
from sqlalchemy.orm import Session

from portal.auth.models import StaffSignIn, StaffUser
from portal.auth.second_factor import current_code, needs_second_factor
from portal.auth.services import create_user
from portal.auth.sessions import token_hash
from tests.helpers import Browser, Page

PASSWORD = "a long staff password"
# The authenticator app's secret of every administrator and safeguarding lead add_staff makes
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def add_staff(
    app: Flask,
    role: str,
    email: str | None = None,
    password: str = PASSWORD,
    second_factor: bool = True,
) -> int:
    """Create a staff account and return its id. Administrators and safeguarding leads have
    their second factor set up with TOTP_SECRET (second_factor=False: not yet)."""
    with Session(app.extensions["db_engine"]) as db, db.begin():
        email = email or f"{role}-{secrets.token_hex(4)}@example.org"
        user = create_user(db, email, role.title(), role, password)
        if second_factor and needs_second_factor(user):
            user.totp_secret, user.totp_last_step = TOTP_SECRET, 0
        return user.id


def type_code(client: Browser, page: Page, status: int = 200) -> Page:
    """On the second factor's page, type the code the authenticator app shows now. Tests sign
    one account in many times a minute, so the code used last is forgotten first."""
    with client.client.session_transaction() as session:
        user_id = session["pending_staff"]["id"]
    with Session(client.client.application.extensions["db_engine"]) as db, db.begin():
        user = db.get(StaffUser, user_id)
        assert user is not None
        if user.totp_last_step is not None:
            user.totp_last_step = 0
        code = current_code(user)
    return client.submit(page, {"code": code}, status=status)


def sign_in(
    client: Browser, email: str, password: str = PASSWORD, status: int = 200, code: bool = True
) -> Page:
    """Fill in the sign-in page as a person would; then, when asked (and `code`), the code
    from the authenticator app."""
    page = client.get("/staff/sign-in")
    page = client.submit(page, {"email": email, "password": password}, status=status)
    if code and page.soup.find("input", attrs={"name": "code"}) and "Type the code" in page.h1:
        page = type_code(client, page, status)
    return page


def start_signed_in(client: Browser, user_id: int, browser: str = "") -> int:
    """Skip the sign-in page (and its slow password check): open a sign-in for the account, as
    the page would, and put its cookie in this browser. The sign-in's id."""
    token = secrets.token_urlsafe(32)
    with Session(client.client.application.extensions["db_engine"]) as db, db.begin():
        sign_in = StaffSignIn(staff_user_id=user_id, token_hash=token_hash(token), browser=browser)
        db.add(sign_in)
        db.flush()
        sign_in_id = sign_in.id
    with client.client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:{token}"
        session["_fresh"] = True
    return sign_in_id
