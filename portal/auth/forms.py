"""The staff sign-in form, and the forms for passwords and the second factor."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired, Length

from portal.auth.services import MIN_PASSWORD_LENGTH


class SignInForm(FlaskForm):
    email = StringField(
        _l("Email address"),
        validators=[
            InputRequired(_l("Type your email address.")),
            Length(max=254, message=_l("That email address is too long.")),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            InputRequired(_l("Type your password.")),
            Length(max=500, message=_l("That password is too long.")),
        ],
    )


class SignOutForm(FlaskForm):
    """Only the CSRF token: pressing "Sign out" signs out."""


def _new_password(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            InputRequired(_l("Type a new password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l(
                    "Your new password is too short. Use %(count)s characters or more. "
                    "A few words together are easy to remember.",
                    count=MIN_PASSWORD_LENGTH,
                ),
            ),
            Length(max=500, message=_l("That password is too long. Use 500 characters or fewer.")),
        ],
    )


def _again() -> PasswordField:
    return PasswordField(
        _l("Type the new password again"),
        validators=[
            InputRequired(_l("Type the new password again.")),
            EqualTo(
                "new_password",
                message=_l("The two new passwords are not the same. Type them again."),
            ),
        ],
    )


class NewPasswordForm(FlaskForm):
    """A new password, typed twice (a reset link, or the first sign-in with a one-time one)."""

    new_password = _new_password(_l("New password"))
    again = _again()


class ChangePasswordForm(FlaskForm):
    """Your current password, then the new one twice."""

    current_password = PasswordField(
        _l("Current password"),
        validators=[
            InputRequired(_l("Type your current password.")),
            Length(max=500, message=_l("That password is too long.")),
        ],
    )
    new_password = _new_password(_l("New password"))
    again = _again()


class CodeForm(FlaskForm):
    """The 6-digit code from the authenticator app."""

    code = StringField(
        _l("Code from your app"),
        validators=[
            InputRequired(_l("Type the 6-digit code from your app.")),
            Length(max=20, message=_l("The code has 6 digits. Type only those.")),
        ],
    )
