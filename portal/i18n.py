"""Languages: which one a page is in, its direction, and the `translate` commands."""

from __future__ import annotations

import subprocess  # noqa: S404  (runs pybabel from this environment only)
import sys
from dataclasses import dataclass

import click
from babel import Locale
from flask import Flask, current_app, g, request, session
from flask.cli import AppGroup
from flask_babel import Babel
from markupsafe import Markup

from portal.config import PROJECT_ROOT

DEFAULT_LANGUAGE = "en"


@dataclass(frozen=True)
class CatalogueReport:
    """How complete one language's interface catalogue is, and how much is still draft."""

    language: str
    messages: int
    draft: int
    missing: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"interface {self.language}: {self.messages} messages, {self.draft} draft, "
            f"{len(self.missing)} missing"
        )


def catalogue_report(language: str) -> CatalogueReport:
    """Compare translations/LANG/.../messages.po with messages.pot (translator comment `draft`)."""
    from babel.messages.pofile import read_po

    folder = PROJECT_ROOT / "translations"
    with open(folder / "messages.pot", "rb") as pot:
        wanted = [m.id for m in read_po(pot) if m.id]
    po_path = folder / language / "LC_MESSAGES" / "messages.po"
    catalogue = {}
    if po_path.exists():
        with open(po_path, "rb") as po:
            catalogue = {m.id: m for m in read_po(po) if m.id}
    missing = []
    draft = 0
    for msgid in wanted:
        message = catalogue.get(msgid)
        strings = (
            message.string
            if message and isinstance(message.string, tuple)
            else ((message.string,) if message else ("",))
        )
        if not all(strings):
            missing.append(msgid if isinstance(msgid, str) else msgid[0])
        elif message and any("draft" in comment for comment in message.user_comments):
            draft += 1
    return CatalogueReport(language, len(wanted), draft, tuple(missing))


def supported_languages() -> list[str]:
    """Language codes this installation offers, English first."""
    return list(current_app.config["LANGUAGES"])


def current_language() -> str:
    """The language of this request: ?lang= if supported, else the visit's choice, else the
    browser's (Accept-Language) on a respondent's page, else English.

    Decided once per request: every audio clip and picture on a page asks for it.
    """
    language: str | None = g.get("language")
    if language is None:
        supported = supported_languages()
        asked = request.args.get("lang", "")
        if asked in supported:
            session["lang"] = language = asked
        else:
            chosen = session.get("lang")
            language = chosen if chosen in supported else _browser_language(supported)
        g.language = language
    return language


def _browser_language(supported: list[str]) -> str:
    """The best of `supported` for the browser's own languages (Accept-Language), so a first
    page is in the device's language; English when none fits. Staff pages stay English."""
    blueprint = current_app.blueprints.get(request.blueprint or "")
    # a staff blueprint (portal.auth.access.StaffBlueprint, a layer above) has allowed_roles
    if hasattr(blueprint, "allowed_roles") or request.blueprint == "auth":
        return DEFAULT_LANGUAGE
    return request.accept_languages.best_match(supported) or DEFAULT_LANGUAGE


def text_direction(code: str | None = None) -> str:
    """ "rtl" for right-to-left languages such as Urdu, else "ltr"."""
    return Locale.parse(code or current_language()).text_direction


def in_language(code: str | None) -> Markup:
    """` lang="en" dir="ltr"` for words in another language than the page's (nothing for None):
    a screen reader reads them in that language's voice, and "safe." keeps its full stop at the
    end on an Urdu page."""
    if not code:
        return Markup("")
    return Markup(' lang="{}" dir="{}"').format(code, text_direction(code))


def language_name(code: str) -> str:
    """A language's name in its own script, e.g. "Cymraeg", "Polski", "اردو"."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def init_app(app: Flask) -> None:
    """Set up Flask-Babel with our locale selector and template helpers."""
    Babel(
        app,
        locale_selector=current_language,
        default_translation_directories=str(PROJECT_ROOT / "translations"),
    )
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.globals.update(
        current_language=current_language,
        text_direction=text_direction,
        in_language=in_language,
        language_name=language_name,
    )
    app.cli.add_command(translate_cli)


def _pybabel(*args: str) -> None:
    # this Python running Babel, with our own arguments: no shell, nothing from a visitor
    subprocess.run(  # noqa: S603  # nosec B603
        [sys.executable, "-m", "babel.messages.frontend", *args],
        check=True,
        cwd=PROJECT_ROOT / "portal",
    )


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
        "-k",
        "N_",
        "-o",
        POT,
        "--sort-by-file",
        "--no-wrap",
        "--project",
        "portal",
        ".",
    )


@translate_cli.command("update")
def update_command() -> None:
    """Extract, then merge new strings into every language's .po file."""
    click.get_current_context().invoke(extract_command)
    _pybabel("update", "-i", POT, "-d", CATALOGUES, "--no-fuzzy-matching", "--no-wrap")


@translate_cli.command("compile")
def compile_command() -> None:
    """Build the .mo files the portal reads."""
    _pybabel("compile", "-d", CATALOGUES, "--statistics")
