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
