"""Reports: a draft (filters and a period) shared with the Advisory Group, their comments, and
the published snapshot whose figures never change afterwards."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, utcnow

REPORT_STATUSES = ("draft", "in_review", "approved", "published")


class Report(Base):
    """A report on one questionnaire for a run of quarters, with its filters.

    Until it is published its figures are worked out afresh each time; publishing stores them
    in `figures` (suppressed counts only) and they never change again.
    """

    __tablename__ = "report"
    __table_args__ = (
        CheckConstraint(
            f"status IN ({', '.join(repr(s) for s in REPORT_STATUSES)})", name="status"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON)
    threshold: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    figures: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class ReviewComment(Base):
    """An Advisory Group member's comment or challenge on one theme of a draft report."""

    __tablename__ = "review_comment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"), index=True)
    theme_id: Mapped[str | None] = mapped_column(ForeignKey("theme.id"))  # None: whole report
    author_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
