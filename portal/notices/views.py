"""The page where each staff member chooses which notices they get, and how."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from portal.auth.access import staff_blueprint
from portal.auth.models import ROLES
from portal.db import get_db
from portal.notices.forms import notice_choices_form
from portal.notices.services import choices_of, kinds_for, save_choices

bp = staff_blueprint("notices", roles=ROLES, import_name=__name__, url_prefix="/staff/notices")

Page = str | tuple[str, int]


@bp.route("/", methods=["GET", "POST"])
def choices() -> Page | Response:
    """Choose, for each kind of notice that concerns your role: email, weekly, or none."""
    db = get_db()
    kinds = kinds_for(current_user.role)
    # a POST shows what was sent (a missing choice stays empty), a GET what is kept
    current = choices_of(db, current_user) if request.method == "GET" else {}
    form = notice_choices_form(kinds, current)
    if form.validate_on_submit():
        save_choices(db, current_user, {kind: form[kind].data for kind in kinds})
        db.commit()
        return redirect(url_for("notices.choices", done="1"))
    page = render_template(
        "notices/choices.html",
        form=form,
        done=request.args.get("done") == "1" and not form.errors,
        mail_set_up=bool(current_app.config["SMTP_HOST"]),
    )
    return (page, 400) if form.errors else page
