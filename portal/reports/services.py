"""A report's life: draft, shared with the Advisory Group, approved, published as a snapshot.

Every change is written to the audit log. Published figures are stored and never recomputed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.config import LANGUAGES
from portal.content.bank import Bank
from portal.db import utcnow
from portal.reports.figures import from_figures, to_figures
from portal.reports.filters import ReportFilters
from portal.reports.models import Report, ReviewComment
from portal.reports.results import ReportResult, build_report


class ReportStateError(Exception):
    """The report is not at the step this needs (e.g. publishing a draft nobody approved)."""


# Approved comments for a report's filters, as plain dicts {statement_id, theme_ids, text}.
QuoteFinder = Callable[[Session, ReportFilters], Sequence[dict[str, Any]]]


def create_draft(
    db: Session, actor: StaffUser, title: str, filters: ReportFilters, threshold: int
) -> Report:
    row = Report(
        title=title.strip(),
        filters=filters.to_dict(),
        threshold=threshold,
        status="draft",
        created_by=actor.id,
    )
    db.add(row)
    db.flush()
    record(db, actor, "report.created", f"report:{row.id}", title)
    return row


def filters_of(row: Report) -> ReportFilters:
    return ReportFilters.from_dict(row.filters)


def figures_of(
    db: Session, bank: Bank, row: Report, languages: Sequence[str] = LANGUAGES
) -> ReportResult:
    """The published snapshot's stored figures, or a draft's figures worked out now."""
    if row.figures is not None:
        return from_figures(row.figures)
    return build_report(db, bank, filters_of(row), row.threshold, languages)


def quotes_of(db: Session, row: Report, find: QuoteFinder) -> list[dict[str, Any]]:
    """Approved comments: stored with a published snapshot, looked up afresh for a draft."""
    if row.figures is not None:
        return list(row.figures.get("quotes", []))
    return list(find(db, filters_of(row)))


def _move(db: Session, row: Report, actor: StaffUser, before: str, after: str) -> None:
    if row.status != before:
        raise ReportStateError(f"report {row.id} is {row.status}, not {before}")
    row.status = after
    record(db, actor, f"report.{after}", f"report:{row.id}", row.title)
    db.flush()


def share_for_review(db: Session, row: Report, actor: StaffUser) -> None:
    """Reviewers (the Advisory Group) can now read the draft and comment on each theme."""
    _move(db, row, actor, "draft", "in_review")


def approve(db: Session, row: Report, actor: StaffUser) -> None:
    """The Advisory Group agrees the draft can be published."""
    _move(db, row, actor, "in_review", "approved")
    row.approved_by, row.approved_at = actor.id, utcnow()


def publish(
    db: Session,
    row: Report,
    actor: StaffUser,
    bank: Bank,
    find_quotes: QuoteFinder,
    languages: Sequence[str] = LANGUAGES,
) -> None:
    """Fix the figures and approved quotes as they are now; they never change afterwards."""
    if row.status != "approved":
        raise ReportStateError(f"report {row.id} is {row.status}, not approved")
    figures = to_figures(build_report(db, bank, filters_of(row), row.threshold, languages))
    figures["quotes"] = list(find_quotes(db, filters_of(row)))
    row.figures = figures
    row.published_by, row.published_at = actor.id, utcnow()
    _move(db, row, actor, "approved", "published")


def add_review_comment(
    db: Session, row: Report, actor: StaffUser, theme_id: str | None, text: str
) -> ReviewComment:
    if row.status != "in_review":
        raise ReportStateError(f"report {row.id} is {row.status}, not in review")
    comment = ReviewComment(report_id=row.id, theme_id=theme_id, author_id=actor.id, text=text)
    db.add(comment)
    db.flush()
    record(db, actor, "report.review_comment", f"report:{row.id}", theme_id or "")
    return comment


def review_comments(db: Session, row: Report) -> list[tuple[ReviewComment, str]]:
    """Each comment with its author's name, oldest first."""
    return [
        (comment, name)
        for comment, name in db.execute(
            select(ReviewComment, StaffUser.display_name)
            .outerjoin(StaffUser, StaffUser.id == ReviewComment.author_id)
            .where(ReviewComment.report_id == row.id)
            .order_by(ReviewComment.created_at, ReviewComment.id)
        )
    ]


def published_for_area(db: Session, area_id: int | None) -> Report | None:
    """The newest published report for this area, else the newest one for every area."""
    rows = db.scalars(
        select(Report).where(Report.status == "published").order_by(Report.published_at.desc())
    ).all()
    for wanted in (area_id, None):
        for row in rows:
            if row.filters.get("area") == wanted:
                return row
    return None
