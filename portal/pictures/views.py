"""Serve content pictures and the attributions page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, send_from_directory, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from portal.content import current_bank
from portal.content.openmoji import composite_svg, is_composite, openmoji_dir

bp = Blueprint("pictures", __name__)

ONE_YEAR = 365 * 24 * 3600


@bp.get("/pictures/<code>.svg")
def picture(code: str) -> Response:
    """An OpenMoji SVG, or two side by side for a composite code such as `1F3E5+1F3E1`, if
    content names it (nothing else in the package is served)."""
    bank = current_bank()
    if code not in {p.code for p in bank.pictures.values()} | {w.openmoji for w in bank.code_words}:
        abort(404)
    if is_composite(code):
        drawing = composite_svg(code)
        if drawing is None:
            abort(404)
        response = Response(drawing, mimetype="image/svg+xml")
        response.add_etag()
        response.make_conditional(request)
    else:
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
    # a composite shows two drawings side by side: twice as wide as it is high
    wide = is_composite(found.code)
    return Markup('<img class="{cls}" src="{src}" alt="{alt}" width="{width}" height="64">').format(
        cls=f"{css_class} picture--wide" if wide else css_class,
        src=src,
        alt=alt,
        width=128 if wide else 64,
    )
