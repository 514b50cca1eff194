"""`flask demo answers`: believable answers so every staff page and report has something to
show, made once however often `make run` runs it."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.comments.models import Comment
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.models import Questionnaire, Statement
from portal.db import utcnow
from portal.groups.models import GroupVote
from portal.kiosk.models import GroupSession, KioskTablet
from portal.reports.disclosure import ONS_PTABLE, load_ptable
from portal.reports.filters import ReportFilters
from portal.reports.models import Report
from portal.reports.periods import Quarter
from portal.reports.results import build_report
from portal.respond.models import Answer, Response
from portal.safety.models import SafetyFlag
from tests.auth.helpers import add_staff
from tests.helpers import Browser

TABLES = (Response, Answer, GroupSession, GroupVote, SafetyFlag, Comment)


def counts(db: Session) -> dict[str, int]:
    db.expire_all()
    return {
        table.__tablename__: db.scalar(select(func.count()).select_from(table)) for table in TABLES
    }


def make_demo(runner: FlaskCliRunner, *args: str) -> str:
    result = runner.invoke(args=["demo", "answers", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_answers_cover_areas_questionnaires_sessions_home_and_quarters(
    runner: FlaskCliRunner, db_session: Session
) -> None:
    output = make_demo(runner)

    assert output.startswith("Made 600 demo responses (")
    responses = list(db_session.scalars(select(Response)))
    assert len(responses) == 600
    assert all(response.token.startswith("demo.") for response in responses)
    assert len({response.area_id for response in responses}) >= 2
    slugs = db_session.scalars(
        select(Questionnaire.slug).where(
            Questionnaire.id.in_({response.questionnaire_id for response in responses})
        )
    )
    assert set(slugs) == {"self-advocates", "family-carers"}
    assert {response.session_id is None for response in responses} == {True, False}
    quarters = {Quarter.of(response.started_at) for response in responses}
    assert len(quarters) >= 2 and max(quarters) == Quarter.of(utcnow())
    assert all(response.started_at < utcnow() for response in responses)
    assert {response.finished_at is None for response in responses} == {True, False}
    assert len({response.language for response in responses}) >= 3
    sessions = list(db_session.scalars(select(GroupSession)))
    assert sessions and all(session.closed_at is not None for session in sessions)
    assert db_session.scalar(select(func.count(GroupVote.id))) > 0
    flags = list(db_session.scalars(select(SafetyFlag)))
    followed_up = [flag for flag in flags if flag.acknowledged_at is not None]
    assert flags and len(followed_up) > len(flags) / 2
    assert all(flag.action_note for flag in followed_up)
    comments = list(db_session.scalars(select(Comment)))
    assert comments and {comment.status for comment in comments} == {"pending"}


def test_running_demo_answers_again_adds_nothing(
    runner: FlaskCliRunner, db_session: Session
) -> None:
    make_demo(runner, "--people", "60")
    before = counts(db_session)

    output = make_demo(runner, "--people", "60")

    assert "Demo answers are already there" in output
    assert counts(db_session) == before


def test_replace_makes_demo_answers_afresh_and_keeps_real_ones(
    runner: FlaskCliRunner, db_session: Session
) -> None:
    questionnaire = db_session.scalar(select(Questionnaire.id).limit(1))
    db_session.add(
        Response(
            token="a-real-person", questionnaire_id=questionnaire, language="en", answered_by="own"
        )
    )
    db_session.commit()
    make_demo(runner, "--people", "60")
    before = counts(db_session)

    output = make_demo(runner, "--people", "60", "--replace", "--yes")

    assert "Deleted 60 demo responses." in output
    assert counts(db_session)["response"] == before["response"]
    assert db_session.scalar(select(Response.id).where(Response.token == "a-real-person"))


def _real_session_called_demo(app: Flask, db: Session) -> int:
    """A real group that calls itself "Tuesday group (demo)": a session with a tablet, a group
    vote and a safety flag, but nobody's answers yet."""
    facilitator = add_staff(app, "facilitator")
    questionnaire = db.scalar(select(Questionnaire.id).limit(1))
    area = db.scalar(select(Area.id).limit(1))
    if area is None:
        area_row = Area(name="Real area")
        db.add(area_row)
        db.flush()
        area = area_row.id
    group = GroupSession(
        join_code="482913",
        group_name="Tuesday group (demo)",
        area_id=area,
        questionnaire_id=questionnaire,
        session_date=utcnow().date(),
        facilitator_id=facilitator,
    )
    db.add(group)
    db.flush()
    db.add(KioskTablet(session_id=group.id, number=1))
    statement = db.scalar(select(Statement.id).limit(1))
    db.add(
        GroupVote(
            session_id=group.id, statement_id=statement, value="yes", votes=4,
            recorded_by=facilitator, record_key=1,
        )
    )  # fmt: skip
    db.add(SafetyFlag(kind="help_link", session_id=group.id, area_id=area))
    db.commit()
    return group.id


def test_replace_keeps_a_real_session_whatever_it_is_called(
    app: Flask, runner: FlaskCliRunner, db_session: Session
) -> None:
    make_demo(runner, "--people", "30")
    real = _real_session_called_demo(app, db_session)
    before = counts(db_session)

    output = make_demo(runner, "--people", "30", "--replace", "--yes")

    assert "Deleted 30 demo responses." in output
    db_session.expire_all()
    group = db_session.get(GroupSession, real)
    assert group is not None and group.group_name == "Tuesday group (demo)"
    assert db_session.scalar(select(func.count(GroupVote.id)).where(GroupVote.session_id == real))
    assert db_session.scalar(select(func.count(SafetyFlag.id)).where(SafetyFlag.session_id == real))
    assert db_session.scalar(select(KioskTablet.id).where(KioskTablet.session_id == real))
    assert counts(db_session)["response"] == before["response"]


def test_replace_says_what_it_deletes_and_asks_first(
    runner: FlaskCliRunner, db_session: Session
) -> None:
    make_demo(runner, "--people", "30")
    before = counts(db_session)
    for typed in ("n\n", "\n", None):  # no, just Enter, nobody there to answer
        result = runner.invoke(args=["demo", "answers", "--people", "30", "--replace"], input=typed)
        assert "This deletes the demo data: 30 responses, " in result.output
        assert " group sessions, " in result.output and "Real answers and sessions stay." in (
            result.output
        )
        assert "Delete these? [y/N]" in result.output
        assert "Deleted" not in result.output and "Made" not in result.output
        assert counts(db_session) == before
    result = runner.invoke(args=["demo", "answers", "--people", "30", "--replace"], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Deleted 30 demo responses." in result.output and "Made 30 demo responses" in (
        result.output
    )


def test_report_for_the_last_quarter_shows_most_figures(
    runner: FlaskCliRunner, db_session: Session
) -> None:
    make_demo(runner)
    quarter = Quarter.of(utcnow()).previous()
    filters = ReportFilters("self-advocates", quarter, quarter)

    report = build_report(
        db_session,
        load_bank(PROJECT_ROOT / "content"),
        filters,
        load_ptable(ONS_PTABLE, 10),
        after_days=0,
    )

    assert report.people.enough
    statements = [s for theme in report.themes for s in theme.statements]
    shown = [s for s in statements if s.good_share is not None]
    assert len(shown) >= len(statements) / 2, "most statements show their good answer's share"


def test_demo_publishes_a_report_and_actions_for_what_happened(
    runner: FlaskCliRunner, db_session: Session, client: Browser
) -> None:
    add_staff(runner.app, "administrator")
    add_staff(runner.app, "reviewer")
    output = make_demo(runner)
    assert "Published the demo report for" in output
    row = db_session.scalars(select(Report).where(Report.status == "published")).one()
    assert row.figures is not None
    in_review = db_session.scalars(select(Report).where(Report.status == "in_review")).one()
    assert "another is with the Advisory Group for review" in output
    assert in_review.figures is not None, "a summary for the Advisory Group to read"
    assert "The demo report is already there." in make_demo(runner)
    page = client.get("/what-happened/all")
    assert "out of 10 people said" in page.text
    assert "We visited the homes where people did not feel safe." in page.text
