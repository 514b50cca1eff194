"""Content releases: the files are the seed, the database holds what the studio publishes,
and `flask content export` gives back files that load into an empty database as the same
content."""

from __future__ import annotations

import hashlib
import io
import shutil
from pathlib import Path

from flask import Flask
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audio.engines import encode_mp3
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.editing import PictureFields, save_picture, save_statement, save_voice
from portal.content.models import ContentRelease, Statement
from portal.content.releases import (
    content_files,
    publish,
    published_release,
    release_assets,
    release_files,
    save_files,
    start_draft,
)
from portal.db import upgrade
from portal.pictures.uploads import clean_picture
from tests.conftest import USING_POSTGRES, make_app
from tests.content.test_editing import GARDEN

CONTENT = PROJECT_ROOT / "content"
LANGUAGES = ("en", "cy", "pl", "ur", "gu", "pa")


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (30, 90, 200)).save(out, "PNG")
    return out.getvalue()


def _publish_a_new_statement(app: Flask) -> None:
    """What the studio does when a statement is written, approved and published."""
    with Session(app.extensions["db_engine"]) as db, db.begin():
        release = start_draft(db, None, CONTENT)
        files = release_files(db, release)
        words = {
            lang: {"text": "Rwy'n hoffi fy ngardd.", "they": "Maen nhw'n hoffi eu gardd."}
            for lang in LANGUAGES[1:]
        }
        changed: dict[str, str | bytes | None] = {
            **save_statement(files, "like-my-garden", GARDEN, words)
        }
        # an uploaded picture and a person's voice: files of their own in the release
        picture = clean_picture(_png(), "garden.png")
        name = f"{hashlib.sha256(picture.data).hexdigest()}.png"
        fields = PictureFields(alt="A garden.", file=name, licence="CC BY 4.0", author="Sam")
        changed |= save_picture({**files, **changed}, "our-garden", fields)  # type: ignore[dict-item]
        sound = encode_mp3(bytes(16_000), 8_000)
        voice = f"{hashlib.sha256(sound).hexdigest()}.mp3"
        changed |= save_voice({**files, **changed}, "en", GARDEN.text, voice, "Megan", True)  # type: ignore[dict-item]
        changed |= {f"pictures/{name}": picture.data, f"voices/{voice}": sound}
        save_files(db, release, changed)
        release.status = "approved"
        publish(db, release, None, CONTENT, LANGUAGES)


def test_export_then_load_into_an_empty_database_gives_the_same_content(
    app: Flask, empty_database: str, audio_dir: Path, tmp_path: Path
) -> None:
    _publish_a_new_statement(app)
    folder = tmp_path / "exported"
    shutil.copytree(CONTENT, folder)  # the seed documents (sources/) stay files
    result = app.test_cli_runner().invoke(args=["content", "export", str(folder)])
    assert result.exit_code == 0, result.output
    assert "like-my-garden" in (folder / "statements" / "my-home.yaml").read_text()
    # a translation nobody checked stays marked draft in the files
    assert "status: draft" in (folder / "translations" / "cy.yaml").read_text()

    upgrade(empty_database)
    database = empty_database if USING_POSTGRES else empty_database.removeprefix("sqlite:///")
    (tmp_path / "other").mkdir()
    other = make_app(database, audio_dir, tmp_path / "other", CONTENT_DIR=str(folder))
    try:
        result = other.test_cli_runner().invoke(args=["content", "load"])
        assert result.exit_code == 0, result.output
        with (
            Session(app.extensions["db_engine"]) as first,
            Session(other.extensions["db_engine"]) as second,
        ):
            first_files = release_files(first, published_release(first))
            second_files = release_files(second, published_release(second))
            assert first_files == second_files
            assets = release_assets(first, published_release(first))
            assert {p.split("/")[0] for p in assets} == {"pictures", "voices"}
            assert release_assets(second, published_release(second)) == assets
            stored = [
                {(s.id, s.text, s.direction, s.alert_on) for s in db.scalars(select(Statement))}
                for db in (first, second)
            ]
        assert stored[0] == stored[1]
        assert load_bank(CONTENT, LANGUAGES, first_files, assets) == load_bank(
            folder, LANGUAGES, second_files, assets
        )
    finally:
        other.extensions["db_engine"].dispose()


def test_loading_the_same_files_again_changes_nothing(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["content", "load"])
    assert first.exit_code == 0 and "published as content release" in first.output
    again = runner.invoke(args=["content", "load"])
    assert again.exit_code == 0 and "No change" in again.output
    with Session(app.extensions["db_engine"]) as db:
        assert len(db.scalars(select(ContentRelease)).all()) == 1
        assert release_files(db, published_release(db)) == content_files(CONTENT)


def test_loading_files_never_silently_replaces_what_the_studio_published(
    app: Flask, tmp_path: Path
) -> None:
    runner = app.test_cli_runner()
    assert runner.invoke(args=["content", "load"]).exit_code == 0
    _publish_a_new_statement(app)
    folder = Path(app.config["CONTENT_DIR"])
    changed = shutil.copytree(folder, tmp_path / "changed-content")
    (changed / "jargon.yaml").write_text((folder / "jargon.yaml").read_text() + "\n# changed\n")
    app.config["CONTENT_DIR"] = str(changed)
    refused = runner.invoke(args=["content", "load"])
    assert refused.exit_code == 1
    assert "flask content export" in refused.output and "Nothing was loaded." in refused.output
    forced = runner.invoke(args=["content", "load", "--force"])
    assert forced.exit_code == 0, forced.output
    with Session(app.extensions["db_engine"]) as db:
        live = published_release(db)
        assert live is not None and live.origin == "files"
        assert "like-my-garden" not in release_files(db, live)["statements/my-home.yaml"]
