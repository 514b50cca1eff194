"""Staff sign-in, sign-out and the staff home page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from portal.auth.access import staff_blueprint
from portal.auth.forms import SignInForm, SignOutForm
from portal.auth.models import ROLES
from portal.auth.services import authenticate, sign_in_locked, user_by_email
from portal.db import get_db
from portal.logs import security_event
from portal.security import safe_next_url

bp = Blueprint("auth", __name__, url_prefix="/staff")
staff = staff_blueprint("staff", roles=ROLES, import_name=__name__, url_prefix="/staff")


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> str | Response:
    """Check the email and password; too many wrong tries lock the email for a while."""
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = SignInForm()
    if form.validate_on_submit():
        db = get_db()
        limits = current_app.config
        user = authenticate(
            db,
            form.email.data or "",
            form.password.data or "",
            max_failures=limits["SIGN_IN_MAX_FAILURES"],
            window_minutes=limits["SIGN_IN_WINDOW_MINUTES"],
        )
        db.commit()
        if user is not None:
            login_user(user)
            target = request.args.get("next")
            return redirect(safe_next_url(target) if target else url_for("staff.home"))
        minutes = limits["SIGN_IN_WINDOW_MINUTES"]
        locked = sign_in_locked(db, form.email.data or "", limits["SIGN_IN_MAX_FAILURES"], minutes)
        known = user_by_email(db, form.email.data or "") is not None
        security_event(  # never the email or the password typed
            "sign_in_failed", account="known" if known else "unknown", locked=locked
        )
        if locked:
            message = _(
                "You tried too many times. Wait %(minutes)s minutes. Then try again.",
                minutes=minutes,
            )
        else:
            message = _(
                "The email address or password is not right. Check them and try again. "
                "After %(tries)s wrong tries you must wait %(minutes)s minutes.",
                tries=limits["SIGN_IN_MAX_FAILURES"],
                minutes=minutes,
            )
        form.password.errors = [message]
    signed_out = request.args.get("signed-out") == "1"
    return render_template("staff/sign_in.html", form=form, signed_out=signed_out)


@staff.get("/")
def home() -> str:
    """What this staff member's role can do, with links."""
    return render_template("staff/home.html", sign_out_form=SignOutForm())


@staff.post("/sign-out")
def sign_out() -> Response:
    """Sign out and go back to the sign-in page."""
    if SignOutForm().validate_on_submit():
        logout_user()
    query: dict[str, Any] = {"signed-out": "1"}  # a name with "-", so not a keyword argument
    return redirect(url_for("auth.sign_in", **query))
