"""Moderators' forms. Staff pages are English only, so these words are not translated."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectMultipleField, TextAreaField
from wtforms.validators import DataRequired, Length

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
