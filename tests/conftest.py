"""Fixtures: a real database (SQLite copy per test, or PostgreSQL when DATABASE_URL says so),
real content, real offline audio, and a client that behaves like a browser without JavaScript.

Tests run in parallel (pytest-xdist): each worker has its own databases; the audio clips are
shared by every worker and every run, and built by one worker at a time."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from filelock import FileLock
from flask import Flask
from flask.testing import FlaskCliRunner
from hypothesis import HealthCheck, settings
from sqlalchemy import make_url, text
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from portal import create_app
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.services import sync_bank
from portal.db import make_engine, upgrade
from portal.safety.delivery import Sender
from tests.helpers import Browser
from tests.mail import Inbox, smtp_server

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
USING_POSTGRES = POSTGRES_URL.startswith("postgresql")
# Clips are named by a hash of engine, language and text, so every run (and every checkout on
# this machine) can share them: only clips for new or changed texts are ever made again.
AUDIO_CACHE = Path(
    os.environ.get("PORTAL_TEST_AUDIO_CACHE")
    or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "portal" / "test-audio"
)
DATA_TABLES = (
    "quarter_count",
    "counted_quarter",
    "review_comment",
    "report",
    "staff_notice",
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
    "failed_join",
    "staff_user",
    "comment",
    "answer",
    "response",
)

# Hostile-input tests take their number of examples from the profile: `make check` tries a
# few, `make test` more (HYPOTHESIS_PROFILE, set by the Makefile).
settings.register_profile(
    "full",
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile("check", settings.get_profile("full"), max_examples=8)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "full"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by folder: `browser` (Chromium) and `load` (gunicorn under load, crashes), so
    `make check` can leave them to `make test`."""
    for item in items:
        parts = item.path.relative_to(PROJECT_ROOT / "tests").parts
        if parts[0] in ("browser", "load"):
            item.add_marker(parts[0])


def pytest_sessionstart(session: pytest.Session) -> None:
    """Forget the axe-core checks of an earlier run (each browser test worker saves its own)."""
    from tests.browser.helpers import AXE_CHECKS_DIR

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        shutil.rmtree(AXE_CHECKS_DIR, ignore_errors=True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """After the run: pages axe-core checked in every worker, and where the details are."""
    from tests.browser.helpers import AXE_CHECKS_DIR, RESULTS_DIR, AxeTally

    tally = AxeTally.load(AXE_CHECKS_DIR)
    if tally.checked:
        summary = tally.summary()
        (RESULTS_DIR / "axe-summary.txt").write_text(summary, encoding="utf-8")
        versions, counts = summary.splitlines()[:2]
        terminalreporter.section("axe-core", sep="-")
        terminalreporter.write_line(
            f"{versions}\n{counts}\nDetails: {RESULTS_DIR / 'axe-summary.txt'}"
        )


def _worker_postgres_url() -> str:
    """This worker's own PostgreSQL database on the server DATABASE_URL names, made empty."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return POSTGRES_URL
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_{worker}"
    engine = make_engine(POSTGRES_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _prepare(url: str) -> None:
    """Migrate an empty database and load the real statement bank into it."""
    upgrade(url)
    engine = make_engine(url, poolclass=NullPool)  # one-off: nothing left open afterwards
    with Session(engine) as db, db.begin():
        sync_bank(db, load_bank(PROJECT_ROOT / "content"))
    engine.dispose()


@contextmanager
def new_database(folder: Path) -> Iterator[str]:
    """A URL to a new, empty database, removed afterwards: a SQLite file in folder, or a
    uniquely named database on the PostgreSQL server of DATABASE_URL (never that database)."""
    if not USING_POSTGRES:
        yield f"sqlite:///{folder / 'new.sqlite3'}"
        return
    name = f"portal_new_{secrets.token_hex(6)}"
    server = make_engine(POSTGRES_URL, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
        finally:
            with server.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        server.dispose()


@pytest.fixture
def empty_database(tmp_path: Path) -> Iterator[str]:
    """An empty database for one test."""
    with new_database(tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with the schema and content, made once per test worker."""
    if USING_POSTGRES:
        url = _worker_postgres_url()
        engine = make_engine(url, poolclass=NullPool)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        engine.dispose()
        _prepare(url)
        return url
    path = tmp_path_factory.mktemp("db") / "template.sqlite3"
    _prepare(f"sqlite:///{path}")
    return str(path)


@pytest.fixture(scope="session")
def audio_dir(tmp_path_factory: pytest.TempPathFactory, template_database: str) -> Path:
    """Real clips (normal and slow) for every respondent text in every language, made with the
    offline engine into the shared cache; one worker builds while the others wait."""
    AUDIO_CACHE.mkdir(parents=True, exist_ok=True)
    app = make_app(template_database, AUDIO_CACHE, tmp_path_factory.mktemp("instance"))
    with FileLock(AUDIO_CACHE.with_name("test-audio.lock")):
        result = app.test_cli_runner().invoke(
            args=["audio", "build", "--engine", "espeak", "--slow"]
        )
    app.extensions["db_engine"].dispose()
    assert result.exit_code == 0, result.output
    return AUDIO_CACHE


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
            "BASE_URL": "http://localhost",  # the test client's host: links the portal builds
            "AUDIO_DIR": str(audio),
            "TTS_ENGINE": "espeak",
            "SAFETY_SENDER_THREAD": False,  # tests send alert emails with portal.safety.delivery
            **extra,
        }
    )


@pytest.fixture(autouse=True)
def senders_end_with_their_test(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every sender thread a test starts ends with it: one left running polls, every half
    minute, a database the next tests empty or drop, holding its connections."""
    started: list[Sender] = []
    start = Sender.start

    def start_and_remember(sender: Sender) -> None:
        if sender not in started:
            started.append(sender)
        start(sender)

    monkeypatch.setattr(Sender, "start", start_and_remember)
    yield
    for sender in started:
        sender.stop()


def clear_answers(app: Flask) -> None:
    """Remove every response, answer, comment and flag (PostgreSQL is shared between tests)."""
    if USING_POSTGRES:
        with app.extensions["db_engine"].begin() as connection:
            connection.execute(text(f"TRUNCATE {', '.join(DATA_TABLES)} RESTART IDENTITY CASCADE"))


@contextmanager
def mailing_app(
    template_database: str, audio_dir: Path, tmp_path: Path, smtp_port: int, **extra: object
) -> Iterator[Flask]:
    """The portal sending email to the test mail server at `smtp_port` (the `smtp` fixture),
    on its own emptied database, as `app` is."""
    app = make_app(
        template_database,
        audio_dir,
        tmp_path,
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=smtp_port,
        **extra,
    )
    clear_answers(app)
    yield app
    sender = app.extensions.get("safety_sender")
    if sender is not None:  # before the database goes: a thread left running polls a dropped one
        sender.stop()
    app.extensions["db_engine"].dispose()


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


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    """A real SMTP server on this machine (aiosmtpd): its inbox and port."""
    yield from smtp_server()
