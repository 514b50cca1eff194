"""`flask user add` and `flask user list` (`flask demo staff`, `user demo` and `user code`:
tests/demo/test_demo_staff.py)."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from tests.auth.helpers import sign_in
from tests.helpers import Browser


def test_user_add_creates_an_account_that_can_sign_in(
    runner: FlaskCliRunner, db_session: Session, client: Browser
) -> None:
    result = runner.invoke(
        args=["user", "add", "--email", "Lead@Example.org", "--name", "Lee", "--role",
              "safeguarding_lead", "--password", "a long staff password"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db_session.scalars(select(StaffUser)).one()
    assert (user.email, user.display_name, user.role, user.active) == (
        "lead@example.org", "Lee", "safeguarding_lead", True
    )  # fmt: skip
    page = sign_in(client, "lead@example.org")
    assert page.h1 == "Set up your authenticator app", "a lead's second factor comes next"


def test_user_add_asks_for_the_password_twice(runner: FlaskCliRunner, db_session: Session) -> None:
    args = ["user", "add", "--email", "a@example.org", "--name", "A", "--role", "reviewer"]
    result = runner.invoke(args=args, input="a long staff password\na long staff password\n")
    assert result.exit_code == 0, result.output
    assert db_session.scalars(select(StaffUser)).one().email == "a@example.org"


def test_user_add_refuses_a_used_email_a_short_password_and_an_unknown_role(
    runner: FlaskCliRunner,
) -> None:
    base = ["user", "add", "--email", "a@example.org", "--name", "A"]
    ok = runner.invoke(args=[*base, "--role", "reviewer", "--password", "a long staff password"])
    assert ok.exit_code == 0
    again = runner.invoke(args=[*base, "--role", "reviewer", "--password", "a long staff password"])
    assert again.exit_code != 0 and "already an account" in again.output
    short = ["user", "add", "--email", "b@example.org", "--name", "B", "--role", "reviewer"]
    result = runner.invoke(args=[*short, "--password", "short"])
    assert result.exit_code != 0 and "at least 12" in result.output
    unknown = runner.invoke(args=[*base, "--role", "boss", "--password", "a long staff password"])
    assert unknown.exit_code != 0


def test_user_list_shows_each_account_and_role(runner: FlaskCliRunner) -> None:
    runner.invoke(
        args=["user", "add", "--email", "a@example.org", "--name", "A", "--role", "facilitator",
              "--password", "a long staff password"]
    )  # fmt: skip
    result = runner.invoke(args=["user", "list"])
    assert "a@example.org  facilitator  A  (active)" in result.output
    assert "1 staff account(s)." in result.output
