"""The tablet's form: the group's join code."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, Length

JOIN_CODE_NOT_FOUND = _l(
    "We could not find a group with that code. Check the numbers and try again."
)


class JoinForm(FlaskForm):
    code = StringField(
        _l("The code for your group"),
        validators=[
            InputRequired(_l("Type the code for your group. It has 6 numbers.")),
            Length(max=20, message=_l("The code has 6 numbers. Check the code and try again.")),
        ],
    )
