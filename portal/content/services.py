"""Copy the checked statement bank into the database, all at once or not at all."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from portal.content.bank import Bank, ContentError, Problem
from portal.content.models import Questionnaire, QuestionnaireItem, Statement, Theme


def sync_bank(db: Session, bank: Bank, release_id: int | None = None) -> dict[str, int]:
    """Add or update themes, statements and questionnaires; flush, leaving the commit to the caller.

    A questionnaire version that already exists must keep its statements and their words:
    reports compare like with like, so changing either needs a new version (the studio gives
    one when it publishes: portal.content.releases). The retention period belongs to the
    questionnaire, so it is set on every version of it.
    """
    for theme in bank.themes.values():
        db.merge(Theme(id=theme.id, name=theme.name))
    db.flush()
    for statement in bank.statements.values():
        db.merge(
            Statement(
                id=statement.id,
                theme_id=statement.theme,
                text=statement.text,
                direction=statement.direction,
                safety=statement.safety,
                alert_on=" ".join(statement.alert_on),
            )
        )
    db.flush()
    problems = []
    for q in bank.questionnaires.values():
        existing = db.scalar(
            select(Questionnaire).where(
                Questionnaire.slug == q.slug, Questionnaire.version == q.version
            )
        )
        asked = [(s, bank.statements[s].text) for s in q.statement_ids]
        if existing is None:
            db.add(
                Questionnaire(
                    slug=q.slug,
                    version=q.version,
                    audience=q.audience,
                    title=q.title,
                    retention_months=q.retention_months,
                    release_id=release_id,
                    items=[
                        QuestionnaireItem(position=n, statement_id=s, text=text)
                        for n, (s, text) in enumerate(asked, start=1)
                    ],
                )
            )
        elif [(item.statement_id, item.text) for item in existing.items] != asked:
            problems.append(
                Problem(
                    "questionnaires.yaml",
                    1,
                    f"questionnaire '{q.slug}' version {q.version} is already in use with other "
                    "statements or words: give the changed list a new version",
                )
            )
        else:
            existing.title = q.title
        db.execute(
            update(Questionnaire)
            .where(Questionnaire.slug == q.slug)
            .values(retention_months=q.retention_months)
        )
    if problems:
        raise ContentError(problems)
    db.flush()
    return {
        "themes": len(bank.themes),
        "statements": len(bank.statements),
        "questionnaires": len(bank.questionnaires),
    }


def questionnaire_row(db: Session, slug: str, version: int) -> Questionnaire | None:
    """The database row for a questionnaire version."""
    return db.scalar(
        select(Questionnaire).where(Questionnaire.slug == slug, Questionnaire.version == version)
    )
