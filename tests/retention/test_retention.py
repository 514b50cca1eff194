"""`flask retention apply` deletes answers older than their questionnaire's retention period,
keeps everything newer and every safety flag, and says (and audits) how much went."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.comments.models import Comment, CommentTheme
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.models import Questionnaire
from portal.content.services import questionnaire_row, sync_bank
from portal.db import utcnow
from portal.respond.models import Answer, Response
from portal.retention.services import months_before
from portal.safety.models import SafetyFlag
from tests.content.test_content_check import broken, line_of, messages

BANK = load_bank(PROJECT_ROOT / "content")
SELF_ADVOCATES = BANK.questionnaires["self-advocates"]
FAMILY_CARERS = BANK.questionnaires["family-carers"]
SAFETY = next(s for s in SELF_ADVOCATES.statement_ids if BANK.statements[s].safety)


def _old_response(
    db: Session, slug: str, started: datetime, answers: int = 3, comment: bool = False
) -> int:
    """A response started at `started` with some answers (and a moderated, themed comment)."""
    questionnaire = BANK.questionnaires[slug]
    row = questionnaire_row(db, slug, questionnaire.version)
    assert row is not None
    response = Response(
        token=secrets.token_urlsafe(8),
        questionnaire_id=row.id,
        language="en",
        answered_by="own",
        started_at=started,
        finished_at=started + timedelta(minutes=10),
        has_answers=answers > 0,
    )
    db.add(response)
    db.flush()
    for statement_id in questionnaire.statement_ids[:answers]:
        db.add(
            Answer(
                response_id=response.id,
                statement_id=statement_id,
                value="yes",
                **response.copied_details(),
            )
        )
    if comment:
        statement_id = questionnaire.statement_ids[0]
        note = Comment(
            response_id=response.id,
            statement_id=statement_id,
            text="Anna at the day centre is kind.",
            shown_text="The staff at the day centre are kind.",
            status="approved",
        )
        db.add(note)
        db.flush()
        db.add(CommentTheme(comment_id=note.id, theme_id=BANK.statements[statement_id].theme))
    db.flush()
    return response.id


def _safety_flag(db: Session, response_id: int) -> None:
    db.add(SafetyFlag(kind="answer", statement_id=SAFETY, answer="no", response_id=response_id))
    db.flush()


def _counts(db: Session) -> tuple[int, int, int, int, int]:
    return tuple(  # type: ignore[return-value]
        db.scalar(select(func.count()).select_from(table)) or 0
        for table in (Response, Answer, Comment, CommentTheme, SafetyFlag)
    )


@pytest.fixture
def old_and_new(app: Flask) -> Iterator[dict[str, int]]:
    """Two expired responses (one with a comment and a safety flag) and two recent ones."""
    now = utcnow()
    with Session(app.extensions["db_engine"]) as db, db.begin():
        expired = _old_response(db, "self-advocates", now - timedelta(days=2 * 365 + 40), 4, True)
        _safety_flag(db, expired)
        ids = {
            "expired": expired,
            "expired_family": _old_response(db, "family-carers", now - timedelta(days=800), 2),
            "recent": _old_response(db, "self-advocates", now - timedelta(days=700), 5, True),
            "today": _old_response(db, "family-carers", now, 1),
        }
    yield ids


def test_expired_answers_and_comments_go_and_recent_ones_stay(
    runner: FlaskCliRunner, db_session: Session, old_and_new: dict[str, int]
) -> None:
    result = runner.invoke(args=["retention", "apply", "--yes"])
    assert result.exit_code == 0, result.output
    assert "Deleted 2 responses, 6 answers, 1 comments (1 safety flags kept)." in result.output
    assert "self-advocates: kept 24 months" in result.output
    left = set(db_session.scalars(select(Response.id)))
    assert left == {old_and_new["recent"], old_and_new["today"]}
    assert db_session.scalar(select(func.count(Answer.id))) == 6
    comment = db_session.scalars(select(Comment)).one()
    assert comment.response_id == old_and_new["recent"]
    assert db_session.scalar(select(func.count()).select_from(CommentTheme)) == 1
    flag = db_session.scalars(select(SafetyFlag)).one()
    assert flag.response_id is None, "a safety concern is never deleted"


def test_it_says_what_it_will_delete_and_deletes_nothing_unless_told_yes(
    runner: FlaskCliRunner, db_session: Session, old_and_new: dict[str, int]
) -> None:
    before = _counts(db_session)
    cutoff = months_before(utcnow(), SELF_ADVOCATES.retention_months)
    for typed in ("n\n", "\n", None):  # no, just Enter, nobody there to answer (cron)
        result = runner.invoke(args=["retention", "apply"], input=typed)
        assert (
            f"self-advocates: kept 24 months, so answers started before {cutoff:%Y-%m-%d} go:"
            " 1 responses, 4 answers, 1 comments (1 safety flags kept)."
        ) in result.output
        assert "family-carers: kept" in result.output and ": 1 responses, 2 answers" in (
            result.output
        )
        assert "This deletes 2 responses, 6 answers, 1 comments" in result.output
        assert "Delete these? [y/N]" in result.output
        assert "Deleted" not in result.output
        db_session.expire_all()
        assert _counts(db_session) == before, typed
    assert db_session.scalar(select(func.count(AuditEntry.id))) == 0
    result = runner.invoke(args=["retention", "apply"], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Deleted 2 responses, 6 answers, 1 comments (1 safety flags kept)." in result.output
    assert set(db_session.scalars(select(Response.id))) == {
        old_and_new["recent"],
        old_and_new["today"],
    }


def test_with_nothing_to_delete_it_does_not_ask(
    runner: FlaskCliRunner, db_session: Session
) -> None:
    result = runner.invoke(args=["retention", "apply"])
    assert result.exit_code == 0, result.output
    assert "Delete these?" not in result.output
    assert "Deleted 0 responses, 0 answers, 0 comments" in result.output


def test_the_counts_are_in_the_audit_log(
    runner: FlaskCliRunner, db_session: Session, old_and_new: dict[str, int]
) -> None:
    runner.invoke(args=["retention", "apply", "--yes"])
    entry = db_session.scalars(
        select(AuditEntry).where(AuditEntry.action == "retention.applied")
    ).one()
    assert entry.actor_id is None
    assert entry.detail == "2 responses, 6 answers, 1 comments (1 safety flags kept)"
    again = runner.invoke(args=["retention", "apply", "--yes"])
    assert "Deleted 0 responses, 0 answers, 0 comments" in again.output


def test_dry_run_counts_and_changes_nothing(
    runner: FlaskCliRunner, db_session: Session, old_and_new: dict[str, int]
) -> None:
    before = _counts(db_session)
    result = runner.invoke(args=["retention", "apply", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Would delete 2 responses, 6 answers, 1 comments (1 safety flags kept)." in result.output
    assert "Nothing was changed" in result.output
    db_session.expire_all()
    assert _counts(db_session) == before
    flag = db_session.scalars(select(SafetyFlag)).one()
    assert flag.response_id == old_and_new["expired"]
    assert db_session.scalar(select(func.count(AuditEntry.id))) == 0


def test_each_questionnaire_keeps_answers_for_its_own_period(
    app: Flask, runner: FlaskCliRunner, db_session: Session
) -> None:
    now = utcnow()
    with Session(app.extensions["db_engine"]) as db, db.begin():
        carer = _old_response(db, "family-carers", now - timedelta(days=250))
        self_advocate = _old_response(db, "self-advocates", now - timedelta(days=250))
        db.execute(
            update(Questionnaire)
            .where(Questionnaire.slug == "family-carers")
            .values(retention_months=6)
        )
    try:
        result = runner.invoke(args=["retention", "apply", "--yes"])
        assert "family-carers: kept 6 months" in result.output
        assert set(db_session.scalars(select(Response.id))) == {self_advocate}
        assert carer not in set(db_session.scalars(select(Response.id)))
    finally:  # PostgreSQL keeps the questionnaire table between tests
        with Session(app.extensions["db_engine"]) as db, db.begin():
            sync_bank(db, BANK)


def test_retention_counts_calendar_months() -> None:
    assert months_before(datetime(2026, 3, 31, 9, 30), 1) == datetime(2026, 2, 28, 9, 30)
    assert months_before(datetime(2024, 2, 29), 12) == datetime(2023, 2, 28)
    assert months_before(datetime(2026, 1, 15), 24) == datetime(2024, 1, 15)
    assert months_before(datetime(2026, 1, 15), 1) == datetime(2025, 12, 15)


# --- the retention period in content --------------------------------------------------------


def test_every_questionnaire_has_a_retention_period_in_the_database(
    app: Flask, db_session: Session
) -> None:
    assert SELF_ADVOCATES.retention_months == FAMILY_CARERS.retention_months == 24
    rows = db_session.execute(select(Questionnaire.slug, Questionnaire.retention_months))
    assert dict(rows.all()) == {slug: 24 for slug in BANK.questionnaires}
    longer = replace(
        BANK,
        questionnaires={
            **BANK.questionnaires,
            "self-advocates": replace(SELF_ADVOCATES, retention_months=36),
        },
    )
    try:
        with Session(app.extensions["db_engine"]) as db, db.begin():
            sync_bank(db, longer)
        db_session.expire_all()
        row = questionnaire_row(db_session, "self-advocates", SELF_ADVOCATES.version)
        assert row is not None and row.retention_months == 36
    finally:
        with Session(app.extensions["db_engine"]) as db, db.begin():
            sync_bank(db, BANK)


@pytest.mark.parametrize("value", ["0", "-3", "two years", "1.5", "true"])
def test_a_retention_period_that_is_not_a_whole_number_of_months_is_refused(
    tmp_path: Path, value: str
) -> None:
    root = broken(
        tmp_path,
        "questionnaires.yaml",
        "audience: self_advocate\n    retention_months: 24",
        f"audience: self_advocate\n    retention_months: {value}",
    )
    line = line_of(root, "questionnaires.yaml", f"retention_months: {value}")
    found = messages(root)
    expected = (
        f"questionnaires.yaml:{line}: retention_months must be a whole number of months from 1"
    )
    assert any(m.endswith(expected) for m in found), found


def test_a_questionnaire_without_a_retention_period_is_refused(tmp_path: Path) -> None:
    root = broken(
        tmp_path,
        "questionnaires.yaml",
        "    audience: family_carer\n    retention_months: 24\n",
        "    audience: family_carer\n",
    )
    line = line_of(root, "questionnaires.yaml", "id: family-carers")
    found = messages(root)
    expected = f"questionnaires.yaml:{line}: questionnaire is missing field 'retention_months'"
    assert any(m.endswith(expected) for m in found), found
