"""Fixtures for report tests on a database of their own (see own_content.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import inspect, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from portal.db import make_engine, upgrade
from tests.conftest import USING_POSTGRES, make_app, new_database


@pytest.fixture(scope="module")
def schema_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated to head with nothing in it, made once per test module."""
    with new_database(tmp_path_factory.mktemp("own-schema")) as url:
        upgrade(url)
        yield url


@pytest.fixture
def own_db(schema_database: str, tmp_path: Path) -> Iterator[Session]:
    """A session on an empty database of this test's own: a copy of the schema (SQLite), or the
    module's database emptied (PostgreSQL)."""
    if USING_POSTGRES:
        url = schema_database
    else:
        copy = tmp_path / "portal.sqlite3"  # where make_app looks for its copy (own_app)
        shutil.copyfile(schema_database.removeprefix("sqlite:///"), copy)
        url = f"sqlite:///{copy}"
    engine = make_engine(url, poolclass=NullPool)
    if USING_POSTGRES:
        tables = [t for t in inspect(engine).get_table_names() if t != "alembic_version"]
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    with Session(engine) as db:
        yield db
    engine.dispose()


@pytest.fixture
def own_app(own_db: Session, tmp_path: Path) -> Iterator[Flask]:
    """The portal on own_db's database (what the test commits there, it sees), with no audio.
    Give it a bank: `use_bank(app, bank)`."""
    database = own_db.get_bind().url.render_as_string(hide_password=False)
    app = make_app(database, tmp_path / "audio", tmp_path)
    yield app
    app.extensions["db_engine"].dispose()
