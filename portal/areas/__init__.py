"""Areas (localities): their help contacts and share links; the `area` commands and the route
a share link opens."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy.orm import Session

from portal.areas.services import AreaError, add_area, all_areas, area_contacts
from portal.db import get_engine


@click.group("area", cls=AppGroup)
def area_cli() -> None:
    """Areas (for example localities)."""


@area_cli.command("add")
@click.argument("name")
def add_command(name: str) -> None:
    """Add an area; its help contacts are set on the administrator's pages."""
    with Session(get_engine()) as db, db.begin():
        try:
            area = add_area(db, None, name)
        except AreaError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Added the area {area.name}.")


@area_cli.command("list")
def list_command() -> None:
    """List areas: name, how many help contacts, and whether they are switched on."""
    with Session(get_engine()) as db:
        areas = all_areas(db)
        for area in areas:
            state = "switched on" if area.active else "switched off"
            contacts = len(area_contacts(db, area.id))
            click.echo(f"{area.name}  ({state}, {contacts} help contact(s))")
        click.echo(f"{len(areas)} area(s).")


def init_app(app: Flask) -> None:
    """Register the share link route and the `area` commands."""
    from portal.areas.views import bp

    app.register_blueprint(bp)
    app.cli.add_command(area_cli)
