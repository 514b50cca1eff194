"""Narrated clips: built ahead of time with `flask audio build`, served as immutable MP3 files."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import click
from flask import Blueprint, Flask, abort, current_app, g, send_from_directory, url_for
from flask.cli import AppGroup
from werkzeug.wrappers import Response

from portal.audio.build import BuildReport, build_clips
from portal.audio.engines import ENGINE_SETTINGS, engine_chain
from portal.audio.store import (
    VARIANTS,
    Manifest,
    clip_file,
    collapse,
    manifest_stamp,
    read_manifest,
)
from portal.audio.texts import spoken_texts
from portal.content import current_bank, live_asset, previewing
from portal.i18n import current_language

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar  # click.progressbar's type, for annotations

    from portal.content.bank import Bank

bp = Blueprint("audio", __name__)

ONE_YEAR = 365 * 24 * 3600
CLIP_NAME = re.compile(r"[0-9a-f]{32}")


@bp.get("/audio/<name>.mp3")
def clip(name: str) -> Response:
    """One built clip, cached for a year (its name changes whenever its sound would)."""
    if not CLIP_NAME.fullmatch(name):
        abort(404)
    response = send_from_directory(
        current_app.config["AUDIO_DIR"], f"{name}.mp3", mimetype="audio/mpeg", max_age=ONE_YEAR
    )
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def _request_manifest() -> Manifest:
    """The manifest, read (or its change checked) once per request, not once per clip."""
    manifest: Manifest | None = g.get("audio_manifest")
    if manifest is None:
        manifest = g.audio_manifest = read_manifest(current_app.config["AUDIO_DIR"], 1.0)
    return manifest


def clips_version() -> tuple[int, int] | None:
    """Changes whenever the clips a page can link change (a new `flask audio build`)."""
    _request_manifest()
    return manifest_stamp(current_app.config["AUDIO_DIR"])


@bp.get("/audio/voice/<name>.mp3")
def voice(name: str) -> Response:
    """A person's recorded voice that the published content uses, cached for a year (its name
    is its sound's hash)."""
    file = f"{name}.mp3"
    if file not in {v.file for v in current_bank().voices.values()}:
        abort(404)
    data = live_asset(f"voices/{file}")
    if data is None:
        abort(404)
    response = Response(data, mimetype="audio/mpeg")
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


def _voices() -> dict[tuple[str, str], str]:
    """(language, words) -> recorded voice file, for the published content (once a request)."""
    voices: dict[tuple[str, str], str] | None = g.get("audio_voices")
    if voices is None:
        if "CONTENT_DIR" not in current_app.config:  # the audio alone, without content
            return {}
        voices = g.audio_voices = {k: v.file for k, v in current_bank("en").voices.items()}
    return voices


def clip_url(text: str, lang: str | None = None, variant: str = "normal") -> str | None:
    """URL of the clip for `text` in the current language, or None when there is none: a
    person's recorded voice where there is one (at either speed), else the built clip."""
    lang = lang or current_language()
    recorded = _voices().get((lang, collapse(text))) if text else None
    if recorded is not None and previewing():  # the studio's working copy, not yet published
        return url_for("studio_review.working_file", folder="voices", name=recorded)
    if recorded is not None:
        return url_for("audio.voice", name=recorded.removesuffix(".mp3"))
    name = clip_file(lang, text, variant, manifest=_request_manifest())
    if name is None:
        return None
    return url_for("audio.clip", name=name.removesuffix(".mp3"))


audio_cli = AppGroup("audio", help="Make the narrated clips.")


@audio_cli.command("build")
@click.option(
    "--engine",
    type=click.Choice(ENGINE_SETTINGS),
    default=None,
    help="Speech engine: auto tries gTTS, then espeak-ng. Default: TTS_ENGINE.",
)
@click.option("--slow/--no-slow", default=False, help="Also make slow clips.")
def build_command(engine: str | None, slow: bool) -> None:
    """Make a clip for every text a respondent can meet, in every language; reuse existing ones."""
    engines = engine_chain(engine or current_app.config["TTS_ENGINE"])
    # current_app is a LocalProxy that Flask types as the app itself; the builder wants the app
    pairs = spoken_texts(current_app._get_current_object())  # type: ignore[attr-defined]  # proxy
    variants = VARIANTS if slow else VARIANTS[:1]
    bar: ProgressBar[int]  # click.progressbar(length=...) cannot tell mypy what it iterates over
    with click.progressbar(length=len(pairs) * len(variants), label="Making clips") as bar:
        report = build_clips(
            pairs, current_app.config["AUDIO_DIR"], engines, variants, progress=bar.update
        )
    for note in report.notes:
        click.echo(note, err=True)
    click.echo(report.summary())
    if report.failed:
        sys.exit(1)


def clip_build_for_bank(app: Flask, bank: Bank) -> BuildReport:
    """Make the clips a newly published statement bank still needs (its new or changed texts,
    in every language, both speeds); every clip already made is kept."""
    pairs: dict[tuple[str, str], None] = {}
    for lang in app.config["LANGUAGES"]:
        local = bank.localised(lang)
        if local.language == lang:  # never a Welsh voice reading English words
            english = local.untranslated(lang)
            texts = (t for t in local.respondent_texts() if t not in english)
            pairs.update(dict.fromkeys((lang, text) for text in texts))
    return clip_build_for_texts(app, pairs)


def clip_build_for_texts(app: Flask, pairs: Iterable[tuple[str, str]]) -> BuildReport:
    """Make the clips these (language, text) pairs still need, both speeds, at once (texts
    staff have just saved); every clip already made is kept."""
    engines = engine_chain(app.config["TTS_ENGINE"])
    return build_clips(list(pairs), app.config["AUDIO_DIR"], engines, VARIANTS, add=True)


def init_app(app: Flask) -> None:
    """Register the `audio` commands, the clip route and the `clip_url()` template helper."""
    app.cli.add_command(audio_cli)
    app.register_blueprint(bp)
    app.jinja_env.globals["clip_url"] = clip_url
