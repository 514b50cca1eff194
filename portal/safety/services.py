"""Raise safety flags. Each holds what was answered and when, nothing about the person."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.safety.models import SafetyFlag


def raise_answer_flag(db: Session, response_id: int, statement_id: str, answer: str) -> SafetyFlag:
    """Flag a worrying answer to a safety statement; a repeated submit keeps one flag."""
    flag = db.scalar(
        select(SafetyFlag).where(
            SafetyFlag.response_id == response_id,
            SafetyFlag.kind == "answer",
            SafetyFlag.statement_id == statement_id,
        )
    )
    if flag is None:
        flag = SafetyFlag(
            kind="answer", statement_id=statement_id, answer=answer, response_id=response_id
        )
        db.add(flag)
    else:
        flag.answer = answer
    db.flush()
    return flag


def raise_help_flag(db: Session, response_id: int | None) -> SafetyFlag:
    """Flag that someone followed "I need help now"; once per response."""
    flag = None
    if response_id is not None:
        flag = db.scalar(
            select(SafetyFlag).where(
                SafetyFlag.response_id == response_id, SafetyFlag.kind == "help_link"
            )
        )
    if flag is None:
        flag = SafetyFlag(kind="help_link", response_id=response_id)
        db.add(flag)
        db.flush()
    return flag


def open_flags(db: Session) -> list[SafetyFlag]:
    """Flags nobody has acknowledged yet, oldest first."""
    return list(
        db.scalars(
            select(SafetyFlag)
            .where(SafetyFlag.acknowledged_at.is_(None))
            .order_by(SafetyFlag.raised_at)
        )
    )
