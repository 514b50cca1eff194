""" "You said, we did": what will be done about a theme or statement, by whom and by when."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, utcnow
from portal.shared.answers import one_of

ACTION_STATUSES = ("done", "on_track", "not_on_track")
STATUS_PICTURES = {"done": "answer-yes", "on_track": "tools", "not_on_track": "alarm-clock"}


class Action(Base):
    """One commitment: an owner, a due date, a status, and easy-read words for respondents.

    A status of "not on track" needs its reason, so blockers are shown openly.
    """

    __tablename__ = "action"
    __table_args__ = (CheckConstraint(one_of("status", ACTION_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    theme_id: Mapped[str] = mapped_column(ForeignKey("theme.id"), index=True)
    statement_id: Mapped[str | None] = mapped_column(ForeignKey("statement.id"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))  # None: every area
    what: Mapped[str] = mapped_column(Text)  # for staff and boards
    owner: Mapped[str] = mapped_column(String(200))
    due: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="on_track")
    reason: Mapped[str | None] = mapped_column(Text)  # why it is not on track
    easy_read: Mapped[str] = mapped_column(Text)  # "We did ..." for respondents
    created_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class ActionUpdate(Base):
    """A dated progress note on an action, for the board: what happened, and the status then.
    Notes are added, never changed, so the board sees the action's story in order."""

    __tablename__ = "action_update"
    __table_args__ = (CheckConstraint(one_of("status", ACTION_STATUSES), name="status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    written_on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    written_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    written_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ActionComment(Base):
    """An approved comment behind an action: boards see what people said that led to it (only
    its moderated words, as in reports)."""

    __tablename__ = "action_comment"

    action_id: Mapped[int] = mapped_column(
        ForeignKey("action.id", ondelete="CASCADE"), primary_key=True
    )
    comment_id: Mapped[int] = mapped_column(
        ForeignKey("comment.id", ondelete="CASCADE"), primary_key=True
    )
