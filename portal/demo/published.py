"""A published demo report and a few demo actions, so the board pack and the public "What
happened" page have something to show straight after `make run`; and a report with the Advisory
Group, so a reviewer has a summary to read, comment on and agree."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.actions.models import Action
from portal.auth.models import StaffUser
from portal.content.bank import Bank
from portal.reports import services
from portal.reports.disclosure import Ptable
from portal.reports.filters import ReportFilters
from portal.reports.models import Report
from portal.reports.periods import Quarter

DEMO_TITLE = "Board report (demo)"
REVIEW_TITLE = "Report for the Advisory Group to check (demo)"
# (theme, statement, what, owner, status, reason, easy read) — all made up for the demo.
DEMO_ACTIONS = (
    ("being-listened-to", "listened-to",
     "Every support plan review starts with the person's own words, recorded by them.",
     "Head of adult social care (demo)", "on_track", None,
     "We are changing support plan meetings. You will speak first."),
    ("keeping-safe", "safe-where-i-live",
     "Visit every supported living service where people said they did not feel safe.",
     "Safeguarding lead (demo)", "done", None,
     "We visited the homes where people did not feel safe."),
    ("trust-and-feedback", "hear-back",
     "Send an easy-read letter with audio about these results to everyone who took part.",
     "Engagement team (demo)", "not_on_track",
     "The printer contract ended. A new one starts next month.",
     "We will send you a letter about what people said."),
)  # fmt: skip


def make_demo_report(db: Session, bank: Bank, quarter: Quarter, ptable: Ptable) -> str:
    """Publish one demo report for `quarter` (every area) and add the demo actions, once. The
    demo's answers are all made at once, so its quarter is counted as soon as it has ended."""
    if db.scalar(select(Report.id).where(Report.title == DEMO_TITLE)) is not None:
        return "The demo report is already there."
    admin = db.scalar(
        select(StaffUser)
        .where(StaffUser.role == "administrator", StaffUser.active)
        .order_by(StaffUser.id)
    )
    reviewer = db.scalar(
        select(StaffUser)
        .where(StaffUser.role == "reviewer", StaffUser.active)
        .order_by(StaffUser.id)
    )
    if admin is None or reviewer is None:
        return "No administrator or reviewer yet, so no demo report (run `flask demo staff`)."
    filters = ReportFilters("self-advocates", quarter, quarter)
    row = services.create_draft(db, admin, DEMO_TITLE, filters, bank, ptable, after_days=0)
    services.share_for_review(db, row, admin)
    services.add_review_comment(
        db, row, reviewer, "keeping-safe",
        "The Advisory Group asks for the keeping safe results to be read out first (demo).",
    )  # fmt: skip
    services.agree_every_theme(db, row, reviewer)
    services.approve(db, row, reviewer)
    services.publish(db, row, admin, bank, ptable)
    due = date.today() + timedelta(days=90)
    db.add_all(
        Action(
            theme_id=theme, statement_id=statement, what=what, owner=owner, due=due,
            status=status, reason=reason, easy_read=easy, created_by=admin.id,
        )
        for theme, statement, what, owner, status, reason, easy in DEMO_ACTIONS
    )  # fmt: skip
    db.flush()
    # One more, with the Advisory Group now: its easy-read summary is theirs to read, comment on
    # and agree theme by theme
    review = services.create_draft(db, admin, REVIEW_TITLE, filters, bank, ptable, after_days=0)
    services.share_for_review(db, review, admin)
    return (
        f"Published the demo report for {quarter.label}, with {len(DEMO_ACTIONS)} demo actions;"
        " another is with the Advisory Group for review."
    )
