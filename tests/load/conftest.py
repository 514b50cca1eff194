"""The database the load tests' gunicorn uses."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.conftest import USING_POSTGRES


@pytest.fixture
def database(template_database: str, tmp_path: Path, app: Flask) -> Iterator[str]:
    """A database of its own (SQLite copy) or the emptied test database (PostgreSQL)."""
    if USING_POSTGRES:
        yield template_database
        return
    copy = tmp_path / "load.sqlite3"
    shutil.copyfile(template_database, copy)
    yield f"sqlite:///{copy}"
