"""The steps after a right password, and your own password.

After the password, a person may have more to do before the staff session starts:
1. a one-time password (a new account's) must be replaced by one they choose;
2. administrators and safeguarding leads type a code from their authenticator app (setting it
   up first, the first time).
Until then the session holds only "pending_staff" (the account id and when the password was
right, the page asked for): it is good for PENDING_MINUTES, and start_staff_session replaces it.

Also here: a password reset link's page, and "Change your password" for a signed-in person.
"""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Blueprint,
    current_app,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.security import check_password_hash
from werkzeug.wrappers import Response

from portal.auth import passwords
from portal.auth.access import staff_blueprint
from portal.auth.forms import ChangePasswordForm, CodeForm, NewPasswordForm
from portal.auth.models import ROLES, SignInAttempt, StaffUser
from portal.auth.second_factor import (
    check_code,
    in_groups,
    is_set_up,
    needs_second_factor,
    qr_code_svg,
    secret_for_set_up,
)
from portal.auth.sessions import PASSWORD_CHANGED, end_sign_ins, start_staff_session
from portal.db import get_db
from portal.logs import security_event
from portal.security import safe_next_url
from portal.throttle import Throttle, client_key

steps = Blueprint("sign_in_steps", __name__, url_prefix="/staff")
account = staff_blueprint("account", roles=ROLES, import_name=__name__, url_prefix="/staff")

PENDING_MINUTES = 5
Page = str | tuple[str, int]


def _throttle(name: str) -> Throttle:
    """Wrong codes, or wrong current passwords, from one client (and the whole site)."""
    config = current_app.config
    tries, minutes = config["SIGN_IN_MAX_FAILURES"], config["SIGN_IN_WINDOW_MINUTES"]
    return Throttle(name, f"{tries}/{minutes} minutes", f"{tries * 40}/{minutes} minutes")


def _message_page(heading: str, *lines: str, link: tuple[str, str] | None = None) -> str:
    """A page that only says something, with a link for what to do next."""
    return render_template("staff/sign_in_message.html", heading=heading, lines=lines, link=link)


def _new_password_page(form: NewPasswordForm, intro: str) -> str:
    """ "Choose a new password": after a one-time password, or from a reset link."""
    return render_template(
        "staff/new_password.html", form=form, heading=_("Choose a new password"), intro=intro
    )


def _sign_in_link() -> tuple[str, str]:
    return _("Go to the sign-in page"), url_for("auth.sign_in")


# --- after the password -----------------------------------------------------------------------


def needs_another_step(user: StaffUser) -> bool:
    """True when the right password is not enough yet: a one-time password to replace (or one
    too old to use), or a second factor to type."""
    return (
        user.must_change_password or passwords.password_expired(user) or needs_second_factor(user)
    )


def continue_sign_in(user: StaffUser, target: str | None) -> Response:
    """After the right password, when needs_another_step: the page for the next step, holding
    the half-signed-in state in the session; or, for a one-time password too old, a page that
    says what to do (the person is not signed in)."""
    if passwords.password_expired(user):
        security_event("sign_in_refused", reason="one_time_password_expired")
        page = _message_page(
            _("Your password has expired"),
            _("It was a one-time password. It worked for %(hours)s hours.",
              hours=current_app.config["PASSWORD_LINK_HOURS"]),
            _("Ask an administrator for a password reset link."),
            link=_sign_in_link(),
        )  # fmt: skip
        return make_response(page, 400)
    session["pending_staff"] = {"id": user.id, "at": int(time.time()), "next": target or ""}
    return _next_step(user)


def _pending_user() -> StaffUser | None:
    """The account whose password was right in the last PENDING_MINUTES, in this browser."""
    held = session.get("pending_staff")
    if not isinstance(held, dict) or not isinstance(held.get("id"), int):
        return None
    if time.time() - float(held.get("at", 0)) > PENDING_MINUTES * 60:
        session.pop("pending_staff", None)
        return None
    user = get_db().get(StaffUser, held["id"])
    return user if user is not None and user.active else None


def _sign_in_again() -> Page | Response:
    if current_user.is_authenticated:
        return redirect(url_for("staff.home"))
    return _message_page(
        _("Sign in again"),
        _("You took longer than %(minutes)s minutes, or you have not signed in yet.",
          minutes=PENDING_MINUTES),
        _("Sign in again with your email address and password."),
        link=_sign_in_link(),
    ), 400  # fmt: skip


def _next_step(user: StaffUser, code_typed: bool = False) -> Response:
    """The page for what is still to do; or, when nothing is, start the staff session."""
    if user.must_change_password:
        return redirect(url_for("sign_in_steps.choose_password"))
    if needs_second_factor(user) and not code_typed:
        return redirect(url_for("sign_in_steps.second_factor"))
    held = session.get("pending_staff") or {}
    target = str(held.get("next") or "")
    db = get_db()
    start_staff_session(db, user)  # also forgets pending_staff
    db.commit()
    return redirect(safe_next_url(target) if target else url_for("staff.home"))


@steps.route("/sign-in/new-password", methods=["GET", "POST"])
def choose_password() -> Page | Response:
    """The first sign-in with a one-time password: choose your own before anything else."""
    user = _pending_user()
    if user is None:
        return _sign_in_again()
    if not user.must_change_password:
        return _next_step(user)
    form = NewPasswordForm()
    if form.validate_on_submit():
        new = form.new_password.data or ""
        if check_password_hash(user.password_hash, new):
            form.new_password.errors = [
                _("That is the password we gave you. Choose a new one that only you know.")
            ]
        else:
            db = get_db()
            passwords.set_chosen_password(db, user, new)
            passwords.announce(db, user, "staff.password_chosen", user)
            end_sign_ins(db, user, PASSWORD_CHANGED)
            db.commit()
            security_event("password_chosen", staff_user=user.id)
            session["pending_staff"] = {**session["pending_staff"], "at": int(time.time())}
            return _next_step(user)
    return _new_password_page(
        form, _("You signed in with a one-time password. Now choose your own password.")
    )


@steps.route("/sign-in/code", methods=["GET", "POST"])
def second_factor() -> Page | Response:
    """Type the code from your authenticator app; the first time, set the app up."""
    user = _pending_user()
    if user is None:
        return _sign_in_again()
    if user.must_change_password or not needs_second_factor(user):
        return _next_step(user)
    db = get_db()
    throttle = _throttle("second_factor")
    setting_up = not is_set_up(user)
    if throttle.blocked():
        session.pop("pending_staff", None)
        security_event("second_factor_failed", staff_user=user.id, locked=True)
        minutes = current_app.config["SIGN_IN_WINDOW_MINUTES"]
        return _message_page(
            _("You typed a wrong code too many times"),
            _("Wait %(minutes)s minutes. Then sign in again.", minutes=minutes),
            link=_sign_in_link(),
        ), 429  # fmt: skip
    form = CodeForm()
    if form.validate_on_submit():
        if check_code(db, user, form.code.data or ""):
            throttle.clear()
            if setting_up:
                passwords.announce(db, user, "staff.second_factor_set_up", user)
                security_event("second_factor_set_up", staff_user=user.id)
            return _next_step(user, code_typed=True)
        throttle.hit()
        # A wrong code counts as a failed sign-in for this email from this client
        db.add(SignInAttempt(email=user.email, succeeded=False, client=client_key()))
        db.commit()
        security_event("second_factor_failed", staff_user=user.id, locked=False)
        form.code.errors = [_("That code is not right. Type the 6 numbers your app shows now.")]
    secret = secret_for_set_up(db, user) if setting_up else ""
    db.commit()
    context: dict[str, Any] = {"form": form, "setting_up": setting_up}
    if setting_up:
        context["qr_code"] = qr_code_svg(user, secret, _("QR code to scan with your app"))
        context["secret_in_groups"] = in_groups(secret)
    return render_template("staff/second_factor.html", **context)


# --- a password reset link --------------------------------------------------------------------


@steps.route("/password-reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Page | Response:
    """The page a password reset link opens: choose a new password; every sign-in ends."""
    db = get_db()
    state, reset = passwords.find_reset_link(db, token)
    if state != passwords.LINK_WORKS or reset is None:
        security_event("password_reset_refused", link=state)
        ask = _("Ask an administrator for a new password reset link.")
        if state == passwords.LINK_USED:
            return _message_page(
                _("This link has been used already"),
                _("A password reset link works only once."), ask, link=_sign_in_link(),
            ), 410  # fmt: skip
        if state == passwords.LINK_EXPIRED:
            return _message_page(
                _("This link has expired"),
                _("A password reset link works for %(hours)s hours.",
                  hours=current_app.config["PASSWORD_LINK_HOURS"]),
                ask, link=_sign_in_link(),
            ), 410  # fmt: skip
        return _message_page(
            _("This link does not work"),
            _("Check that you copied all of the link. A newer link stops the older ones."),
            ask,
            link=_sign_in_link(),
        ), 404  # fmt: skip
    form = NewPasswordForm()
    if form.validate_on_submit():
        user = passwords.use_reset_link(db, reset, form.new_password.data or "")
        ended = end_sign_ins(db, user, PASSWORD_CHANGED)
        db.commit()
        security_event("password_reset_used", staff_user=user.id, sign_ins_ended=ended)
        return _message_page(
            _("Your new password is ready"),
            _("Sign in with your email address and your new password."),
            link=_sign_in_link(),
        )
    return _new_password_page(
        form, _("Choose a password that only you know. This link works once.")
    )


# --- your own password ------------------------------------------------------------------------


@account.route("/password", methods=["GET", "POST"])
def change_password() -> Page | Response:
    """Change your own password; your other sign-ins end."""
    form = ChangePasswordForm()
    throttle = _throttle("password_change")
    if form.validate_on_submit():
        db = get_db()
        user: StaffUser = current_user
        if throttle.blocked():
            form.current_password.errors = [
                _("You typed a wrong password too many times. Wait %(minutes)s minutes. "
                  "Then try again.", minutes=current_app.config["SIGN_IN_WINDOW_MINUTES"])
            ]  # fmt: skip
        elif form.current_password.data == form.new_password.data:
            form.new_password.errors = [
                _("Your new password is the same as your current one. Choose a different one.")
            ]
        else:
            try:
                passwords.change_own_password(
                    db, user, form.current_password.data or "", form.new_password.data or ""
                )
            except passwords.PasswordError:
                throttle.hit()
                security_event("password_change_failed", staff_user=user.id)
                form.current_password.errors = [
                    _("Your current password is not right. Type it again.")
                ]
            else:
                ended = end_sign_ins(db, user, PASSWORD_CHANGED, keep_current=True)
                db.commit()
                security_event("password_changed", staff_user=user.id, sign_ins_ended=ended)
                return redirect(url_for("account.change_password", done="1"))
    done = request.args.get("done") == "1"
    return render_template("staff/change_password.html", form=form, done=done)
