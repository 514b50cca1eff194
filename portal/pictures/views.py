"""Serve content pictures and the attributions page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, send_from_directory, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from portal.content import current_bank, live_asset, previewing
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


MEDIA_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "webp": "image/webp",
}


@bp.get("/pictures/file/<name>")
def uploaded(name: str) -> Response:
    """An uploaded picture the published content shows (checked and re-encoded on upload)."""
    if name not in {p.file for p in current_bank().pictures.values() if p.file}:
        abort(404)
    data = live_asset(f"pictures/{name}")
    if data is None:
        abort(404)
    return picture_response(data, name)


def picture_response(data: bytes, name: str) -> Response:
    """An uploaded picture's bytes, kept for a year (its name is its content's hash); an SVG
    opened on its own can run nothing and load nothing."""
    response = Response(data, mimetype=MEDIA_TYPES[name.rsplit(".", 1)[1]])
    response.headers["Cache-Control"] = f"public, max-age={ONE_YEAR}, immutable"
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/attributions")
def attributions() -> str:
    """Who made the pictures and the voice, and their licences."""
    bank = current_bank()
    uploaded = sorted(
        (p for p in bank.pictures.values() if p.file), key=lambda p: (p.author, p.name)
    )
    speakers = sorted({v.speaker for v in bank.voices.values() if v.credit})
    return render_template(
        "pages/attributions.html",
        licence=bank.licence,
        uploaded=uploaded,
        speakers=speakers,
        voices=bool(bank.voices),
    )


def picture_url(name: str) -> str:
    """The URL of a content picture's SVG (empty if content has no such picture)."""
    found = current_bank().pictures.get(name)
    if found is None:
        return ""
    if previewing():  # the studio's working copy: its pictures are not published yet
        if found.file:
            return url_for("studio_review.working_file", folder="pictures", name=found.file)
        return url_for("studio_review.openmoji", code=found.code)
    if found.file:
        return url_for("pictures.uploaded", name=found.file)
    return url_for("pictures.picture", code=found.code)


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
        cls=f"{css_class} picture--wide"
        if wide
        else f"{css_class} picture--upload"
        if found.file
        else css_class,
        src=src,
        alt=alt,
        width=128 if wide else 64,
    )
