"""Report pages: reviewers and administrators read reports and the Advisory Group comments on
them; administrators make drafts, share them for review and publish approved ones; published
reports give a board pack (HTML and PDF) and the figures as CSV and JSON."""

from __future__ import annotations

from datetime import date

from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale, gettext
from flask_login import current_user
from werkzeug.wrappers import Response as HttpResponse  # what redirect() gives

from portal.areas.services import area_names
from portal.audit.services import record
from portal.auth.access import staff_blueprint
from portal.content import current_bank
from portal.db import get_db
from portal.reports import charts, easy, services
from portal.reports.cube import NotCountable, countable
from portal.reports.disclosure import Ptable, load_ptable
from portal.reports.filters import ReportFilters
from portal.reports.forms import ReportForm, ReviewCommentForm
from portal.reports.models import Report
from portal.reports.periods import Quarter, quarters_between
from portal.reports.results import PLACE_WORDS, WHO_WORDS, ReportResult
from portal.reports.summary_texts import voice_report
from portal.rounds.models import SurveyRound
from portal.rounds.services import closed_rounds
from portal.rounds.views import day
from portal.shared.answers import ANSWERED_BY
from portal.shared.forms import ButtonForm

bp = staff_blueprint(
    "reports",
    roles={"administrator", "reviewer"},
    import_name=__name__,
    url_prefix="/staff/reports",
)
admin_bp = staff_blueprint(
    "report_admin",
    roles={"administrator"},
    import_name=__name__,
    url_prefix="/staff/reports/manage",
)

HIDDEN_FROM_REVIEWERS = ("draft",)
QUARTERS_OFFERED = 8


def _ptable() -> Ptable:
    """The perturbation table and threshold the settings name (checked when first loaded)."""
    config = current_app.config
    return load_ptable(str(config["REPORT_PTABLE"]), int(config["REPORT_THRESHOLD"]))


def _after_days() -> int:
    return int(current_app.config["COUNT_AFTER_DAYS"])


def _report(report_id: int) -> Report:
    row = get_db().get(Report, report_id)
    if row is None or (
        current_user.role != "administrator" and row.status in HIDDEN_FROM_REVIEWERS
    ):
        abort(404)
    return row


def _context(row: Report) -> dict[str, object]:
    """Everything the report page and the board pack show, and the chart helpers."""
    context = services.page_context(get_db(), current_bank(), row, _ptable())
    get_db().commit()  # a report made before migration 0010 has its figures worked out, once
    may_approve = services.may_approve(row, current_user)
    return {**context, "charts": charts, "may_approve": may_approve}


@bp.get("/")
def reports() -> str:
    """Every report a person may read, newest first."""
    hidden = () if current_user.role == "administrator" else HIDDEN_FROM_REVIEWERS
    db = get_db()
    return render_template(
        "reports/list.html",
        reports=services.reports_list(db, hidden),
        so_far=services.so_far(db, _ptable(), date.today()),
        threshold=_ptable().threshold,
        this_quarter=Quarter.of(date.today()),
        after_days=_after_days(),
    )


@bp.get("/<int:report_id>")
def report(report_id: int) -> str:
    row = _report(report_id)
    form = ReviewCommentForm()
    context = _context(row)
    _theme_choices(form, context["result"])  # type: ignore[arg-type]  # a ReportResult
    return render_template("reports/report.html", form=form, button=ButtonForm(), **context)


def _theme_choices(form: ReviewCommentForm, result: ReportResult) -> None:
    form.theme.choices = [("", "The whole report")] + [(t.id, t.name) for t in result.themes]


@bp.post("/<int:report_id>/comments")
def add_comment(report_id: int) -> HttpResponse | tuple[str, int]:
    """An Advisory Group member comments on (or challenges) one theme of a draft."""
    row = _report(report_id)
    form = ReviewCommentForm()
    context = _context(row)
    _theme_choices(form, context["result"])  # type: ignore[arg-type]  # a ReportResult
    if row.status != "in_review":
        form.text.errors = ["Comments can only be added while the report is being reviewed."]
    elif form.validate_on_submit():
        db = get_db()
        services.add_review_comment(
            db, row, current_user, form.theme.data or None, (form.text.data or "").strip()
        )
        db.commit()
        return redirect(url_for("reports.report", report_id=row.id, done="comment"))
    return render_template("reports/report.html", form=form, button=ButtonForm(), **context), 400


@bp.post("/<int:report_id>/approve")
def approve(report_id: int) -> HttpResponse:
    """An Advisory Group member (not the report's maker) agrees it can be published."""
    row = _report(report_id)
    if ButtonForm().validate_on_submit() and row.status == "in_review":
        if not services.may_approve(row, current_user):
            abort(403)
        db = get_db()
        if services.themes_to_agree(db, row):
            return redirect(url_for("reports.report", report_id=row.id, done="agree-first"))
        services.approve(db, row, current_user)
        db.commit()
    return redirect(url_for("reports.report", report_id=row.id, done="approved"))


def _published(report_id: int) -> Report:
    row = _report(report_id)
    if row.status != "published":
        abort(404)
    return row


@bp.get("/<int:report_id>/board-pack")
def board_pack(report_id: int) -> str:
    """The printable board pack of a published report."""
    row = _published(report_id)
    db = get_db()
    record(db, current_user, "report.board_pack_viewed", f"report:{row.id}")
    db.commit()
    return render_template("reports/board_pack.html", easy=_easy_read(row), **_context(row))


@bp.get("/<int:report_id>/board-pack.pdf")
def board_pack_pdf(report_id: int) -> Response:
    from portal.reports.pdf import render_pdf

    row = _published(report_id)
    html = render_template(
        "reports/board_pack.html", pdf=True, easy=_easy_read(row), **_context(row)
    )
    # current_app is a LocalProxy that Flask types as the app itself; the PDF fetcher keeps the app
    pdf = render_pdf(current_app._get_current_object(), html)  # type: ignore[attr-defined]  # proxy
    _record_export(row, "pdf")
    return _download(pdf, "application/pdf", f"board-pack-{row.id}.pdf")


def _easy_read(row: Report) -> easy.Summary:
    """The Advisory Group's summary in English, for the board pack's own section."""
    english = current_bank("en")
    with force_locale("en"):
        summary = services.easy_summary(get_db(), row, _ptable(), english, english, "en", gettext)
    get_db().commit()  # a report made before migration 0010 has its figures worked out, once
    return summary


def _download(body: bytes | str, mimetype: str, name: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.get("/<int:report_id>/figures.csv")
def figures_csv(report_id: int) -> Response:
    row = _published(report_id)
    body = services.figures_csv(get_db(), current_bank(), row, _ptable())
    _record_export(row, "csv")
    return _download(body, "text/csv", f"report-{row.id}-figures.csv")


@bp.get("/<int:report_id>/figures.json")
def figures_json(report_id: int) -> Response:
    row = _published(report_id)
    body = services.figures_json(row)
    _record_export(row, "json")
    return _download(body, "application/json", f"report-{row.id}.json")


@bp.get("/<int:report_id>/board-pack.docx")
def board_pack_docx(report_id: int) -> Response:
    """The board pack as a Word document, for officers writing board papers."""
    from portal.reports import exports

    row = _published(report_id)
    body = exports.board_pack_docx(get_db(), current_bank(), row, _ptable())
    _record_export(row, "docx")
    return _download(body, exports.DOCX, f"board-pack-{row.id}.docx")


@bp.get("/<int:report_id>/figures.xlsx")
def figures_xlsx(report_id: int) -> Response:
    """The published figures as a spreadsheet: the CSV's rows, who took part, the rounding."""
    from portal.reports import exports

    row = _published(report_id)
    body = exports.figures_xlsx(get_db(), current_bank(), row, _ptable())
    _record_export(row, "xlsx")
    return _download(body, exports.XLSX, f"report-{row.id}-figures.xlsx")


def _record_export(row: Report, kind: str) -> None:
    db = get_db()
    record(db, current_user, "report.exported", f"report:{row.id}", kind)
    db.commit()


# --- administrators -------------------------------------------------------------------------


def _quarter_choices() -> list[tuple[str, str]]:
    """The last quarters that have ended long enough ago to be counted, newest first."""
    quarter = Quarter.of(date.today())
    while not countable(quarter, date.today(), _after_days()):
        quarter = quarter.previous()
    found = []
    for _ in range(QUARTERS_OFFERED):
        found.append((str(quarter), quarter.label))
        quarter = quarter.previous()
    return found


def _fill_choices(form: ReportForm) -> None:
    bank = current_bank()
    versions = services.questionnaire_versions(get_db())
    form.questionnaire.choices = [
        (q.slug, f"{q.title} (every version)") for q in bank.questionnaires.values()
    ] + [
        (f"{slug}@{version}", f"{bank.questionnaires[slug].title} (version {version} only)")
        for slug, version in versions
        if slug in bank.questionnaires
    ]
    form.first.choices = form.last.choices = _quarter_choices()
    form.area.choices = [("", "Every area")] + [
        (str(key), name) for key, name in area_names(get_db()).items()
    ]
    form.who.choices = [("", "Everyone")] + [(key, WHO_WORDS[key]) for key in ANSWERED_BY]
    form.place.choices = [("", "Group sessions and at home")] + list(PLACE_WORDS.items())
    form.round.choices = [("", "No round: count the quarters chosen below")] + _round_choices()


def _round_quarters(found: SurveyRound) -> tuple[Quarter, Quarter]:
    """The whole quarters a round's days fall in: a report of the round counts all of them."""
    return Quarter.of(found.opens_on), Quarter.of(found.last_day)


def _round_choices() -> list[tuple[str, str]]:
    """Closed rounds whose quarters can all be counted, in words: "Spring 2027, North (1 March
    to 30 April 2027): counts the quarters January to March and April to June 2027"."""
    names = area_names(get_db())
    found = []
    for closed in closed_rounds(get_db(), date.today()):
        first, last = _round_quarters(closed)
        if not countable(last, date.today(), _after_days()):
            continue
        quarters = [quarter.label for quarter in quarters_between(first, last)]
        if first.year == last.year:  # "January to March and April to June 2027"
            quarters = [label.rsplit(" ", 1)[0] for label in quarters[:-1]] + quarters[-1:]
        counts = (
            ", ".join(quarters[:-1]) + " and " + quarters[-1] if len(quarters) > 1 else quarters[0]
        )
        where = names.get(closed.area_id, "") if closed.area_id else "every area"
        days = f"{day(closed.opens_on)} to {day(closed.last_day)}"
        found.append(
            (str(closed.id), f"{closed.name}, {where} ({days}): counts the quarters {counts}")
        )
    return found


def _chosen_round(form: ReportForm) -> SurveyRound | None:
    """The round chosen on the form (its choices are rounds that can be counted), if any; when
    the title is left empty, the report takes the round's name."""
    found = get_db().get(SurveyRound, int(form.round.data)) if form.round.data else None
    if found is not None and not (form.title.data or "").strip():
        form.title.data, form.title.raw_data = found.name, [found.name]
    return found


@admin_bp.route("/new", methods=["GET", "POST"])
def new_report() -> HttpResponse | tuple[str, int]:
    """Choose the questions, the quarters and any breakdown; the draft shows live figures."""
    form = ReportForm()
    _fill_choices(form)
    chosen_round = _chosen_round(form)
    if form.validate_on_submit():
        first, last = Quarter.parse(form.first.data or ""), Quarter.parse(form.last.data or "")
        if chosen_round is not None:  # its questions, its area and its whole quarters
            first, last = _round_quarters(chosen_round)
            form.questionnaire.data = chosen_round.questionnaire_slug
            form.area.data = str(chosen_round.area_id or "")
        if first is None or last is None:  # the choices are all quarters: a forged form
            abort(400)
        if last < first:
            form.last.errors = ["Choose a last quarter that is the same as or after the first."]
        else:
            slug, _, version = (form.questionnaire.data or "").partition("@")
            filters = ReportFilters(
                questionnaire=slug,
                version=int(version) if version else None,
                first=first,
                last=last,
                area=int(form.area.data) if form.area.data else None,
                who=form.who.data or None,
                place=form.place.data or None,
                group_votes=bool(form.group_votes.data),
            )
            db = get_db()
            try:
                made = services.create_draft(
                    db,
                    current_user,
                    form.title.data or "",
                    filters,
                    current_bank(),
                    _ptable(),
                    _after_days(),
                )
            except NotCountable:  # only ended quarters are offered: a forged or stale form
                db.rollback()
                form.last.errors = ["Choose quarters that have ended. This one has not."]
            else:
                db.commit()
                return redirect(url_for("reports.report", report_id=made.id))
    elif request.method == "GET":
        form.first.data = form.last.data = _quarter_choices()[0][0]
    status = 400 if form.errors else 200
    return render_template("reports/new.html", form=form), status


@admin_bp.post("/<int:report_id>/share")
def share(report_id: int) -> HttpResponse:
    """Send the draft to the Advisory Group (reviewers) to comment on."""
    row = _report(report_id)
    if ButtonForm().validate_on_submit() and row.status == "draft":
        db = get_db()
        services.share_for_review(db, row, current_user)
        db.commit()
        voice_report(current_app._get_current_object(), db, row)  # type: ignore[attr-defined]
    return redirect(url_for("reports.report", report_id=row.id, done="shared"))


@admin_bp.post("/<int:report_id>/publish")
def publish(report_id: int) -> HttpResponse:
    """Fix an approved report's figures for good; the board pack and exports open up."""
    row = _report(report_id)
    if ButtonForm().validate_on_submit() and row.status == "approved":
        db = get_db()
        services.publish(db, row, current_user, current_bank(), _ptable())
        db.commit()
    return redirect(url_for("reports.report", report_id=row.id, done="published"))
