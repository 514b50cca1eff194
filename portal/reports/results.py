"""A report: results by theme and statement, who took part, and the safety section.

Built from the grouped counts in `cube.py` (SQL GROUP BY), with small numbers hidden by
`suppression.py`. Nothing here can see an individual answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from babel import Locale
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.config import LANGUAGES
from portal.content.bank import Bank
from portal.reports.cube import (
    GROUP,
    PEOPLE,
    Cube,
    Entry,
    answer_cube,
    group_vote_cube,
    people_cube,
    questionnaire_ids,
)
from portal.reports.filters import ReportFilters
from portal.reports.suppression import Protected, protect
from portal.respond.models import Response
from portal.safety.models import SafetyFlag
from portal.shared.answers import ANSWER_VALUES, ANSWERED_BY, ANSWERS

WHO_WORDS = {
    "own": "People answering for themselves",
    "with_help": "People answering with help",
    "on_behalf": "Someone answering for another person",
    "family_carer": "Family members and carers",
    GROUP: "Group votes",
}
PLACE_WORDS = {"session": "In a group session", "home": "At home"}


@dataclass(frozen=True)
class StatementResult:
    id: str
    text: str
    picture: str
    good_answer: str  # "yes", or "no" for statements where No is the good answer
    now: Protected
    before: Protected

    @property
    def good_share(self) -> int | None:
        """Per cent who gave the good answer, or None when hidden."""
        return _share(self.now, self.good_answer)

    @property
    def change(self) -> int | None:
        """Change in the good answer's share since the period before, in percentage points."""
        before = _share(self.before, self.good_answer)
        now = self.good_share
        return None if before is None or now is None else now - before

    @property
    def sentence(self) -> str:
        """ "7 out of 10 people said Yes." (or why there is nothing to say)."""
        if not self.now.enough:
            return "Not enough answers to show."
        count = self.now.counts[self.good_answer]
        total = self.now.total or 0
        word = ANSWERS[self.good_answer]
        if count is None:
            return f"We cannot show how many people said {word}: the number is too small."
        return f"{round(10 * count / total)} out of 10 people said {word}."


def _share(row: Protected, value: str) -> int | None:
    count = row.counts.get(value)
    if not row.enough or count is None or not row.total:
        return None
    return round(100 * count / row.total)


@dataclass(frozen=True)
class ThemeResult:
    id: str
    name: str
    statements: tuple[StatementResult, ...]


@dataclass(frozen=True)
class Breakdown:
    """Who took part, split one way (by who answered, area, place or language)."""

    title: str
    labels: dict[str, str]
    counts: Protected
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class SafetySummary:
    raised: int
    acknowledged: int


@dataclass(frozen=True)
class ReportResult:
    filters: ReportFilters
    threshold: int
    title: str
    people: Protected
    themes: tuple[ThemeResult, ...]
    breakdowns: tuple[Breakdown, ...]
    safety: SafetySummary
    made_at: datetime
    notes: tuple[str, ...] = field(default=())


def _in_period(cube: Cube, filters: ReportFilters) -> dict[str, list[tuple[Entry, int]]]:
    """The counted groups in the report's period, by statement (group votes only if asked)."""
    by_statement: dict[str, list[tuple[Entry, int]]] = {}
    for entry, count in cube.items():
        if filters.first <= entry.quarter <= filters.last and (
            entry.who != GROUP or filters.counts_group_votes
        ):
            by_statement.setdefault(entry.statement, []).append((entry, count))
    return by_statement


def _protect_answers(
    entries: Sequence[tuple[Entry, int]], filters: ReportFilters, threshold: int
) -> Protected:
    return protect(entries, filters.keeps, "key", ANSWER_VALUES, filters.narrowed_by, threshold)


def _themes(
    bank: Bank,
    statement_ids: Sequence[str],
    now: dict[str, list[tuple[Entry, int]]],
    before: dict[str, list[tuple[Entry, int]]],
    filters: ReportFilters,
    threshold: int,
) -> tuple[ThemeResult, ...]:
    previous = filters.previous()
    results: dict[str, list[StatementResult]] = {}
    for statement_id in statement_ids:
        statement = bank.statements[statement_id]
        results.setdefault(statement.theme, []).append(
            StatementResult(
                id=statement.id,
                text=statement.text,
                picture=statement.picture,
                good_answer="yes" if statement.direction == "yes_good" else "no",
                now=_protect_answers(now.get(statement_id, ()), filters, threshold),
                before=_protect_answers(before.get(statement_id, ()), previous, threshold),
            )
        )
    return tuple(
        ThemeResult(theme, bank.themes[theme].name, tuple(statements))
        for theme, statements in results.items()
    )


def _breakdowns(
    db: Session,
    people: list[tuple[Entry, int]],
    filters: ReportFilters,
    threshold: int,
    languages: Sequence[str],
) -> tuple[Breakdown, ...]:
    areas = {area.id: area.name for area in db.scalars(select(Area).order_by(Area.name))}
    area_labels = {str(key): name for key, name in areas.items()} | {"None": "Area not known"}
    ways = (
        ("Who answered", "who", {k: WHO_WORDS[k] for k in ANSWERED_BY}),
        ("Area", "area", area_labels),
        ("Where", "place", PLACE_WORDS),
        (
            "Language",
            "key",
            # Babel names every language the portal has; the code stands in for one it cannot
            {code: Locale.parse(code).get_display_name("en") or code for code in languages},
        ),
    )
    found = []
    for title, column, labels in ways:
        keyed = [(_keyed(entry, column), count) for entry, count in people]
        narrowed = tuple(name for name in filters.narrowed_by if name != column)
        counts = protect(keyed, filters.keeps, "key", list(labels), narrowed, threshold)
        gaps = tuple(
            f"{label}: nobody took part."
            for key, label in labels.items()
            if counts.enough and counts.counts[key] == 0 and key != "None"
        )
        found.append(Breakdown(title, labels, counts, gaps))
    return tuple(found)


def _keyed(entry: Entry, column: str) -> Entry:
    """The same counted group, keyed by another of its details (as text)."""
    return replace(entry, key=str(getattr(entry, column)))


def _safety(db: Session, filters: ReportFilters) -> SafetySummary:
    """How many safety alerts were raised in the period and how many were followed up."""
    query = select(func.count(SafetyFlag.id), func.count(SafetyFlag.acknowledged_at))
    if filters.who is not None:  # who answered is on the response (the help link has none)
        query = query.outerjoin(Response, Response.id == SafetyFlag.response_id)
    query = query.where(
        SafetyFlag.raised_at >= filters.first.start,
        SafetyFlag.raised_at < filters.last.end,
        *filters.narrowing(SafetyFlag.area_id, Response.answered_by, SafetyFlag.session_id),
    )
    raised, acknowledged = db.execute(query).one()
    return SafetySummary(raised, acknowledged)


def build_report(
    db: Session,
    bank: Bank,
    filters: ReportFilters,
    threshold: int,
    languages: Sequence[str] = LANGUAGES,
    made_at: datetime | None = None,
) -> ReportResult:
    """Everything a report shows, with small numbers hidden."""
    questionnaire = bank.questionnaires[filters.questionnaire]
    ids = questionnaire_ids(db, filters.questionnaire, filters.version)
    previous = filters.previous()
    start, end = previous.first.start, filters.last.end
    cube = answer_cube(db, ids, start, end)
    if filters.counts_group_votes:
        cube |= group_vote_cube(db, ids, start, end)
    people = people_cube(db, ids, filters.first.start, end).items()
    people_entries = list(people)
    everyone = protect(
        [(_keyed(e, "statement"), n) for e, n in people_entries],
        filters.keeps,
        "key",
        [PEOPLE],
        filters.narrowed_by,
        threshold,
    )
    return ReportResult(
        filters=filters,
        threshold=threshold,
        title=questionnaire.title,
        people=everyone,
        themes=_themes(
            bank,
            questionnaire.statement_ids,
            _in_period(cube, filters),
            _in_period(cube, previous),
            filters,
            threshold,
        ),
        breakdowns=_breakdowns(db, people_entries, filters, threshold, languages),
        safety=_safety(db, filters),
        made_at=made_at or datetime.now(),
    )


def trend(
    db: Session, bank: Bank, filters: ReportFilters, threshold: int, quarters: int = 4
) -> dict[str, list[tuple[str, int | None]]]:
    """Statement id -> (quarter, % good answer or None when hidden) for the last few quarters,
    each quarter protected on its own, from one GROUP BY."""
    questionnaire = bank.questionnaires[filters.questionnaire]
    ids = questionnaire_ids(db, filters.questionnaire, filters.version)
    first = filters.last
    for _ in range(quarters - 1):
        first = first.previous()
    cube = answer_cube(db, ids, first.start, filters.last.end)
    if filters.counts_group_votes:
        cube |= group_vote_cube(db, ids, first.start, filters.last.end)
    found: dict[str, list[tuple[str, int | None]]] = {s: [] for s in questionnaire.statement_ids}
    quarter = first
    while quarter <= filters.last:
        one = replace(filters, first=quarter, last=quarter)
        period = _in_period(cube, one)
        for statement_id in questionnaire.statement_ids:
            good = "yes" if bank.statements[statement_id].direction == "yes_good" else "no"
            row = _protect_answers(period.get(statement_id, ()), one, threshold)
            found[statement_id].append((str(quarter), _share(row, good)))
        quarter = quarter.next()
    return found
