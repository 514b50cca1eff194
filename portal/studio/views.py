"""The co-production studio: administrators and content editors write statements and
questionnaires in the browser; reviewers (the Advisory Group) comment and approve; then the
changes are published. Staff pages are English; every POST carries a CSRF token."""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import refresh
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import SelectChoice

from portal.auth.access import staff_blueprint
from portal.content import current_bank, preview_with
from portal.content.bank import Bank, Problem
from portal.content.easy_read import easy_read_findings
from portal.content.editing import (
    QuestionnaireFields,
    StatementFields,
    find_statement,
    key_lines,
    replace_statement,
    save_questionnaire,
    save_statement,
)
from portal.content.releases import ReleaseRefused, open_release, published_release
from portal.db import get_db
from portal.i18n import current_language
from portal.pictures.views import picture_response
from portal.respond.views import Preview, preview_question
from portal.studio import services
from portal.studio.fields import easy_read_errors, short_name, words
from portal.studio.forms import (
    ButtonForm,
    CommentForm,
    NoteForm,
    QuestionnaireForm,
    StatementForm,
    english_name,
    questionnaire_form,
    statement_form,
)

bp = staff_blueprint(
    "studio",
    roles={"administrator", "content_editor"},
    import_name=__name__,
    url_prefix="/staff/studio",
)
review = staff_blueprint(
    "studio_review",
    roles={"administrator", "content_editor", "reviewer"},
    import_name=__name__,
    url_prefix="/staff/studio/changes",
)

Page = str | tuple[str, int]

DONE = {
    "saved": (
        "Saved in your changes. Respondents see them only after a reviewer approves them "
        "and you publish them."
    ),
    "sent": "Sent to the reviewers. They can read your changes, comment and approve them.",
    "approved": "Approved. An editor or administrator can publish the changes now.",
    "commented": "Your comment is saved. The editors can read it.",
    "published": "Published. Respondents see the changes from now on.",
    "discarded": "Your changes are thrown away. Respondents still see the published content.",
}


def _languages() -> list[str]:
    return [lang for lang in current_app.config["LANGUAGES"] if lang != "en"]


def _done() -> str | None:
    return DONE.get(request.args.get("done", ""))


@bp.get("/")
def home() -> Page:
    db = get_db()
    work = services.working(db)
    release, bank = work.release, work.bank
    live = published_release(db)
    return render_template(
        "studio/home.html",
        release=release,
        live=live,
        bank=bank,
        done=_done(),
        note_form=NoteForm(),
        button_form=ButtonForm(),
        refused=request.args.get("refused"),
    )


def _check_and_save(
    form: Any,
    changed: dict[str, str],
    work: services.Working,
    action: str,
    subject: str,
    entry: tuple[str, str, str] | None = None,
) -> list[Problem] | None:
    """Keep the changed files if the whole content still passes every check; else the problems
    not shown beside a field. `entry` (file, list key, id) names the edited entry, so that a
    problem on one of its lines, or naming one of its keys, goes beside that field."""
    candidate = {**work.files, **changed}
    problems = work.check(changed)
    if problems:
        return _beside_fields(form, problems, candidate, entry)
    return services.keep(get_db(), current_user, changed, action, subject, "", work) or None


def _beside_fields(
    form: Any,
    problems: list[Problem],
    files: dict[str, str],
    entry: tuple[str, str, str] | None,
) -> list[Problem]:
    """Put each problem of the edited entry beside its field; return the others."""
    if entry is None or entry[0] not in files:
        return problems
    lines = key_lines(files, *entry)
    by_line = {line: key for key, line in lines.items() if key}
    rest = []
    for problem in problems:
        key = by_line.get(problem.line) if problem.path == entry[0] else None
        if key is None and problem.path == entry[0] and problem.line == lines.get(""):
            key = next((k for k in FIELD_OF if f"'{k}'" in problem.message), None)
        field = getattr(form, FIELD_OF.get(key or "", ""), None)
        if field is None:
            rest.append(problem)
        else:
            field.errors = [*field.errors, problem.message]
    return rest


# The form field for a content key a problem names
FIELD_OF = {
    "theme": "theme",
    "text": "text",
    "they": "they",
    "carer": "carer",
    "picture": "picture",
    "audiences": "audiences",
    "direction": "direction",
    "alert_on": "alert_on",
    "origin": "origin",
    "seed": "seed",
    "lines": "lines",
    "quote": "quote",
    "title": "title",
    "intro": "intro",
    "audience": "audience",
    "retention_months": "retention_months",
    "mirrored": "mirror_yes",
}


@bp.route("/statements/new", methods=["GET", "POST"])
@bp.route("/statements/<statement_id>", methods=["GET", "POST"])
def statement(statement_id: str | None = None) -> Page | Response:
    work = services.working(get_db())
    files, bank = work.files, work.bank
    existing = bank.statements.get(statement_id) if statement_id else None
    if statement_id and (existing is None or existing.retired):
        abort(404)
    form = statement_form(bank, services_languages := _languages())
    if request.method == "GET" and existing is not None:
        _fill_statement_form(form, bank, existing.id, services_languages)
    problems: list[Problem] = []
    asked_live = existing is not None and _asked_by_published(existing.id)
    if request.method == "POST" and form.validate_on_submit():
        names = [("text", True, True), ("they", True, True), ("carer", True, True)]
        names += [
            (f"{k}_{lang}", False, False)
            for lang in services_languages
            for k in ("text", "they", "carer")
        ]
        bad = easy_read_errors(form, names, bank.jargon)
        text_changed = existing is not None and words(form.text) != existing.text
        if asked_live and text_changed and not form.meaning.data:
            form.meaning.errors = ["Say whether the new words mean the same as the old ones."]
            bad = True
        if not bad:
            fields = StatementFields(
                theme=form.theme.data,
                text=words(form.text),
                they=words(form.they),
                carer=words(form.carer),
                picture=form.picture.data,
                audiences=tuple(form.audiences.data),
                direction=form.direction.data,
                alert_on=tuple(form.alert_on.data),
                not_about_me=form.not_about_me.data,
                one_off=form.one_off.data,
                origin=form.origin.data,
                seed=form.seed.data if form.origin.data != "proposed locally" else "",
                lines=words(form.lines) if form.origin.data != "proposed locally" else "",
                quote=words(form.quote) if form.origin.data != "proposed locally" else "",
            )
            translations = {
                lang: {k: words(getattr(form, f"{k}_{lang}")) for k in ("text", "they", "carer")}
                for lang in services_languages
            }
            taken = set(bank.statements)
            if existing is None:
                new_id = form.ident.data or short_name(fields.text, taken, "statement")
                if new_id in taken:
                    form.ident.errors = ["Another statement has this short name. Choose another."]
                    return _statement_page(form, bank, existing, asked_live, problems)
                changed = save_statement(files, new_id, fields, translations)
                action, subject = "content.statement_added", new_id
            elif asked_live and text_changed and form.meaning.data == "new":
                new_id = short_name(fields.text, taken, "statement")
                changed = save_statement(files, new_id, fields, translations)
                changed |= replace_statement({**files, **changed}, existing.id, new_id)
                action, subject = "content.statement_new_meaning", f"{existing.id} -> {new_id}"
            else:
                new_id = existing.id
                changed = save_statement(files, existing.id, fields, translations)
                action, subject = "content.statement_changed", existing.id
            path = find_statement({**files, **changed}, new_id) or ""
            found = _check_and_save(
                form, changed, work, action, subject, (path, "statements", new_id)
            )
            if found is None:
                return redirect(url_for("studio.home", done="saved", _anchor=f"statement-{new_id}"))
            problems = found
    return _statement_page(form, bank, existing, asked_live, problems)


def _statement_page(
    form: StatementForm, bank: Bank, existing: Any, asked_live: bool, problems: list[Problem]
) -> Page:
    status = 400 if form.errors or problems else 200
    page = render_template(
        "studio/statement.html",
        form=form,
        bank=bank,
        statement=existing,
        asked_live=asked_live,
        problems=problems,
        languages=_languages(),
    )
    return (page, status) if request.method == "POST" else page


def _fill_statement_form(
    form: StatementForm, bank: Bank, statement_id: str, languages: list[str]
) -> None:
    s = bank.statements[statement_id]
    form.theme.data, form.text.data, form.they.data, form.carer.data = (
        s.theme,
        s.text,
        s.they,
        s.carer,
    )
    form.picture.data, form.audiences.data, form.direction.data = (
        s.picture,
        list(s.audiences),
        s.direction,
    )
    form.alert_on.data, form.not_about_me.data, form.one_off.data = (
        list(s.alert_on),
        s.not_about_me,
        s.one_off,
    )
    form.origin.data, form.seed.data = s.source.origin, s.source.seed or ""
    form.lines.data, form.quote.data = s.source.lines or "", s.source.quote or ""
    for lang in languages:
        texts = bank.translations.get(lang, {})
        for key in ("text", "they", "carer"):
            getattr(form, f"{key}_{lang}").data = texts.get(f"statement.{statement_id}.{key}", "")


def _asked_by_published(statement_id: str) -> bool:
    """Whether a published questionnaire version asked this statement (people may have answered)."""
    from sqlalchemy import select

    from portal.content.models import QuestionnaireItem

    return (
        get_db().scalar(
            select(QuestionnaireItem.statement_id)
            .where(QuestionnaireItem.statement_id == statement_id)
            .limit(1)
        )
        is not None
    )


@bp.route("/questionnaires/new", methods=["GET", "POST"])
@bp.route("/questionnaires/<slug>", methods=["GET", "POST"])
def questionnaire(slug: str | None = None) -> Page | Response:
    work = services.working(get_db())
    files, bank = work.files, work.bank
    existing = bank.questionnaires.get(slug) if slug else None
    if slug and existing is None:
        abort(404)
    languages = _languages()
    form: QuestionnaireForm = questionnaire_form(languages)
    statements = [s for s in bank.statements.values() if not s.retired]
    choices = [SelectChoice("", "Choose a statement")]
    choices += [SelectChoice(s.id, s.text) for s in statements]
    form.mirror_yes.choices = choices
    form.mirror_no.choices = choices
    positions: dict[str, str] = {}
    if request.method == "GET" and existing is not None:
        form.title.data, form.intro.data = existing.title, existing.intro
        form.audience.data, form.retention_months.data = (
            existing.audience,
            existing.retention_months,
        )
        if existing.mirrored:
            form.mirror_yes.data, form.mirror_no.data = existing.mirrored[0]
        positions = {sid: str(n) for n, sid in enumerate(existing.statement_ids, start=1)}
        for lang in languages:
            texts = bank.translations.get(lang, {})
            for key in ("title", "intro"):
                getattr(form, f"{key}_{lang}").data = texts.get(
                    f"questionnaire.{existing.slug}.{key}", ""
                )
    problems: list[Problem] = []
    if request.method == "POST":
        positions = {s.id: request.form.get(f"position-{s.id}", "").strip() for s in statements}
    if request.method == "POST" and form.validate_on_submit():
        bad = easy_read_errors(form, [("title", True, False), ("intro", True, False)], bank.jargon)
        order, position_errors = _order(positions)
        if position_errors:
            bad = True
        if not order:
            position_errors.append(
                "Give at least one statement a number: 1 for the first question."
            )
            bad = True
        new_slug = (
            existing.slug
            if existing
            else (form.ident.data or short_name(form.title.data, bank.questionnaires, "questions"))
        )
        if existing is None and new_slug in bank.questionnaires:
            form.ident.errors = ["Another questionnaire has this short name. Choose another."]
            bad = True
        if not bad:
            pair = (form.mirror_yes.data, form.mirror_no.data)
            fields = QuestionnaireFields(
                title=words(form.title),
                intro=words(form.intro),
                audience=form.audience.data,
                retention_months=form.retention_months.data,
                statements=tuple(order),
                mirrored=(pair,) if all(pair) else (),
            )
            translations = {
                lang: {k: words(getattr(form, f"{k}_{lang}")) for k in ("title", "intro")}
                for lang in languages
            }
            changed = save_questionnaire(files, new_slug, fields, translations)
            found = _check_and_save(
                form,
                changed,
                work,
                "content.questionnaire_changed" if existing else "content.questionnaire_added",
                new_slug,
                ("questionnaires.yaml", "questionnaires", new_slug),
            )
            if found is None:
                return redirect(
                    url_for("studio.home", done="saved", _anchor=f"questionnaire-{new_slug}")
                )
            problems = found
        page = render_template(
            "studio/questionnaire.html",
            form=form,
            questionnaire=existing,
            statements=statements,
            positions=positions,
            position_errors=position_errors,
            problems=problems,
            languages=languages,
            bank=bank,
        )
        return page, 400
    return render_template(
        "studio/questionnaire.html",
        form=form,
        questionnaire=existing,
        statements=statements,
        positions=positions,
        position_errors=[],
        problems=problems,
        languages=languages,
        bank=bank,
    ), (400 if request.method == "POST" else 200)


def _order(positions: dict[str, str]) -> tuple[list[str], list[str]]:
    """The statements in the order of their numbers, and what is wrong with the numbers."""
    numbered: list[tuple[int, str]] = []
    errors = []
    for sid, value in positions.items():
        if not value:
            continue
        if not value.isdigit() or int(value) < 1:
            errors.append(
                f"“{value}” is not a question number. "
                "Type 1, 2, 3 and so on, or leave the box empty."
            )
            continue
        numbered.append((int(value), sid))
    numbers = [n for n, _ in numbered]
    if len(set(numbers)) != len(numbers):
        errors.append("Two statements have the same number. Give each statement its own number.")
    return [sid for _, sid in sorted(numbered)], errors


@bp.post("/send")
def send() -> Response:
    form = NoteForm()
    db = get_db()
    release = open_release(db)
    if release is None or not form.validate_on_submit():
        return redirect(
            url_for(
                "studio.home", refused="Say in a sentence or two what changed, then send again."
            )
        )
    try:
        services.send_for_review(db, current_user, release, words(form.note))
    except ReleaseRefused as error:
        return redirect(url_for("studio.home", refused=str(error)))
    db.commit()
    return redirect(url_for("studio.home", done="sent"))


@bp.post("/publish")
def publish() -> Response:
    db = get_db()
    release = open_release(db)
    if release is None or not ButtonForm().validate_on_submit():
        return redirect(url_for("studio.home"))
    try:
        services.publish_release(db, current_user, release)
    except ReleaseRefused as error:
        db.rollback()
        return redirect(url_for("studio.home", refused=str(error)))
    return redirect(url_for("studio.home", done="published"))


@bp.post("/discard")
def discard() -> Response:
    db = get_db()
    release = open_release(db)
    if release is not None and ButtonForm().validate_on_submit():
        services.discard(db, current_user, release)
        db.commit()
    return redirect(url_for("studio.home", done="discarded"))


@bp.post("/check")
def check_text() -> Response:
    """The easy-read rules a text breaks, as the editor types (studio.js); the same rules are
    checked again when the form is sent."""
    text = request.form.get("text", "")[:2000]
    english = request.form.get("lang", "en") == "en"
    statement = request.form.get("kind") == "statement"
    jargon = current_bank("en").jargon  # jargon.yaml is not edited in the studio
    findings = easy_read_findings(text, jargon, english=english, statement=english and statement)
    return jsonify([f"Easy read rule [{f.rule}]: {f.message}" for f in findings])


@review.route("/", methods=["GET", "POST"])
def changes() -> Page | Response:
    db = get_db()
    release = open_release(db)
    form = CommentForm()
    if release is not None and request.method == "POST":
        if request.form.get("approve") and ButtonForm().validate_on_submit():
            try:
                services.approve(db, current_user, release)
            except ReleaseRefused as error:
                return render_template(
                    "studio/changes.html", **_changes_page(release, form, str(error))
                ), 400
            db.commit()
            return redirect(url_for("studio_review.changes", done="approved"))
        if form.validate_on_submit():
            services.comment(db, current_user, release, words(form.body))
            db.commit()
            return redirect(url_for("studio_review.changes", done="commented"))
        return render_template("studio/changes.html", **_changes_page(release, form, None)), 400
    return render_template("studio/changes.html", **_changes_page(release, form, None))


def _changes_page(release: Any, form: CommentForm, refused: str | None) -> dict[str, Any]:
    db = get_db()
    found = []
    previews = []
    if release is not None:
        before = services.live(db).bank
        after = services.working(db).bank
        found = services.changes(before, after)
        changed = {c.ident for c in found if c.what == "Questionnaire"}
        asks = {c.ident for c in found if c.what == "Statement"}
        previews = [
            q
            for q in after.questionnaires.values()
            if q.slug in changed or asks & set(q.statement_ids)
        ]
    return {
        "release": release,
        "found": found,
        "previews": previews,
        "form": form,
        "button_form": ButtonForm(),
        "comments": services.comments(db, release) if release is not None else [],
        "refused": refused,
        "done": _done(),
        "can_approve": current_user.role in services.APPROVERS,
    }


@review.get("/files/<folder>/<name>")
def working_file(folder: str, name: str) -> Response:
    """An uploaded picture or recorded voice of the working copy (not yet published), for the
    studio's and the reviewers' pages; never cached."""
    path = f"{folder}/{name}"
    work = services.working(get_db())
    if path not in work.assets:
        abort(404)
    data = services.working_asset(get_db(), work, path)
    if folder == "pictures":
        response = picture_response(data, name)
    else:
        response = Response(data, mimetype="audio/mpeg")
    response.headers["Cache-Control"] = "no-store"
    return response


WHO = {
    "own": "Someone answering about their own life",
    "on_behalf": "Someone answering for another person",
    "family_carer": "A family carer",
}


@review.get("/preview/<slug>")
def preview(slug: str) -> Page:
    """Choose how to preview a questionnaire of the working copy: language and who answers."""
    bank = services.working(get_db()).bank
    questionnaire = bank.questionnaires.get(slug)
    if questionnaire is None:
        abort(404)
    return render_template(
        "studio/preview.html",
        questionnaire=questionnaire,
        languages=[*current_app.config["LANGUAGES"]],
        names={lang: english_name(lang) for lang in current_app.config["LANGUAGES"]},
        who=WHO,
    )


@review.get("/preview/<slug>/<int:position>")
def preview_page(slug: str, position: int) -> Page:
    """One question of the working copy exactly as a respondent sees it, in the language
    (`?lang=`) and with the display preferences chosen; nothing is saved."""
    bank = services.working(get_db()).bank
    questionnaire = bank.questionnaires.get(slug)
    if questionnaire is None or not 1 <= position <= len(questionnaire.statement_ids):
        abort(404)
    answered_by = request.args.get("who", "own")
    if answered_by not in WHO:
        abort(404)
    language = request.args.get("language", "en")
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    preview_with(bank)
    # the page's language for this page only (?lang= would become the staff member's choice)
    g.language = language
    refresh()  # Flask-Babel reads the language again
    last = len(questionnaire.statement_ids)

    def there(n: int) -> str:
        if not 1 <= n <= last:
            return url_for("studio_review.preview", slug=slug)
        return url_for(
            "studio_review.preview_page",
            slug=slug,
            position=n,
            who=answered_by,
            language=language,
        )

    banner = (
        f"Preview of “{questionnaire.title}”, question {position} of {last}. Nothing you "
        "choose is saved. Next shows the next question."
    )
    return preview_question(
        bank.localised(current_language()).questionnaires[slug],
        position,
        answered_by,
        Preview(banner, there(position + 1), there(position - 1)),
    )
