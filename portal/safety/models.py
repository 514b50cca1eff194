"""Safety flags: someone answered that they may not be safe, or asked for help now."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from portal.db import Base, new_record_key, utcnow


class SafetyFlag(Base):
    """Holds only what was answered (or that help was asked for) and when.

    `response_id` lets a repeated submit find the flag it already raised; it is not shown to staff.
    The acknowledgement says which staff member followed it up and what they did.
    """

    __tablename__ = "safety_flag"
    __table_args__ = (UniqueConstraint("response_id", "kind", "statement_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # "answer" or "help_link"
    statement_id: Mapped[str | None] = mapped_column(ForeignKey("statement.id"))
    answer: Mapped[str | None] = mapped_column(String(16))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("response.id", ondelete="SET NULL"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("group_session.id", ondelete="SET NULL"), index=True
    )
    tablet_number: Mapped[int | None] = mapped_column(Integer)
    raised_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Never shown: counts in reports are perturbed by their records' keys (reports/disclosure.py)
    record_key: Mapped[int] = mapped_column(Integer, default=new_record_key)
    acknowledged_by: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    action_note: Mapped[str | None] = mapped_column(Text)
