"""The statement bank: load it once per process, check it, copy it to the database."""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click
from flask import Flask, abort, current_app, g, has_request_context
from flask.cli import AppGroup
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from portal.content.bank import Bank, ContentError, Questionnaire
from portal.content.checker import check_with_report, load_bank

if TYPE_CHECKING:
    from portal.content.easy_read_check import EasyReadProblem


def questionnaire_content(questionnaire_id: int) -> Questionnaire:
    """The statement bank's questionnaire for a stored questionnaire row (503 when content no
    longer has it: the portal cannot show questions it does not know). Someone who started an
    older version keeps its statements when a newer one is published: their answers stay
    answers to the questions their version asked."""
    from portal.content.models import Questionnaire as QuestionnaireRow
    from portal.db import get_db

    asked: dict[int, tuple[str, int, tuple[str, ...]]] = current_app.extensions.setdefault(
        "questionnaire_rows", {}
    )
    if questionnaire_id not in asked:  # a stored version never changes: look it up once
        row = get_db().get(QuestionnaireRow, questionnaire_id)
        if row is None:
            abort(503)
        asked[questionnaire_id] = (
            row.slug,
            row.version,
            tuple(item.statement_id for item in row.items),
        )
    slug, version, statement_ids = asked[questionnaire_id]
    bank = current_bank()
    content = bank.questionnaires.get(slug)
    if content is None or any(s not in bank.statements for s in statement_ids):
        abort(503)
    if content.version == version:
        return content
    return replace(
        content,
        version=version,
        statement_ids=statement_ids,
        mirrored=tuple(p for p in content.mirrored if set(p) <= set(statement_ids)),
    )


# How long a process trusts what it last read about which release is published: a release
# published through another process (another gunicorn worker) shows within this time.
RELEASE_CHECK_SECONDS = 1.0


def live_release_id() -> int | None:
    """The published content release's id (None: the database has none, so the content folder's
    files are the content), read at most once a second per process."""
    extensions = current_app.extensions
    seen = extensions.get("content_release_seen")
    now = time.monotonic()
    if seen is not None and now - seen[0] < RELEASE_CHECK_SECONDS:
        release_id: int | None = seen[1]
        return release_id
    from portal.content.models import ContentRelease
    from portal.db import get_reader

    try:
        with get_reader().connect() as connection:
            release_id = connection.scalar(
                select(ContentRelease.id).where(ContentRelease.status == "published")
            )
    except (OperationalError, ProgrammingError):  # not migrated yet: the files are the content
        release_id = None
    extensions["content_release_seen"] = (now, release_id)
    return release_id


def forget_live_release() -> None:
    """Read the published release again on next use (this process has just published one)."""
    current_app.extensions.pop("content_release_seen", None)


def live_asset(path: str) -> bytes | None:
    """An uploaded picture or recorded voice ("pictures/x.png") of the published content (the
    content folder's, when nothing is published), or None."""
    from portal.content.releases import ASSET_NAME, is_asset, release_asset

    folder, _, name = path.partition("/")
    if not (is_asset(path) and ASSET_NAME.match(name)):
        return None
    release_id = live_release_id()
    if release_id is None:
        file = Path(current_app.config["CONTENT_DIR"]) / folder / name
        return file.read_bytes() if file.is_file() else None
    from portal.db import get_engine

    with Session(get_engine()) as db:
        return release_asset(db, release_id, path)


def _page_language() -> str:
    from portal.i18n import current_language

    return current_language() if has_request_context() else "en"


def preview_with(bank: Bank) -> None:
    """For the rest of this request, pages show `bank` (the studio's working copy, not yet
    published): its pictures and voices come from the studio's own routes (staff only)."""
    g.content_preview = bank


def previewing() -> bool:
    """Whether this request shows the studio's working copy (see `preview_with`)."""
    return has_request_context() and g.get("content_preview") is not None


def current_bank(language: str | None = None) -> Bank:
    """The published statement bank in `language` (by default the page's language), checked on
    first use: the published content release, or the content folder's files if there is none.
    A studio preview (`preview_with`) shows its own bank instead, for that request only."""
    if has_request_context() and g.get("content_preview") is not None:
        preview: Bank = g.content_preview
        language = language or _page_language()
        localised: dict[str, Bank] = g.setdefault("content_preview_banks", {})
        if language not in localised:  # pictures and clips ask many times a page
            localised[language] = preview.localised(language)
        return localised[language]
    extensions = current_app.extensions
    release_id = live_release_id()
    if "content_bank" not in extensions or (
        extensions.get("content_bank_release", release_id) != release_id
    ):
        folder, languages = current_app.config["CONTENT_DIR"], current_app.config["LANGUAGES"]
        if release_id is None:
            extensions["content_bank"] = load_bank(folder, languages)
        else:
            from portal.content.releases import release_asset_names, release_files
            from portal.db import get_engine

            with Session(get_engine()) as db:
                files = release_files(db, release_id)
                assets = release_asset_names(db, release_id)
            extensions["content_bank"] = load_bank(folder, languages, files, assets)
        extensions["content_bank_release"] = release_id
        extensions["content_banks"] = {}
    if language is None:
        language = _page_language()
    banks = extensions["content_banks"]
    if language not in banks:
        banks[language] = extensions["content_bank"].localised(language)
    bank: Bank = banks[language]
    return bank


def english_here(text: str | None) -> Markup:
    """` lang="en" dir="ltr"` for content words shown in English on another language's page
    (their translation is missing), so screen readers read them in an English voice and they
    run left to right on an Urdu page; nothing otherwise. For a template's element: `<p{{
    english_here(text) }}>`."""
    language = _page_language()
    if not text or language == "en":
        return Markup("")
    english: set[str] | None = g.get("english_here", {}).get(language)
    if english is None:
        base = g.content_preview if previewing() else _base_bank()
        english = {" ".join(words.split()) for words in base.untranslated(language)}
        g.setdefault("english_here", {})[language] = english
    from portal.i18n import in_language

    return in_language("en" if " ".join(text.split()) in english else None)


def _base_bank() -> Bank:
    """The published bank before localisation (current_bank loads it)."""
    current_bank("en")
    bank: Bank = current_app.extensions["content_bank"]
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
@click.option("--force", is_flag=True, help="Replace content the studio published since.")
def load_command(force: bool) -> None:
    """Check the content files, then publish them as a content release in one transaction
    (nothing changes when the same files were loaded last time)."""
    from portal.content.releases import ReleaseRefused, import_files
    from portal.db import get_engine

    root = Path(current_app.config["CONTENT_DIR"])
    try:
        with Session(get_engine()) as db, db.begin():
            release, new = import_files(db, root, current_app.config["LANGUAGES"], force=force)
            release_id = release.id
    except ContentError as error:
        click.echo(str(error))
        click.echo("Nothing was loaded.", err=True)
        sys.exit(1)
    except ReleaseRefused as error:
        click.echo(str(error), err=True)
        click.echo("Nothing was loaded.", err=True)
        sys.exit(1)
    forget_live_release()
    bank = load_bank(root, current_app.config["LANGUAGES"])
    counts = (
        f"{len(bank.themes)} themes, {len(bank.statements)} statements, "
        f"{len(bank.questionnaires)} questionnaires"
    )
    if new:
        click.echo(f"Loaded {counts}: published as content release {release_id}.")
    else:
        click.echo(f"No change: content release {release_id} has these files ({counts}).")


@content_cli.command("export")
@click.argument("folder", type=click.Path(file_okay=False), required=False)
@click.option(
    "--release", "release_id", type=int, help="A release's number (default: the published one)."
)
def export_command(folder: str | None, release_id: int | None) -> None:
    """Write a content release's files (by default the published one) into FOLDER (by default
    the content folder), so they can be reviewed as code and loaded again."""
    from portal.content.releases import (
        export_files,
        published_release_id,
        release_assets,
        release_files,
    )
    from portal.db import get_engine

    target = Path(folder or current_app.config["CONTENT_DIR"])
    with Session(get_engine()) as db:
        release_id = release_id or published_release_id(db)
        if release_id is None:
            click.echo("There is no content release yet: run flask content load.", err=True)
            sys.exit(1)
        files: dict[str, str | bytes] = {
            **release_files(db, release_id),
            **release_assets(db, release_id),
        }
    if not files:
        click.echo(f"There is no content release {release_id}.", err=True)
        sys.exit(1)
    written = export_files(files, target)
    click.echo(f"Wrote {len(written)} files of content release {release_id} to {target}.")


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
    app.jinja_env.globals["english_here"] = english_here
