"""Administrators' pages for "You said, we did": the actions by theme, add one, change one.

Every POST carries a CSRF token (checked for the whole app by portal.security)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.actions import progress, services
from portal.actions.forms import ActionForm, LinkCommentsForm, NoteForm
from portal.actions.models import STATUS_PICTURES, Action
from portal.actions.services import ActionDraft, ActionInvalid
from portal.areas.models import Area
from portal.areas.services import area_names, areas_to_choose
from portal.auth.access import staff_blueprint
from portal.content import current_bank
from portal.db import get_db

bp = staff_blueprint(
    "actions", roles={"administrator"}, import_name=__name__, url_prefix="/staff/actions"
)

Page = str | tuple[str, int]

DONE = {
    "note": "The progress note is added.",
    "linked": "The comments behind the action are saved.",
    "added": "The action is added.",
    "changed": "The action is changed.",
    "unchanged": "Nothing was changed.",
}


def _areas(keep: int | None = None) -> list[Area]:
    """Areas to choose from: those switched on, and the action's own area even if it is off."""
    return areas_to_choose(get_db(), keep)


@bp.get("")
def actions() -> str:
    """Every action by theme: what, who, by when, status in words and a picture; overdue marked."""
    db = get_db()
    bank = current_bank("en")
    found = services.all_actions(db)
    return render_template(
        "staff/actions/list.html",
        themes=services.by_theme(bank, found),
        bank=bank,
        areas=area_names(db),
        today=date.today(),
        is_overdue=services.is_overdue,
        status_names=services.STATUS_NAMES,
        status_pictures=STATUS_PICTURES,
        done=DONE.get(request.args.get("done", "")),
    )


def _form_page(
    form: ActionForm,
    action: Action | None,
    note: NoteForm | None = None,
    **context: Any,
) -> Page:
    story: dict[str, Any] = {}
    if action is not None:
        db = get_db()
        note = note or NoteForm(formdata=None)
        linked = progress.linked_comments(db, [action.id]).get(action.id, [])
        story = {
            "note": note,
            "notes": progress.notes_for(db, [action.id]).get(action.id, []),
            "to_link": progress.comments_to_link(db, action),
            "linked": {said.comment_id for said in linked},
            "link_form": LinkCommentsForm(formdata=None),
            "status_names": services.STATUS_NAMES,
            "done": DONE.get(request.args.get("done", "")),
        }
    page = render_template("staff/actions/form.html", form=form, action=action, **story, **context)
    return (page, 400) if form.errors or (note is not None and note.errors) else page


def _save(form: ActionForm, action: Action | None) -> Response | None:
    """Check and save a sent form; None (with every problem on the form) when it is refused."""
    valid = form.validate_on_submit()  # the CSRF token
    draft = form.draft()
    db = get_db()
    bank = current_bank("en")
    try:
        if not valid or form.errors:
            raise ActionInvalid(services.problems(db, bank, draft))
        if action is None:
            services.add_action(db, current_user, bank, draft)
            done = "added"
        elif services.change_action(db, current_user, bank, action, draft):
            done = "changed"
        else:
            done = "unchanged"
    except ActionInvalid as invalid:
        db.rollback()
        for name, message in invalid.problems.items():
            field = getattr(form, name)
            if not field.errors:  # an unreadable date says so, not "type the date"
                field.errors = [message]
        return None
    db.commit()
    return redirect(url_for("actions.actions", done=done))


@bp.route("/new", methods=["GET", "POST"])
def add_action() -> Page | Response:
    """A new action: theme, sentence, area, what, who, by when, status and the easy-read words."""
    form = ActionForm()
    form.offer(current_bank("en"), _areas())
    if request.method == "POST":
        saved = _save(form, None)
        if saved is not None:
            return saved
    return _form_page(form, None)


@bp.route("/<int:action_id>", methods=["GET", "POST"])
def change(action_id: int) -> Page | Response:
    """Change an action, for example its status; a late one needs its reason."""
    action = get_db().get(Action, action_id)
    if action is None:
        abort(404)
    form = ActionForm()
    form.offer(current_bank("en"), _areas(action.area_id))
    if request.method == "POST":
        saved = _save(form, action)
        if saved is not None:
            return saved
    else:
        form.fill(ActionDraft.of(action))
    return _form_page(form, action)


def _action(action_id: int) -> Action:
    action = get_db().get(Action, action_id)
    if action is None:
        abort(404)
    return action


@bp.post("/<int:action_id>/notes")
def add_note(action_id: int) -> Page | Response:
    """A dated progress note, for the board's action log."""
    action = _action(action_id)
    note = NoteForm()
    if note.validate_on_submit():
        day = note.day()
        if day is None:
            note.written_on.errors = [
                "Type a real date, for example 31 3 2027. Or leave it empty for today."
            ]
        else:
            db = get_db()
            progress.add_note(db, current_user, action, note.text.data or "", day)
            db.commit()
            return redirect(url_for("actions.change", action_id=action.id, done="note") + "#notes")
    form = ActionForm(formdata=None)
    form.offer(current_bank("en"), _areas(action.area_id))
    form.fill(ActionDraft.of(action))
    return _form_page(form, action, note)


@bp.post("/<int:action_id>/comments")
def link_comments(action_id: int) -> Response:
    """The approved comments behind the action, chosen from its theme's."""
    action = _action(action_id)
    chosen = LinkCommentsForm()
    if not chosen.validate_on_submit():
        abort(400)
    db = get_db()
    progress.link_comments(db, current_user, action, chosen.comments.data or [])
    db.commit()
    return redirect(url_for("actions.change", action_id=action.id, done="linked") + "#behind")
