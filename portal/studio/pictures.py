"""The studio's picture library: every picture of the working copy, a search of OpenMoji by
name and keyword, and uploads of an organisation's own pictures with their licences.

Each new picture goes through `services.save`, so it lands in the open release and the audit
log, and only after the whole content passes `flask content check`. An upload is checked and
made safe by portal.pictures.uploads before anything is kept; a refused upload keeps nothing.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any

from flask import abort, g, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from werkzeug.wrappers import Response
from wtforms import BooleanField, HiddenField, RadioField, StringField
from wtforms.validators import URL, DataRequired, Length, Optional, Regexp

from portal.comments.recording import takes_recording
from portal.content.bank import Bank, Picture, Problem
from portal.content.editing import PictureFields, remove_picture_entry, save_picture
from portal.content.openmoji import composite_svg, is_composite, openmoji_file
from portal.content.openmoji_search import Match, describe, search
from portal.db import get_db
from portal.pictures.uploads import MAX_UPLOAD_BYTES, PictureRefused, clean_picture
from portal.shared.answers import ANSWER_PICTURES, ANSWERS, WHO, WHO_PICTURES
from portal.studio import services
from portal.studio.fields import easy_read_errors, short_name, words
from portal.studio.forms import ID_RULE, ButtonForm
from portal.studio.views import Page, _check_and_save, bp, review

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
    "changed": (
        "The new picture is in your changes. Respondents see it only after a reviewer approves "
        "your changes and you publish them."
    ),
    "unchanged": "Nothing changed: the picture and its words are the same as before.",
    "removed": (
        "The picture is taken out of your changes. It goes from the library when you publish."
    ),
}
SHORT_NAME = [
    DataRequired("Type a short name, for example a-house."),
    Length(max=60, message="Keep the short name under 60 letters."),
    ID_RULE,
]
NO_SUCH_CODE = (
    "There is no OpenMoji drawing with this code. Search below, then choose “Use this drawing”."
)
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


# The groups of the picture list, in page order: (heading, id, which names belong)
GROUPS = (
    ("Answers", "answers"),
    ("Buttons", "buttons"),
    ("Who is answering", "who"),
    ("Other pictures on the pages", "pages"),
    ("Statements and themes", "statements"),
    ("Not used yet", "unused"),
)


def _group_of(name: str, uses: list[str]) -> str:
    for prefix, group in (("answer-", "answers"), ("button-", "buttons"), ("who-", "who")):
        if name.startswith(prefix):
            return group
    if any(use.startswith("Page ") or use in _NOT_ONE_PAGE.values() for use in uses):
        return "pages"
    return "statements" if uses else "unused"


@cache
def _template_texts() -> tuple[tuple[str, str], ...]:
    """The respondent and staff page templates (not the studio's own), read once."""
    root = Path(__file__).resolve().parent.parent / "templates"
    return tuple(
        (path.relative_to(root).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.html"))
        if path.relative_to(root).parts[0] != "studio"
    )


def picture_uses(bank: Bank) -> dict[str, list[str]]:
    """What shows each named picture: answers, "who is answering", themes, statements, the
    help page's numbers, and the page templates that name it."""
    uses: dict[str, list[str]] = {name: [] for name in bank.pictures}

    def add(name: str, use: str) -> None:
        uses.setdefault(name, []).append(use)

    for value, name in ANSWER_PICTURES.items():
        add(name, f"Every question page: the answer “{ANSWERS[value]}”")
    for value, name in WHO_PICTURES.items():
        add(name, f"The page “Who is answering?”: “{WHO[value]}”")
    for theme in bank.themes.values():
        add(theme.picture, f"Theme “{theme.name}”")
    for s in bank.statements.values():
        add(s.picture, f"Statement “{s.text}”" + (" (retired)" if s.retired else ""))
    for contact in bank.help.contacts:
        add(contact.picture, f"The help page: {contact.name}")
    for path, text in _template_texts():
        for name in bank.pictures:
            if f'"{name}"' in text or f"'{name}'" in text:
                add(name, _page_name(path, text, bank))
    return uses


# A page's title as its template gives it: `{% block title %}{{ _("Thank you") }}{% endblock %}`
_TITLE = re.compile(r"""\{% block title %\}.*?_\(["']([^"']+)["']\).*?\{% endblock %\}""")
# Templates that are not one page
_NOT_ONE_PAGE = {
    "base.html": "Every page: the top bar",
    "components/macros.html": "Buttons on many pages",
    "pages/error.html": "The pages that say something went wrong",
}


def _page_name(path: str, text: str, bank: Bank) -> str:
    """How staff know a page: its title ("Page “Thank you”"), not its template's file name."""
    if path in _NOT_ONE_PAGE:
        return _NOT_ONE_PAGE[path]
    if path == "safety/help.html":
        return f"Page “{bank.help.title}”"
    title = _TITLE.search(text)
    return f"Page “{title.group(1)}”" if title else f"Page {path.removesuffix('.html')}"


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
    in_library: dict[str, list[str]] = {}
    for picture in bank.pictures.values():
        if not picture.file:
            in_library.setdefault(picture.code, []).append(picture.name)
    uses = picture_uses(bank)
    groups: dict[str, list[Picture]] = {group: [] for _heading, group in GROUPS}
    for picture in bank.pictures.values():
        groups[_group_of(picture.name, uses[picture.name])].append(picture)
    return render_template(
        "studio/pictures.html",
        query=query,
        matches=matches,
        suggested=suggested,
        in_library=in_library,
        adding=adding,
        problems=problems or [],
        groups=[(heading, group, groups[group]) for heading, group in GROUPS if groups[group]],
        uses=uses,
        count=len(bank.pictures),
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
                problems = services.keep(
                    get_db(),
                    current_user,
                    dict(changed),
                    "content.picture_added",
                    name,
                    f"OpenMoji {code}",
                    work,
                )
            if not problems:
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
            detail = (
                f"uploaded {clean.media_type}, {clean.width} by {clean.height} pixels, "
                f"{fields.licence}, by {fields.author}"
            )
            problems = services.keep(
                get_db(),
                current_user,
                {asset: clean.data, **changed},
                "content.picture_added",
                name,
                detail,
                work,
            )
        if not problems:
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


class ChangePictureForm(FlaskForm):
    """Change what a named picture shows: an OpenMoji drawing or an uploaded picture, and the
    words that say what it shows."""

    source = RadioField(
        "Which picture",
        validators=[DataRequired("Choose an OpenMoji drawing or one of the uploaded pictures.")],
        validate_choice=False,  # checked in the view, with an easy-read message
    )
    code = StringField("OpenMoji code", validators=[Length(max=60, message=NO_SUCH_CODE)])
    alt = StringField("What the picture shows (alt text)", validators=ALT_TEXT)


def _uploads(bank: Bank) -> dict[str, Picture]:
    """The uploaded pictures of the working copy by name, one for each file."""
    found: dict[str, Picture] = {}
    files: set[str] = set()
    for picture in sorted(bank.pictures.values(), key=lambda p: p.name):
        if picture.file and picture.file not in files:
            files.add(picture.file)
            found[picture.name] = picture
    return found


def _openmoji_error(code: str) -> str | None:
    """Why an OpenMoji code cannot be shown, or None when every drawing it names exists."""
    if not code:
        return "Type the code of an OpenMoji drawing, for example 2714, or search below."
    if not OPENMOJI_CODE.match(code) or any(openmoji_file(p) is None for p in code.split("+")):
        return NO_SUCH_CODE.replace("this code", f"the code “{code}”")
    return None


def _chosen_fields(form: ChangePictureForm, uploads: dict[str, Picture]) -> PictureFields | None:
    """The new picture the form asks for, or None (the reason is beside its field)."""
    alt = words(form.alt)
    if form.source.data == "openmoji":
        code = words(form.code).upper()
        form.code.data = code
        error = _openmoji_error(code)
        if error:
            form.code.errors = [*form.code.errors, error]
            return None
        return PictureFields(alt=alt, code=code)
    upload = uploads.get(str(form.source.data))
    if upload is None:
        form.source.errors = ["Choose an OpenMoji drawing or one of the uploaded pictures."]
        return None
    return PictureFields(  # the upload's licence and who made it go with its file
        alt=alt,
        file=upload.file,
        licence=upload.licence,
        author=upload.author,
        attribution=upload.attribution,
        url=upload.url,
        photo=upload.photo,
    )


def _same(picture: Picture, fields: PictureFields) -> bool:
    return (picture.code, picture.file, picture.alt) == (fields.code, fields.file, fields.alt)


def _beside_picture_fields(form: ChangePictureForm, problems: list[Problem]) -> None:
    """Every problem the content check found with this change, beside the field that caused it:
    the alt text's own lines in pictures.yaml, otherwise the drawing chosen (a statement that
    now looks like an answer, two statements that now show the same drawing)."""
    choice = form.code if form.source.data == "openmoji" else form.source
    for problem in problems:
        own_words = problem.path == "pictures.yaml" and not any(
            word in problem.message for word in ("OpenMoji", "openmoji", "file")
        )
        field = form.alt if own_words else choice
        field.errors = [*field.errors, problem.message]


@bp.route("/pictures/<picture_name>", methods=["GET", "POST"])
def change_picture(picture_name: str) -> Page | Response:
    """Change what one named picture shows, and its alt text; every content rule is checked
    before the change is kept."""
    work = services.working(get_db())
    bank = work.bank
    current = bank.pictures.get(picture_name)
    if current is None:
        abort(404)
    uploads = _uploads(bank)
    form = ChangePictureForm()
    form.source.choices = [("openmoji", "An OpenMoji drawing"), *((n, n) for n in uploads)]
    query = request.args.get("q", "").strip()[:100]
    if request.method == "GET":
        form.alt.data = current.alt
        own = next((n for n, p in uploads.items() if current.file and p.file == current.file), "")
        form.source.data = own or "openmoji"
        form.code.data = current.code
        if code := request.args.get("code", "").strip().upper()[:60]:
            form.source.data, form.code.data = "openmoji", code
        return _change_page(bank, current, form, uploads, query)
    if form.validate_on_submit():
        bad = easy_read_errors(form, [("alt", True, False)], bank.jargon)
        fields = _chosen_fields(form, uploads)
        if fields is not None and not bad:
            if _same(current, fields):
                return redirect(url_for("studio.pictures", done="unchanged"))
            changed = save_picture(work.files, picture_name, fields)
            found = _check_and_save(form, changed, work, "content.picture_changed", picture_name)
            if found is None:
                return redirect(
                    url_for(
                        "studio.pictures",
                        done="changed",
                        added=picture_name,
                        _anchor=f"picture-{picture_name}",
                    )
                )
            _beside_picture_fields(form, found)
    elif form.source.data:
        _chosen_fields(form, uploads)  # what is wrong with the choice too, all at once
    return _change_page(bank, current, form, uploads, query), 400


def _change_page(
    bank: Bank,
    current: Picture,
    form: ChangePictureForm,
    uploads: dict[str, Picture],
    query: str,
) -> str:
    uses = picture_uses(bank).get(current.name, [])
    return render_template(
        "studio/picture.html",
        heading=f"Change the picture {current.name}",
        named=current,
        form=form,
        uploads=uploads,
        uses=uses,
        removable=bool(current.file) and not uses,
        query=query,
        matches=search(query, RESULTS) if query else [],
        removing=False,
        problems=[],
    )


@bp.route("/pictures/<picture_name>/remove", methods=["GET", "POST"])
def remove_picture(picture_name: str) -> Page | Response:
    """Take an uploaded picture that nothing shows out of the library, once the editor agrees."""
    work = services.working(get_db())
    bank = work.bank
    current = bank.pictures.get(picture_name)
    if current is None:
        abort(404)
    uses = picture_uses(bank).get(picture_name, [])
    form = ButtonForm()
    problems: list[Problem] = []
    if request.method == "POST" and current.file and not uses and form.validate_on_submit():
        changed = remove_picture_entry(work.files, picture_name)
        found = _check_and_save(form, changed, work, "content.picture_removed", picture_name)
        if found is None:
            return redirect(url_for("studio.pictures", done="removed"))
        problems = found
    removable = bool(current.file) and not uses
    page = render_template(
        "studio/picture.html",
        heading=("Remove the picture " if removable else "You cannot remove the picture ")
        + picture_name,
        named=current,
        form=form,
        uses=uses,
        removable=removable,
        removing=True,
        problems=problems,
    )
    return (page, 400) if request.method == "POST" else page


@review.app_template_global("studio_picture_change")
def picture_change(name: str) -> dict[str, Any]:
    """A re-pointed picture's drawing now and after the change, for the reviewers' page: the
    published one (`before`, None if new) and the working copy's (`after`)."""
    if "studio_picture_banks" not in g:
        db = get_db()
        g.studio_picture_banks = (services.live(db).bank, services.working(db).bank)
    live, working = g.studio_picture_banks
    before: Picture | None = live.pictures.get(name)
    after: Picture | None = working.pictures.get(name)
    return {
        "before": before and (_live_src(before), before.alt, is_composite(before.code)),
        "after": after and (picture_src(after), after.alt, is_composite(after.code)),
    }


def _live_src(picture: Picture) -> str:
    if picture.file:
        return url_for("pictures.uploaded", name=picture.file)
    return url_for("studio_review.openmoji", code=picture.code)
