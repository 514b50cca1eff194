"""Tables mirroring the statement bank, so answers and reports can join on them."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.db import Base


class Theme(Base):
    __tablename__ = "theme"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Statement(Base):
    __tablename__ = "statement"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    theme_id: Mapped[str] = mapped_column(ForeignKey("theme.id"))
    text: Mapped[str] = mapped_column(Text)
    direction: Mapped[str] = mapped_column(String(16))
    safety: Mapped[bool] = mapped_column(Boolean, default=False)
    # The answers that raise a safety alert, space-separated (content: `alert_on`)
    alert_on: Mapped[str] = mapped_column(String(80), default="")


class Questionnaire(Base):
    __tablename__ = "questionnaire"
    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    audience: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    # How long answers and comments are kept (from content; `flask retention apply`).
    retention_months: Mapped[int] = mapped_column(Integer)
    items: Mapped[list[QuestionnaireItem]] = relationship(
        order_by="QuestionnaireItem.position", cascade="all, delete-orphan"
    )


class QuestionnaireItem(Base):
    __tablename__ = "questionnaire_item"

    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[str] = mapped_column(ForeignKey("statement.id"))
