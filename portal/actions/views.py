"""Administrators' pages for "You said, we did": the actions by theme, add one, change one.

Every POST carries a CSRF token (checked for the whole app by portal.security)."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.actions import services
from portal.actions.forms import ActionForm
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


def _form_page(form: ActionForm, action: Action | None, **context: Any) -> Page:
    page = render_template("staff/actions/form.html", form=form, action=action, **context)
    return (page, 400) if form.errors else page


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
