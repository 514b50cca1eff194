"""Migrations kept honest: an empty database migrated to head has exactly the models' schema, on
SQLite and (when DATABASE_URL names one) PostgreSQL; every migration can be undone and redone;
the `flask db` commands work. Self-contained: each test makes and removes its own database."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from pprint import pformat
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.pool import NullPool

import portal.db
import portal.models  # noqa: F401  (every table on Base.metadata)
from portal import create_app
from portal.db import Base, alembic_config, current_revision, downgrade, make_engine, upgrade
from tests.conftest import new_database

SERVER_URL = os.environ.get("DATABASE_URL", "")
USING_POSTGRES = SERVER_URL.startswith("postgresql")  # the switch tests/conftest.py uses
VERSIONS = portal.db.MIGRATIONS_DIR / "versions"


@pytest.fixture(scope="module")
def head_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated from empty to head, shared by the tests that only read its schema."""
    with new_database(tmp_path_factory.mktemp("head")) as url:
        upgrade(url)
        yield url


def check_names(inspector: sa.Inspector, table: str) -> set[str]:
    return {c["name"] for c in inspector.get_check_constraints(table) if c["name"]}


def drift(url: str, metadata: sa.MetaData = Base.metadata) -> list[Any]:
    """Every difference between the database at url and metadata: Alembic's comparison (tables,
    columns, types, nullability, server defaults, indexes, unique and foreign keys), plus the
    named CHECK constraints, which Alembic does not compare."""
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            diff: list[Any] = list(compare_metadata(context, metadata))
            inspector = sa.inspect(connection)
            for name, table in metadata.tables.items():
                if not inspector.has_table(name):
                    continue  # compare_metadata already reports it
                wanted = {
                    str(c.name) for c in table.constraints if isinstance(c, sa.CheckConstraint)
                }
                found = check_names(inspector, name)
                diff += [("add_check", name, n) for n in sorted(wanted - found)]
                diff += [("remove_check", name, n) for n in sorted(found - wanted)]
    finally:
        engine.dispose()
    return diff


def changes(diff: list[Any]) -> list[tuple[Any, ...]]:
    """The diff flattened: Alembic groups a column's modify_* changes in a list."""
    return [change for d in diff for change in (d if isinstance(d, list) else [d])]


def reflect(url: str) -> sa.MetaData:
    """The database's schema as it is now (without Alembic's version table)."""
    metadata = sa.MetaData()
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            metadata.reflect(connection)
    finally:
        engine.dispose()
    if "alembic_version" in metadata.tables:
        metadata.remove(metadata.tables["alembic_version"])
    return metadata


def tables(url: str) -> set[str]:
    engine = make_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return set(sa.inspect(connection).get_table_names())
    finally:
        engine.dispose()


def models_copy() -> sa.MetaData:
    """A copy of the models' metadata that a test may change."""
    copy = sa.MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(copy)
    return copy


def revisions() -> list[tuple[str | None, str]]:
    """(previous, revision) for every migration, oldest first; previous is None for the first."""
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    chain = [(s.down_revision, s.revision) for s in scripts.walk_revisions("base", "heads")]
    chain.reverse()
    return chain  # type: ignore[return-value]


def test_migrations_form_one_line_with_a_downgrade_each() -> None:
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(scripts.get_heads()) == 1, scripts.get_heads()
    files = sorted(p.name for p in VERSIONS.glob("*.py"))
    chain = revisions()
    assert [f"{rev}_" for _, rev in chain] == [name[:5] for name in files]
    for previous, revision in chain:
        assert previous == (None if revision == chain[0][1] else f"{int(revision) - 1:04d}")
        module = scripts.get_revision(revision).module
        assert callable(getattr(module, "downgrade", None)), revision


def test_empty_database_migrated_to_head_matches_the_models(head_database: str) -> None:
    diff = drift(head_database)
    assert diff == [], "migrations and models differ:\n" + pformat(diff)


def test_drift_check_reports_a_stray_server_default(empty_database: str) -> None:
    """0005 left a server default the model does not have, until 0008 took it away."""
    stray = ("modify_default", None, "questionnaire", "retention_months")
    upgrade(empty_database, "0007")
    diff = drift(empty_database)
    assert stray in [c[0:4] for c in changes(diff)], pformat(diff)
    upgrade(empty_database, "0008")
    diff = drift(empty_database)
    assert stray not in [c[0:4] for c in changes(diff)], pformat(diff)


def _add_column(metadata: sa.MetaData) -> None:
    metadata.tables["questionnaire"].append_column(sa.Column("drift_probe", sa.Integer))


def _change_type(metadata: sa.MetaData) -> None:
    metadata.tables["area"].c.name.type = sa.String(60)


def _change_nullable(metadata: sa.MetaData) -> None:
    metadata.tables["response"].c.finished_at.nullable = False


def _add_index(metadata: sa.MetaData) -> None:
    sa.Index("ix_theme_name", metadata.tables["theme"].c.name)


def _add_check(metadata: sa.MetaData) -> None:
    metadata.tables["area"].append_constraint(sa.CheckConstraint("name <> ''", name="name_given"))


def _drop_table(metadata: sa.MetaData) -> None:
    metadata.remove(metadata.tables["failed_resume"])


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (_add_column, ["add_column"]),
        (_change_type, ["modify_type"]),
        (_change_nullable, ["modify_nullable"]),
        (_add_index, ["add_index"]),
        (_add_check, ["add_check"]),
        (_drop_table, ["remove_index", "remove_table"]),
    ],
)
def test_drift_check_reports_models_changed_without_a_migration(
    head_database: str, change: Any, expected: list[str]
) -> None:
    """The checker itself works: a model changed without a migration is reported."""
    metadata = models_copy()
    assert drift(head_database, metadata) == []
    change(metadata)
    diff = drift(head_database, metadata)
    assert [c[0] for c in changes(diff)] == expected, pformat(diff)


def test_drift_check_reports_a_column_dropped_from_the_database(empty_database: str) -> None:
    upgrade(empty_database)
    engine = make_engine(empty_database, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE answer DROP COLUMN submission_key"))
    engine.dispose()
    diff = drift(empty_database)
    assert [(d[0], d[2], d[3].name) for d in diff] == [
        ("add_column", "answer", "submission_key")
    ], pformat(diff)


def test_downgrade_to_base_and_upgrade_again(empty_database: str) -> None:
    upgrade(empty_database)
    downgrade(empty_database, "base")
    assert current_revision(empty_database) is None
    assert tables(empty_database) <= {"alembic_version"}
    upgrade(empty_database)
    assert current_revision(empty_database) == revisions()[-1][1]
    diff = drift(empty_database)
    assert diff == [], "after downgrade to base and upgrade to head:\n" + pformat(diff)


def test_newest_migration_down_one_and_up_one(empty_database: str) -> None:
    previous, newest = revisions()[-1]
    upgrade(empty_database, previous or "base")
    before = reflect(empty_database)
    upgrade(empty_database)
    downgrade(empty_database, "-1")
    assert current_revision(empty_database) == previous
    diff = drift(empty_database, before)
    assert diff == [], f"downgrade -1 of {newest} left:\n" + pformat(diff)
    upgrade(empty_database, "+1")
    assert current_revision(empty_database) == newest
    diff = drift(empty_database)
    assert diff == [], "after downgrade -1 and upgrade +1:\n" + pformat(diff)


def test_each_downgrade_exactly_undoes_its_upgrade(empty_database: str) -> None:
    """For every migration in turn: the schema after its downgrade is the schema before its
    upgrade, and upgrading again gives the same schema as the first time."""
    for previous, revision in revisions():
        before = reflect(empty_database)
        upgrade(empty_database, revision)
        after = reflect(empty_database)
        downgrade(empty_database, previous or "base")
        assert current_revision(empty_database) == previous
        diff = drift(empty_database, before)
        assert diff == [], f"downgrade of {revision} left:\n" + pformat(diff)
        upgrade(empty_database, revision)
        diff = drift(empty_database, after)
        assert diff == [], f"{revision} upgraded again differs:\n" + pformat(diff)


# A questionnaire, a safety statement and one person's response, in the first migrations' tables.
IN_USE = (
    "INSERT INTO questionnaire (id, slug, version, audience, title)"
    " VALUES (1, 'adults', 1, 'adult', 'About you')",
    "INSERT INTO theme (id, name) VALUES ('home', 'Home')",
    "INSERT INTO statement (id, theme_id, text, direction, safety)"
    " VALUES ('safe', 'home', 'I feel safe.', 'yes_good', TRUE)",
    "INSERT INTO response (id, token, questionnaire_id, language, answered_by, started_at)"
    " VALUES (1, 'token', 1, 'en', 'own', '2026-01-01')",
)


def in_use(engine: sa.Engine, *more: str) -> None:
    """Put IN_USE's rows, then `more`, in the database."""
    with engine.begin() as connection:
        for sql in (*IN_USE, *more):
            connection.execute(sa.text(sql))


def test_retention_default_removed_from_a_database_with_questionnaires(
    empty_database: str,
) -> None:
    """0008 on a database already in use: questionnaires keep their period and their answers
    (on SQLite the table is copied while responses point at it)."""
    upgrade(empty_database, "0007")
    engine = make_engine(empty_database, poolclass=NullPool)
    in_use(engine, "INSERT INTO questionnaire_item VALUES (1, 0, 'safe')")
    upgrade(empty_database, "0008")
    downgrade(empty_database, "0007")
    upgrade(empty_database, "0008")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT retention_months FROM questionnaire")).all() == [
            (24,)
        ]
        assert connection.execute(sa.text("SELECT questionnaire_id FROM response")).all() == [(1,)]
        assert connection.execute(sa.text("SELECT count(*) FROM questionnaire_item")).scalar() == 1
        with pytest.raises(sa.exc.IntegrityError):  # no default: the period must be given
            connection.execute(
                sa.text(
                    "INSERT INTO questionnaire (id, slug, version, audience, title)"
                    " VALUES (2, 'carers', 1, 'carer', 'About caring')"
                )
            )
    engine.dispose()
    upgrade(empty_database)  # and on to the newest migration, with the rows still there
    assert drift(empty_database) == []


@pytest.fixture
def migrations_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The app's migration commands pointed at a copy of migrations/, so `db revision` writes
    there; and proof afterwards that migrations/versions was left as it was."""
    files_before = sorted(VERSIONS.iterdir())
    folder = tmp_path / "migrations"
    shutil.copytree(portal.db.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(portal.db, "MIGRATIONS_DIR", folder)
    yield folder
    assert sorted(VERSIONS.iterdir()) == files_before


def test_flask_db_commands(tmp_path: Path, migrations_copy: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "DATABASE_URL": url,
            "AUDIO_DIR": str(tmp_path / "audio"),
            "TTS_ENGINE": "espeak",
        }
    )
    runner = app.test_cli_runner()
    previous, newest = revisions()[-1]

    def run(*args: str) -> str:
        result = runner.invoke(args=["db", *args])
        assert result.exit_code == 0, result.output
        return result.output

    assert run("upgrade") == "Database is up to date.\n"
    assert current_revision(url) == newest
    assert run("downgrade", "--yes") == f"Database is now at migration {previous}.\n"
    assert current_revision(url) == previous
    assert run("upgrade") == "Database is up to date.\n"
    assert current_revision(url) == newest
    assert run("downgrade", "base", "--yes") == "Database has no migrations.\n"
    assert tables(url) <= {"alembic_version"}
    run("upgrade")
    assert drift(url) == []

    output = run("revision", "-m", "nothing changed", "--autogenerate")
    written = migrations_copy / "versions" / f"{int(newest) + 1:04d}_nothing_changed.py"
    assert output.splitlines() == [
        f"Generating {written} ...  done",
        "Read it through, then apply it with: flask --app portal db upgrade",
    ]
    assert sorted(p.name for p in written.parent.iterdir()) == sorted(
        [written.name, *(p.name for p in VERSIONS.iterdir())]
    )
    source = written.read_text()
    assert f"revision: str = '{written.name[:4]}'" in source
    assert f"down_revision: str | None = '{newest}'" in source
    upgrade_body = source.split("def upgrade() -> None:")[1].split("def downgrade")[0]
    assert "op." not in upgrade_body, source  # the models need nothing new
    assert run("upgrade") == "Database is up to date.\n"
    assert current_revision(url) == written.name[:4]
    assert run("downgrade", "--yes") == f"Database is now at migration {newest}.\n"
    app.extensions["db_engine"].dispose()

    result = runner.invoke(args=["db", "revision"])
    assert result.exit_code != 0 and "--message" in result.output


def test_upgrading_a_database_in_use_from_the_first_migrations_keeps_every_answer(
    empty_database: str,
) -> None:
    """On SQLite, batch mode copies `response` (0003) and drops the old table: with foreign keys
    on, that drop once deleted every answer and comment pointing at it (ON DELETE CASCADE).
    migrations/env.py turns them off around migrations and checks them before committing."""
    upgrade(empty_database, "0002")
    engine = make_engine(empty_database, poolclass=NullPool)
    in_use(
        engine,
        "INSERT INTO answer (id, response_id, statement_id, value, answered_at)"
        " VALUES (1, 1, 'safe', 'yes', '2026-01-01')",
        "INSERT INTO comment (id, response_id, statement_id, text, status, created_at)"
        " VALUES (1, 1, 'safe', 'My words.', 'pending', '2026-01-01')",
    )
    upgrade(empty_database)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT value FROM answer")).all() == [("yes",)]
        assert connection.execute(sa.text("SELECT text FROM comment")).all() == [("My words.",)]
    engine.dispose()
