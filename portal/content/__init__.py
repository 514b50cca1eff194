"""The statement bank: load it once per process, check it, copy it to the database."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask, abort, current_app, has_request_context
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from portal.content.bank import Bank, ContentError, Questionnaire
from portal.content.checker import check_with_report, load_bank

if TYPE_CHECKING:
    from portal.content.easy_read_check import EasyReadProblem


def questionnaire_content(questionnaire_id: int) -> Questionnaire:
    """The statement bank's questionnaire for a stored questionnaire row (503 when content no
    longer has it: the portal cannot show questions it does not know)."""
    from portal.content.models import Questionnaire as QuestionnaireRow
    from portal.db import get_db

    slugs: dict[int, str] = current_app.extensions.setdefault("questionnaire_slugs", {})
    slug = slugs.get(questionnaire_id)
    if slug is None:  # a stored questionnaire's slug never changes: look it up once
        row = get_db().get(QuestionnaireRow, questionnaire_id)
        if row is not None:
            slug = slugs[questionnaire_id] = row.slug
    bank = current_bank()
    if slug is None or slug not in bank.questionnaires:
        abort(503)
    return bank.questionnaires[slug]


def current_bank(language: str | None = None) -> Bank:
    """The statement bank in `language` (by default the page's language), checked on first use."""
    extensions = current_app.extensions
    if "content_bank" not in extensions:
        extensions["content_bank"] = load_bank(
            current_app.config["CONTENT_DIR"], current_app.config["LANGUAGES"]
        )
        extensions["content_banks"] = {}
    if language is None:
        from portal.i18n import current_language

        language = current_language() if has_request_context() else "en"
    banks = extensions["content_banks"]
    if language not in banks:
        banks[language] = extensions["content_bank"].localised(language)
    bank: Bank = banks[language]
    return bank


@click.group("content", cls=AppGroup)
def content_cli() -> None:
    """Check and load the statement bank."""


@content_cli.command("check")
@click.option("--dir", "directory", type=click.Path(file_okay=False), help="Content folder.")
def check_command(directory: str | None) -> None:
    """Check every content file; print file:line: problem, exit 1 on any problem."""
    root = Path(directory or current_app.config["CONTENT_DIR"])
    languages = current_app.config["LANGUAGES"]
    bank, problems, reports = check_with_report(root, languages)
    for problem in problems:
        click.echo(str(problem))
    from portal.config import PROJECT_ROOT
    from portal.content.checker import jargon_words
    from portal.content.easy_read_check import catalogue_problems, content_easy_read_problems
    from portal.i18n import catalogue_report

    interface = catalogue_problems(PROJECT_ROOT / "translations", languages, jargon_words(root))
    for found in interface:
        click.echo(str(found))
    _echo_easy_read_counts([*content_easy_read_problems(problems), *interface])

    for report in reports:
        click.echo(f"Translations {report}.")
    catalogue_missing = False
    for language in current_app.config["LANGUAGES"]:
        if language == "en":
            continue
        catalogue = catalogue_report(language)
        click.echo(f"Translations {catalogue}.")
        for msgid in catalogue.missing:
            click.echo(f"translations/{language}/LC_MESSAGES/messages.po:1: missing {msgid!r}")
        catalogue_missing = catalogue_missing or bool(catalogue.missing)
    if bank is None or catalogue_missing or interface:
        click.echo(f"Problems found in {root} or translations/.", err=True)
        sys.exit(1)
    click.echo(
        f"Content is fine: {len(bank.themes)} themes, {len(bank.statements)} statements, "
        f"{len(bank.questionnaires)} questionnaires, {len(bank.pictures)} pictures, "
        f"{len(bank.translations) + 1} languages."
    )


def _echo_easy_read_counts(found: list[EasyReadProblem]) -> None:
    """One line per rule and one per language, for the easy-read problems found."""
    from portal.content.easy_read_check import counts, failing_texts

    if not found:
        click.echo("Easy read: every text passes.")
        return
    by_rule, by_language = counts(found)
    click.echo(f"Easy read: {failing_texts(found)} failing texts, {len(found)} problems.")
    for rule, number in by_rule.most_common():
        click.echo(f"  [{rule}] {number}")
    click.echo(
        "  by language: " + ", ".join(f"{lang} {n}" for lang, n in sorted(by_language.items()))
    )


@content_cli.command("load")
def load_command() -> None:
    """Check the content, then copy it into the database in one transaction."""
    from portal.content.services import sync_bank
    from portal.db import get_engine

    try:
        bank = load_bank(current_app.config["CONTENT_DIR"], current_app.config["LANGUAGES"])
        with Session(get_engine()) as db, db.begin():
            counts = sync_bank(db, bank)
    except ContentError as error:
        click.echo(str(error))
        click.echo("Nothing was loaded.", err=True)
        sys.exit(1)
    click.echo("Loaded " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".")


@content_cli.command("translations")
@click.argument("languages", nargs=-1)
def translations_command(languages: tuple[str, ...]) -> None:
    """Add every text still to translate to content/translations/LANG.yaml (keeps the rest)."""
    from portal.content.translations import update_translation_file

    root = Path(current_app.config["CONTENT_DIR"])
    english, _problems, _reports = check_with_report(root, ["en"])
    if english is None:
        click.echo("Fix the English content first (flask content check).", err=True)
        sys.exit(1)
    for language in languages or [c for c in current_app.config["LANGUAGES"] if c != "en"]:
        added = update_translation_file(root / "translations" / f"{language}.yaml", english)
        click.echo(f"{language}: {added} text(s) to translate.")


def init_app(app: Flask) -> None:
    """Register the `content` commands."""
    app.cli.add_command(content_cli)
