"""Report pages: reviewers and administrators read reports and the Advisory Group comments on
them; administrators make drafts, share them for review and publish approved ones; published
reports give a board pack (HTML and PDF) and the figures as CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
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
from flask_login import current_user
from sqlalchemy import select

from portal.actions.models import Action
from portal.areas.models import Area
from portal.audit.services import record
from portal.auth.access import staff_blueprint
from portal.comments.services import approved_quotes
from portal.content import current_bank
from portal.content.models import Questionnaire as QuestionnaireRow
from portal.db import get_db
from portal.reports import charts, services
from portal.reports.filters import ReportFilters
from portal.reports.forms import ReportForm, ReviewCommentForm
from portal.reports.models import Report
from portal.reports.periods import Quarter
from portal.reports.results import PLACE_WORDS, WHO_WORDS, ReportResult, trend
from portal.respond.forms import ButtonForm
from portal.respond.models import ANSWERED_BY

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

HIDDEN_FROM_REVIEWERS = {"draft"}
QUARTERS_OFFERED = 8


def _threshold() -> int:
    return int(current_app.config["REPORT_THRESHOLD"])


def _report(report_id: int) -> Report:
    row = get_db().get(Report, report_id)
    if row is None or (
        current_user.role != "administrator" and row.status in HIDDEN_FROM_REVIEWERS
    ):
        abort(404)
    return row


def _area_names() -> dict[int, str]:
    return {area.id: area.name for area in get_db().scalars(select(Area).order_by(Area.name))}


def _describe_filters(filters: ReportFilters) -> list[str]:
    bank = current_bank()
    version = f" (version {filters.version} only)" if filters.version else " (every version)"
    described = [
        f"Questions: {bank.questionnaires[filters.questionnaire].title}{version}",
        f"Period: {filters.period_label}",
        f"Area: {_area_names().get(filters.area, 'every area') if filters.area else 'every area'}",
        f"Who answered: {WHO_WORDS[filters.who] if filters.who else 'everyone'}",
        f"Where: {PLACE_WORDS[filters.place] if filters.place else 'group sessions and at home'}",
        "Group votes: " + ("counted too" if filters.counts_group_votes else "not counted"),
    ]
    return described


def _actions_by_theme(filters: ReportFilters) -> dict[str, list[Action]]:
    query = select(Action).order_by(Action.due)
    if filters.area is not None:
        query = query.where((Action.area_id == filters.area) | Action.area_id.is_(None))
    found: dict[str, list[Action]] = {}
    for action in get_db().scalars(query):
        found.setdefault(action.theme_id, []).append(action)
    return found


def _context(row: Report) -> dict[str, object]:
    """Everything the report page and the board pack show."""
    db = get_db()
    bank = current_bank()
    result: ReportResult = services.figures_of(db, bank, row)
    quotes = services.quotes_of(db, row, approved_quotes)
    quotes_by_theme: dict[str, list[dict[str, object]]] = {}
    for quote in quotes:
        for theme in quote["theme_ids"]:
            quotes_by_theme.setdefault(theme, []).append(quote)
    comments: dict[str | None, list[tuple[object, str]]] = {}
    for comment, name in services.review_comments(db, row):
        comments.setdefault(comment.theme_id, []).append((comment, name))
    trends = (
        row.figures.get("trend", {})
        if row.figures is not None
        else trend(db, bank, result.filters, row.threshold)
    )
    return {
        "row": row,
        "result": result,
        "filters_described": _describe_filters(result.filters),
        "quotes_by_theme": quotes_by_theme,
        "review_comments": comments,
        "actions_by_theme": _actions_by_theme(result.filters),
        "trends": trends,
        "charts": charts,
        "statement_texts": {s: bank.statements[s].text for s in bank.statements},
    }


@bp.get("/")
def reports() -> str:
    """Every report a person may read, newest first."""
    query = select(Report).order_by(Report.created_at.desc())
    if current_user.role != "administrator":
        query = query.where(Report.status.not_in(HIDDEN_FROM_REVIEWERS))
    return render_template("reports/list.html", reports=get_db().scalars(query).all())


@bp.get("/<int:report_id>")
def report(report_id: int) -> str:
    row = _report(report_id)
    form = ReviewCommentForm()
    _theme_choices(form, services.figures_of(get_db(), current_bank(), row))
    return render_template("reports/report.html", form=form, button=ButtonForm(), **_context(row))


def _theme_choices(form: ReviewCommentForm, result: ReportResult) -> None:
    form.theme.choices = [("", "The whole report")] + [(t.id, t.name) for t in result.themes]


@bp.post("/<int:report_id>/comments")
def add_comment(report_id: int) -> Response | tuple[str, int]:
    """An Advisory Group member comments on (or challenges) one theme of a draft."""
    row = _report(report_id)
    form = ReviewCommentForm()
    _theme_choices(form, services.figures_of(get_db(), current_bank(), row))
    if row.status != "in_review":
        form.text.errors = ["Comments can only be added while the report is being reviewed."]
    elif form.validate_on_submit():
        db = get_db()
        services.add_review_comment(
            db, row, current_user, form.theme.data or None, (form.text.data or "").strip()
        )
        db.commit()
        return redirect(url_for("reports.report", report_id=row.id, done="comment"))
    return render_template(
        "reports/report.html", form=form, button=ButtonForm(), **_context(row)
    ), 400


@bp.post("/<int:report_id>/approve")
def approve(report_id: int) -> Response:
    """The Advisory Group agrees the report can be published."""
    row = _report(report_id)
    if ButtonForm().validate_on_submit() and row.status == "in_review":
        db = get_db()
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
    return render_template("reports/board_pack.html", **_context(row))


@bp.get("/<int:report_id>/board-pack.pdf")
def board_pack_pdf(report_id: int) -> Response:
    from portal.reports.pdf import render_pdf

    row = _published(report_id)
    html = render_template("reports/board_pack.html", pdf=True, **_context(row))
    pdf = render_pdf(current_app._get_current_object(), html)  # type: ignore[attr-defined]
    db = get_db()
    record(db, current_user, "report.exported", f"report:{row.id}", "pdf")
    db.commit()
    return _download(pdf, "application/pdf", f"board-pack-{row.id}.pdf")


def _download(body: bytes | str, mimetype: str, name: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def figure_rows(result: ReportResult) -> list[dict[str, object]]:
    """One row per statement and answer: the suppressed figures only (blank when hidden)."""
    rows = []
    for theme in result.themes:
        for statement in theme.statements:
            for value, count in statement.now.counts.items():
                rows.append(
                    {
                        "theme": theme.id,
                        "statement": statement.id,
                        "answer": value,
                        "count": count,
                        "total": statement.now.total,
                        "enough_answers": statement.now.enough,
                    }
                )
    return rows


@bp.get("/<int:report_id>/figures.csv")
def figures_csv(report_id: int) -> Response:
    row = _published(report_id)
    result = services.figures_of(get_db(), current_bank(), row)
    out = io.StringIO()
    writer = csv.DictWriter(
        out, ["theme", "statement", "answer", "count", "total", "enough_answers"]
    )
    writer.writeheader()
    writer.writerows(figure_rows(result))
    db = get_db()
    record(db, current_user, "report.exported", f"report:{row.id}", "csv")
    db.commit()
    return _download(out.getvalue(), "text/csv", f"report-{row.id}-figures.csv")


@bp.get("/<int:report_id>/figures.json")
def figures_json(report_id: int) -> Response:
    row = _published(report_id)
    figures = dict(row.figures or {})
    figures.pop("quotes", None)
    body = {"report": row.title, "published_at": row.published_at.isoformat(), **figures}
    db = get_db()
    record(db, current_user, "report.exported", f"report:{row.id}", "json")
    db.commit()
    return _download(json.dumps(body, indent=2), "application/json", f"report-{row.id}.json")


# --- administrators -------------------------------------------------------------------------


def _quarter_choices() -> list[tuple[str, str]]:
    quarter = Quarter.of(date.today())
    found = []
    for _ in range(QUARTERS_OFFERED):
        found.append((str(quarter), quarter.label))
        quarter = quarter.previous()
    return found


def _fill_choices(form: ReportForm) -> None:
    bank = current_bank()
    versions = get_db().execute(
        select(QuestionnaireRow.slug, QuestionnaireRow.version).order_by(
            QuestionnaireRow.slug, QuestionnaireRow.version
        )
    )
    form.questionnaire.choices = [
        (q.slug, f"{q.title} (every version)") for q in bank.questionnaires.values()
    ] + [
        (f"{slug}@{version}", f"{bank.questionnaires[slug].title} (version {version} only)")
        for slug, version in versions
        if slug in bank.questionnaires
    ]
    form.first.choices = form.last.choices = _quarter_choices()
    form.area.choices = [("", "Every area")] + [
        (str(key), name) for key, name in _area_names().items()
    ]
    form.who.choices = [("", "Everyone")] + [(key, WHO_WORDS[key]) for key in ANSWERED_BY]
    form.place.choices = [("", "Group sessions and at home")] + list(PLACE_WORDS.items())


@admin_bp.route("/new", methods=["GET", "POST"])
def new_report() -> Response | tuple[str, int]:
    """Choose the questions, the quarters and any breakdown; the draft shows live figures."""
    form = ReportForm()
    _fill_choices(form)
    if form.validate_on_submit():
        first, last = Quarter.parse(form.first.data or ""), Quarter.parse(form.last.data or "")
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
            row = services.create_draft(
                db, current_user, form.title.data or "", filters, _threshold()
            )
            db.commit()
            return redirect(url_for("reports.report", report_id=row.id))
    elif request.method == "GET":
        form.first.data = form.last.data = _quarter_choices()[0][0]
    status = 400 if form.errors else 200
    return render_template("reports/new.html", form=form), status


@admin_bp.post("/<int:report_id>/share")
def share(report_id: int) -> Response:
    """Send the draft to the Advisory Group (reviewers) to comment on."""
    row = _report(report_id)
    if ButtonForm().validate_on_submit() and row.status == "draft":
        db = get_db()
        services.share_for_review(db, row, current_user)
        db.commit()
    return redirect(url_for("reports.report", report_id=row.id, done="shared"))


@admin_bp.post("/<int:report_id>/publish")
def publish(report_id: int) -> Response:
    """Fix an approved report's figures for good; the board pack and exports open up."""
    row = _report(report_id)
    if ButtonForm().validate_on_submit() and row.status == "approved":
        db = get_db()
        bank = current_bank()
        services.publish(db, row, current_user, bank, approved_quotes)
        row.figures = {
            **(row.figures or {}),
            "trend": trend(db, bank, services.filters_of(row), row.threshold),
        }
        db.commit()
    return redirect(url_for("reports.report", report_id=row.id, done="published"))
