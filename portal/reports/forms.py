"""Staff forms for reports (English only)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

CHOOSE = "Choose from the list."


class ReportForm(FlaskForm):
    title = StringField(
        "Report title",
        validators=[
            InputRequired("Give the report a title, for example: Board report, autumn 2026."),
            Length(max=200, message="Use 200 letters or fewer for the title."),
        ],
    )
    round = SelectField("Survey round (optional)", default="", invalid_choice_message=CHOOSE)
    questionnaire = SelectField("Questions", invalid_choice_message=CHOOSE)
    first = SelectField("From the quarter", invalid_choice_message=CHOOSE)
    last = SelectField("To the quarter", invalid_choice_message=CHOOSE)
    area = SelectField("Area", invalid_choice_message=CHOOSE)
    who = SelectField("Who answered", invalid_choice_message=CHOOSE)
    place = SelectField("Where people answered", invalid_choice_message=CHOOSE)
    group_votes = BooleanField("Count group votes too")


class ReviewCommentForm(FlaskForm):
    theme = SelectField("Theme", invalid_choice_message=CHOOSE)
    text = TextAreaField(
        "Your comment or challenge",
        validators=[
            InputRequired("Write your comment before you send it."),
            Length(max=4000, message="Use 4000 letters or fewer."),
        ],
    )


class SummaryCommentForm(FlaskForm):
    """An Advisory Group member's words on one theme of the easy-read summary (in the reader's
    language; a recording may come instead, in SpokenForm)."""

    text = TextAreaField(
        _l("Your words"),
        validators=[Optional(), Length(max=4000, message=_l("Use 4000 letters or fewer."))],
    )
