"""Fixtures: a real database (SQLite copy per test, or PostgreSQL when DATABASE_URL says so),
real content, real offline audio, and a client that behaves like a browser without JavaScript."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.services import sync_bank
from portal.db import make_engine, upgrade
from tests.helpers import Browser

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
USING_POSTGRES = POSTGRES_URL.startswith("postgresql")
DATA_TABLES = (
    "review_comment",
    "report",
    "action",
    "comment_theme",
    "group_vote",
    "kiosk_tablet",
    "group_session",
    "share_link",
    "area_contact",
    "area",
    "audit_entry",
    "safety_flag",
    "sign_in_attempt",
    "failed_resume",
    "staff_user",
    "comment",
    "answer",
    "response",
)


def _prepare(url: str) -> None:
    """Migrate an empty database and load the real statement bank into it."""
    upgrade(url)
    engine = make_engine(url, poolclass=NullPool)  # one-off: nothing left open afterwards
    with Session(engine) as db, db.begin():
        sync_bank(db, load_bank(PROJECT_ROOT / "content"))
    engine.dispose()


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with the schema and content, made once per test run."""
    if USING_POSTGRES:
        engine = make_engine(POSTGRES_URL, poolclass=NullPool)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        _prepare(POSTGRES_URL)
        return POSTGRES_URL
    path = tmp_path_factory.mktemp("db") / "template.sqlite3"
    _prepare(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory: pytest.TempPathFactory, template_database: str) -> Path:
    """Real clips (normal and slow) for every respondent text in every language, made with the
    offline engine; kept between runs in .test-cache/ so later runs only add what changed."""
    folder = PROJECT_ROOT / ".test-cache" / "audio"
    app = make_app(template_database, folder, tmp_path_factory.mktemp("instance"))
    result = app.test_cli_runner().invoke(args=["audio", "build", "--engine", "espeak", "--slow"])
    assert result.exit_code == 0, result.output
    return folder


def make_app(database: str, audio: Path, workdir: Path, **extra: object) -> Flask:
    if USING_POSTGRES:
        url = database
    else:
        copy = workdir / "portal.sqlite3"
        if not copy.exists():
            shutil.copyfile(database, copy)
        url = f"sqlite:///{copy}"
    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "DATABASE_URL": url,
            "AUDIO_DIR": str(audio),
            "TTS_ENGINE": "espeak",
            **extra,
        }
    )


def clear_answers(app: Flask) -> None:
    """Remove every response, answer, comment and flag (PostgreSQL is shared between tests)."""
    if USING_POSTGRES:
        with app.extensions["db_engine"].begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE"))


@pytest.fixture
def app(template_database: str, audio_dir: Path, tmp_path: Path) -> Iterator[Flask]:
    """The portal on its own copy of the database (SQLite) or an emptied one (PostgreSQL)."""
    app = make_app(template_database, audio_dir, tmp_path)
    clear_answers(app)
    yield app
    app.extensions["db_engine"].dispose()


@pytest.fixture
def client(app: Flask) -> Browser:
    """A browser with JavaScript off: follows links, fills in forms, checks every page."""
    return Browser(app.test_client())


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def db_session(app: Flask) -> Iterator[Session]:
    """A session on the test database, for looking at what was stored."""
    with Session(app.extensions["db_engine"]) as session:
        yield session
