""" "What happened": the public, easy-read "You said, we did" page for each area."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask_babel import gettext
from sqlalchemy import select
from werkzeug.wrappers import Response

from portal.actions.happened import find, story
from portal.areas.models import Area
from portal.content import current_bank
from portal.db import get_db
from portal.groups.kiosk import current_kiosk
from portal.i18n import current_language
from portal.respond.services import response_by_token

bp = Blueprint("happened", __name__)


def visitors_area() -> int | None:
    """The area this visitor answers in: the tablet's session, a family link, or their answers."""
    kiosk = current_kiosk()
    if kiosk is not None:
        return kiosk.group.area_id
    link = session.get("link")
    if isinstance(link, dict) and isinstance(link.get("area"), int):
        return link["area"]
    response = response_by_token(get_db(), session.get("response"))
    return response.area_id if response is not None else None


@bp.get("/what-happened")
def choose() -> Response | str:
    """Choose an area (big links, and "All areas"); straight there when the visitor's is known."""
    db = get_db()
    known = visitors_area()
    if known is not None and not request.args.get("choose") and db.get(Area, known) is not None:
        return redirect(url_for("happened.area", area_id=known))
    areas = db.scalars(select(Area).where(Area.active.is_(True)).order_by(Area.name)).all()
    return render_template("happened/choose.html", areas=areas)


def _page(area: Area | None) -> str:
    bank = current_bank()
    findings = find(get_db(), current_bank("en"), area)
    return render_template(
        "happened/page.html",
        story=story(findings, bank, current_language(), gettext, date.today()),
        area=area,
    )


@bp.get("/what-happened/<int:area_id>")
def area(area_id: int) -> str:
    """What people in one area said, and what was done: there and for every area."""
    found = get_db().get(Area, area_id)
    if found is None:
        abort(404)
    return _page(found)


@bp.get("/what-happened/all")
def everywhere() -> str:
    """What everyone said, and what was done for every area."""
    return _page(None)
