"""Safety flags (someone may not be safe), who is on call for them, and every email sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, new_record_key, utcnow
from portal.shared.answers import one_of

# What raised a flag: a person's answer, "I need help now", a group vote on the shared screen,
# or a moderator's or reviewer's "This needs the safety lead" on a comment.
FLAG_KINDS = ("answer", "help_link", "group_vote", "comment")
DELIVERY_STATUSES = ("pending", "sent", "failed", "no_mail_server")


class SafetyFlag(Base):
    """Holds only what was answered (or that help was asked for), where and when.

    `response_id` lets a repeated submit find the flag it already raised; it is not shown to staff.
    The acknowledgement says which staff member followed it up and what they did. A flag marked
    not genuine (with the lead's reason) leaves the open list and every report count.
    """

    __tablename__ = "safety_flag"
    __table_args__ = (
        UniqueConstraint("response_id", "kind", "statement_id"),
        CheckConstraint(one_of("kind", FLAG_KINDS), name="kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    statement_id: Mapped[str | None] = mapped_column(ForeignKey("statement.id"))
    answer: Mapped[str | None] = mapped_column(String(16))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("response.id", ondelete="SET NULL"))
    # The questionnaire answered (none for "I need help now" before any answer): report counts
    questionnaire_id: Mapped[int | None] = mapped_column(ForeignKey("questionnaire.id"))
    comment_id: Mapped[int | None] = mapped_column(
        ForeignKey("comment.id", ondelete="SET NULL"), index=True
    )
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("group_session.id", ondelete="SET NULL"), index=True
    )
    tablet_number: Mapped[int | None] = mapped_column(Integer)
    raised_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    raised_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))  # comment, vote
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Never shown: counts in reports are perturbed by their records' keys (reports/disclosure.py)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    action_note: Mapped[str | None] = mapped_column(Text)
    not_genuine_reason: Mapped[str | None] = mapped_column(Text)
    # Escalation: the on-call list's next person is emailed at `escalate_at` if still open
    escalation_step: Mapped[int] = mapped_column(Integer, default=0)
    escalate_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)


class OnCall(Base):
    """One person on an area's safety on-call list, in order; no area: the whole site's list,
    used when an area has nobody, and after an area's list has been tried."""

    __tablename__ = "safety_on_call"
    __table_args__ = (UniqueConstraint("area_id", "staff_user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    area_id: Mapped[int | None] = mapped_column(
        ForeignKey("area.id", ondelete="CASCADE"), index=True
    )
    staff_user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)


class Delivery(Base):
    """One email about one flag to one person: tried at once, again on failure, and kept as the
    record of who was told and when. The message names no answer, only that an alert waits."""

    __tablename__ = "safety_delivery"
    __table_args__ = (CheckConstraint(one_of("status", DELIVERY_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    flag_id: Mapped[int] = mapped_column(
        ForeignKey("safety_flag.id", ondelete="CASCADE"), index=True
    )
    staff_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    email: Mapped[str] = mapped_column(String(254))
    step: Mapped[int] = mapped_column(Integer, default=0)  # 0: first sending; 1...: escalations
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
