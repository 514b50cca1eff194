"""Moderators' forms (staff pages are English only, so their words are not translated), and the
respondent's recording field on "Tell us more" (translated)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectChoice, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

SHOWN_TEXT_LENGTH = 2000


class ApproveForm(FlaskForm):
    """One per comment in the queue, made with prefix="approve-<id>" so ids stay unique."""

    shown_text = TextAreaField(
        "Words that reports can show",
        validators=[
            DataRequired("Type the words that reports can show. Or press “Reject”."),
            Length(
                max=SHOWN_TEXT_LENGTH,
                message=f"The words are too long. Use {SHOWN_TEXT_LENGTH} letters or fewer.",
            ),
        ],
    )
    themes = SelectMultipleField(
        "Themes",
        validators=[DataRequired("Choose at least one theme.")],
        invalid_choice_message="Choose themes from the list.",
    )
    # What a spoken comment said, typed by the moderator who listened (shown only for one).
    said = TextAreaField(
        "What the person said",
        validators=[
            Optional(),
            Length(
                max=SHOWN_TEXT_LENGTH,
                message=f"The words are too long. Use {SHOWN_TEXT_LENGTH} letters or fewer.",
            ),
        ],
    )
    # The fingerprint of the words the moderator read: a change since then stops the decision.
    seen = HiddenField()


class RejectForm(FlaskForm):
    """Only the CSRF token and the fingerprint of the words read; prefix="reject-<id>"."""

    seen = HiddenField()


def approve_form(
    comment_id: int,
    themes: list[SelectChoice],
    text: str = "",
    theme_id: str | None = None,
    seen: str = "",
    submitted: bool = False,
) -> ApproveForm:
    """The approve form for one comment: filled in from what was sent (`submitted`), or with
    the person's words and the statement's theme for the moderator to start from."""
    prefix = f"approve-{comment_id}"
    if submitted:
        form = ApproveForm(prefix=prefix)
    else:
        data = {"shown_text": text, "themes": [theme_id] if theme_id else [], "seen": seen}
        form = ApproveForm(prefix=prefix, formdata=None, data=data)
    form.themes.choices = themes
    return form


def reject_form(comment_id: int, seen: str = "", submitted: bool = False) -> RejectForm:
    """The reject form for one comment."""
    prefix = f"reject-{comment_id}"
    if submitted:
        return RejectForm(prefix=prefix)
    return RejectForm(prefix=prefix, formdata=None, data={"seen": seen})


SAID_REQUIRED = "Type what the person said in the recording. Or press “Reject”."


class SpokenForm(FlaskForm):
    """The recording on "Tell us more": sent in the same form as the typed words, whose CSRF
    token covers both (so this form has none of its own)."""

    class Meta:
        csrf = False

    recording = FileField(_l("Say your words"))
