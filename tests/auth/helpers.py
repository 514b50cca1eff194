"""Staff accounts for tests: make one, sign in through the page, or start signed in."""

from __future__ import annotations

import secrets

from flask import Flask
from sqlalchemy.orm import Session

from portal.auth.services import create_user
from tests.helpers import Browser, Page

PASSWORD = "a long staff password"


def add_staff(app: Flask, role: str, email: str | None = None, password: str = PASSWORD) -> int:
    """Create a staff account and return its id."""
    with Session(app.extensions["db_engine"]) as db, db.begin():
        email = email or f"{role}-{secrets.token_hex(4)}@example.org"
        user = create_user(db, email, role.title(), role, password)
        return user.id


def sign_in(client: Browser, email: str, password: str = PASSWORD, status: int = 200) -> Page:
    """Fill in the sign-in page as a person would."""
    page = client.get("/staff/sign-in")
    return client.submit(page, {"email": email, "password": password}, status=status)


def start_signed_in(client: Browser, user_id: int) -> None:
    """Skip the sign-in page (and its slow password check): put the account in the session."""
    with client.client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
