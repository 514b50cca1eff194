"""Studio tests publish content releases: on PostgreSQL, whose test database is shared by the
tests of a worker, each gets a database of its own (SQLite tests have their own copy anyway)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import USING_POSTGRES, _prepare, make_app, new_database


@pytest.fixture
def app(template_database: str, audio_dir: Path, tmp_path: Path) -> Iterator[Flask]:
    if not USING_POSTGRES:
        app = make_app(template_database, audio_dir, tmp_path)
        yield app
        app.extensions["db_engine"].dispose()
        return
    with new_database(tmp_path) as url:
        _prepare(url)
        app = make_app(url, audio_dir, tmp_path)
        yield app
        app.extensions["db_engine"].dispose()
