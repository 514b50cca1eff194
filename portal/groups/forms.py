"""Forms for running a group session (staff pages are English only: no translations here)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from portal.shared.answers import ANSWER_VALUES, ANSWERS

VOTE_LIMIT = 500
COUNT_MESSAGE = f"Type a whole number from 0 to {VOTE_LIMIT}, or leave the box empty for nobody."
GROUP_SIZE_MESSAGE = (
    f"Type how many people are in the group, from 1 to {VOTE_LIMIT}, or leave the box empty."
)


def _group_size(label: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[Optional(), NumberRange(1, VOTE_LIMIT, message=GROUP_SIZE_MESSAGE)],
        invalid_value_message=GROUP_SIZE_MESSAGE,
    )


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
    group_size = _group_size("How many people are in the group? (optional)")


def _count(label: str) -> IntegerField:
    return IntegerField(
        label,
        validators=[Optional(), NumberRange(0, VOTE_LIMIT, message=COUNT_MESSAGE)],
        invalid_value_message=COUNT_MESSAGE,
    )


def too_many_votes_message(total: int, group_size: int) -> str:
    """What the facilitator reads when the counts add up to more people than the group has."""
    votes = "1 vote" if total == 1 else f"{total} votes"
    people = "is 1 person" if group_size == 1 else f"are {group_size} people"
    return f"You typed {votes}, but there {people} in the group. Check the numbers."


class VoteForm(FlaskForm):
    """How many people in the room chose each answer the statement offers (an empty box counts
    as nobody), and how many people are in the group: the counts may not add up to more."""

    group_size = _group_size("How many people are in the group?")
    yes = _count(ANSWERS["yes"])
    sometimes = _count(ANSWERS["sometimes"])
    no = _count(ANSWERS["no"])
    not_sure = _count(ANSWERS["not_sure"])
    not_about_me = _count(ANSWERS["not_about_me"])
    prefer_not = _count(ANSWERS["prefer_not"])

    def __init__(self, *args: Any, answers: Sequence[str] = ANSWER_VALUES, **kwargs: Any) -> None:
        """`answers`: the statement's answers (Statement.answers); the other boxes go."""
        super().__init__(*args, **kwargs)
        self.answers = tuple(answers)
        for value in ANSWER_VALUES:
            if value not in self.answers:
                del self[value]

    def counts(self) -> dict[str, int]:
        return {name: self[name].data or 0 for name in self.answers}

    def validate(self, extra_validators: Any = None) -> bool:
        """Each box on its own, then the total against the group's size."""
        if not super().validate(extra_validators):
            return False
        total, size = sum(self.counts().values()), self.group_size.data
        if size is not None and total > size:
            errors: Sequence[str] = self.group_size.errors
            self.group_size.errors = [*errors, too_many_votes_message(total, size)]
            return False
        return True
