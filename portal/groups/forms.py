"""Forms for running a group session (staff pages are English only: no translations here)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.shared.answers import ANSWER_VALUES


class OpenSessionForm(FlaskForm):
    group_name = StringField(
        "Group name",
        validators=[
            InputRequired("Type the name of the group, for example: Tuesday speak-up group."),
            Length(max=120, message="Use 120 letters or fewer for the group name."),
        ],
    )
    area = SelectField(
        "Area",
        coerce=int,
        invalid_value_message="Choose an area from the list.",
        invalid_choice_message="Choose an area from the list.",
    )
    questionnaire = SelectField(
        "Questions", invalid_choice_message="Choose the questions from the list."
    )
    session_date = DateField(
        "Date",
        validators=[InputRequired("Give the date of the session, for example 2026-11-24.")],
    )


VOTE_LIMIT = 500
COUNT_MESSAGE = f"Type a whole number from 0 to {VOTE_LIMIT}, or leave the box empty for nobody."


def _count(label: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[Optional(), NumberRange(0, VOTE_LIMIT, message=COUNT_MESSAGE)],
        invalid_value_message=COUNT_MESSAGE,
    )


class VoteForm(FlaskForm):
    """How many people in the room chose each answer; an empty box counts as nobody."""

    yes = _count("Yes")
    sometimes = _count("Sometimes")
    no = _count("No")
    not_sure = _count("Not sure")
    prefer_not = _count("I don't want to answer")

    def counts(self) -> dict[str, int]:
        return {name: self[name].data or 0 for name in ANSWER_VALUES}
