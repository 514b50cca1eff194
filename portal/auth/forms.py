"""The staff sign-in form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired, Length


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
