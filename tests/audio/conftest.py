"""Shared fixtures for the audio tests: no network, and apps with the audio subsystem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from gtts import gTTS
from gtts.tts import gTTSError

import portal.audio
from portal.config import PROJECT_ROOT


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """gTTS fails to connect, as it does offline: no test ever reaches the network."""

    def refuse(self: gTTS, fp: object) -> None:
        raise gTTSError("Failed to connect")

    monkeypatch.setattr(gTTS, "write_to_fp", refuse)


def minimal_app(tmp_path: Path) -> Flask:
    """A bare Flask app with only the audio subsystem set up."""
    app = Flask("portal", root_path=str(PROJECT_ROOT / "portal"))
    app.config.update(
        TESTING=True,
        SECRET_KEY="t",
        AUDIO_DIR=str(tmp_path / "audio"),
        TTS_ENGINE="espeak",
        LANGUAGES=["en"],
    )
    portal.audio.init_app(app)
    return app


def factory_app(tmp_path: Path) -> Flask:
    """The whole portal from its app factory."""
    from portal import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "t",
            "DATABASE_URL": f"sqlite:///{tmp_path}/t.db",
            "AUDIO_DIR": str(tmp_path / "audio"),
            "TTS_ENGINE": "espeak",
        }
    )


@pytest.fixture(params=[minimal_app, factory_app], ids=["audio-only app", "create_app"])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """The audio subsystem inside a bare app, and inside the real portal."""
    app = request.param(tmp_path)
    yield app
    engine = app.extensions.get("db_engine")
    if engine is not None:
        engine.dispose()
