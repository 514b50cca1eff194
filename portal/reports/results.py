"""A report: results by theme and statement, who took part, and the safety section.

One way through, each step once: the counted quarters' cells (cube.py, one SQL pass per kind)
are added up for this report's filters, each cell is published through the perturbation
table (disclosure.py), and every word and chart is made from the published values only.
Nothing here can see an individual answer, or a true count once it is published.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from babel import Locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.config import LANGUAGES
from portal.content.bank import Bank
from portal.reports.cube import (
    ALERTS,
    FOLLOWED_UP,
    GROUP,
    PEOPLE,
    RAISED,
    Cube,
    NotCountable,
    count_quarter,
    countable,
    counted_cube,
    counted_quarters,
    questionnaire_ids,
)
from portal.reports.disclosure import Cell, Ptable, out_of
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter, quarters_between
from portal.shared.answers import ANSWER_VALUES, ANSWERED_BY, ANSWERS

WHO_WORDS = {
    "own": "People answering for themselves",
    "with_help": "People answering with help",
    "on_behalf": "Someone answering for another person",
    "family_carer": "Family members and carers",
    GROUP: "Group votes",
}
PLACE_WORDS = {"session": "In a group session", "home": "At home"}
TREND_QUARTERS = 4


@dataclass(frozen=True)
class Row:
    """Published values of one row of cells and of its total: None is "fewer than the
    threshold" (and only ever said of a true count under it)."""

    counts: dict[str, int | None]
    total: int | None

    @property
    def enough(self) -> bool:
        return self.total is not None


def publish(ptable: Ptable, cells: dict[str, Cell], columns: Iterable[str]) -> Row:
    """The row's published values: each cell, and the total, looked up on its own."""
    total = sum(cells.values(), Cell())
    return Row(
        {column: ptable.published(cells.get(column, Cell())) for column in columns},
        ptable.published(total),
    )


def _share(row: Row, value: str) -> int | None:
    """Per cent of the published total who gave `value`, from published values only."""
    count = row.counts.get(value)
    if count is None or not row.total:
        return None
    return out_of(min(count, row.total), row.total, 100)


def sentence(row: Row, value: str, threshold: int) -> str:
    """ "About 7 out of 10 people said Yes.", in words that are true of the published values."""
    word = ANSWERS[value]
    if row.total is None:
        return f"Fewer than {threshold} people answered."
    count = row.counts.get(value)
    if count is None:
        return f"Fewer than {threshold} people said {word}."
    count = min(count, row.total)
    tenths = out_of(count, row.total, 10)
    if tenths == 10 and count < row.total:
        return f"More than 9 out of 10 people said {word}."
    if tenths == 0:
        return f"Fewer than 1 in 10 people said {word}."
    return f"About {tenths} out of 10 people said {word}."


@dataclass(frozen=True)
class StatementResult:
    id: str
    text: str
    picture: str
    good_answer: str  # "yes", or "no" for statements where No is the good answer
    now: Row
    before: Row
    threshold: int

    @property
    def good_share(self) -> int | None:
        """Per cent who gave the good answer, or None when it cannot be shown."""
        return _share(self.now, self.good_answer)

    @property
    def change(self) -> int | None:
        """Change in the good answer's share since the period before, in percentage points."""
        before, now = _share(self.before, self.good_answer), self.good_share
        return None if before is None or now is None else now - before

    @property
    def sentence(self) -> str:
        return sentence(self.now, self.good_answer, self.threshold)


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
    counts: Row
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class SafetySummary:
    """Alerts raised in the period and followed up by the time it was counted (published)."""

    raised: int | None
    followed_up: int | None


@dataclass(frozen=True)
class ReportResult:
    filters: ReportFilters
    threshold: int
    ptable: str
    title: str
    people: Row
    themes: tuple[ThemeResult, ...]
    breakdowns: tuple[Breakdown, ...]
    safety: SafetySummary
    made_at: datetime
    notes: tuple[str, ...] = field(default=())


def _cells(cube: Cube, filters: ReportFilters, by: str) -> dict[str, dict[str, Cell]]:
    """The report's cells: statement -> (`by` of each kept entry, as text) -> added up."""
    found: dict[str, dict[str, Cell]] = {}
    for entry, cell in cube.items():
        if filters.keeps(entry):
            row = found.setdefault(entry.statement, {})
            key = str(getattr(entry, by))
            row[key] = row.get(key, Cell()) + cell
    return found


def ensure_counted(db: Session, quarters: Iterable[Quarter], today: date, after_days: int) -> None:
    """Count each quarter not counted yet; NotCountable for one that has not ended long enough
    ago (reports cover whole quarters that have ended, counted once)."""
    wanted = set(quarters)
    for quarter in sorted(wanted - counted_quarters(db, wanted)):
        if not countable(quarter, today, after_days):
            raise NotCountable(
                f"{quarter.label} cannot be reported until {after_days} days after it ends"
            )
        try:
            with db.begin_nested():  # two reports counting one quarter at the same moment:
                count_quarter(db, quarter)
        except IntegrityError:  # the other one's counts are the quarter's
            pass


def _answers(db: Session, ids: list[int], filters: ReportFilters) -> Cube:
    """Answers (and group votes, if the filters count them) in the filters' quarters: read once
    for several periods inside them, each taken out by _cells."""
    cube = counted_cube(db, "answer", ids, filters.quarters)
    if filters.counts_group_votes:
        for entry, cell in counted_cube(db, "vote", ids, filters.quarters).items():
            cube[entry] = cube.get(entry, Cell()) + cell
    return cube


def _themes(
    bank: Bank,
    statement_ids: Sequence[str],
    now: dict[str, dict[str, Cell]],
    before: dict[str, dict[str, Cell]],
    ptable: Ptable,
) -> tuple[ThemeResult, ...]:
    results: dict[str, list[StatementResult]] = {}
    for statement_id in statement_ids:
        statement = bank.statements[statement_id]
        results.setdefault(statement.theme, []).append(
            StatementResult(
                id=statement.id,
                text=statement.text,
                picture=statement.picture,
                good_answer="yes" if statement.direction == "yes_good" else "no",
                now=publish(ptable, now.get(statement_id, {}), ANSWER_VALUES),
                before=publish(ptable, before.get(statement_id, {}), ANSWER_VALUES),
                threshold=ptable.threshold,
            )
        )
    return tuple(
        ThemeResult(theme, bank.themes[theme].name, tuple(statements))
        for theme, statements in results.items()
    )


def _breakdowns(
    db: Session, people: Cube, filters: ReportFilters, ptable: Ptable, languages: Sequence[str]
) -> tuple[Breakdown, ...]:
    """Who took part, four ways. A way the report is narrowed by shows only its own group:
    a report on one area never names another."""
    areas = {area.id: area.name for area in db.scalars(select(Area).order_by(Area.name))}
    area_labels = {str(key): name for key, name in areas.items()} | {"None": "Area not known"}
    ways = (
        ("Who answered", "who", {k: WHO_WORDS[k] for k in ANSWERED_BY}, filters.who),
        ("Area", "area", area_labels, filters.area),
        ("Where", "place", PLACE_WORDS, filters.place),
        (
            "Language",
            "key",
            # Babel names every language the portal has; the code stands in for one it cannot
            {code: Locale.parse(code).get_display_name("en") or code for code in languages},
            None,
        ),
    )
    found = []
    for title, column, labels, chosen in ways:
        if chosen is not None:
            labels = {str(chosen): labels.get(str(chosen), str(chosen))}
        cells = _cells(people, filters, column).get(PEOPLE, {})
        if "None" in labels and "None" not in cells:
            labels = {k: v for k, v in labels.items() if k != "None"}
        counts = publish(ptable, cells, labels)
        gaps = tuple(
            f"{label}: fewer than {ptable.threshold} people took part."
            for key, label in labels.items()
            if counts.enough and counts.counts[key] is None and chosen is None
        )
        found.append(Breakdown(title, labels, counts, gaps))
    return tuple(found)


def _safety(db: Session, ids: list[int], filters: ReportFilters, ptable: Ptable) -> SafetySummary:
    """Genuine alerts about the report's questionnaire raised in the period and followed up,
    in the report's area, who and place."""
    cube = counted_cube(db, "alert", ids, filters.quarters)
    everyone = replace(filters, group_votes=False)
    row = publish(ptable, _cells(cube, everyone, "key").get(ALERTS, {}), (RAISED, FOLLOWED_UP))
    return SafetySummary(row.counts[RAISED], row.counts[FOLLOWED_UP])


def _everyone(people: Cube, filters: ReportFilters) -> Cell:
    return sum(_cells(people, filters, "statement").get(PEOPLE, {}).values(), Cell())


def build_report(
    db: Session,
    bank: Bank,
    filters: ReportFilters,
    ptable: Ptable,
    languages: Sequence[str] = LANGUAGES,
    made_at: datetime | None = None,
    after_days: int = 7,
) -> ReportResult:
    """Everything a report shows, as published values. The quarters it needs are counted
    first if they have not been (see ensure_counted)."""
    made_at = made_at or datetime.now()
    previous = filters.previous()
    ensure_counted(db, [*previous.quarters, *filters.quarters], made_at.date(), after_days)
    questionnaire = bank.questionnaires[filters.questionnaire]
    ids = questionnaire_ids(db, filters.questionnaire, filters.version)
    people = counted_cube(db, "people", ids, filters.quarters)
    answers = _answers(db, ids, replace(filters, first=previous.first))  # both periods at once
    return ReportResult(
        filters=filters,
        threshold=ptable.threshold,
        ptable=ptable.name,
        title=questionnaire.title,
        people=publish(ptable, {"people": _everyone(people, filters)}, ["people"]),
        themes=_themes(
            bank,
            questionnaire.statement_ids,
            _cells(answers, filters, "key"),
            _cells(answers, previous, "key"),
            ptable,
        ),
        breakdowns=_breakdowns(db, people, filters, ptable, languages),
        safety=_safety(db, ids, filters, ptable),
        made_at=made_at,
    )


def trend(
    db: Session,
    bank: Bank,
    filters: ReportFilters,
    ptable: Ptable,
    quarters: int = TREND_QUARTERS,
    today: date | None = None,
    after_days: int = 7,
) -> dict[str, list[tuple[str, int | None]]]:
    """Statement id -> (quarter, % good answer or None) for the last few counted quarters,
    each quarter published on its own."""
    questionnaire = bank.questionnaires[filters.questionnaire]
    ids = questionnaire_ids(db, filters.questionnaire, filters.version)
    first = filters.last
    for _ in range(quarters - 1):
        first = first.previous()
    ensure_counted(db, quarters_between(first, filters.last), today or date.today(), after_days)
    found: dict[str, list[tuple[str, int | None]]] = {s: [] for s in questionnaire.statement_ids}
    answers = _answers(db, ids, replace(filters, first=first))  # every quarter at once
    quarter = first
    while quarter <= filters.last:
        one = replace(filters, first=quarter, last=quarter)
        cells = _cells(answers, one, "key")
        for statement_id in questionnaire.statement_ids:
            good = "yes" if bank.statements[statement_id].direction == "yes_good" else "no"
            row = publish(ptable, cells.get(statement_id, {}), ANSWER_VALUES)
            found[statement_id].append((str(quarter), _share(row, good)))
        quarter = quarter.next()
    return found
