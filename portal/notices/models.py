"""Notices for staff: what happened (a report waits for review, an action is overdue...), each
person's choice of how they hear about each kind, and the outbox of emails about them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, utcnow
from portal.shared.answers import one_of

NOTICE_KINDS = (
    "report_review",
    "report_approved",
    "report_published",
    "comments_waiting",
    "action_overdue",
)
HOW = ("email", "weekly", "none")  # by email at once, in the weekly digest, or not at all
EMAIL_STATUSES = ("pending", "sent", "failed", "no_mail_server")


class StaffNotice(Base):
    """One thing staff are told about. `subject_id` is the report's or the action's id, or for
    comments waiting the newest comment it covers. `once_key` (unique) stops a second notice of
    what the sender finds for itself: an action overdue since one due date, comments up to an
    id."""

    __tablename__ = "staff_notice"
    __table_args__ = (CheckConstraint(one_of("kind", NOTICE_KINDS), name="kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[int] = mapped_column(Integer)
    once_key: Mapped[str | None] = mapped_column(String(80), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class NoticeEmail(Base):
    """One notice for one person: sent alone when due, or (weekly) in that person's digest.
    Written in the same transaction as the notice; claimed before sending, so sent once."""

    __tablename__ = "notice_email"
    __table_args__ = (CheckConstraint(one_of("status", EMAIL_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notice_id: Mapped[int] = mapped_column(
        ForeignKey("staff_notice.id", ondelete="CASCADE"), index=True
    )
    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    weekly: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    claim: Mapped[str | None] = mapped_column(String(32))  # the sender that took it, and until
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class NoticeChoice(Base):
    """How one person hears about one kind of notice. No row: the default (email, for the kinds
    that concern their role)."""

    __tablename__ = "notice_choice"
    __table_args__ = (CheckConstraint(one_of("how", HOW), name="how"),)

    staff_user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    how: Mapped[str] = mapped_column(String(8))
