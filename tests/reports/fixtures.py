"""Hand-built answers for report tests: every count below is written out so it can be checked
by hand."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.auth.models import StaffUser
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.services import questionnaire_row
from portal.reports.disclosure import BY_KEY_PTABLE, ONS_PTABLE, load_ptable
from portal.respond.models import Answer, Response

# The ONS package's 10/5 rule: the same published value whatever the record keys, so tests can
# write the figures out by hand (the portal's default rounds by key: test_attacker.py, and
# test_disclosure.py for the table itself).
PTABLE = load_ptable(ONS_PTABLE, 10)
DEFAULT_PTABLE = load_ptable(BY_KEY_PTABLE, 10)


def add_area(db: Session, name: str) -> int:
    area = Area(name=name)
    db.add(area)
    db.flush()
    return area.id


def facilitator(label: str) -> StaffUser:
    """A facilitator for generated group sessions (nobody signs in as them)."""
    return StaffUser(
        email=f"{label}-{secrets.token_hex(4)}@example.org",
        display_name=f"{label.title()} facilitator",
        password_hash="-",
        role="facilitator",
    )


def add_people(
    db: Session,
    answers: dict[str, str],
    how_many: int,
    when: datetime,
    area: int | None = None,
    who: str = "own",
    session_id: int | None = None,
    questionnaire: str = "self-advocates",
    language: str = "en",
) -> None:
    """`how_many` people who each gave these answers (statement id -> value)."""
    version = load_bank(PROJECT_ROOT / "content").questionnaires[questionnaire].version
    row = questionnaire_row(db, questionnaire, version)  # the version content/ asks now
    assert row is not None
    add_answers(db, row.id, answers, how_many, when, area, who, session_id, language)


def add_answers(
    db: Session,
    questionnaire_id: int,
    answers: dict[str, str],
    how_many: int,
    when: datetime,
    area: int | None = None,
    who: str = "own",
    session_id: int | None = None,
    language: str = "en",
) -> list[int]:
    """`how_many` people who each gave these answers (statement id -> value) to one stored
    questionnaire version; their response ids."""
    ids = []
    for _ in range(how_many):
        response = Response(
            token=secrets.token_urlsafe(12),
            questionnaire_id=questionnaire_id,
            language=language,
            answered_by=who,
            area_id=area,
            session_id=session_id,
            started_at=when,
            finished_at=when,
            has_answers=bool(answers),
        )
        db.add(response)
        db.flush()
        db.add_all(
            Answer(response_id=response.id, statement_id=s, value=v, **response.copied_details())
            for s, v in answers.items()
        )
        ids.append(response.id)
    db.flush()
    return ids
