"""The portal on a small statement bank of its own (tests/respond/variants_content), for tests of
what changes with who is answering and what a statement offers: `they` and `carer` words,
"This is not about me", one-off events. The bank stays the same when content/ changes.

Import the `app` fixture into a test module to use it there (with the root conftest's `client`,
`runner` and `db_session`): `from tests.respond.variants import app, variant_database`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from filelock import FileLock
from flask import Flask
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from portal.config import PROJECT_ROOT
from portal.content.bank import Bank
from portal.content.checker import load_bank
from portal.content.services import sync_bank
from portal.db import make_engine, upgrade
from tests.conftest import AUDIO_CACHE, clear_answers, make_app, new_database

CONTENT = Path(__file__).parent / "variants_content"
LANGUAGES = ["en"]
# Its own clips and manifest: a build writes the manifest for its own texts only, so it must
# never share the folder of the real bank's clips (it starts from links to those clips, whose
# names come from engine, language and text, so only this bank's own texts are ever made).
AUDIO = AUDIO_CACHE.with_name("test-audio-variants")


def content_folder(folder: Path) -> Path:
    """The small bank, with the real resume-code words (there must be a hundred)."""
    shutil.copytree(CONTENT, folder, dirs_exist_ok=True)
    shutil.copyfile(PROJECT_ROOT / "content" / "code-words.yaml", folder / "code-words.yaml")
    return folder


def variant_bank(folder: Path) -> Bank:
    return load_bank(folder, LANGUAGES)


def _variant_app(database: str, workdir: Path, content: Path) -> Flask:
    return make_app(database, AUDIO, workdir, CONTENT_DIR=str(content), LANGUAGES=LANGUAGES)


def _build_clips(app: Flask) -> None:
    """Clips for this bank's texts and the interface, with the offline engine."""
    AUDIO.mkdir(parents=True, exist_ok=True)
    with FileLock(AUDIO.with_name("test-audio-variants.lock")):
        if AUDIO_CACHE.is_dir():
            for clip in AUDIO_CACHE.glob("*.mp3"):
                if not (AUDIO / clip.name).exists():
                    try:
                        os.link(clip, AUDIO / clip.name)
                    except OSError:
                        shutil.copyfile(clip, AUDIO / clip.name)
        result = app.test_cli_runner().invoke(args=["audio", "build", "--engine", "espeak"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="session")
def variant_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return content_folder(tmp_path_factory.mktemp("variants") / "content")


@pytest.fixture(scope="session")
def variant_database(
    tmp_path_factory: pytest.TempPathFactory, variant_content: Path
) -> Iterator[str]:
    """A database with the schema and the small bank; its clips built once."""
    folder = tmp_path_factory.mktemp("variants-db")
    with new_database(folder) as url:
        upgrade(url)
        engine = make_engine(url, poolclass=NullPool)
        with Session(engine) as db, db.begin():
            sync_bank(db, variant_bank(variant_content))
        engine.dispose()
        database = url if url.startswith("postgresql") else url.removeprefix("sqlite:///")
        builder = _variant_app(database, tmp_path_factory.mktemp("variants-audio"), variant_content)
        _build_clips(builder)
        builder.extensions["db_engine"].dispose()
        yield database


@pytest.fixture
def app(variant_database: str, variant_content: Path, tmp_path: Path) -> Iterator[Flask]:
    """The portal on the small bank, its own copy of the database (SQLite) or emptied one."""
    app = _variant_app(variant_database, tmp_path, variant_content)
    clear_answers(app)
    yield app
    app.extensions["db_engine"].dispose()
