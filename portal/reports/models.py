"""Reports: a draft (filters and a period) shared with the Advisory Group, their comments, and
the published snapshot whose figures never change afterwards."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    PrimaryKeyConstraint,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, utcnow

REPORT_STATUSES = ("draft", "in_review", "approved", "published")


class Report(Base):
    """A report on one questionnaire for a run of counted quarters, with its filters.

    Its figures (published values only: portal/reports/disclosure.py) are worked out once,
    when it is made, and stored in `figures`; publishing adds the trend and the approved
    quotes. They never change afterwards.
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


class ReviewRecording(Base):
    """A reviewer's spoken comment: their own voice, converted on the server to one small MP3
    (the journey's recorder, portal/comments/recording.py). Kept with its comment, whose text is
    empty until someone types what was said."""

    __tablename__ = "review_recording"

    comment_id: Mapped[int] = mapped_column(
        ForeignKey("review_comment.id", ondelete="CASCADE"), primary_key=True
    )
    audio: Mapped[bytes] = mapped_column(LargeBinary)
    seconds: Mapped[float] = mapped_column(Float)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ThemeApproval(Base):
    """An Advisory Group member agrees one theme's page of a report (once per theme). The whole
    report can be approved when every theme with figures has been agreed."""

    __tablename__ = "theme_approval"
    __table_args__ = (PrimaryKeyConstraint("report_id", "theme_id"),)

    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    theme_id: Mapped[str] = mapped_column(ForeignKey("theme.id"))
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    approved_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


COUNT_KINDS = ("answer", "vote", "people", "alert", "pair")


class CountedQuarter(Base):
    """A quarter whose answers have been counted, once, after it ended: every report of it is
    made from its counts (QuarterCount), never from the answers, so two reports of the same
    quarter made on different days cannot differ by one person's late answer or withdrawal."""

    __tablename__ = "counted_quarter"

    quarter: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    counted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class QuarterCount(Base):
    """How many answers (votes, people, alerts, people answering a mirrored pair) share these
    details in a counted quarter, and the sum of their record keys: the smallest groups every
    report adds up."""

    __tablename__ = "quarter_count"
    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in COUNT_KINDS)})", name="kind"),
        Index("ix_quarter_count_report", "quarter", "questionnaire_id", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    quarter: Mapped[date] = mapped_column(ForeignKey("counted_quarter.quarter", ondelete="CASCADE"))
    questionnaire_id: Mapped[int | None] = mapped_column(Integer)  # None: a help-link alert
    kind: Mapped[str] = mapped_column(String(8))
    # "" for people; for a mirrored pair both statement ids and a space (two of 64 at most)
    statement_id: Mapped[str] = mapped_column(String(129))
    # answer, language, raised/followed_up, or for a pair answered/yes_both
    key: Mapped[str] = mapped_column(String(16))
    area_id: Mapped[int | None] = mapped_column(Integer)
    who: Mapped[str] = mapped_column(String(16))  # answered_by, "group", or "" (not known)
    at_home: Mapped[bool] = mapped_column(Boolean)
    count: Mapped[int] = mapped_column(Integer)
    key_sum: Mapped[int] = mapped_column(Integer)
