""" "What happened": the public, easy-read "You said, we did" page for each area."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response

from portal.areas.models import Area
from portal.areas.services import active_areas, area_by_id
from portal.content import current_bank, questionnaire_content
from portal.content.typed_texts import ACTION_WORDS, typed_words
from portal.db import get_db
from portal.happened.services import find, story
from portal.i18n import current_language
from portal.kiosk import where_answered
from portal.respond.services import response_by_token
from portal.shared import visitor

bp = Blueprint("happened", __name__)


def visitors_questionnaire() -> str | None:
    """The questionnaire this visitor answers: their family link's, or their answers'."""
    link = visitor.family_link()
    if link is not None and link.questionnaire is not None:
        return link.questionnaire
    response = response_by_token(get_db(), visitor.response_token())
    return questionnaire_content(response.questionnaire_id).slug if response is not None else None


def visitors_area() -> int | None:
    """The area this visitor answers in: the tablet's session, a family link, or their answers."""
    area_id = where_answered().area_id
    if area_id is not None:
        return area_id
    response = response_by_token(get_db(), visitor.response_token())
    return response.area_id if response is not None else None


@bp.get("/what-happened")
def choose() -> Response | str:
    """Choose an area (big links, and "All areas"); straight there when the visitor's is known."""
    db = get_db()
    known = visitors_area()
    if known is not None and not request.args.get("choose") and area_by_id(db, known):
        return redirect(url_for("happened.area", area_id=known))
    return render_template("happened/choose.html", areas=active_areas(db))


def _page(area: Area | None) -> str:
    """The page for an area (None: every area), for the questionnaire asked for (?questions=),
    else the one the visitor answers."""
    bank = current_bank()
    asked = request.args.get("questions") or visitors_questionnaire()
    db, language = get_db(), current_language()
    findings = find(db, current_bank("en"), area, asked)
    typed = typed_words(db, language, [ACTION_WORDS])
    return render_template(
        "happened/page.html",
        story=story(findings, bank, language, gettext, date.today(), typed),
        area=area,
        endpoint="happened.area" if area is not None else "happened.everywhere",
        place={"area_id": area.id} if area is not None else {},
    )


@bp.get("/what-happened/<int:area_id>")
def area(area_id: int) -> str:
    """What people in one area said, and what was done: there and for every area."""
    found = area_by_id(get_db(), area_id)
    if found is None:
        abort(404)
    return _page(found)


@bp.get("/what-happened/all")
def everywhere() -> str:
    """What everyone said, and what was done for every area."""
    return _page(None)
