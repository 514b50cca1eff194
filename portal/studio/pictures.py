"""The studio's picture library: every picture of the working copy, a search of OpenMoji by
name and keyword, and uploads of an organisation's own pictures with their licences.

Each new picture goes through `services.save`, so it lands in the open release and the audit
log, and only after the whole content passes `flask content check`. An upload is checked and
made safe by portal.pictures.uploads before anything is kept; a refused upload keeps nothing.
"""

from __future__ import annotations

import hashlib
import re

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.wrappers import Response
from wtforms import BooleanField, HiddenField, StringField
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp

from portal.comments.recording import takes_recording
from portal.content.bank import Bank, Picture, Problem
from portal.content.editing import PictureFields, save_picture
from portal.content.openmoji import composite_svg, is_composite, openmoji_file
from portal.content.openmoji_search import Match, describe, search
from portal.db import get_db
from portal.pictures.uploads import MAX_UPLOAD_BYTES, PictureRefused, clean_picture
from portal.studio import services
from portal.studio.fields import easy_read_errors, short_name, words
from portal.studio.forms import ID_RULE
from portal.studio.views import Page, bp, review

RESULTS = 24
ONE_DAY = 24 * 3600
# An OpenMoji file name: hex code points joined by hyphens ("1F3E0", "1F468-200D-1F373"),
# or two of those joined by "+" for two drawings side by side
OPENMOJI_CODE = re.compile(
    r"^[0-9A-F]{2,6}(-[0-9A-F]{2,6}){0,9}(\+[0-9A-F]{2,6}(-[0-9A-F]{2,6}){0,9})?$"
)
DONE = {
    "added": (
        "The picture is in your changes. A statement can choose it now. Respondents see it "
        "only after a reviewer approves your changes and you publish them."
    ),
}
SHORT_NAME = [
    DataRequired("Type a short name, for example a-house."),
    Length(max=60, message="Keep the short name under 60 letters."),
    ID_RULE,
]
ALT_TEXT = [
    DataRequired("Type what the picture shows, for example: A house with a red roof."),
    Length(max=200, message="Keep the words under 200 letters. Say only what the picture shows."),
]


class AddOpenMojiForm(FlaskForm):
    """Add one OpenMoji picture from the search results to the library."""

    code = HiddenField()
    q = HiddenField()
    name = StringField("Short name", validators=SHORT_NAME)
    alt = StringField("What the picture shows (alt text)", validators=ALT_TEXT)


class UploadForm(FlaskForm):
    """Upload a picture the organisation may use, with who made it and its licence."""

    file = FileField("The picture file")
    name = StringField("Short name", validators=SHORT_NAME)
    alt = StringField("What the picture shows (alt text)", validators=ALT_TEXT)
    licence = StringField(
        "Licence",
        validators=[
            DataRequired("Type the picture's licence, for example CC BY 4.0."),
            Length(max=200, message="Keep the licence under 200 letters."),
        ],
    )
    author = StringField(
        "Who made it",
        validators=[
            DataRequired("Type who made the picture: a person or an organisation."),
            Length(max=200, message="Keep the name under 200 letters."),
        ],
    )
    attribution = StringField(
        "Words the licence asks us to show (optional)",
        validators=[Length(max=300, message="Keep these words under 300 letters.")],
    )
    url = StringField(
        "Web address of the licence or the picture (optional)",
        validators=[
            Optional(),
            Length(max=500, message="Keep the web address under 500 letters."),
            URL(
                require_tld=True,
                message="Type a web address that starts with https://, or leave the box empty.",
            ),
            Regexp(
                r"^https?://",
                re.IGNORECASE,
                message="Type a web address that starts with https://, or leave the box empty.",
            ),
        ],
    )
    consent = BooleanField("This is a photo of people, and everyone in it agreed that we use it")


@bp.app_template_global("studio_picture_src")
def picture_src(picture: Picture) -> str:
    """Where the studio shows a picture of the working copy (it may not be published yet)."""
    if picture.file:
        return url_for("studio_review.working_file", folder="pictures", name=picture.file)
    return url_for("studio_review.openmoji", code=picture.code)


def _library(bank: Bank) -> tuple[list[Picture], list[Picture]]:
    """The uploaded pictures (by name), then the OpenMoji ones (in the file's order)."""
    pictures = list(bank.pictures.values())
    return sorted((p for p in pictures if p.file), key=lambda p: p.name), [
        p for p in pictures if not p.file
    ]


def _page(
    bank: Bank,
    query: str,
    adding: AddOpenMojiForm | None = None,
    problems: list[Problem] | None = None,
) -> str:
    matches: list[Match] = search(query, RESULTS) if query else []
    if adding is not None and adding.code.data not in {m.code for m in matches}:
        tried = describe(str(adding.code.data))
        matches = [tried, *matches] if tried else matches
    taken = set(bank.pictures)
    suggested = {m.code: short_name(m.name, taken, "picture", most_words=6) for m in matches}
    uploaded, openmoji = _library(bank)
    in_library: dict[str, list[str]] = {}
    for picture in openmoji:
        in_library.setdefault(picture.code, []).append(picture.name)
    return render_template(
        "studio/pictures.html",
        query=query,
        matches=matches,
        suggested=suggested,
        in_library=in_library,
        adding=adding,
        problems=problems or [],
        uploaded=uploaded,
        openmoji=openmoji,
        done=DONE.get(request.args.get("done", "")),
        added=request.args.get("added", ""),
    )


@bp.get("/pictures")
def pictures() -> str:
    """The picture library, and a search of OpenMoji (`q`)."""
    query = request.args.get("q", "").strip()[:100]
    return _page(services.working(get_db()).bank, query)


@bp.post("/pictures/openmoji")
def add_openmoji() -> Page | Response:
    """Add an OpenMoji picture from the search results to the library."""
    work = services.working(get_db())
    bank = work.bank
    form = AddOpenMojiForm()
    code = str(form.code.data or "")
    query = str(form.q.data or "").strip()[:100]
    if not OPENMOJI_CODE.match(code) or describe(code) is None or openmoji_file(code) is None:
        abort(400)
    problems: list[Problem] = []
    if form.validate_on_submit():
        name = words(form.name)
        bad = easy_read_errors(form, [("alt", True, False)], bank.jargon)
        if name in bank.pictures:
            form.name.errors = [
                *form.name.errors,
                "Another picture has this short name. Choose another.",
            ]
            bad = True
        if not bad:
            changed = save_picture(work.files, name, PictureFields(alt=words(form.alt), code=code))
            problems = work.check(changed)
            if not problems:
                db = get_db()
                services.save(
                    db,
                    current_user,
                    dict(changed),
                    "content.picture_added",
                    name,
                    f"OpenMoji {code}",
                )
                db.commit()
                return redirect(
                    url_for("studio.pictures", done="added", added=name, _anchor=f"picture-{name}")
                )
    return _page(bank, query, form, problems), 400


@bp.route("/pictures/upload", methods=["GET", "POST"])
@takes_recording  # a picture may be larger than the app's usual request limit
def upload_picture() -> Page | Response:
    """Upload a picture with its licence: checked and made safe before anything is kept."""
    work = services.working(get_db())
    bank = work.bank
    form = UploadForm()
    problems: list[Problem] = []
    if request.method == "GET":
        return _upload_page(form, problems, photo=False)
    photo = False
    valid = form.validate_on_submit()
    upload = request.files.get(form.file.name)
    clean = None
    if upload is None or not upload.filename:
        form.file.errors = ["Choose a picture file: PNG, JPEG, WebP or SVG."]
    else:
        try:
            clean = clean_picture(upload.read(MAX_UPLOAD_BYTES + 1), upload.filename)
        except PictureRefused as refused:
            form.file.errors = [refused.message]
    if clean is not None and clean.photo and not form.consent.data:
        photo = True
        form.consent.errors = [
            "This picture looks like a photo. Tick the box to say that everyone in it agreed "
            "that we use it. If they did not agree, choose another picture."
        ]
    name = words(form.name)
    if name and name in bank.pictures:
        form.name.errors = [
            *form.name.errors,
            "Another picture has this short name. Choose another.",
        ]
    bad = easy_read_errors(form, [("alt", True, False)], bank.jargon)
    if valid and clean is not None and not bad and not form.errors:
        sha = hashlib.sha256(clean.data).hexdigest()
        file_name = f"{sha}.{clean.extension}"
        asset = f"pictures/{file_name}"
        fields = PictureFields(
            alt=words(form.alt),
            file=file_name,
            licence=words(form.licence),
            author=words(form.author),
            attribution=words(form.attribution),
            url=words(form.url),
            photo=bool(form.consent.data),
        )
        changed = save_picture(work.files, name, fields)
        problems = work.check(changed, [asset])
        if not problems:
            db = get_db()
            detail = (
                f"uploaded {clean.media_type}, {clean.width} by {clean.height} pixels, "
                f"{fields.licence}, by {fields.author}"
            )
            services.save(
                db,
                current_user,
                {asset: clean.data, **changed},
                "content.picture_added",
                name,
                detail,
            )
            db.commit()
            return redirect(
                url_for("studio.pictures", done="added", added=name, _anchor=f"picture-{name}")
            )
    return _upload_page(form, problems, photo=photo or bool(clean and clean.photo)), 400


def _upload_page(form: UploadForm, problems: list[Problem], *, photo: bool) -> str:
    return render_template(
        "studio/picture_upload.html",
        form=form,
        problems=problems,
        photo=photo,
        max_mb=MAX_UPLOAD_BYTES // (1024 * 1024),
    )


@review.get("/openmoji/<code>.svg")
def openmoji(code: str) -> Response:
    """Any installed OpenMoji picture (or two side by side), for the studio's pages: search
    results and new pictures are not in the published content, so /pictures/ refuses them."""
    if not OPENMOJI_CODE.match(code):
        abort(404)
    path = None if is_composite(code) else openmoji_file(code)
    drawing = composite_svg(code) if is_composite(code) else path and path.read_bytes()
    if not drawing:
        abort(404)
    response = Response(drawing, mimetype="image/svg+xml")
    response.add_etag()
    response.make_conditional(request)
    response.headers["Cache-Control"] = f"private, max-age={ONE_DAY}"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
