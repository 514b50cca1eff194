"""A report's figures as plain JSON: what a report stores when it is made, and exports contain.

Only published values go in (None where a count is "fewer than the threshold"): never a true
count, an answer or an unapproved comment.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from portal.reports.filters import ReportFilters
from portal.reports.results import (
    Breakdown,
    PairResult,
    ReportResult,
    Row,
    SafetySummary,
    StatementResult,
    ThemeResult,
)
from portal.shared.answers import ANSWER_VALUES

METHOD = "cell-key"  # figures made another way (before migration 0010) are worked out again


def to_figures(report: ReportResult) -> dict[str, Any]:
    data = asdict(report)
    data["method"] = METHOD
    data["filters"] = report.filters.to_dict()
    data["made_at"] = report.made_at.isoformat(timespec="seconds")
    return data


def _row(data: dict[str, Any]) -> Row:
    # Figures stored before "This is not about me" have no `about`: then nobody could say it,
    # and a share was out of the total.
    # Figures stored before skipping have no `skipped`: nobody could skip.
    return Row(
        dict(data["counts"]), data["total"], data.get("about", data["total"]), data.get("skipped")
    )


def from_figures(data: dict[str, Any]) -> ReportResult:
    threshold = data["threshold"]
    return ReportResult(
        filters=ReportFilters.from_dict(data["filters"]),
        threshold=threshold,
        ptable=data["ptable"],
        title=data["title"],
        people=_row(data["people"]),
        themes=tuple(
            ThemeResult(
                theme["id"],
                theme["name"],
                tuple(
                    StatementResult(
                        id=s["id"],
                        text=s["text"],
                        picture=s["picture"],
                        good_answer=s["good_answer"],
                        now=_row(s["now"]),
                        before=_row(s["before"]),
                        threshold=threshold,
                        offered=tuple(s.get("offered", ANSWER_VALUES)),  # none stored before
                        asked_in=s.get("asked_in", ""),
                    )
                    for s in theme["statements"]
                ),
            )
            for theme in data["themes"]
        ),
        breakdowns=tuple(
            Breakdown(b["title"], dict(b["labels"]), _row(b["counts"]), tuple(b["gaps"]))
            for b in data["breakdowns"]
        ),
        safety=SafetySummary(**data["safety"]),
        made_at=datetime.fromisoformat(data["made_at"]),
        notes=tuple(data.get("notes", ())),
        pairs=tuple(PairResult(**pair) for pair in data.get("pairs", ())),
    )
