"""The attacker of test_attacker.py, now also reading the "Yes to both" line of a mirrored pair.

The pair's figures are two more published cells (people who answered both; those who said
Yes to both) over the same people as the answer counts. The attacker makes every report the
form allows and learns every published value: each statement's answers, totals and the
people it is about, and the pair's two figures. They also know how the cells hang together:
no more said Yes to both than answered both, or than said Yes to either statement, and no
more answered both than gave a real answer to each. Integer programs over all of it at once
pin no small count, a person saying Yes to both cannot be found by taking one report from
another, and one more person answering a counted quarter changes no figure.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import product
from typing import Any

from sqlalchemy.orm import Session

from portal.reports.cube import ANSWERED, NO_VIEW, YES_BOTH, Entry, pair_name
from portal.reports.figures import to_figures
from portal.reports.filters import PLACES, ReportFilters
from portal.reports.periods import Quarter
from portal.reports.results import ReportResult, build_report
from portal.shared.answers import ANSWER_VALUES, ANSWERED_BY
from tests.reports.attack import SMALL, Knowledge, bounds, pinned
from tests.reports.fixtures import DEFAULT_PTABLE as PTABLE
from tests.reports.fixtures import add_area
from tests.reports.own_content import (
    DECIDE,
    LET,
    SLUG,
    add_answers,
    add_questionnaire,
    questionnaire,
    small_bank,
)

PAIR = (LET.id, DECIDE.id)
NAME = pair_name(PAIR)
BANK = small_bank([LET, DECIDE], [questionnaire(PAIR, mirrored=(PAIR,))])
Q2, Q3 = Quarter(2026, 2), Quarter(2026, 3)
PERIODS = ((Q2, Q2), (Q3, Q3), (Q2, Q3))
MADE_AT = datetime(2026, 11, 20, 9)
GROUP_SIZES = (0, 1, 1, 2, 3, 4, 5, 7, 9, 12)  # mostly small groups
# Yes is common, so many people say Yes to both: the small cells the attacker wants.
WEIGHTS = (6, 1, 2, 1, 1, 1)


@dataclass
class World:
    areas: list[int]
    questionnaire_id: int
    answers: dict[Entry, int] = field(default_factory=dict)
    pairs: dict[Entry, int] = field(default_factory=dict)


def _add(counts: dict[Entry, int], entry: Entry) -> None:
    counts[entry] = counts.get(entry, 0) + 1


def _generate(db: Session, seed: int) -> World:
    rng = random.Random(seed)
    areas = [add_area(db, f"Pair area {n}") for n in (1, 2)]
    world = World(areas, add_questionnaire(db, BANK, BANK.questionnaires[SLUG]))
    for quarter, area, who in product((Q2, Q3), areas, ANSWERED_BY):
        when = datetime.combine(quarter.start, datetime.min.time()) + timedelta(days=20)
        for _ in range(rng.choice(GROUP_SIZES)):
            given = {s: rng.choices(ANSWER_VALUES, weights=WEIGHTS)[0] for s in PAIR}
            if rng.random() < 0.1:
                del given[DECIDE.id]  # answered only one of the two
            add_answers(db, world.questionnaire_id, given, 1, when, area, who)
            for statement_id, value in given.items():
                _add(world.answers, Entry(statement_id, value, area, who, "home", quarter))
            if len(given) == 2 and not set(given.values()) & set(NO_VIEW):
                _add(world.pairs, Entry(NAME, ANSWERED, area, who, "home", quarter))
                if set(given.values()) == {"yes"}:
                    _add(world.pairs, Entry(NAME, YES_BOTH, area, who, "home", quarter))
    return world


def _filters(areas: list[int]) -> list[ReportFilters]:
    """Every report the form allows (no group votes here: nobody voted)."""
    return [
        ReportFilters(SLUG, first, last, None, area, who, place)
        for (first, last), area, who, place in product(
            PERIODS, [None, *areas], [None, *ANSWERED_BY], [None, *PLACES]
        )
    ]


def _made(db: Session, filters: ReportFilters) -> ReportResult:
    return build_report(db, BANK, filters, PTABLE, made_at=MADE_AT)


def _domain(areas: list[int], statement: str, keys: tuple[str, ...]) -> list[Entry]:
    return [
        Entry(statement, key, area, who, place, quarter)
        for key, area, who, place, quarter in product(keys, areas, ANSWERED_BY, PLACES, (Q2, Q3))
    ]


def _kept(domain: list[Entry], filters: ReportFilters, keys: tuple[str, ...] = ()) -> list[Entry]:
    return [e for e in domain if filters.keeps(e) and (not keys or e.key in keys)]


def learn_everything(db: Session, world: World) -> Knowledge:
    """Every published value of every report: the answers to both statements and the pair."""
    answers = {s: _domain(world.areas, s, tuple(ANSWER_VALUES)) for s in PAIR}
    pairs = _domain(world.areas, NAME, (ANSWERED, YES_BOTH))
    about = tuple(v for v in ANSWER_VALUES if v != "not_about_me")
    known = Knowledge()
    for filters in _filters(world.areas):
        report = _made(db, filters)
        for result in report.themes[0].statements:
            for period, row in ((filters, result.now), (filters.previous(), result.before)):
                if period.first < Q2:
                    continue  # nobody answered before Q2
                cells = answers[result.id]
                for value, shown in row.counts.items():
                    known.learn(_kept(cells, period, (value,)), PTABLE.could_be(shown))
                known.learn(_kept(cells, period), PTABLE.could_be(row.total))
                known.learn(_kept(cells, period, about), PTABLE.could_be(row.about))
        (pair,) = report.pairs
        known.learn(_kept(pairs, filters, (ANSWERED,)), PTABLE.could_be(pair.answered))
        known.learn(_kept(pairs, filters, (YES_BOTH,)), PTABLE.could_be(pair.yes_both))
    return known


def how_cells_hang_together(count: dict[Entry, Any]) -> list[Any]:
    """What the attacker knows besides the published values, for each fine cell."""
    found = []
    real = [v for v in ANSWER_VALUES if v not in NO_VIEW]
    for entry in [e for e in count if e.statement == NAME and e.key == ANSWERED]:
        yes_both = count.get(Entry(NAME, YES_BOTH, *_details(entry)))
        if yes_both is not None:
            found.append(yes_both <= count[entry])
        for statement_id in PAIR:
            given = [count.get(Entry(statement_id, v, *_details(entry))) for v in real]
            found.append(count[entry] <= sum(g for g in given if g is not None))
            yes = count.get(Entry(statement_id, "yes", *_details(entry)))
            if yes is not None and yes_both is not None:
                found.append(yes_both <= yes)
    return found


def _details(entry: Entry) -> tuple[Any, ...]:
    return entry.area, entry.who, entry.place, entry.quarter


def test_integer_programming_over_every_report_and_pair_pins_no_small_count(
    own_db: Session,
) -> None:
    world = _generate(own_db, seed=14)
    known = learn_everything(own_db, world)
    small_pairs = [n for e, n in world.pairs.items() if e.key == YES_BOTH and n in SMALL]
    assert len(small_pairs) > 5, "many small groups saying Yes to both, to attack"
    assert sum(1 for cells in known.ranges if next(iter(cells)).statement == NAME) > 50
    assert not pinned(known, world.pairs, 1, how_cells_hang_together, sample=8)
    assert not pinned(known, world.answers, 2, how_cells_hang_together, sample=4)


def test_one_person_saying_yes_to_both_cannot_be_found_by_taking_one_report_from_another(
    own_db: Session,
) -> None:
    world = _generate(own_db, seed=3)
    lone = add_area(own_db, "Lone area")  # one person answers there, and says Yes to both
    world.areas.append(lone)
    when = datetime.combine(Q3.start, datetime.min.time()) + timedelta(days=50)
    add_answers(own_db, world.questionnaire_id, {s: "yes" for s in PAIR}, 1, when, lone)
    target = Entry(NAME, YES_BOTH, lone, "own", "home", Q3)
    _add(world.pairs, target)
    _add(world.pairs, Entry(NAME, ANSWERED, lone, "own", "home", Q3))
    everyone = _made(own_db, ReportFilters(SLUG, Q3, Q3)).pairs[0].yes_both
    others = [
        _made(own_db, ReportFilters(SLUG, Q3, Q3, area=area)).pairs[0].yes_both
        for area in world.areas[:2]
    ]
    assert everyone is not None, "enough people said Yes to both to show the whole"
    # every area minus the two others leaves the lone area: a range, never one number
    low = sum(PTABLE.could_be(n).start for n in others)
    high = sum(PTABLE.could_be(n).stop - 1 for n in others)
    whole = PTABLE.could_be(everyone)
    assert max(0, whole.start - high) < whole.stop - 1 - low, "a range of more than one value"
    possible = bounds(learn_everything(own_db, world), frozenset({target}), how_cells_hang_together)
    assert 1 in possible and len(possible) > 1, "every report at once cannot pin the one person"


def test_pair_figures_do_not_change_when_one_more_person_answers_a_counted_quarter(
    own_db: Session,
) -> None:
    world = _generate(own_db, seed=5)
    filters = _filters(world.areas)

    def snapshot() -> list[dict[str, Any]]:
        return [to_figures(_made(own_db, f))["pairs"] for f in filters]

    before = snapshot()
    when = datetime.combine(Q3.start, datetime.min.time()) + timedelta(days=40)
    add_answers(own_db, world.questionnaire_id, {s: "yes" for s in PAIR}, 1, when, world.areas[0])
    assert snapshot() == before
