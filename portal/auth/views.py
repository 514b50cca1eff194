"""Staff sign-in, sign-out, the staff home page and "Your sign-ins"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from portal.auth.access import staff_blueprint
from portal.auth.account_views import continue_sign_in, needs_another_step
from portal.auth.forms import SignInForm, SignOutForm
from portal.auth.models import ROLES
from portal.auth.services import SignInResult, SignInRules, authenticate, user_by_email
from portal.auth.sessions import (
    SIGNED_OUT_ELSEWHERE,
    current_sign_in,
    end_sign_ins,
    end_this_sign_in,
    sign_ins_of,
    start_staff_session,
)
from portal.db import get_db, one_writer, utcnow
from portal.logs import security_event
from portal.security import safe_next_url
from portal.throttle import Throttle, client_key

bp = Blueprint("auth", __name__, url_prefix="/staff")
staff = staff_blueprint("staff", roles=ROLES, import_name=__name__, url_prefix="/staff")

# How long ago ended sign-ins are still listed on "Your sign-ins", and how many at most
ENDED_SHOWN_DAYS = 30
ENDED_SHOWN_MOST = 20


def _sign_in_rules() -> SignInRules:
    config = current_app.config
    return SignInRules(
        max_failures=config["SIGN_IN_MAX_FAILURES"],
        window_minutes=config["SIGN_IN_WINDOW_MINUTES"],
        email_max_failures=config["SIGN_IN_EMAIL_MAX_FAILURES"],
    )


def _client_throttle(rules: SignInRules) -> Throttle:
    """Wrong passwords from one client, whatever emails it tries (in this process's memory)."""
    per_client = (
        f"{current_app.config['SIGN_IN_CLIENT_MAX_FAILURES']}/{rules.window_minutes} minutes"
    )
    return Throttle("sign_in", per_client)


def _check_password(email: str, password: str, rules: SignInRules) -> SignInResult:
    """Check one try, refused at once when this client has guessed too much; log a failure."""
    throttle = _client_throttle(rules)
    if throttle.blocked():
        security_event("sign_in_failed", account="-", locked="client_any_email")
        return SignInResult(None, locked="client")
    db = get_db()
    db.commit()  # start afresh: the try's first statement is its write
    with one_writer(db):
        result = authenticate(db, email, password, client_key(), rules)
        if result.user is not None and not needs_another_step(result.user):
            start_staff_session(db, result.user)
        db.commit()
    if result.user is not None:
        return result
    throttle.hit()
    known = user_by_email(db, email)
    security_event(  # never the email or the password typed
        "sign_in_failed", account="known" if known else "unknown", locked=result.locked or "no"
    )
    if result.email_lock_began:
        security_event(
            "sign_in_locked_for_everyone",
            staff_user=known.id if known else None,
            failures=rules.email_max_failures,
            minutes=rules.window_minutes,
        )
    return result


def _signed_out_message() -> str | None:
    """Why the sign-in page was opened: signed out, or a sign-in that ended by itself."""
    why = request.args.get("signed-out")
    config = current_app.config
    if why == "1":
        return str(_("You have signed out."))
    if why == "idle":
        return str(
            _(
                "We signed you out because you did nothing for %(minutes)s minutes. Sign in again.",
                minutes=config["STAFF_IDLE_MINUTES"],
            )
        )
    if why == "too-old":
        return str(
            _(
                "We signed you out because you signed in more than %(hours)s hours ago. "
                "Sign in again.",
                hours=config["STAFF_SESSION_HOURS"],
            )
        )
    if why == "ended":
        return str(_("We signed you out. Sign in again."))
    return None


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> str | Response:
    """Check the email and password; too many wrong tries from one client lock it out for a
    while, many from everyone lock the email for a while."""
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    form = SignInForm()
    if form.validate_on_submit():
        rules = _sign_in_rules()
        result = _check_password(form.email.data or "", form.password.data or "", rules)
        if result.user is not None:
            target = request.args.get("next")
            if needs_another_step(result.user):  # a new password, or a second factor
                return continue_sign_in(result.user, target)
            return redirect(safe_next_url(target) if target else url_for("staff.home"))
        minutes = rules.window_minutes
        if result.locked == "email":
            message = _(
                "Signing in with this email address is paused for %(minutes)s minutes, because "
                "of many wrong passwords. Wait, then try again. If it happens again, tell an "
                "administrator.",
                minutes=minutes,
            )
        elif result.locked:
            message = _(
                "You tried too many times. Wait %(minutes)s minutes. Then try again.",
                minutes=minutes,
            )
        else:
            message = _(
                "The email address or password is not right. Check them and try again. "
                "After %(tries)s wrong tries you must wait %(minutes)s minutes.",
                tries=rules.max_failures,
                minutes=minutes,
            )
        form.password.errors = [message]
    return render_template("staff/sign_in.html", form=form, signed_out=_signed_out_message())


@staff.get("/")
def home() -> str:
    """What this staff member's role can do, with links."""
    return render_template("staff/home.html", sign_out_form=SignOutForm())


@staff.post("/sign-out")
def sign_out() -> Response:
    """End this sign-in (a copy of the cookie stops working too) and go back to sign in."""
    if SignOutForm().validate_on_submit():
        db = get_db()
        end_this_sign_in(db)
        db.commit()
        logout_user()
        session.clear()
    query: dict[str, Any] = {"signed-out": "1"}  # a name with "-", so not a keyword argument
    return redirect(url_for("auth.sign_in", **query))


@staff.get("/sign-ins")
def sign_ins() -> str:
    """This staff member's sign-ins: open ones, and those that ended lately, with why."""
    since = utcnow() - timedelta(days=ENDED_SHOWN_DAYS)
    listed = sign_ins_of(get_db(), current_user, since, ENDED_SHOWN_MOST)
    this_one = current_sign_in()
    return render_template(
        "staff/sign_ins.html",
        sign_ins=listed,
        this_id=this_one.id if this_one else None,
        others_open=sum(1 for s in listed if s.ended_at is None and s is not this_one),
        ended=request.args.get("ended", type=int),
        ended_days=ENDED_SHOWN_DAYS,
        form=SignOutForm(),
    )


@staff.post("/sign-ins/sign-out-others")
def sign_out_others() -> Response:
    """End every other sign-in of this account ("Sign out everywhere else")."""
    ended = 0
    if SignOutForm().validate_on_submit():
        db = get_db()
        ended = end_sign_ins(db, current_user, SIGNED_OUT_ELSEWHERE, keep_current=True)
        db.commit()
        security_event("signed_out_elsewhere", staff_user=current_user.id, ended=ended)
    return redirect(url_for("staff.sign_ins", ended=ended))
