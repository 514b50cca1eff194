"""The notices page's form: for each kind of notice that concerns you, how you hear about it.
Staff pages are English; every message says what to do."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.validators import InputRequired

from portal.notices.services import HOW_WORDS, KIND_NAMES
from portal.shared.forms import ChoiceField, choices_from


class NoticeChoicesForm(FlaskForm):
    """One radio group per kind, added by `notice_choices_form`."""

    kinds: list[str]

    def choice_fields(self) -> list[ChoiceField]:
        """The radio groups, in the order of the kinds."""
        return [self[kind] for kind in self.kinds]


def notice_choices_form(kinds: list[str], current: dict[str, str]) -> NoticeChoicesForm:
    """A form for these kinds, filled in with the person's current choices."""

    class Form(NoticeChoicesForm):
        pass

    for kind in kinds:
        name = KIND_NAMES[kind]
        message = f"Choose how you want to hear “{name.lower()}”: by email, weekly, or not at all."
        setattr(
            Form,
            kind,
            ChoiceField(
                name,
                choices=choices_from(HOW_WORDS),
                validators=[InputRequired(message)],
                invalid_message=message,
            ),
        )
    Form.kinds = kinds
    return Form(data=current)
