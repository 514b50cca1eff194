"""A small statement bank and a database of the test's own (the schema, no real content), for
report tests that must hold whatever the content says: the real bank is being rewritten, and
questionnaire versions come and go.

`own_db` (tests/reports/conftest.py) is a session on a database migrated to head holding only
what each test adds: `add_questionnaire` stores a version's items as loading the content does,
`add_answers` stores people's answers to it.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Flask
from sqlalchemy.orm import Session

from portal.content.bank import Bank, HelpPage, Questionnaire, Source, Statement, Theme
from portal.content.models import Questionnaire as QuestionnaireRow
from portal.content.models import QuestionnaireItem
from portal.content.models import Statement as StatementRow
from portal.content.models import Theme as ThemeRow
from tests.reports.fixtures import add_answers

__all__ = ["add_answers"]

THEME = "own-theme"
SLUG = "own-questions"
SOURCE = Source("proposed locally")


def statement(
    statement_id: str, text: str, direction: str = "yes_good", **more: object
) -> Statement:
    """A statement of the test's own (self-advocates, the own theme)."""
    return Statement(
        id=statement_id,
        theme=THEME,
        text=text,
        picture="speech-bubble",
        audiences=("self_advocate",),
        direction=direction,
        source=SOURCE,
        **more,  # type: ignore[arg-type]  # the optional fields, by name
    )


# Statements several tests share: one that does not apply to everyone, and a mirrored pair.
HOSPITAL = statement("own-hospital", "Hospital staff listen to me.", not_about_me=True)
LET = statement("own-staff-let-me-decide", "Staff let me decide.")
DECIDE = statement("own-staff-decide-for-me", "Staff decide for me.", direction="no_good")


def questionnaire(
    statement_ids: tuple[str, ...],
    version: int = 1,
    mirrored: tuple[tuple[str, str], ...] = (),
    slug: str = SLUG,
) -> Questionnaire:
    return Questionnaire(
        slug=slug,
        version=version,
        audience="self_advocate",
        title="Our own questions",
        intro="",
        statement_ids=statement_ids,
        retention_months=24,
        mirrored=mirrored,
    )


def small_bank(statements: list[Statement], questionnaires: list[Questionnaire]) -> Bank:
    """A bank holding only these statements and questionnaires (and the own theme)."""
    return Bank(
        themes={THEME: Theme(THEME, "Our own theme", "speech-bubble", "")},
        statements={s.id: s for s in statements},
        questionnaires={q.slug: q for q in questionnaires},
        help=HelpPage(title="", where={}, who={}, contacts=()),
        pictures={},
        jargon={},
        licence={},
        code_words=(),
    )


def retire(bank: Bank, statement_id: str) -> Bank:
    """The bank once a statement is retired (kept only for its old words)."""
    statements = dict(bank.statements)
    statements[statement_id] = replace(statements[statement_id], retired=True)
    return replace(bank, statements=statements)


def add_questionnaire(db: Session, bank: Bank, content: Questionnaire) -> int:
    """Store a questionnaire version and its statements, as loading the content does."""
    if db.get(ThemeRow, THEME) is None:
        db.add(ThemeRow(id=THEME, name="Our own theme"))
    for statement_id in content.statement_ids:
        s = bank.statements[statement_id]
        if db.get(StatementRow, s.id) is None:
            db.add(StatementRow(id=s.id, theme_id=s.theme, text=s.text, direction=s.direction))
    db.flush()
    row = QuestionnaireRow(
        slug=content.slug,
        version=content.version,
        audience=content.audience,
        title=content.title,
        retention_months=content.retention_months,
        items=[
            QuestionnaireItem(position=n, statement_id=s)
            for n, s in enumerate(content.statement_ids, start=1)
        ],
    )
    db.add(row)
    db.flush()
    return row.id


def use_bank(app: Flask, bank: Bank) -> None:
    """The app's statement bank (in every language) is this one."""
    app.extensions["content_bank"] = bank
    app.extensions["content_banks"] = {}
