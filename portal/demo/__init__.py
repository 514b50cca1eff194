"""Demo data for trying the portal out: the `demo staff` and `demo answers` commands."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from portal.db import get_engine, utcnow
from portal.reports.periods import Quarter


@click.group("demo", cls=AppGroup)
def demo_cli() -> None:
    """Demo data, marked so it can be found and replaced."""


@demo_cli.command("answers")
@click.option(
    "--quarters", default=2, show_default=True, type=click.IntRange(1, 12),
    help="How many quarters of answers, ending with the current one.",
)  # fmt: skip
@click.option(
    "--people", default=600, show_default=True, type=click.IntRange(10, 100_000),
    help="How many people answered (responses).",
)  # fmt: skip
@click.option("--seed", default=1, show_default=True, help="Same seed, same answers.")
@click.option(
    "--replace", is_flag=True,
    help="Delete the demo data already there first (it says what, and asks).",
)  # fmt: skip
@click.option("--yes", is_flag=True, help="With --replace: delete without asking first.")
def answers_command(quarters: int, people: int, seed: int, replace: bool, yes: bool) -> None:
    """Make believable demo answers, sessions, group votes, safety flags and comments.

    Does nothing when demo answers are already there (unless --replace), so it is safe to run
    every time the portal starts. --replace deletes only what the demo made (real answers and
    sessions stay, whatever they are called), after saying what and asking, unless --yes.
    """
    from portal.content import current_bank
    from portal.demo.services import (
        count_demo_answers,
        has_demo_answers,
        make_demo_answers,
        remove_demo_answers,
    )

    with Session(get_engine()) as db, db.begin():
        if has_demo_answers(db):
            if not replace:
                click.echo("Demo answers are already there (use --replace to make them again).")
                _publish_demo_report(db)
                return
            found = count_demo_answers(db)
            listed = ", ".join(f"{count:,} {kind}" for kind, count in found.items())
            click.echo(f"This deletes the demo data: {listed}. Real answers and sessions stay.")
            if not yes and not click.confirm("Delete these?", default=False):
                click.echo("Nothing was deleted.")
                return
            click.echo(f"Deleted {remove_demo_answers(db):,} demo responses.")
        try:
            made = make_demo_answers(
                db,
                current_bank("en"),
                quarters=quarters,
                people=people,
                seed=seed,
                languages=current_app.config["LANGUAGES"],
                now=utcnow(),
            )
        except LookupError as error:
            raise click.ClickException(str(error)) from error
    periods = ", ".join(str(quarter) for quarter in made.quarters)
    click.echo(
        f"Made {made.responses:,} demo responses ({made.answers:,} answers) in "
        f"{_count(made.areas, 'area')} over {_count(len(made.quarters), 'quarter')}: {periods}."
    )
    click.echo(
        f"Also {made.sessions} closed group sessions ({made.group_votes} group vote counts), "
        f"{made.flags} safety flags ({made.flags_followed_up} followed up) and "
        f"{made.comments} comments waiting for moderation."
    )
    with Session(get_engine()) as db, db.begin():
        _publish_demo_report(db, made.quarters[0])


def _publish_demo_report(db: Session, quarter: Quarter | None = None) -> None:
    """The board pack and "What happened" need a published report: make one for the demo."""
    from portal.content import current_bank
    from portal.demo.published import make_demo_report
    from portal.reports.disclosure import load_ptable

    if quarter is None:
        quarter = Quarter.of(utcnow()).previous()
    config = current_app.config
    ptable = load_ptable(config["REPORT_PTABLE"], config["REPORT_THRESHOLD"])
    click.echo(make_demo_report(db, current_bank(), quarter, ptable))


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def init_app(app: Flask) -> None:
    """Register the `demo` commands, and `user demo` and `user code` for the demo accounts."""
    from portal.auth import user_cli
    from portal.demo.staff import code_command, demo_accounts_command, staff_command

    demo_cli.add_command(staff_command)
    app.cli.add_command(demo_cli)
    user_cli.add_command(demo_accounts_command)
    user_cli.add_command(code_command)
