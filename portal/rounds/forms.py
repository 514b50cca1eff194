"""The administrators' form for a survey round (staff pages are English only)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField
from wtforms.validators import InputRequired, Length, ValidationError


class _DateField(DateField):
    """A year-month-day date whose one message says what to type, missing or mistyped."""

    def __init__(self, label: str, message: str, **kwargs: Any) -> None:
        super().__init__(label, [InputRequired(message)], format="%Y-%m-%d", **kwargs)
        self.message = message

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(self.message) from None


class RoundForm(FlaskForm):
    name = StringField(
        "Name of the round",
        validators=[
            InputRequired("Type a name for the round, for example: Spring 2027."),
            Length(max=120, message="Use 120 letters or fewer for the name."),
        ],
    )
    questionnaire = SelectField(
        "Questions", invalid_choice_message="Choose the questions from the list."
    )
    area = SelectField("Area", invalid_choice_message="Choose an area from the list.")
    opens_on = _DateField(
        "Opens on", "Give the first day people can answer as year-month-day, like 2027-03-01."
    )
    closes_on = _DateField(
        "Closes on", "Give the last day people can answer as year-month-day, like 2027-04-30."
    )

    def validate_closes_on(self, field: Any) -> None:
        opens = self.opens_on.data
        if opens is not None and field.data is not None and field.data < opens:
            raise ValidationError(
                "The round cannot close before it opens. Give a close date on or after "
                f"{opens:%-d %B %Y}."
            )
