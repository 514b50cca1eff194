"""A report's life: made (its figures worked out once and stored), shared with the Advisory
Group, approved by one of them, published with its trend and approved quotes.

Every change is written to the audit log. Stored figures are never worked out again.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.actions.models import Action
from portal.actions.progress import linked_comments, notes_for
from portal.actions.services import actions_for_area, all_actions
from portal.areas.services import area_names
from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.config import LANGUAGES
from portal.content.bank import Bank
from portal.content.models import Questionnaire as QuestionnaireRow
from portal.db import utcnow
from portal.notices import services as notices
from portal.reports import easy
from portal.reports.comparisons import compare, improved_most, most_worrying, took_part
from portal.reports.cube import ANSWERED, YES_BOTH, people_cube
from portal.reports.disclosure import Cell, Ptable
from portal.reports.figures import METHOD, from_figures, to_figures
from portal.reports.filters import ReportFilters
from portal.reports.models import Report, ReviewComment, ReviewRecording, ThemeApproval
from portal.reports.periods import Quarter
from portal.reports.quotes import approved_quotes
from portal.reports.results import (
    PLACE_WORDS,
    WHO_WORDS,
    ReportResult,
    build_report,
    questionnaire_title,
    trend,
)
from portal.reports.results import (
    publish as publish_row,
)

# `about`: every answer but "This is not about me", the number a share is out of. Mirrored
# pairs follow the statements (theme "mirrored pairs", statement "first-id second-id", answer
# "answered" or "yes_both"; total: the people who answered both).
CSV_COLUMNS = (
    "theme",
    "statement",
    "answer",
    "count",
    "total",
    "about",
    "enough_answers",
    "skipped",
)
PAIRS_THEME = "mirrored pairs"


class ReportStateError(Exception):
    """The report is not at the step this needs (e.g. publishing a draft nobody approved)."""


def create_draft(
    db: Session,
    actor: StaffUser,
    title: str,
    filters: ReportFilters,
    bank: Bank,
    ptable: Ptable,
    after_days: int = 7,
    languages: Sequence[str] = LANGUAGES,
) -> Report:
    """A new report with its figures worked out now, once (NotCountable for a quarter that
    has not ended long enough ago)."""
    result = build_report(db, bank, filters, ptable, languages, after_days=after_days)
    made_on = result.made_at.date()
    row = Report(
        title=title.strip(),
        filters=filters.to_dict(),
        threshold=ptable.threshold,
        status="draft",
        created_by=actor.id,
        figures=to_figures(result)
        | {"comparisons": compare(db, bank, filters, ptable, made_on, after_days)},
    )
    db.add(row)
    db.flush()
    record(db, actor, "report.created", f"report:{row.id}", title)
    return row


def filters_of(row: Report) -> ReportFilters:
    return ReportFilters.from_dict(row.filters)


def _has_figures(row: Report) -> bool:
    """Whether the report's figures were stored by this method (not before migration 0010)."""
    return row.figures is not None and row.figures.get("method") == METHOD


def _published_parts(db: Session, bank: Bank, row: Report, ptable: Ptable) -> dict[str, Any]:
    """What publishing adds to the figures: the approved quotes and the four-quarter trend."""
    filters = filters_of(row)
    return {"quotes": approved_quotes(db, filters), "trend": trend(db, bank, filters, ptable)}


def figures_of(db: Session, bank: Bank, row: Report, ptable: Ptable) -> ReportResult:
    """The report's stored figures. A report made before figures were stored this way (migration
    0010) has them worked out now, once, and noted in the audit log."""
    if not _has_figures(row):
        figures = to_figures(build_report(db, bank, filters_of(row), ptable))
        if row.status == "published":
            figures |= _published_parts(db, bank, row, ptable)
        row.figures = figures
        record(db, None, "report.figures_worked_out", f"report:{row.id}", "cell-key method")
        db.flush()
    return from_figures(row.figures or {})


def quotes_of(db: Session, row: Report) -> list[dict[str, Any]]:
    """Approved comments: stored when the report was published, looked up afresh before (a
    draft stores its figures, but comments may still be approved while it is reviewed)."""
    if row.figures is not None and "quotes" in row.figures:
        return list(row.figures["quotes"])
    return approved_quotes(db, filters_of(row))


def stored_figures(row: Report) -> ReportResult | None:
    """The figures stored with the report (None for one made before migration 0010 that no
    one has opened since: its figures are worked out when staff next open it)."""
    return from_figures(row.figures or {}) if _has_figures(row) else None


def trend_of(row: Report) -> dict[str, list[tuple[str, int | None]]]:
    """The four-quarter trend, stored when the report was published (none before)."""
    return dict((row.figures or {}).get("trend", {}))


def _move(db: Session, row: Report, actor: StaffUser, before: str, after: str) -> None:
    if row.status != before:
        raise ReportStateError(f"report {row.id} is {row.status}, not {before}")
    row.status = after
    record(db, actor, f"report.{after}", f"report:{row.id}", row.title)
    db.flush()


def share_for_review(db: Session, row: Report, actor: StaffUser) -> None:
    """Reviewers (the Advisory Group) can now read the draft and comment on each theme."""
    _move(db, row, actor, "draft", "in_review")
    notices.notify_report_review(db, row.id, actor.id)


def may_approve(row: Report, actor: StaffUser) -> bool:
    """Only a reviewer (the Advisory Group) approves, and never a report they made."""
    return actor.role == "reviewer" and actor.id != row.created_by


def theme_ids(row: Report) -> list[str]:
    """The report's themes, in its order (from its stored figures)."""
    return [theme["id"] for theme in (row.figures or {}).get("themes", ())]


def theme_approvals(db: Session, row: Report) -> dict[str, tuple[ThemeApproval, str | None]]:
    """Theme id -> its approval and the name of the Advisory Group member who agreed it."""
    found = db.execute(
        select(ThemeApproval, StaffUser.display_name)
        .outerjoin(StaffUser, StaffUser.id == ThemeApproval.approved_by)
        .where(ThemeApproval.report_id == row.id)
    )
    return {approval.theme_id: (approval, name) for approval, name in found}


def themes_to_agree(db: Session, row: Report) -> list[str]:
    """The report's themes nobody in the Advisory Group has agreed yet."""
    agreed = theme_approvals(db, row)
    return [theme for theme in theme_ids(row) if theme not in agreed]


def agree_theme(db: Session, row: Report, actor: StaffUser, theme_id: str) -> bool:
    """An Advisory Group member agrees one theme's page (False: it was agreed already)."""
    if row.status != "in_review":
        raise ReportStateError(f"report {row.id} is {row.status}, not in review")
    if not may_approve(row, actor):
        raise ReportStateError(f"{actor.role} {actor.id} may not approve report {row.id}")
    if theme_id not in theme_ids(row):
        raise ReportStateError(f"report {row.id} has no theme {theme_id}")
    if db.get(ThemeApproval, (row.id, theme_id)) is not None:
        return False
    db.add(ThemeApproval(report_id=row.id, theme_id=theme_id, approved_by=actor.id))
    db.flush()
    record(db, actor, "report.theme_agreed", f"report:{row.id}", theme_id)
    return True


def agree_every_theme(db: Session, row: Report, actor: StaffUser) -> None:
    """Every theme agreed by one Advisory Group member (the demo, and tests of what follows)."""
    for theme_id in themes_to_agree(db, row):
        agree_theme(db, row, actor, theme_id)


def approve(db: Session, row: Report, actor: StaffUser) -> None:
    """An Advisory Group member agrees the draft can be published, once every theme's page has
    been agreed."""
    if not may_approve(row, actor):
        raise ReportStateError(f"{actor.role} {actor.id} may not approve report {row.id}")
    if themes_to_agree(db, row):
        raise ReportStateError(f"report {row.id} has themes nobody has agreed yet")
    _move(db, row, actor, "in_review", "approved")
    row.approved_by, row.approved_at = actor.id, utcnow()
    notices.notify_report_approved(db, row.id, row.created_by, actor.id)


def publish(db: Session, row: Report, actor: StaffUser, bank: Bank, ptable: Ptable) -> None:
    """Publish an approved report: its stored figures, with the four-quarter trend and the
    approved quotes as they are now added. Nothing changes afterwards."""
    if row.status != "approved":
        raise ReportStateError(f"report {row.id} is {row.status}, not approved")
    figures_of(db, bank, row, ptable)  # stored when it was made (or now, if made before 0010)
    row.figures = {**(row.figures or {}), **_published_parts(db, bank, row, ptable)}
    row.published_by, row.published_at = actor.id, utcnow()
    _move(db, row, actor, "approved", "published")
    notices.notify_report_published(db, row.id, row.created_by, actor.id)


def add_review_comment(
    db: Session, row: Report, actor: StaffUser, theme_id: str | None, text: str
) -> ReviewComment:
    if row.status != "in_review":
        raise ReportStateError(f"report {row.id} is {row.status}, not in review")
    comment = ReviewComment(report_id=row.id, theme_id=theme_id, author_id=actor.id, text=text)
    db.add(comment)
    db.flush()
    record(db, actor, "report.review_comment", f"report:{row.id}", theme_id or "")
    return comment


def add_review_recording(
    db: Session,
    row: Report,
    actor: StaffUser,
    theme_id: str | None,
    text: str,
    mp3: bytes,
    seconds: float,
) -> ReviewComment:
    """A spoken comment: the reviewer's own voice (already converted to a small MP3), with any
    words they typed beside it."""
    comment = add_review_comment(db, row, actor, theme_id, text)
    db.add(ReviewRecording(comment_id=comment.id, audio=mp3, seconds=seconds))
    db.flush()
    return comment


def recorded_comments(db: Session, row: Report) -> set[int]:
    """The ids of the report's comments that have a recording."""
    return set(
        db.scalars(
            select(ReviewRecording.comment_id)
            .join(ReviewComment, ReviewComment.id == ReviewRecording.comment_id)
            .where(ReviewComment.report_id == row.id)
        )
    )


def review_comments(db: Session, row: Report) -> list[tuple[ReviewComment, str]]:
    """Each comment with its author's name, oldest first."""
    return [
        (comment, name)
        for comment, name in db.execute(
            select(ReviewComment, StaffUser.display_name)
            .outerjoin(StaffUser, StaffUser.id == ReviewComment.author_id)
            .where(ReviewComment.report_id == row.id)
            .order_by(ReviewComment.created_at, ReviewComment.id)
        )
    ]


def published_reports(db: Session) -> list[Report]:
    """Every published report, newest first."""
    query = select(Report).where(Report.status == "published").order_by(Report.published_at.desc())
    return list(db.scalars(query))


def latest_for(
    rows: Sequence[Report], area_id: int | None, questionnaire: str | None = None
) -> Report | None:
    """Of published reports (newest first), the newest of a questionnaire (any, if not given)
    for this area, else the newest one for every area."""
    for wanted in (area_id, None):
        for row in rows:
            if row.filters.get("area") == wanted and questionnaire in (
                None,
                row.filters.get("questionnaire"),
            ):
                return row
    return None


def published_for_area(
    db: Session, area_id: int | None, questionnaire: str | None = None
) -> Report | None:
    """The newest published report of a questionnaire (any, if not given) for this area, else
    the newest one for every area."""
    return latest_for(published_reports(db), area_id, questionnaire)


def questionnaires_of(rows: Sequence[Report]) -> list[str]:
    """The questionnaires of these reports, in their order, each once."""
    return list(dict.fromkeys(row.filters["questionnaire"] for row in rows))


def so_far(db: Session, ptable: Ptable, today: date) -> int | None:
    """People who have answered any questionnaire in the quarter not yet ended, published like
    every other count (None: fewer than the threshold)."""
    quarter = Quarter.of(today)
    ids = list(db.scalars(select(QuestionnaireRow.id)))
    cube = people_cube(db, ids, quarter.start, quarter.end)
    return publish_row(ptable, {"people": sum(cube.values(), Cell())}, ["people"]).total


# --- what the report pages and exports show ---------------------------------------------------


def describe_filters(db: Session, bank: Bank, filters: ReportFilters) -> list[str]:
    """What a report counts, one line per choice, in words."""
    version = f" (version {filters.version} only)" if filters.version else " (every version)"
    area = area_names(db).get(filters.area, "every area") if filters.area else "every area"
    return [
        f"Questions: {questionnaire_title(db, bank, filters.questionnaire)}{version}",
        f"Period: {filters.period_label}",
        f"Area: {area}",
        f"Who answered: {WHO_WORDS[filters.who] if filters.who else 'everyone'}",
        f"Where: {PLACE_WORDS[filters.place] if filters.place else 'group sessions and at home'}",
        "Group votes: " + ("counted too" if filters.counts_group_votes else "not counted"),
    ]


def _actions_by_theme(db: Session, area_id: int | None) -> dict[str, list[Action]]:
    """A report for every area shows every action; one area's, its own and every area's."""
    found: dict[str, list[Action]] = {}
    for action in all_actions(db) if area_id is None else actions_for_area(db, area_id):
        found.setdefault(action.theme_id, []).append(action)
    return found


def page_context(db: Session, bank: Bank, row: Report, ptable: Ptable) -> dict[str, object]:
    """Everything the report page and the board pack show."""
    result = figures_of(db, bank, row, ptable)
    quotes_by_theme: dict[str, list[dict[str, object]]] = {}
    for quote in quotes_of(db, row):
        for theme in quote["theme_ids"]:
            quotes_by_theme.setdefault(theme, []).append(quote)
    comments: dict[str | None, list[tuple[ReviewComment, str]]] = {}
    for comment, name in review_comments(db, row):
        comments.setdefault(comment.theme_id, []).append((comment, name))
    actions = _actions_by_theme(db, result.filters.area)
    action_ids = [action.id for found in actions.values() for action in found]
    return {
        "row": row,
        "result": result,
        "filters_described": describe_filters(db, bank, result.filters),
        "quotes_by_theme": quotes_by_theme,
        "review_comments": comments,
        "actions_by_theme": actions,
        "action_notes": notes_for(db, action_ids),
        "action_comments": linked_comments(db, action_ids),
        "statement_texts": {s.id: s.text for t in result.themes for s in t.statements},
        "trends": trend_of(row),
        "agreed": theme_approvals(db, row),
        # stored when the report was made (none for a report made before they were)
        "comparisons": (row.figures or {}).get("comparisons"),
        "worrying": most_worrying(result),
        "improved": improved_most(result),
        "took_part": took_part(result),
        "recorded": recorded_comments(db, row),
        "approved_by": _name(db, row.approved_by),
    }


def _name(db: Session, user_id: int | None) -> str | None:
    return (
        None
        if user_id is None
        else db.scalar(select(StaffUser.display_name).where(StaffUser.id == user_id))
    )


def easy_summary(
    db: Session,
    row: Report,
    ptable: Ptable,
    english: Bank,
    bank: Bank,
    language: str,
    gettext: Callable[..., str],
) -> easy.Summary:
    """The Advisory Group's summary of the report in one language (`bank`: the content in it)."""
    result = figures_of(db, english, row, ptable)
    area = result.filters.area
    area_name = area_names(db).get(area) if area is not None else None
    return easy.summary(result, quotes_of(db, row), bank, language, gettext, area_name)


def figure_rows(result: ReportResult) -> list[dict[str, object]]:
    """One row per statement and answer, then two per mirrored pair: published values only
    (blank: fewer than the threshold)."""
    rows: list[dict[str, object]] = [
        {
            "theme": theme.id,
            "statement": statement.id,
            "answer": value,
            "count": count,
            "total": statement.now.total,
            "about": statement.now.about,
            "enough_answers": statement.now.enough,
            "skipped": statement.now.skipped,  # apart: never an answer, never in the total
        }
        for theme in result.themes
        for statement in theme.statements
        for value, count in statement.now.counts.items()
    ]
    for pair in result.pairs:
        for answer, count in ((ANSWERED, pair.answered), (YES_BOTH, pair.yes_both)):
            rows.append(
                {
                    "theme": PAIRS_THEME,
                    "statement": f"{pair.first} {pair.second}",
                    "answer": answer,
                    "count": count,
                    "total": pair.answered,
                    "about": pair.answered,
                    "enough_answers": pair.answered is not None,
                }
            )
    return rows


def figures_csv(db: Session, bank: Bank, row: Report, ptable: Ptable) -> str:
    """A published report's figures as CSV, one row per statement and answer."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS)
    writer.writeheader()
    writer.writerows(figure_rows(figures_of(db, bank, row, ptable)))
    return out.getvalue()


def figures_json(row: Report) -> str:
    """A published report's stored figures as JSON (without the quotes)."""
    figures = dict(row.figures or {})
    figures.pop("quotes", None)
    published = row.published_at.isoformat() if row.published_at else None
    return json.dumps({"report": row.title, "published_at": published, **figures}, indent=2)


def reports_list(db: Session, hidden_statuses: Sequence[str] = ()) -> list[Report]:
    """Every report not in one of `hidden_statuses`, newest first."""
    query = select(Report).order_by(Report.created_at.desc())
    if hidden_statuses:
        query = query.where(Report.status.not_in(hidden_statuses))
    return list(db.scalars(query))


def questionnaire_versions(db: Session) -> list[tuple[str, int]]:
    """Every (slug, version) of a questionnaire the database has had."""
    rows = db.execute(
        select(QuestionnaireRow.slug, QuestionnaireRow.version).order_by(
            QuestionnaireRow.slug, QuestionnaireRow.version
        )
    )
    return [(slug, version) for slug, version in rows]
