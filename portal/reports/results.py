"""A report: results by theme and statement, who took part, and the safety section.

One way through, each step once: the counted quarters' cells (cube.py, one SQL pass per kind)
are added up for this report's filters, each cell is published through the perturbation
table (disclosure.py), and every word and chart is made from the published values only.
Nothing here can see an individual answer, or a true count once it is published.

A report shows the statements its questionnaire versions asked (their stored items), in the
words the content gives them, even once retired; a statement the content no longer has at all
keeps the words the statement table holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from babel import Locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.config import LANGUAGES
from portal.content.bank import Bank
from portal.content.models import Questionnaire as QuestionnaireRow
from portal.content.models import QuestionnaireItem
from portal.content.models import Statement as StatementRow
from portal.content.models import Theme as ThemeRow
from portal.reports.cube import (
    ALERTS,
    ANSWERED,
    FOLLOWED_UP,
    GROUP,
    PEOPLE,
    RAISED,
    YES_BOTH,
    Cube,
    NotCountable,
    Pair,
    count_quarter,
    countable,
    counted_cube,
    counted_quarters,
    pair_name,
    questionnaire_ids,
)
from portal.reports.disclosure import Cell, Ptable, out_of
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter, quarters_between
from portal.shared.answers import ANSWER_VALUES, ANSWERED_BY, ANSWERS, SKIPPED

WHO_WORDS = {
    "own": "People answering for themselves",
    "with_help": "People answering with help",
    "on_behalf": "Someone answering for another person",
    "family_carer": "Family members and carers",
    GROUP: "Group votes",
}
PLACE_WORDS = {"session": "In a group session", "home": "At home"}
TREND_QUARTERS = 4
NOT_ABOUT_ME = "not_about_me"
# The picture of a statement the content no longer has (the statement table keeps no picture).
UNKNOWN_PICTURE = "speech-bubble"


@dataclass(frozen=True)
class Row:
    """Published values of one row of cells and of its total: None is "fewer than the
    threshold" (and only ever said of a true count under it)."""

    counts: dict[str, int | None]
    total: int | None
    # Every answer but "This is not about me", published as a cell of its own: what a share is
    # out of. It is the total's very cell (and value) when nobody said it.
    about: int | None
    # The people who pressed Next without an answer and then "Skip": a cell of its own,
    # published on its own, in no total, share or column (None: fewer than the threshold).
    skipped: int | None = None

    @property
    def enough(self) -> bool:
        return self.total is not None


def publish(ptable: Ptable, cells: dict[str, Cell], columns: Iterable[str]) -> Row:
    """The row's published values: each cell, the total and the people it is about, each
    looked up on its own. Skipped answers are in none of them: their own cell is published
    apart, so no difference of two published values is a count of them."""
    answered = {key: cell for key, cell in cells.items() if key != SKIPPED}
    total = sum(answered.values(), Cell())
    about = sum((cell for key, cell in answered.items() if key != NOT_ABOUT_ME), Cell())
    return Row(
        {column: ptable.published(answered.get(column, Cell())) for column in columns},
        ptable.published(total),
        ptable.published(about),
        ptable.published(cells.get(SKIPPED, Cell())),
    )


def _share(row: Row, value: str) -> int | None:
    """Per cent of the people the statement is about who gave `value`, from published values
    only ("This is not about me" is in no share)."""
    count = row.counts.get(value)
    if count is None or not row.about:
        return None
    return out_of(min(count, row.about), row.about, 100)


def out_of_ten(count: int, whole: int) -> str:
    """ "About 7 out of 10", "More than 9 out of 10" or "Fewer than 1 in 10": true of the
    published `count` of `whole`."""
    count = min(count, whole)
    tenths = out_of(count, whole, 10)
    if tenths == 10 and count < whole:
        return "More than 9 out of 10"
    if tenths == 0:
        return "Fewer than 1 in 10"
    return f"About {tenths} out of 10"


def sentence(row: Row, value: str, threshold: int) -> str:
    """ "About 7 out of 10 people said Yes.", in words that are true of the published values,
    out of the people the statement is about."""
    word = ANSWERS[value]
    if row.total is None:
        return f"Fewer than {threshold} people answered."
    if row.about is None:
        return f"Fewer than {threshold} people said this is about them."
    count = row.counts.get(value)
    if count is None:
        return f"Fewer than {threshold} people said {word}."
    return f"{out_of_ten(count, row.about)} people said {word}."


@dataclass(frozen=True)
class StatementResult:
    id: str
    text: str
    picture: str
    good_answer: str  # "yes", or "no" for statements where No is the good answer
    now: Row
    before: Row
    threshold: int
    # The answers the statement offers now (no "Sometimes" on a one-off event, "This is not
    # about me" only where it may not apply): the table says "not offered" for the others
    offered: tuple[str, ...] = ANSWER_VALUES
    asked_in: str = ""  # which questionnaire versions the figures come from (Asked.asked_in)

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

    @property
    def left_out(self) -> str | None:
        """The note under the sentence when the published values show that some people said
        "This is not about me": the sentence and share leave them out."""
        row = self.now
        shown = row.counts.get(NOT_ABOUT_ME)
        if row.total is None or (shown is None and row.about == row.total):
            return None
        said = f"Fewer than {self.threshold}" if shown is None else f"About {shown}"
        return (
            f'{said} people said "{ANSWERS[NOT_ABOUT_ME]}". The "out of 10" and the good '
            "answer's share count only the people this statement is about."
        )

    @property
    def skipped_note(self) -> str | None:
        """ "About 15 people skipped this question.": from the skipped cell's published value
        alone, and only when it is shown (never "fewer than": that would say some did)."""
        if self.now.skipped is None:
            return None
        return (
            f"About {self.now.skipped} people skipped this question. They are not in the "
            "answers above."
        )


@dataclass(frozen=True)
class PairResult:
    """A mirrored pair (one idea asked both ways): the people who answered both statements and
    those of them who said Yes to both, published like every other count."""

    first: str
    second: str
    first_text: str
    second_text: str
    answered: int | None
    yes_both: int | None
    threshold: int

    @property
    def sentence(self) -> str:
        both = f'"{self.first_text}" and "{self.second_text}"'
        if self.answered is None:
            return f"{both}: fewer than {self.threshold} people answered both."
        if self.yes_both is None:
            share = f"fewer than {self.threshold} of the about {self.answered} people"
        else:
            share = f"{out_of_ten(self.yes_both, self.answered).lower()} of the people"
        return (
            f"Said Yes to both {both}: {share} who answered both. Some people say yes to "
            "everything; read their other answers with care."
        )


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
    pairs: tuple[PairResult, ...] = field(default=())  # none in figures stored before


def _cells(cube: Cube, filters: ReportFilters, by: str) -> dict[str, dict[str, Cell]]:
    """The report's cells: statement -> (`by` of each kept entry, as text) -> added up."""
    found: dict[str, dict[str, Cell]] = {}
    for entry, cell in cube.items():
        if filters.keeps(entry):
            row = found.setdefault(entry.statement, {})
            key = str(getattr(entry, by))
            row[key] = row.get(key, Cell()) + cell
    return found


def ensure_counted(
    db: Session,
    quarters: Iterable[Quarter],
    today: date,
    after_days: int,
    mirrored: Mapping[str, Sequence[Pair]] | None = None,
) -> None:
    """Count each quarter not counted yet (with each questionnaire's mirrored pairs, slug ->
    pairs); NotCountable for one that has not ended long enough ago (reports cover whole
    quarters that have ended, counted once)."""
    wanted = set(quarters)
    for quarter in sorted(wanted - counted_quarters(db, wanted)):
        if not countable(quarter, today, after_days):
            raise NotCountable(
                f"{quarter.label} cannot be reported until {after_days} days after it ends"
            )
        try:
            with db.begin_nested():  # two reports counting one quarter at the same moment:
                count_quarter(db, quarter, mirrored)
        except IntegrityError:  # the other one's counts are the quarter's
            pass


def mirrored_pairs(bank: Bank) -> dict[str, tuple[Pair, ...]]:
    """Each questionnaire's mirrored pairs in the content, by slug: what a quarter counts."""
    return {slug: questionnaire.mirrored for slug, questionnaire in bank.questionnaires.items()}


@dataclass(frozen=True)
class Asked:
    """A statement the reported questionnaire versions asked, as a report shows it."""

    id: str
    text: str
    picture: str
    theme: str
    theme_name: str
    direction: str
    offered: tuple[str, ...] = ANSWER_VALUES  # a statement the content no longer has: all
    # (version, English words it asked) for each reported questionnaire version that asked it
    versions: tuple[tuple[int, str], ...] = ()

    @property
    def good_answer(self) -> str:
        return "yes" if self.direction == "yes_good" else "no"

    @property
    def asked_in(self) -> str:
        """Which versions the figures come from, and any other words a version asked."""
        if not self.versions:
            return ""
        numbers = [str(v) for v, _ in self.versions]
        said = (
            f"version {numbers[0]}"
            if len(numbers) == 1
            else f"versions {', '.join(numbers[:-1])} and {numbers[-1]}"
        )
        other = [(v, words) for v, words in self.versions if words and words != self.text]
        found = f"The figures come from questionnaire {said}."
        for version, words in other:
            found += f" Version {version} asked “{words}”, with the same meaning."
        return found


def asked_statements(db: Session, bank: Bank, ids: Sequence[int]) -> list[Asked]:
    """The statements these questionnaire versions asked (their stored items, not today's
    content): the newest version's in its order, then those only older versions asked. Words
    from the content, where a retired statement keeps its own; a statement the content no
    longer has keeps the words the statement table holds."""
    query = (
        select(QuestionnaireItem.statement_id)
        .join(QuestionnaireRow, QuestionnaireRow.id == QuestionnaireItem.questionnaire_id)
        .where(QuestionnaireRow.id.in_(ids))
        .order_by(QuestionnaireRow.version.desc(), QuestionnaireItem.position)
    )
    asked_by: dict[str, list[tuple[int, str]]] = {}
    for statement_id, version, words in db.execute(
        query.add_columns(QuestionnaireRow.version, QuestionnaireItem.text)
    ):
        asked_by.setdefault(statement_id, []).append((version, words or ""))
    statement_ids = list(asked_by)
    every_version = {version for asked in asked_by.values() for version, _ in asked}
    gone = [s for s in statement_ids if s not in bank.statements]
    stored = {
        row.id: row for row in db.scalars(select(StatementRow).where(StatementRow.id.in_(gone)))
    }
    theme_names = {theme: name for theme, name in db.execute(select(ThemeRow.id, ThemeRow.name))}
    theme_names |= {theme.id: theme.name for theme in bank.themes.values()}
    found = []
    for statement_id in statement_ids:
        if (statement := bank.statements.get(statement_id)) is not None:
            text, picture = statement.text, statement.picture
            theme, direction, offered = statement.theme, statement.direction, statement.answers
        else:
            row = stored[statement_id]
            text, picture, theme, direction = row.text, UNKNOWN_PICTURE, row.theme_id, row.direction
            offered = ANSWER_VALUES
        found.append(
            Asked(
                statement_id,
                text,
                picture,
                theme,
                theme_names.get(theme, theme),
                direction,
                offered,
                _versions_worth_saying(asked_by[statement_id], every_version, text),
            )
        )
    return found


def _versions_worth_saying(
    asked: list[tuple[int, str]], every_version: set[int], text: str
) -> tuple[tuple[int, str], ...]:
    """The versions that asked a statement, when a reader needs them: not every reported version
    asked it, or one asked it in other words. Otherwise none (nothing to say)."""
    if {version for version, _ in asked} == every_version and all(
        words in ("", text) for _, words in asked
    ):
        return ()
    return tuple(sorted(asked))


def questionnaire_title(db: Session, bank: Bank, slug: str) -> str:
    """The questionnaire's title in the content, else its newest version's stored one."""
    if (content := bank.questionnaires.get(slug)) is not None:
        return content.title
    query = select(QuestionnaireRow.title).where(QuestionnaireRow.slug == slug)
    return db.scalar(query.order_by(QuestionnaireRow.version.desc()).limit(1)) or slug


def _answers(db: Session, ids: list[int], filters: ReportFilters) -> Cube:
    """Answers (and group votes, if the filters count them) in the filters' quarters: read once
    for several periods inside them, each taken out by _cells."""
    cube = counted_cube(db, "answer", ids, filters.quarters)
    if filters.counts_group_votes:
        for entry, cell in counted_cube(db, "vote", ids, filters.quarters).items():
            cube[entry] = cube.get(entry, Cell()) + cell
    return cube


def _themes(
    asked: Sequence[Asked],
    now: dict[str, dict[str, Cell]],
    before: dict[str, dict[str, Cell]],
    ptable: Ptable,
) -> tuple[ThemeResult, ...]:
    results: dict[str, list[StatementResult]] = {}
    names = {statement.theme: statement.theme_name for statement in asked}
    for statement in asked:
        results.setdefault(statement.theme, []).append(
            StatementResult(
                id=statement.id,
                text=statement.text,
                picture=statement.picture,
                good_answer=statement.good_answer,
                now=publish(ptable, now.get(statement.id, {}), ANSWER_VALUES),
                before=publish(ptable, before.get(statement.id, {}), ANSWER_VALUES),
                threshold=ptable.threshold,
                offered=statement.offered,
                asked_in=statement.asked_in,
            )
        )
    return tuple(
        ThemeResult(theme, names[theme], tuple(statements)) for theme, statements in results.items()
    )


def _pairs(
    db: Session,
    bank: Bank,
    ids: list[int],
    asked: Sequence[Asked],
    filters: ReportFilters,
    ptable: Ptable,
) -> tuple[PairResult, ...]:
    """A line for each of the content's mirrored pairs that the reported versions asked both
    statements of: which pairs are shown never depends on the answers."""
    content = bank.questionnaires.get(filters.questionnaire)
    texts = {statement.id: statement.text for statement in asked}
    pairs = [pair for pair in (content.mirrored if content else ()) if set(pair) <= set(texts)]
    cells = _cells(counted_cube(db, "pair", ids, filters.quarters), filters, "key")
    found = []
    for pair in pairs:
        row = publish(ptable, cells.get(pair_name(pair), {}), (ANSWERED, YES_BOTH))
        found.append(
            PairResult(
                *pair,
                texts[pair[0]],
                texts[pair[1]],
                answered=row.counts[ANSWERED],
                yes_both=row.counts[YES_BOTH],
                threshold=ptable.threshold,
            )
        )
    return tuple(found)


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
    quarters = [*previous.quarters, *filters.quarters]
    ensure_counted(db, quarters, made_at.date(), after_days, mirrored_pairs(bank))
    ids = questionnaire_ids(db, filters.questionnaire, filters.version)
    asked = asked_statements(db, bank, ids)
    people = counted_cube(db, "people", ids, filters.quarters)
    answers = _answers(db, ids, replace(filters, first=previous.first))  # both periods at once
    return ReportResult(
        filters=filters,
        threshold=ptable.threshold,
        ptable=ptable.name,
        title=questionnaire_title(db, bank, filters.questionnaire),
        people=publish(ptable, {"people": _everyone(people, filters)}, ["people"]),
        themes=_themes(
            asked, _cells(answers, filters, "key"), _cells(answers, previous, "key"), ptable
        ),
        breakdowns=_breakdowns(db, people, filters, ptable, languages),
        safety=_safety(db, ids, filters, ptable),
        made_at=made_at,
        pairs=_pairs(db, bank, ids, asked, filters, ptable),
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
    each quarter published on its own, for the statements the report's versions asked."""
    ids = questionnaire_ids(db, filters.questionnaire, filters.version)
    asked = asked_statements(db, bank, ids)
    first = filters.last
    for _ in range(quarters - 1):
        first = first.previous()
    ensure_counted(
        db,
        quarters_between(first, filters.last),
        today or date.today(),
        after_days,
        mirrored_pairs(bank),
    )
    found: dict[str, list[tuple[str, int | None]]] = {s.id: [] for s in asked}
    answers = _answers(db, ids, replace(filters, first=first))  # every quarter at once
    quarter = first
    while quarter <= filters.last:
        one = replace(filters, first=quarter, last=quarter)
        cells = _cells(answers, one, "key")
        for statement in asked:
            row = publish(ptable, cells.get(statement.id, {}), ANSWER_VALUES)
            found[statement.id].append((str(quarter), _share(row, statement.good_answer)))
        quarter = quarter.next()
    return found
