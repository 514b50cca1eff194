"""The form a safety lead fills in to say how they followed up a flag."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length


class AcknowledgeForm(FlaskForm):
    """One per flag on the page; made with prefix="flag-<id>" so ids stay unique."""

    note = TextAreaField(
        _l("What did you do?"),
        validators=[
            InputRequired(_l("Write what you did about this alert. For example, who you called.")),
            Length(max=4000, message=_l("Your note is too long. Use 4000 letters or fewer.")),
        ],
    )


def acknowledge_form(flag_id: int) -> AcknowledgeForm:
    """The acknowledgement form for one flag."""
    return AcknowledgeForm(prefix=f"flag-{flag_id}")


class NotGenuineForm(FlaskForm):
    """One per flag: why the lead is sure nobody was at risk."""

    reason = TextAreaField(
        "Why is this alert not genuine?",
        validators=[
            InputRequired(
                "Write why this alert is not genuine. For example: a test by staff, or many "
                "taps at once from one tablet."
            ),
            Length(max=2000, message="Your reason is too long. Use 2000 letters or fewer."),
        ],
    )


def not_genuine_form(flag_id: int) -> NotGenuineForm:
    """The "not genuine" form for one flag."""
    return NotGenuineForm(prefix=f"not-genuine-{flag_id}")
