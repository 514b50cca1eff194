"""Form pieces every domain uses: radio choices with clear errors, and a button-only form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice
from wtforms.validators import ValidationError


def choices_from(words: Mapping[str, object]) -> list[SelectChoice]:
    """Radio choices from a value -> label mapping."""
    return [SelectChoice(value=value, label=label) for value, label in words.items()]


class ChoiceField(RadioField):
    """A radio group whose "not one of the choices" error is as clear as its "choose one"."""

    def __init__(self, *args: Any, invalid_message: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data is not None and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(self.invalid_message)


class ButtonForm(FlaskForm):
    """Only a button and the CSRF token: "I agree", "Make my code", "Send my answers"."""
