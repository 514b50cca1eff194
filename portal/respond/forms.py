"""Forms for the journey; the answer form is built from content by a small factory."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, ValidationError

from portal.content.bank import Statement

ANSWER_WORDS = {
    "yes": _l("Yes"),
    "sometimes": _l("Sometimes"),
    "no": _l("No"),
    "not_sure": _l("Not sure"),
    "prefer_not": _l("I don't want to answer"),
}
ANSWER_PICTURES = {
    "yes": "answer-yes",
    "sometimes": "answer-sometimes",
    "no": "answer-no",
    "not_sure": "answer-not-sure",
    "prefer_not": "answer-skip",
}
WHO_CHOICES = {
    "own": _l("Me, on my own"),
    "with_help": _l("Me, with help from someone"),
    "on_behalf": _l("I am answering for another person"),
    "family_carer": _l("I am a family member or carer. I am answering about me."),
}
WHO_PICTURES = {
    "own": "who-me",
    "with_help": "who-me-with-help",
    "on_behalf": "who-on-behalf",
    "family_carer": "who-family-carer",
}


def choices_from(words: dict) -> list[SelectChoice]:  # type: ignore[type-arg]
    """Radio choices from a value -> label mapping."""
    return [SelectChoice(value=value, label=label) for value, label in words.items()]


class ChoiceField(RadioField):
    """A radio group whose "not one of the choices" error is as clear as its "choose one"."""

    def __init__(self, *args, invalid_message: str = "", **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def pre_validate(self, form):  # type: ignore[no-untyped-def]
        if self.data is not None and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(self.invalid_message)


def make_answer_form(statement: Statement) -> type[FlaskForm]:
    """A form class for one statement: its five answer choices."""

    class AnswerForm(FlaskForm):
        answer = ChoiceField(
            statement.text,
            choices=choices_from(ANSWER_WORDS),
            validators=[InputRequired(_l("Choose one answer. Then press Next."))],
            invalid_message=_l("Choose one of the answers on this page."),
        )

    return AnswerForm


class WhoForm(FlaskForm):
    answered_by = ChoiceField(
        _l("Who is answering?"),
        choices=choices_from(WHO_CHOICES),
        validators=[InputRequired(_l("Choose who is answering. Then press Next."))],
        invalid_message=_l("Choose one of the answers on this page."),
    )


class LanguageForm(FlaskForm):
    language = ChoiceField(
        _l("Choose your language"),
        validators=[InputRequired(_l("Choose a language. Then press Next."))],
        invalid_message=_l("Choose one of the languages on this page."),
    )


class CommentForm(FlaskForm):
    comment = TextAreaField(
        _l("Tell us more"),
        validators=[
            Length(max=2000, message=_l("Your words are too long. Use 2000 letters or fewer."))
        ],
    )


class ResumeForm(FlaskForm):
    code = StringField(
        _l("Your code"),
        validators=[
            InputRequired(_l("Type the 3 words of your code.")),
            Length(max=100, message=_l("Your code is 3 short words. Type only those.")),
        ],
    )


CODE_NOT_FOUND = _l("We cannot find that code. Check the 3 words and try again.")


class ButtonForm(FlaskForm):
    """Only a button and the CSRF token: "I agree", "Make my code", "Send my answers"."""
