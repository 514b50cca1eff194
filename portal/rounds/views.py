"""The administrators' pages for survey rounds: every round with its status in words, a form
to add one or change one that has not closed, and closing an open round early."""

from __future__ import annotations

from datetime import date, datetime

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.wrappers import Response as HttpResponse

from portal.auth.access import staff_blueprint
from portal.content import current_bank
from portal.db import get_db
from portal.i18n import current_language
from portal.rounds import services
from portal.rounds.forms import RoundForm
from portal.rounds.models import SurveyRound
from portal.rounds.texts import dated_sentences, voice_round
from portal.shared.forms import ButtonForm
from portal.shared.times import LONDON

bp = staff_blueprint(
    "rounds", roles={"administrator"}, import_name=__name__, url_prefix="/staff/rounds"
)

DONE = {
    "added": "The round is added.",
    "changed": "The round is changed.",
    "was-closed": "That round has closed, so it cannot be changed. Add a new round instead.",
    "closed": "The round is closed. Its share links and join codes do not work any more.",
    "not-open": "That round is not open, so there was nothing to close.",
}


def london_today() -> date:
    """Today's date in the UK: rounds open and close on London days."""
    return datetime.now(LONDON).date()


def day(value: date) -> str:
    """ "1 March 2027"."""
    return f"{value.day} {value:%B %Y}"


def status_words(found: SurveyRound, today: date) -> str:
    """The round's status in words, with the day that matters."""
    status = found.status(today)
    if status == "upcoming":
        return f"Not open yet: opens on {day(found.opens_on)}"
    if status == "open":
        return f"Open now: closes at the end of {day(found.closes_on)}"
    if found.closed_early_on is not None:
        return f"Closed early on {day(found.closed_early_on)}"
    return f"Closed on {day(found.closes_on)}"


def _titles() -> dict[str, str]:
    return {slug: q.title for slug, q in current_bank("en").questionnaires.items()}


@bp.get("/")
def rounds() -> str:
    """Every round, the latest to open first, with what it asks, where and when."""
    db = get_db()
    today = london_today()
    return render_template(
        "rounds/list.html",
        rounds=services.all_rounds(db),
        areas=services.area_names(db),
        titles=_titles(),
        today=today,
        status_words=status_words,
        day=day,
        done=DONE.get(request.args.get("done", "")),
    )


def _free_dates(
    form: RoundForm, slug: str, area_id: int | None, but_not: int | None = None
) -> tuple[date, date] | None:
    """The form's open and close dates when they overlap no other round of these questions in
    this area; if they do, None, and the open date's field says which round and what to do."""
    opens_on, closes_on = form.opens_on.data, form.closes_on.data
    if opens_on is None or closes_on is None:  # InputRequired has refused them already
        abort(400)
    db = get_db()
    clash = services.overlapping(db, slug, area_id, opens_on, closes_on, but_not)
    if clash is None:
        return opens_on, closes_on
    where = services.area_names(db).get(clash.area_id or 0, "every area")
    form.opens_on.errors = [
        f"These questions already have a round in {where} on some of these days: "
        f"{clash.name}, {day(clash.opens_on)} to {day(clash.last_day)}. "
        "Choose dates before it starts or after it ends."
    ]
    return None


def _voice(found: SurveyRound) -> None:
    """Clips for the days the closed page may now name, in every language."""
    voice_round(current_app._get_current_object(), found)  # type: ignore[attr-defined]


def _name(form: RoundForm) -> str:
    return " ".join((form.name.data or "").split())


@bp.route("/new", methods=["GET", "POST"])
def new_round() -> HttpResponse | tuple[str, int]:
    """A name, the questions, an area (or every area) and the open and close dates."""
    db = get_db()
    form = RoundForm()
    form.questionnaire.choices = list(_titles().items())
    form.area.choices = [("", "Every area")] + [
        (str(key), name) for key, name in services.area_names(db, switched_on_only=True).items()
    ]
    if form.validate_on_submit():
        slug = form.questionnaire.data or ""
        area_id = int(form.area.data) if form.area.data else None
        if dates := _free_dates(form, slug, area_id):
            added = services.create_round(db, current_user, _name(form), slug, area_id, *dates)
            db.commit()
            _voice(added)
            return redirect(url_for("rounds.rounds", done="added"))
    status = 400 if form.errors else 200
    return render_template("rounds/new.html", form=form), status


@bp.route("/<int:round_id>/change", methods=["GET", "POST"])
def change_round(round_id: int) -> HttpResponse | tuple[str, int]:
    """A new name or dates for a round that has not closed: its questions and area stay (a
    round asking other questions, or somewhere else, is another round)."""
    db = get_db()
    found = db.get(SurveyRound, round_id)
    if found is None:
        abort(404)
    today = london_today()
    if found.status(today) == "closed":
        return redirect(url_for("rounds.rounds", done="was-closed"))
    form = RoundForm(obj=found)
    del form.questionnaire, form.area
    if form.validate_on_submit():
        closes_on = form.closes_on.data
        if closes_on is not None and closes_on < today:
            form.closes_on.errors = [
                f"The round cannot close before today. Give a close date on or after "
                f"{day(today)}, or close it now from the survey rounds page."
            ]
        elif dates := _free_dates(form, found.questionnaire_slug, found.area_id, found.id):
            services.change(db, current_user, found, _name(form), *dates)
            db.commit()
            _voice(found)
            return redirect(url_for("rounds.rounds", done="changed"))
    status = 400 if form.errors else 200
    where = services.area_names(db).get(found.area_id or 0, "every area")
    asks = f"{_titles().get(found.questionnaire_slug, found.questionnaire_slug)}, {where}"
    return render_template("rounds/new.html", form=form, changing=found, asks=asks), status


@bp.post("/<int:round_id>/close")
def close_round(round_id: int) -> HttpResponse:
    """Close an open round today: its share links and join codes stop working now."""
    db = get_db()
    found = db.get(SurveyRound, round_id)
    if found is None:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    closed = services.close_early(db, current_user, found, london_today())
    db.commit()
    if closed:
        _voice(found)
    return redirect(url_for("rounds.rounds", done="closed" if closed else "not-open"))


def closed_page(closed: services.Closed, came_by: str) -> tuple[str, int]:
    """The easy-read page for someone whose share link (`came_by` "link") or join code ("code")
    opens questions that are closed now: when they closed or open again, and what to do."""
    page = render_template(
        "rounds/closed.html",
        came_by=came_by,
        dated=dated_sentences(gettext, current_language(), closed.closed_on, closed.opens_on),
    )
    return page, 403
