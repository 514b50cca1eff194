"""Administrators' forms. Staff pages are English only, so these words are not translated."""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from wtforms import Field, Form, SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from portal.areas.services import AREA_NAME_LENGTH
from portal.auth.models import ROLES

ROLE_NAMES = {
    "administrator": "Administrator",
    "facilitator": "Facilitator",
    "reviewer": "Reviewer",
    "safeguarding_lead": "Safeguarding lead",
    "content_editor": "Content editor",
    "translator": "Translator",
}
ROLE_CHOICE = "Choose a role from the list."
CONTACT_TEXT_LENGTH = 300
SENTENCE_WORDS = 15


def _role() -> SelectField:
    return SelectField(
        "Role",
        choices=[SelectChoice(role, ROLE_NAMES[role]) for role in ROLES],
        invalid_choice_message=ROLE_CHOICE,
    )


class AddStaffForm(FlaskForm):
    email = StringField(
        "Email address",
        validators=[
            DataRequired("Type the person's email address, for example name@example.org."),
            Length(max=254, message="That email address is too long. Check it and try again."),
            Regexp(
                r"^\s*[^@\s]+@[^@\s]+\.[^@\s]+\s*$",
                message="Type a whole email address, for example name@example.org.",
            ),
        ],
    )
    display_name = StringField(
        "Name",
        validators=[
            DataRequired("Type the person's name, as other staff will see it."),
            Length(max=200, message="Use 200 letters or fewer for the name."),
        ],
    )
    role = _role()


class RoleForm(FlaskForm):
    role = _role()


class AreaForm(FlaskForm):
    name = StringField(
        "Name of the area",
        validators=[
            DataRequired("Type the name of the area, for example: North locality."),
            Length(
                max=AREA_NAME_LENGTH,
                message=f"Use {AREA_NAME_LENGTH} letters or fewer for the area name.",
            ),
        ],
    )


def short_sentences(_form: Form, field: Field) -> None:
    """Easy read: no sentence longer than SENTENCE_WORDS words."""
    sentences = re.split(r"[.!?]+", field.data or "")
    if any(len(sentence.split()) > SENTENCE_WORDS for sentence in sentences):
        raise ValidationError(
            f"Use short sentences, with {SENTENCE_WORDS} words or fewer in each sentence."
        )


class ContactForm(FlaskForm):
    name = StringField(
        "Who to call",
        validators=[
            DataRequired("Type who people will call, for example: North keeping safe team."),
            Length(max=120, message="Use 120 letters or fewer for who to call."),
        ],
    )
    phone = StringField(
        "Phone number",
        validators=[
            DataRequired("Type the phone number, for example 01632 960201."),
            Length(max=40, message="Use 40 characters or fewer for the phone number."),
            Regexp(
                r"^\+?[0-9 ]*[0-9][0-9 ]*$",
                message="Use only numbers and spaces in the phone number, and + at the start.",
            ),
        ],
    )
    text = TextAreaField(
        "When to call them",
        validators=[
            DataRequired("Say in one short sentence when people should call them."),
            Length(
                max=CONTACT_TEXT_LENGTH,
                message=f"Use {CONTACT_TEXT_LENGTH} letters or fewer for when to call them.",
            ),
            short_sentences,
        ],
    )


class OnCallForm(FlaskForm):
    """Who to put on a safety on-call list. Any staff id is accepted here: the service says why
    someone cannot be on call, which is clearer than "not a valid choice"."""

    person = SelectField(
        "Person to add",
        coerce=int,
        validate_choice=False,
        invalid_value_message="Choose a person from the list.",
    )


class MoveForm(FlaskForm):
    """Two buttons, "Move up" and "Move down", each sending its own direction."""

    direction = SelectField(choices=[SelectChoice("up"), SelectChoice("down")])


class LinkForm(FlaskForm):
    label = StringField(
        "Label",
        validators=[
            DataRequired(
                "Type a label so you know where the link went, for example: Letter to families."
            ),
            Length(max=200, message="Use 200 letters or fewer for the label."),
        ],
    )
    questionnaire = SelectField(
        "Questions", invalid_choice_message="Choose the questions from the list."
    )
    area = SelectField(
        "Area",
        coerce=int,
        invalid_value_message="Choose an area from the list.",
        invalid_choice_message="Choose an area from the list.",
    )
