"""Tablet pages: join a session with its code, "Next person", and leave a closed session."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as HttpResponse

from portal.db import get_db
from portal.kiosk import services
from portal.kiosk.context import become_tablet, current_kiosk, on_current_person, start_next_person
from portal.kiosk.forms import JOIN_CODE_NOT_FOUND, JoinForm
from portal.logs import security_event
from portal.shared.forms import ButtonForm

bp = Blueprint("kiosk", __name__)


@bp.route("/join", methods=["GET", "POST"])
def join() -> HttpResponse | tuple[str, int]:
    """Type the session's code (or open the QR code's link, which fills it in)."""
    form = JoinForm()
    if form.validate_on_submit():
        db = get_db()
        group = services.open_session_by_code(db, form.code.data or "")
        if group is not None:
            tablet = services.join(db, group)
            db.commit()
            become_tablet(tablet)
            return redirect(url_for("respond.start"))
        security_event("join_code_failed")  # never the code typed
        form.code.errors.append(str(JOIN_CODE_NOT_FOUND))
    elif request.method == "GET" and request.args.get("code"):
        form.code.data = services.normalise_join_code(request.args["code"])[:12]
    status = 400 if form.errors else 200
    return render_template("kiosk/join.html", form=form), status


@bp.post("/kiosk/next-person")
def next_person() -> HttpResponse:
    """Forget the person who just answered; the tablet is ready for the next one."""
    form = ButtonForm()
    kiosk = current_kiosk()
    if kiosk is not None and form.validate_on_submit():
        db = get_db()
        generation = services.next_person(db, kiosk.tablet_id)
        db.commit()
        start_next_person(kiosk, generation)
    return redirect(url_for("respond.start"))


@bp.get("/kiosk/status")
def status() -> dict[str, bool]:
    """For the tablet's page to ask every few seconds: is it still this person's turn?"""
    kiosk = current_kiosk()
    current = kiosk is not None and not kiosk.closed and on_current_person(kiosk)
    return {"current": current}


@bp.post("/kiosk/leave")
def leave() -> HttpResponse:
    """Stop being a tablet of a session (shown once the session is closed)."""
    if ButtonForm().validate_on_submit():
        session.clear()
    return redirect(url_for("respond.start"))
