"""Serve content pictures and the attributions page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, send_from_directory, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from portal.content import current_bank
from portal.content.openmoji import openmoji_dir

bp = Blueprint("pictures", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.get("/pictures/<code>.svg")
def picture(code: str) -> Response:
    """An OpenMoji SVG, if content names it (nothing else in the package is served)."""
    if code not in {p.code for p in current_bank().pictures.values()}:
        abort(404)
    response = send_from_directory(openmoji_dir(), f"{code}.svg", max_age=ONE_YEAR)
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    return response


@bp.get("/attributions")
def attributions() -> str:
    """Who made the pictures and the voice, and their licences."""
    return render_template("pages/attributions.html", licence=current_bank().licence)


def picture_url(name: str) -> str:
    """The URL of a content picture's SVG (empty if content has no such picture)."""
    found = current_bank().pictures.get(name)
    return url_for("pictures.picture", code=found.code) if found else ""


def picture_tag(name: str, decorative: bool = False, css_class: str = "picture") -> Markup:
    """An <img> for a content picture; decorative pictures get empty alt text."""
    found = current_bank().pictures.get(name)
    if found is None:
        return Markup("")
    alt = "" if decorative else found.alt
    src = picture_url(name)
    return Markup('<img class="{cls}" src="{src}" alt="{alt}" width="64" height="64">').format(
        cls=css_class, src=src, alt=alt
    )
