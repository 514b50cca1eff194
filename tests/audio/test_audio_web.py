"""Clips on the web: the /audio route, the clip_url() helper and `flask audio build`."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask, render_template_string

import portal.audio
from portal.audio.build import build_clips
from portal.audio.engines import EspeakEngine
from portal.audio.store import clip_file
from tests.audio.helpers import SAMPLE_TEXTS

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture()
def built(app: Flask) -> str:
    """Build the sample clips into the app's AUDIO_DIR; return one clip's file name."""
    build_clips(SAMPLE_TEXTS, app.config["AUDIO_DIR"], [EspeakEngine()])
    with app.app_context():
        name = clip_file("en", "People listen to me.")
    assert name is not None
    return name


def test_clip_is_served_as_mp3_cached_for_a_year(app: Flask, built: str) -> None:
    with app.test_client().get(f"/audio/{built}") as response:
        assert response.status_code == 200
        assert response.mimetype == "audio/mpeg"
        assert response.headers["Cache-Control"] == IMMUTABLE
        assert response.data == (Path(app.config["AUDIO_DIR"]) / built).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/audio/0123456789abcdef0123456789abcdef.mp3",
        "/audio/manifest.mp3",
        "/audio/manifest.json",
        "/audio/..%2Fmanifest.mp3",
        "/audio/../audio/manifest.mp3",
        "/audio/%2e%2e%2fsecret_key.mp3",
        "/audio/ABCDEF0123456789ABCDEF0123456789.mp3",
    ],
)
def test_missing_or_malicious_clip_name_is_not_found(app: Flask, built: str, path: str) -> None:
    assert app.test_client().get(path).status_code == 404


def test_clip_url_points_at_the_clip_for_a_text(app: Flask, built: str) -> None:
    with app.test_request_context("/"):
        assert portal.audio.clip_url("People listen to me.", "en") == f"/audio/{built}"
        assert portal.audio.clip_url("People listen to me.", "en", "slow") is None


def test_page_with_a_text_that_has_no_clip_still_renders(app: Flask, built: str) -> None:
    page = (
        "{% for text in texts %}{% set url = clip_url(text) %}"
        "{% if url %}<audio src='{{ url }}'></audio>{% else %}none{% endif %}{% endfor %}"
    )
    with app.test_request_context("/?lang=en"):
        html = render_template_string(page, texts=["People listen to me.", "Not built yet."])
    assert html == f"<audio src='/audio/{built}'></audio>none"


@pytest.fixture()
def cli_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    """`flask audio build` speaks the three sample texts only."""
    monkeypatch.setattr(portal.audio, "spoken_texts", lambda app: list(SAMPLE_TEXTS))


@pytest.mark.usefixtures("cli_texts")
def test_build_command_makes_clips_then_reuses_them(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["audio", "build"])
    assert first.exit_code == 0, first.output
    assert "Audio: 3 clips (3 made, 0 reused, 0 failed) in " in first.output
    assert first.output.rstrip().endswith("engines: espeak 3.")
    second = runner.invoke(args=["audio", "build", "--slow"])
    assert "Audio: 6 clips (3 made, 3 reused, 0 failed)" in second.output
    with app.app_context():
        assert clip_file("en", "I need help now", "slow") is not None


@pytest.mark.usefixtures("cli_texts")
def test_build_command_says_when_it_falls_back_to_espeak(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["audio", "build", "--engine", "auto"])
    assert result.exit_code == 0, result.output
    assert "gtts is unavailable" in result.output
    assert "using espeak instead" in result.output
    assert "engines: espeak 3." in result.output


@pytest.mark.usefixtures("cli_texts")
def test_build_command_fails_when_no_engine_can_speak(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["audio", "build", "--engine", "gtts"])
    assert result.exit_code == 1
    assert "(0 made, 0 reused, 3 failed)" in result.output
