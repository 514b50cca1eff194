"""The action form. Staff pages are English only, so these words are not translated.

The form only reads what was typed; `services.problems` says what breaks a rule, so the same
rules hold for every way an action is made.
"""

from __future__ import annotations

import re
from datetime import date

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.actions.models import ACTION_STATUSES
from portal.actions.progress import NOTE_LENGTH
from portal.actions.services import STATUS_NAMES, ActionDraft
from portal.areas.models import Area
from portal.content.bank import Bank

WHOLE_THEME = "The whole theme"
EVERY_AREA = "Every area"
BAD_DATE = "Type a real date, for example 31 3 2027."
DAY_MONTH_YEAR = re.compile(r"\s*(\d{1,2})\s*[ /.-]\s*(\d{1,2})\s*[ /.-]\s*(\d{4})\s*")
ISO_DATE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*")


def parse_due(text: str) -> date | None:
    """ "2027-03-31" (a date picker) or "31 3 2027", "31/03/2027"; None if it is not a date."""
    if match := ISO_DATE.fullmatch(text or ""):
        year, month, day = match.groups()
    elif match := DAY_MONTH_YEAR.fullmatch(text or ""):
        day, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


class ActionForm(FlaskForm):
    theme_id = SelectField("Theme", validate_choice=False)
    statement_id = SelectField("Sentence (optional)", validate_choice=False, default="")
    area_id = SelectField("Area", validate_choice=False, default="")
    what = TextAreaField("What will be done")
    owner = StringField("Who is responsible")
    due = StringField("Done by (date)")
    status = SelectField(
        "Status",
        choices=[SelectChoice("", "Choose a status")]
        + [SelectChoice(s, STATUS_NAMES[s]) for s in ACTION_STATUSES],
        validate_choice=False,
        default="on_track",
    )
    reason = TextAreaField("Why it is not on track")
    easy_read = TextAreaField("What people answering will read")

    def offer(self, bank: Bank, areas: list[Area]) -> None:
        """The themes, sentences and areas to choose from."""
        self.theme_id.choices = [SelectChoice("", "Choose a theme")] + [
            SelectChoice(theme.id, theme.name) for theme in bank.themes.values()
        ]
        names = {theme.id: theme.name for theme in bank.themes.values()}
        self.statement_id.choices = [SelectChoice("", WHOLE_THEME)] + [
            SelectChoice(s.id, f"{names.get(s.theme, s.theme)}: {s.text}")
            for s in bank.statements.values()
        ]
        self.area_id.choices = [SelectChoice("", EVERY_AREA)] + [
            SelectChoice(str(area.id), area.name if area.active else f"{area.name} (switched off)")
            for area in areas
        ]

    def fill(self, draft: ActionDraft) -> None:
        """Show an action as it is now (on a page that has not been sent)."""
        self.theme_id.data = draft.theme_id
        self.statement_id.data = draft.statement_id
        self.area_id.data = "" if draft.area_id is None else str(draft.area_id)
        self.what.data = draft.what
        self.owner.data = draft.owner
        self.due.data = draft.due.isoformat() if draft.due else ""
        self.status.data = draft.status
        self.reason.data = draft.reason
        self.easy_read.data = draft.easy_read

    def draft(self) -> ActionDraft:
        """What was typed; an unreadable date is marked on its field and left out."""
        due_text = (self.due.data or "").strip()
        due = parse_due(due_text)
        if due_text and due is None:
            self.due.errors = [BAD_DATE]
        area = (self.area_id.data or "").strip()
        return ActionDraft(
            theme_id=self.theme_id.data or "",
            statement_id=self.statement_id.data or "",
            area_id=None if not area else int(area) if area.isdigit() else 0,
            what=self.what.data or "",
            owner=self.owner.data or "",
            due=due,
            status=self.status.data or "",
            reason=self.reason.data or "",
            easy_read=self.easy_read.data or "",
        )


class NoteForm(FlaskForm):
    """A dated progress note on an action (the date a note is about: today unless typed)."""

    text = TextAreaField(
        "Progress note",
        validators=[
            DataRequired("Type what happened, for example: The first training day was held."),
            Length(max=NOTE_LENGTH, message=f"Use {NOTE_LENGTH} letters or fewer."),
        ],
    )
    written_on = StringField("Date of the note")

    def day(self) -> date | None:
        """The date typed (today when left empty); None for one that is not a date."""
        typed = (self.written_on.data or "").strip()
        return date.today() if not typed else parse_due(typed)


class LinkCommentsForm(FlaskForm):
    """Which approved comments are behind the action."""

    comments = SelectMultipleField("Comments behind this action", coerce=int, validate_choice=False)
