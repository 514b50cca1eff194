"""Group votes: how many people in a group session chose each answer on the shared screen."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, new_record_key, utcnow
from portal.shared.answers import ANSWER_VALUES, one_of


class GroupVote(Base):
    """How many people in a group chose one answer to one statement on the shared screen.

    Kept apart from individual answers: reports show them as group votes.
    """

    __tablename__ = "group_vote"
    __table_args__ = (
        UniqueConstraint("session_id", "statement_id", "value"),
        CheckConstraint("votes >= 0", name="votes_not_negative"),
        CheckConstraint(one_of("value", ANSWER_VALUES), name="value"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("group_session.id", ondelete="CASCADE"))
    statement_id: Mapped[str] = mapped_column(ForeignKey("statement.id"))
    value: Mapped[str] = mapped_column(String(16))
    votes: Mapped[int] = mapped_column(Integer)
    # Never shown: counts in reports are perturbed by their records' keys (reports/disclosure.py)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
