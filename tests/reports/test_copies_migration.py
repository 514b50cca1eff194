"""Migration 0009 on a database already in use: answers get their response's details copied on
(the quarter it started in, from its first and last microsecond), responses note whether they
have answers; undone and done again, nothing else changes. On SQLite, and on PostgreSQL when
DATABASE_URL names a server (a database of its own, dropped afterwards)."""

from __future__ import annotations

import os
from datetime import date

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from portal.db import downgrade, make_engine, upgrade

SERVER_URL = os.environ.get("DATABASE_URL", "")
ROWS = (
    "INSERT INTO questionnaire (id, slug, version, audience, title, retention_months)"
    " VALUES (1, 'adults', 1, 'adult', 'About you', 24)",
    "INSERT INTO theme (id, name) VALUES ('home', 'Home')",
    "INSERT INTO statement (id, theme_id, text, direction, safety)"
    " VALUES ('safe', 'home', 'I feel safe.', 'yes_good', TRUE),"
    " ('choose', 'home', 'I choose.', 'yes_good', FALSE)",
    "INSERT INTO area (id, name, active, created_at) VALUES (1, 'North', TRUE, '2026-01-01')",
    "INSERT INTO staff_user (id, email, display_name, password_hash, role, active, created_at)"
    " VALUES (1, 'facilitator@example.org', 'F', '-', 'facilitator', TRUE, '2026-01-01')",
    "INSERT INTO group_session (id, join_code, group_name, area_id, questionnaire_id,"
    " session_date, facilitator_id, opened_at, tablets_joined)"
    " VALUES (1, '123456', 'Group', 1, 1, '2026-04-01', 1, '2026-04-01 00:00:00', 1)",
    "INSERT INTO response (id, token, questionnaire_id, language, answered_by, started_at,"
    " area_id, session_id) VALUES"
    " (1, 'a', 1, 'en', 'own', '2026-03-31 23:59:59.999999', NULL, NULL),"
    " (2, 'b', 1, 'cy', 'with_help', '2026-04-01 00:00:00', 1, 1),"
    " (3, 'c', 1, 'en', 'on_behalf', '2025-12-15 08:00:00', 1, NULL)",
    "INSERT INTO answer (id, response_id, statement_id, value, answered_at) VALUES"
    " (1, 1, 'safe', 'yes', '2026-03-31 23:59:59.999999'),"
    " (2, 1, 'choose', 'no', '2026-04-01 00:01:00'),"
    " (3, 2, 'safe', 'sometimes', '2026-04-01 00:02:00')",
)
COPIES = (
    "SELECT id, questionnaire_id, area_id, answered_by, at_home, started_quarter FROM answer"
    " ORDER BY id"
)


def _columns(engine: sa.Engine, table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(engine).get_columns(table)}


def test_answers_in_use_get_their_response_details(empty_database: str) -> None:
    upgrade(empty_database, "0008")
    engine = make_engine(empty_database, poolclass=NullPool)
    with engine.begin() as connection:
        for sql in ROWS:
            connection.execute(sa.text(sql))
    expected = [
        (1, 1, None, "own", True, date(2026, 1, 1)),
        (2, 1, None, "own", True, date(2026, 1, 1)),
        (3, 1, 1, "with_help", False, date(2026, 4, 1)),
    ]
    for _ in range(2):  # upgraded, then undone and upgraded again
        upgrade(empty_database, "0009")
        with engine.connect() as connection:
            copies = [tuple(row) for row in connection.execute(sa.text(COPIES))]
            notes = connection.execute(sa.text("SELECT id, has_answers FROM response ORDER BY id"))
            assert [(n, bool(noted)) for n, noted in notes] == [(1, True), (2, True), (3, False)]
        assert [(*row[:4], bool(row[4]), date.fromisoformat(str(row[5]))) for row in copies] == (
            expected
        )
        downgrade(empty_database, "0008")
        assert "started_quarter" not in _columns(engine, "answer")
        assert "has_answers" not in _columns(engine, "response")
        with engine.connect() as connection:
            kept = connection.execute(sa.text("SELECT id, value FROM answer ORDER BY id")).all()
            assert [tuple(row) for row in kept] == [(1, "yes"), (2, "no"), (3, "sometimes")]
    engine.dispose()
