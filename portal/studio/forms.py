"""The studio's forms. Staff pages are English; every message says what to do."""

from __future__ import annotations

from babel import Locale
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from portal.content.bank import AUDIENCES, DIRECTIONS, ORIGINS, Bank
from portal.shared.answers import ANSWER_VALUES

AUDIENCE_NAMES = {
    "self_advocate": "People answering about their own life",
    "family_carer": "Family carers",
}
DIRECTION_NAMES = {"yes_good": "Yes is the good answer", "no_good": "No is the good answer"}
ORIGIN_NAMES = {
    "seed": "The seed document's own words (or made easier)",
    "adapted": "The seed document's idea, in other words",
    "proposed locally": "Our own words (proposed locally)",
}
ANSWER_NAMES = {
    "yes": "Yes",
    "sometimes": "Sometimes",
    "no": "No",
    "not_sure": "Not sure",
    "not_about_me": "This is not about me",
    "prefer_not": "I do not want to say",
}
MEANINGS = [
    SelectChoice("same", "The same meaning: the answers join the answers to the old words"),
    SelectChoice("new", "A new meaning: the answers are counted apart from the old ones"),
]
ID_RULE = Regexp(
    r"^[a-z0-9]+(-[a-z0-9]+)*$",
    message="Use small letters, numbers and hyphens only, for example i-like-my-garden.",
)
TEXT_LENGTH = Length(max=300, message="Keep it under 300 letters. Easy read is short.")


def english_name(lang: str) -> str:
    """A language's name in English: "Welsh", "Urdu"."""
    return Locale.parse(lang).get_display_name("en") or lang


def _short_name() -> StringField:
    """A new statement's or questionnaire's short name (optional: made from its words)."""
    return StringField(
        "Short name",
        validators=[
            Optional(),
            Length(max=60, message="Keep the short name under 60 letters."),
            ID_RULE,
        ],
    )


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StatementForm(FlaskForm):
    ident = _short_name()
    theme = SelectField("Theme", validate_choice=True)
    text = TextAreaField(
        "The statement, in English",
        validators=[DataRequired("Type the statement, for example: I like my home."), TEXT_LENGTH],
    )
    they = TextAreaField(
        "For someone answering for another person (optional)", validators=[TEXT_LENGTH]
    )
    carer = TextAreaField("For a family carer (optional)", validators=[TEXT_LENGTH])
    picture = SelectField("Picture", validate_choice=True)
    audiences = MultiCheckboxField(
        "Who is asked this",
        choices=[SelectChoice(a, AUDIENCE_NAMES[a]) for a in AUDIENCES],
        validators=[DataRequired("Choose who is asked this statement.")],
    )
    direction = RadioField(
        "Which answer is good",
        choices=[SelectChoice(d, DIRECTION_NAMES[d]) for d in DIRECTIONS],
        validators=[InputRequired("Choose which answer is the good one.")],
    )
    alert_on = MultiCheckboxField(
        "Answers that raise a safety alert (optional)",
        choices=[SelectChoice(a, ANSWER_NAMES[a]) for a in ANSWER_VALUES],
    )
    not_about_me = BooleanField("Offer “This is not about me” (a hospital, the police, a job)")
    one_off = BooleanField("One event, not a pattern: offer Yes or No, never Sometimes")
    origin = RadioField(
        "Where the words come from",
        choices=[SelectChoice(o, ORIGIN_NAMES[o]) for o in ORIGINS],
        validators=[InputRequired("Choose where the words come from.")],
    )
    seed = SelectField("Seed document", validate_choice=False)
    lines = StringField(
        "Lines in the seed document",
        validators=[
            Optional(),
            Regexp(r"^\d+(-\d+)?$", message="Type a line or lines, for example 658 or 2133-2134."),
        ],
    )
    quote = TextAreaField("The seed document's words", validators=[Length(max=600)])
    meaning = RadioField("The new words mean", choices=MEANINGS, validators=[Optional()])


def statement_form(bank: Bank, languages: list[str], **kwargs: object) -> StatementForm:
    """The statement form with the bank's themes, pictures and seeds, and a text box for each
    other language's words."""

    class Form(StatementForm):
        pass

    for lang in languages:
        if lang == "en":
            continue
        name = english_name(lang)
        setattr(
            Form,
            f"text_{lang}",
            TextAreaField(f"The statement in {name}", validators=[TEXT_LENGTH]),
        )
        setattr(
            Form,
            f"they_{lang}",
            TextAreaField(
                f"For someone answering for another person, in {name}", validators=[TEXT_LENGTH]
            ),
        )
        setattr(
            Form,
            f"carer_{lang}",
            TextAreaField(f"For a family carer, in {name}", validators=[TEXT_LENGTH]),
        )
    form = Form(**kwargs)
    form.theme.choices = [SelectChoice(t.id, t.name) for t in bank.themes.values()]
    form.picture.choices = [
        SelectChoice(name, f"{picture.alt} ({name})")
        for name, picture in sorted(bank.pictures.items())
        if not name.startswith(("answer-", "button-", "who-", "code-"))
    ]
    form.seed.choices = [SelectChoice("", "None")] + [
        SelectChoice(s.file, s.title) for s in bank.seeds.values()
    ]
    return form


class QuestionnaireForm(FlaskForm):
    ident = _short_name()
    title = StringField(
        "Title, in English",
        validators=[DataRequired("Type a title, for example: About your home."), TEXT_LENGTH],
    )
    intro = TextAreaField(
        "What people read first, in English",
        validators=[
            DataRequired("Type a few short sentences that say what the questions are about."),
            Length(max=600),
        ],
    )
    audience = RadioField(
        "Who answers it",
        choices=[SelectChoice(a, AUDIENCE_NAMES[a]) for a in AUDIENCES],
        validators=[InputRequired("Choose who answers these questions.")],
    )
    retention_months = IntegerField(
        "Keep answers for (months)",
        validators=[
            InputRequired("Type how many months to keep answers, for example 24."),
            NumberRange(min=1, max=120, message="Type a number of months from 1 to 120."),
        ],
    )
    # The same idea asked both ways, so reports can count people who say Yes to everything
    mirror_yes = SelectField("Asked one way (Yes is good)", validate_choice=False)
    mirror_no = SelectField("Asked the other way (No is good)", validate_choice=False)


def questionnaire_form(languages: list[str], **kwargs: object) -> QuestionnaireForm:
    class Form(QuestionnaireForm):
        pass

    for lang in languages:
        if lang == "en":
            continue
        name = english_name(lang)
        setattr(Form, f"title_{lang}", StringField(f"Title in {name}", validators=[TEXT_LENGTH]))
        setattr(
            Form,
            f"intro_{lang}",
            TextAreaField(f"What people read first, in {name}", validators=[Length(max=600)]),
        )
    return Form(**kwargs)


class NoteForm(FlaskForm):
    note = TextAreaField(
        "What changed, for the reviewers",
        validators=[
            DataRequired("Say in a sentence or two what changed and why."),
            Length(max=2000),
        ],
    )


class CommentForm(FlaskForm):
    body = TextAreaField(
        "Your comment",
        validators=[
            DataRequired("Type your comment first."),
            Length(max=2000, message="Keep your comment under 2,000 letters."),
        ],
    )


class ButtonForm(FlaskForm):
    """A form that is only a button (and its CSRF token)."""
