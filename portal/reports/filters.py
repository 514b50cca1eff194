"""What a report counts: one questionnaire, a run of whole quarters, and optional breakdowns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from portal.reports.cube import GROUP, Entry
from portal.reports.periods import Quarter, quarters_between
from portal.shared.answers import ANSWERED_BY

PLACES = ("session", "home")
# The breakdowns a report can be narrowed by.
DIMENSIONS = ("area", "who", "place")


@dataclass(frozen=True)
class ReportFilters:
    questionnaire: str
    first: Quarter
    last: Quarter
    version: int | None = None  # None: every version of the questionnaire
    area: int | None = None
    who: str | None = None  # one of ANSWERED_BY
    place: str | None = None  # "session" or "home"
    group_votes: bool = False  # count group votes as well as individual answers

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("the last quarter comes before the first")
        if self.who is not None and self.who not in ANSWERED_BY:
            raise ValueError(f"unknown 'who answered' {self.who!r}")
        if self.place is not None and self.place not in PLACES:
            raise ValueError(f"unknown place {self.place!r}")

    @property
    def quarters(self) -> list[Quarter]:
        return quarters_between(self.first, self.last)

    def keeps(self, entry: Entry) -> bool:
        """Whether a counted group of answers (or people) belongs in this report."""
        return (
            self.first <= entry.quarter <= self.last
            and all(getattr(self, name) in (None, getattr(entry, name)) for name in DIMENSIONS)
            and (entry.who != GROUP or self.counts_group_votes)
        )

    def narrowing(self, area: Any, who: Any, session: Any) -> list[Any]:
        """SQL conditions keeping only rows of this report's area, who answered and place,
        given the columns that hold them in a query (each query sets its own period)."""
        found = []
        if self.area is not None:
            found.append(area == self.area)
        if self.who is not None:
            found.append(who == self.who)
        if self.place == "session":
            found.append(session.is_not(None))
        elif self.place == "home":
            found.append(session.is_(None))
        return found

    @property
    def counts_group_votes(self) -> bool:
        """Group votes have no "who answered" and always happen in a session."""
        return self.group_votes and self.who is None and self.place != "home"

    def previous(self) -> ReportFilters:
        """The same filters for the same number of quarters just before."""
        length = len(self.quarters)
        first = self.first
        for _ in range(length):
            first = first.previous()
        return replace(self, first=first, last=self.first.previous())

    @property
    def period_label(self) -> str:
        if self.first == self.last:
            return self.first.label
        start = self.first.label.split(" to ")[0]
        return f"{start} {self.first.year} to {self.last.label.split(' to ')[1]}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["first"], data["last"] = str(self.first), str(self.last)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReportFilters:
        first, last = Quarter.parse(data["first"]), Quarter.parse(data["last"])
        if first is None or last is None:
            raise ValueError("bad quarter")
        return cls(
            questionnaire=data["questionnaire"],
            first=first,
            last=last,
            version=data.get("version"),
            area=data.get("area"),
            who=data.get("who"),
            place=data.get("place"),
            group_votes=bool(data.get("group_votes")),
        )
