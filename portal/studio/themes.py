"""The studio's theme pages: a theme's name, its picture, where it comes from and its name in
each other language, written in the browser.

A save goes through `views._check_and_save` like a statement's, so every rule of `flask content
check` runs on the whole working copy first and the problems are shown beside the fields. A new
theme's statements file is written with its first statement (`editing.save_statement`).
"""

from __future__ import annotations

import re
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import RadioField, SelectChoice, StringField
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired, Optional, Regexp

from portal.content.bank import Bank, Problem, Theme
from portal.content.editing import ThemeFields, save_theme
from portal.db import get_db
from portal.studio import services
from portal.studio.fields import easy_read_errors, short_name, words
from portal.studio.forms import (
    ORIGIN_NAMES,
    TEXT_LENGTH,
    StatementForm,
    english_name,
    statement_form,
)
from portal.studio.views import Page, _check_and_save, _languages, bp

PROPOSED = "proposed locally"
# A theme's source in themes.yaml: a seed document and its line or lines
SEED_SOURCE = re.compile(r"^(?P<seed>[^:\s]+\.txt):L(?P<lines>\d+(-\d+)?)$")
ORIGINS = [
    SelectChoice("seed", "A heading or passage of a seed document"),
    SelectChoice(PROPOSED, ORIGIN_NAMES[PROPOSED]),
]


def _again(field: Any, **changed: object) -> Any:
    """Another of the statement form's fields: the same label, checks and markup, placed in
    this form's order."""
    if not isinstance(field, UnboundField):  # a form class's fields are unbound until made
        raise TypeError(f"not a form class's field: {field!r}")
    return field.field_class(*field.args, **{**field.kwargs, **changed})


class ThemeForm(FlaskForm):
    ident = _again(StatementForm.ident)
    name = StringField(
        "The theme's name, in English",
        validators=[
            DataRequired("Type the theme's name, for example: My home."),
            TEXT_LENGTH,
        ],
    )
    # The statement form's own picture list (its choices are set in theme_form); a name not in
    # the list is refused beside the field by the view, in words that say what to do
    picture = _again(StatementForm.picture, validate_choice=False)
    origin = RadioField(
        "Where the theme comes from",
        choices=ORIGINS,
        validators=[InputRequired("Choose where the theme comes from.")],
    )
    seed = _again(StatementForm.seed)
    lines = StringField(
        "Lines in the seed document",
        validators=[
            Optional(),
            Regexp(r"^\d+(-\d+)?$", message="Type a line or lines, for example 40 or 40-41."),
        ],
    )


def theme_form(bank: Bank, languages: list[str]) -> ThemeForm:
    """The theme form with the statement form's pictures and seeds, and a box for the name in
    each other language."""

    class Form(ThemeForm):
        pass

    for lang in languages:
        setattr(
            Form,
            f"name_{lang}",
            StringField(f"The theme's name in {english_name(lang)}", validators=[TEXT_LENGTH]),
        )
    form = Form()
    statement = statement_form(bank, [])  # the same pictures and seeds to choose from
    form.picture.choices = statement.picture.choices
    form.seed.choices = statement.seed.choices
    return form


def _fill(form: ThemeForm, bank: Bank, theme: Theme, languages: list[str]) -> None:
    form.name.data, form.picture.data = theme.name, theme.picture
    found = SEED_SOURCE.match(theme.source)
    if found:
        form.origin.data, form.seed.data = "seed", found["seed"]
        form.lines.data = found["lines"]
    elif theme.source == PROPOSED:
        form.origin.data = PROPOSED
    for lang in languages:
        texts = bank.translations.get(lang, {})
        getattr(form, f"name_{lang}").data = texts.get(f"theme.{theme.id}.name", "")


def _source(form: ThemeForm, bank: Bank) -> str | None:
    """The source as themes.yaml writes it, or None with the problem beside its field."""
    if form.origin.data == PROPOSED:
        return PROPOSED
    if form.seed.data not in bank.seeds:
        form.seed.errors = ["Choose the seed document the theme comes from."]
    if not form.lines.data:
        form.lines.errors = ["Type the line of its heading or passage, for example 40."]
    if form.seed.errors or form.lines.errors:
        return None
    return f"{form.seed.data}:L{form.lines.data}"


@bp.route("/themes/new", methods=["GET", "POST"])
@bp.route("/themes/<theme_id>", methods=["GET", "POST"])
def theme(theme_id: str | None = None) -> Page | Response:
    work = services.working(get_db())
    files, bank = work.files, work.bank
    existing = bank.themes.get(theme_id) if theme_id else None
    if theme_id and existing is None:
        abort(404)
    languages = _languages()
    form = theme_form(bank, languages)
    if request.method == "GET" and existing is not None:
        _fill(form, bank, existing, languages)
    problems: list[Problem] = []
    if request.method == "POST" and form.validate_on_submit():
        names = [("name", True, False)] + [(f"name_{lang}", False, False) for lang in languages]
        bad = easy_read_errors(form, names, bank.jargon)
        if form.picture.data not in [value for value, *_ in form.picture.iter_choices()]:
            form.picture.errors = [
                "Choose a picture from the list. To use a new picture, add it on the "
                "pictures page first."
            ]
            bad = True
        source = _source(form, bank)
        new_id = (
            existing.id
            if existing
            else (form.ident.data or short_name(words(form.name), bank.themes, "theme"))
        )
        if existing is None and new_id in bank.themes:
            form.ident.errors = ["Another theme has this short name. Choose another."]
            bad = True
        if not bad and source is not None:
            fields = ThemeFields(name=words(form.name), picture=form.picture.data, source=source)
            names_in = {lang: {"name": words(getattr(form, f"name_{lang}"))} for lang in languages}
            changed = save_theme(files, new_id, fields, names_in)
            found = _check_and_save(
                form,
                changed,
                work,
                "content.theme_changed" if existing else "content.theme_added",
                new_id,
                ("themes.yaml", "themes", new_id),
            )
            if found is None:
                return redirect(url_for("studio.home", done="saved", _anchor=f"theme-{new_id}"))
            problems = found
    page = render_template(
        "studio/theme.html",
        form=form,
        theme=existing,
        bank=bank,
        problems=problems,
        languages=languages,
        statements=[
            s
            for s in bank.statements.values()
            if existing and s.theme == existing.id and not s.retired
        ],
    )
    return (page, 400) if request.method == "POST" else page
