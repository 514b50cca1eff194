"""A report's figures as plain JSON: what a published snapshot stores, and exports contain.

Only suppressed figures go in (hidden counts are null): never an answer or an unapproved comment.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from portal.reports.filters import ReportFilters
from portal.reports.results import (
    Breakdown,
    ReportResult,
    SafetySummary,
    StatementResult,
    ThemeResult,
)
from portal.reports.suppression import Protected


def to_figures(report: ReportResult) -> dict[str, Any]:
    data = asdict(report)
    data["filters"] = report.filters.to_dict()
    data["made_at"] = report.made_at.isoformat(timespec="seconds")
    return data


def _protected(data: dict[str, Any]) -> Protected:
    return Protected(dict(data["counts"]), data["total"], data["enough"])


def from_figures(data: dict[str, Any]) -> ReportResult:
    return ReportResult(
        filters=ReportFilters.from_dict(data["filters"]),
        threshold=data["threshold"],
        title=data["title"],
        people=_protected(data["people"]),
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
                        now=_protected(s["now"]),
                        before=_protected(s["before"]),
                    )
                    for s in theme["statements"]
                ),
            )
            for theme in data["themes"]
        ),
        breakdowns=tuple(
            Breakdown(b["title"], dict(b["labels"]), _protected(b["counts"]), tuple(b["gaps"]))
            for b in data["breakdowns"]
        ),
        safety=SafetySummary(**data["safety"]),
        made_at=datetime.fromisoformat(data["made_at"]),
        notes=tuple(data.get("notes", ())),
    )
