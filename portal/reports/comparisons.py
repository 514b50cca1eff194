"""What a board paper compares: each statement's good-answer share in the same period a year
before, and in each area side by side. Worked out once, when the report is made, and stored
with its figures (`figures["comparisons"]`), like everything else a report shows.

Every share comes from published values (portal/reports/disclosure.py): each area's and the
year before's cells are perturbed and held back under the threshold exactly as a report of that
area or that period would be, so the comparison shows nothing another report could not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.content.bank import Bank
from portal.reports.cube import countable, questionnaire_ids
from portal.reports.disclosure import Ptable
from portal.reports.filters import ReportFilters
from portal.reports.results import (
    ReportResult,
    StatementResult,
    _answers,
    _cells,
    _share,
    asked_statements,
    ensure_counted,
    mirrored_pairs,
    publish,
)
from portal.shared.answers import ANSWER_VALUES

YEAR = 4  # quarters
TOP = 3


def year_before(filters: ReportFilters) -> ReportFilters:
    """The same choices for the same quarters a year earlier."""
    first, last = filters.first, filters.last
    for _ in range(YEAR):
        first, last = first.previous(), last.previous()
    return replace(filters, first=first, last=last)


def compare(
    db: Session,
    bank: Bank,
    filters: ReportFilters,
    ptable: Ptable,
    today: date | None = None,
    after_days: int = 7,
) -> dict[str, Any]:
    """Statement id -> good-answer share a year before, and area id -> (name, statement id ->
    share) when the report counts every area. Shares are per cent, or None (not shown)."""
    today = today or date.today()
    ids = questionnaire_ids(db, filters.questionnaire, filters.version)
    asked = asked_statements(db, bank, ids)
    earlier = year_before(filters)
    found: dict[str, Any] = {"year_before_period": earlier.period_label, "year_before": {}}
    if all(countable(quarter, today, after_days) for quarter in earlier.quarters):
        ensure_counted(db, earlier.quarters, today, after_days, mirrored_pairs(bank))
        cells = _cells(_answers(db, ids, earlier), earlier, "key")
        found["year_before"] = {
            s.id: _share(publish(ptable, cells.get(s.id, {}), ANSWER_VALUES), s.good_answer)
            for s in asked
        }
    areas: dict[str, Any] = {}
    if filters.area is None:
        answers = _answers(db, ids, filters)
        for area in db.scalars(select(Area).order_by(Area.name)):
            cells = _cells(answers, replace(filters, area=area.id), "key")
            areas[str(area.id)] = {
                "name": area.name,
                "shares": {
                    s.id: _share(publish(ptable, cells.get(s.id, {}), ANSWER_VALUES), s.good_answer)
                    for s in asked
                },
            }
    found["areas"] = areas
    return found


@dataclass(frozen=True)
class Ranked:
    statement: StatementResult
    theme: str
    share: int | None  # the good answer's share now
    change: int | None  # since the period before, in points


def statements_of(result: ReportResult) -> list[Ranked]:
    return [
        Ranked(s, theme.name, s.good_share, s.change)
        for theme in result.themes
        for s in theme.statements
    ]


def most_worrying(result: ReportResult, top: int = TOP) -> list[Ranked]:
    """The statements whose good answer has the smallest shown share: the top concerns."""
    shown = [r for r in statements_of(result) if r.share is not None]
    return sorted(shown, key=lambda r: (r.share, r.statement.id))[:top]


def improved_most(result: ReportResult, top: int = TOP) -> list[Ranked]:
    """The statements whose good answer's share rose most since the period before."""
    rose = [r for r in statements_of(result) if r.change is not None and r.change > 0]
    return sorted(rose, key=lambda r: (-(r.change or 0), r.statement.id))[:top]


def took_part(result: ReportResult) -> list[str]:
    """Who took part, a line per breakdown, naming only groups with a shown count:
    "Who answered: On their own, about 30; With help, about 15"."""
    lines = []
    for breakdown in result.breakdowns:
        if not breakdown.counts.enough:
            continue
        shown = [
            f"{label}, about {breakdown.counts.counts[key]}"
            for key, label in breakdown.labels.items()
            if breakdown.counts.counts.get(key) is not None
        ]
        if shown:
            lines.append(f"{breakdown.title}: " + "; ".join(shown))
    return lines
