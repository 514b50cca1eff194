"""Actions, areas and published reports for the "You said, we did" tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from portal.actions.models import Action
from portal.auth.models import StaffUser
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.services import (
    agree_every_theme,
    approve,
    create_draft,
    publish,
    share_for_review,
)
from tests.auth.helpers import add_staff
from tests.reports.fixtures import PTABLE, add_people

BANK = load_bank(PROJECT_ROOT / "content")
QUESTIONS = BANK.questionnaires["self-advocates"].statement_ids
YES_GOOD = next(s for s in QUESTIONS if BANK.statements[s].direction == "yes_good")
THEME = BANK.statements[YES_GOOD].theme
ELSEWHERE = next(s.id for s in BANK.statements.values() if s.theme != THEME)
Q3 = Quarter(2026, 3)
IN_Q3 = datetime(2026, 8, 12, 14)


def add_answers(app: Flask, area: int | None, answers: dict[str, str], how_many: int) -> None:
    """`how_many` people in an area who each gave these answers in July to September 2026."""
    with Session(app.extensions["db_engine"]) as db, db.begin():
        add_people(db, answers, how_many, IN_Q3, area)


def publish_report(app: Flask, area: int | None, questionnaire: str = "self-advocates") -> int:
    """Draft, review, approve (a reviewer) and publish a report on July to September 2026."""
    staff_id, reviewer_id = add_staff(app, "administrator"), add_staff(app, "reviewer")
    with Session(app.extensions["db_engine"]) as db, db.begin():
        actor, reviewer = db.get(StaffUser, staff_id), db.get(StaffUser, reviewer_id)
        assert actor is not None and reviewer is not None
        filters = ReportFilters(questionnaire, Q3, Q3, area=area)
        row = create_draft(db, actor, "Board report", filters, BANK, PTABLE)
        share_for_review(db, row, actor)
        agree_every_theme(db, row, reviewer)
        approve(db, row, reviewer)
        publish(db, row, actor, BANK, PTABLE)
        return row.id


def add_action(app: Flask, **values: Any) -> int:
    """An action straight into the database (the pages that make them are tested elsewhere)."""
    fields: dict[str, Any] = {
        "theme_id": THEME,
        "what": "Easy read training for support staff",
        "owner": "Head of training",
        "due": date(2027, 3, 31),
        "status": "on_track",
        "easy_read": "We are teaching staff to use easy words.",
    } | values
    with Session(app.extensions["db_engine"]) as db, db.begin():
        action = Action(**fields)
        db.add(action)
        db.flush()
        return action.id
