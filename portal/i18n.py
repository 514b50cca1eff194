"""Languages: which one a page is in, its direction, and the `translate` commands."""

from __future__ import annotations

import subprocess  # noqa: S404  (runs pybabel from this environment only)
import sys

import click
from babel import Locale
from flask import Flask, current_app, request, session
from flask.cli import AppGroup
from flask_babel import Babel, get_locale

from portal.config import PROJECT_ROOT

DEFAULT_LANGUAGE = "en"


def supported_languages() -> list[str]:
    """Language codes this installation offers, English first."""
    return list(current_app.config["LANGUAGES"])


def current_language() -> str:
    """The language of this request: ?lang= if supported, else the visit's choice, else English."""
    supported = supported_languages()
    asked = request.args.get("lang", "")
    if asked in supported:
        session["lang"] = asked
        return asked
    chosen = session.get("lang")
    if chosen in supported:
        return chosen
    return DEFAULT_LANGUAGE


def text_direction(code: str | None = None) -> str:
    """ "rtl" for right-to-left languages such as Urdu, else "ltr"."""
    return Locale.parse(code or current_language()).text_direction


def language_name(code: str) -> str:
    """A language's name in its own script, e.g. "Cymraeg"."""
    return Locale.parse(code).get_display_name(code) or code


def init_app(app: Flask) -> None:
    """Set up Flask-Babel with our locale selector and template helpers."""
    Babel(
        app,
        locale_selector=current_language,
        default_translation_directories=str(PROJECT_ROOT / "translations"),
    )
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(
        get_locale=get_locale,
        current_language=current_language,
        text_direction=text_direction,
        language_name=language_name,
    )
    app.cli.add_command(translate_cli)


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True)  # noqa: S603


@click.group("translate", cls=AppGroup)
def translate_cli() -> None:
    """Interface text catalogues in translations/."""


POT = str(PROJECT_ROOT / "translations" / "messages.pot")
CATALOGUES = str(PROJECT_ROOT / "translations")


@translate_cli.command("extract")
def extract_command() -> None:
    """Collect every interface string into translations/messages.pot."""
    _pybabel(
        "extract",
        "-F",
        str(PROJECT_ROOT / "babel.cfg"),
        "-k",
        "_l",
        "-o",
        POT,
        "--omit-header",
        "--sort-by-file",
        str(PROJECT_ROOT / "portal"),
    )


@translate_cli.command("update")
def update_command() -> None:
    """Extract, then merge new strings into every language's .po file."""
    extract_command.callback()  # type: ignore[misc]
    _pybabel("update", "-i", POT, "-d", CATALOGUES, "--no-fuzzy-matching")


@translate_cli.command("compile")
def compile_command() -> None:
    """Build the .mo files the portal reads."""
    _pybabel("compile", "-d", CATALOGUES, "--statistics")
