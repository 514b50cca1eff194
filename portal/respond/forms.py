"""Forms for the journey; the answer form is built from content by a small factory."""

from __future__ import annotations

from functools import lru_cache

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import InputRequired, Length

from portal.content.bank import Statement
from portal.shared.answers import WHO_CHOICES, answer_words_for
from portal.shared.forms import ChoiceField, choices_from


@lru_cache(maxsize=4096)
def make_answer_form(statement: Statement, for_another: bool = False) -> type[FlaskForm]:
    """A form class for one statement (in one language): the answers it offers, in order, and
    nothing else ("This is not about them" for someone answering for another person). Made once.
    """
    words = answer_words_for("on_behalf" if for_another else None)

    class AnswerForm(FlaskForm):
        class Meta:
            # CSRFProtect has already checked this POST's token before the view (portal.security);
            # the page writes the token itself (respond/question.html), so the form need not.
            csrf = False

        answer = ChoiceField(
            statement.text,
            choices=choices_from({value: words[value] for value in statement.answers}),
            validators=[InputRequired(_l("Choose one answer. Then press Next."))],
            invalid_message=_l("Choose one of the answers on this page."),
        )

    return AnswerForm


# The practice question offers the usual answers that fit any statement.
PRACTICE_ANSWERS = ("yes", "sometimes", "no", "not_sure", "prefer_not")
PRACTICE_STATEMENT = _l("I like music.")


@lru_cache(maxsize=2)
def make_practice_form(for_another: bool = False) -> type[FlaskForm]:
    """The practice question's form: the usual answers, none required, nothing stored."""
    words = answer_words_for("on_behalf" if for_another else None)

    class PracticeForm(FlaskForm):
        answer = ChoiceField(
            PRACTICE_STATEMENT,
            choices=choices_from({value: words[value] for value in PRACTICE_ANSWERS}),
            invalid_message=_l("Choose one of the answers on this page."),
        )

    return PracticeForm


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
        validators=[Length(max=2000, message=_l("You wrote too much. Please write less."))],
    )


class ResumeForm(FlaskForm):
    """A code typed loosely: any spaces, hyphens or commas, any case, in any of the languages
    (portal/content/code_words.py)."""

    code = StringField(
        _l("Your code"),
        validators=[
            InputRequired(_l("Type the 4 words of your code.")),
            Length(max=200, message=_l("Your code is 4 words. Type only those.")),
        ],
    )


CODE_NOT_FOUND = _l("We cannot find that code. Check the 4 words and try again.")
CODE_TOO_OLD = _l("This code is too old. Please start again.")
