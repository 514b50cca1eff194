"""The quotes a report may show: approved, moderated words only, from the report's questionnaire,
period, area, "who answered" and place. Every comment below is built by hand."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from flask import Flask
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.comments.models import Comment, CommentTheme
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.services import questionnaire_row
from portal.kiosk.models import GroupSession
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.quotes import approved_quotes
from portal.respond.models import Response
from tests.auth.helpers import add_staff

BANK = load_bank(PROJECT_ROOT / "content")
QUESTIONS = BANK.questionnaires["self-advocates"].statement_ids
FIRST = QUESTIONS[0]
OTHER_THEME = next(s for s in QUESTIONS if BANK.statements[s].theme != BANK.statements[FIRST].theme)
Q2, Q3 = Quarter(2026, 2), Quarter(2026, 3)
IN_Q2, IN_Q3 = datetime(2026, 5, 10, 11), datetime(2026, 8, 12, 14)


def add_comment(
    db: Session,
    shown: str,
    when: datetime = IN_Q3,
    statement: str = FIRST,
    themes: tuple[str, ...] = (),
    status: str = "approved",
    questionnaire: str = "self-advocates",
    **response: object,
) -> None:
    """One person's response with one comment: `shown` is the moderated words; what the person
    wrote is always "ORIGINAL ..." so a test can see it never leaks."""
    row = questionnaire_row(db, questionnaire, BANK.questionnaires[questionnaire].version)
    assert row is not None
    person = Response(
        token=secrets.token_urlsafe(12),
        questionnaire_id=row.id,
        language="en",
        answered_by=response.pop("who", "own"),
        started_at=when,
        **response,
    )
    db.add(person)
    db.flush()
    comment = Comment(
        response_id=person.id,
        statement_id=statement,
        text=f"ORIGINAL {shown}",
        status=status,
        shown_text=shown if status == "approved" else None,
    )
    db.add(comment)
    db.flush()
    chosen = themes or (BANK.statements[statement].theme,)
    db.add_all(CommentTheme(comment_id=comment.id, theme_id=theme) for theme in chosen)
    db.flush()


def quotes(db: Session, **filters: object) -> list[str]:
    chosen = {"questionnaire": "self-advocates", "first": Q3, "last": Q3} | filters
    return [quote["text"] for quote in approved_quotes(db, ReportFilters(**chosen))]  # type: ignore[arg-type]


def add_area(db: Session, name: str) -> int:
    area = Area(name=name)
    db.add(area)
    db.flush()
    return area.id


def test_only_approved_words_are_quoted_with_statement_and_themes_by_theme(
    db_session: Session,
) -> None:
    add_comment(db_session, "About the first statement.", statement=FIRST)
    add_comment(
        db_session, "Two themes.", statement=OTHER_THEME, themes=("my-home", "good-support")
    )
    add_comment(db_session, "Still waiting.", status="pending")
    add_comment(db_session, "Turned down.", status="rejected")
    found = approved_quotes(
        db_session, ReportFilters(questionnaire="self-advocates", first=Q3, last=Q3)
    )
    expected = [
        {
            "statement_id": OTHER_THEME,
            "theme_ids": ["good-support", "my-home"],
            "text": "Two themes.",
        },
        {
            "statement_id": FIRST,
            "theme_ids": [BANK.statements[FIRST].theme],
            "text": "About the first statement.",
        },
    ]
    expected.sort(key=lambda q: (BANK.statements[q["statement_id"]].theme, q["statement_id"]))  # type: ignore[index]
    assert found == expected
    assert "ORIGINAL" not in repr(found)


def test_quotes_come_from_the_reports_period_only(db_session: Session) -> None:
    add_comment(db_session, "Spring.", when=IN_Q2)
    add_comment(db_session, "Summer.", when=IN_Q3)
    add_comment(db_session, "Autumn, first minute.", when=datetime(2026, 10, 1, 0, 0))
    add_comment(db_session, "Summer, last minute.", when=datetime(2026, 9, 30, 23, 59))
    assert sorted(quotes(db_session)) == ["Summer, last minute.", "Summer."]
    assert quotes(db_session, first=Q2, last=Q2) == ["Spring."]
    assert len(quotes(db_session, first=Q2, last=Q3)) == 3


def test_quotes_respect_the_area(db_session: Session) -> None:
    north, south = add_area(db_session, "North"), add_area(db_session, "South")
    add_comment(db_session, "From the north.", area_id=north)
    add_comment(db_session, "From the south.", area_id=south)
    add_comment(db_session, "Area not known.")
    assert quotes(db_session, area=north) == ["From the north."]
    assert quotes(db_session, area=south) == ["From the south."]
    assert len(quotes(db_session)) == 3


def test_quotes_respect_who_answered(db_session: Session) -> None:
    add_comment(db_session, "In my own words.", who="own")
    add_comment(db_session, "A family carer wrote this.", who="family_carer")
    assert quotes(db_session, who="own") == ["In my own words."]
    assert quotes(db_session, who="family_carer") == ["A family carer wrote this."]
    assert quotes(db_session, who="with_help") == []


def test_quotes_respect_group_session_or_home(app: Flask, db_session: Session) -> None:
    facilitator = add_staff(app, "facilitator")  # its own session: before this one writes
    area = add_area(db_session, "East")
    row = questionnaire_row(
        db_session, "self-advocates", BANK.questionnaires["self-advocates"].version
    )
    assert row is not None
    group = GroupSession(
        join_code="654321",
        group_name="Tuesday group",
        area_id=area,
        questionnaire_id=row.id,
        session_date=date(2026, 8, 12),
        facilitator_id=facilitator,
    )
    db_session.add(group)
    db_session.flush()
    add_comment(db_session, "Said in the group.", session_id=group.id, area_id=area)
    add_comment(db_session, "Written at home.")
    assert quotes(db_session, place="session") == ["Said in the group."]
    assert quotes(db_session, place="home") == ["Written at home."]


def test_quotes_come_from_the_reports_questionnaire_and_version(db_session: Session) -> None:
    add_comment(db_session, "Self-advocate.")
    carers = BANK.questionnaires["family-carers"].statement_ids[0]
    add_comment(db_session, "Family carer survey.", statement=carers, questionnaire="family-carers")
    assert quotes(db_session) == ["Self-advocate."]
    assert quotes(db_session, questionnaire="family-carers") == ["Family carer survey."]
    current = BANK.questionnaires["self-advocates"].version
    assert quotes(db_session, version=current) == ["Self-advocate."]
    assert quotes(db_session, version=99) == []
