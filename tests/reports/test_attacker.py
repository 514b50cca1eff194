"""An attacker with everything staff and the public can see tries to learn a small group or one
person from reports (portal/reports/disclosure.py: the ONS cell-key method, figures from
quarters counted once).

The attacker knows the method and the perturbation table, not the record keys. On seeded data
with many small cells (two areas, every "who answered", sessions and home, two quarters, group
votes, safety alerts) they make every report the report form allows: every area, who answered,
place, with and without group votes, and every period range. Each published value tells them
the true count is in the range the ptable can publish as that value (Ptable.could_be). They
then solve integer programs (PuLP's CBC) over every true count at once, for the smallest and
largest each small count could be: no true count from 1 to 9 may come out pinned to a single
value. Then one more person answers, one withdraws and retention deletes some: every figure of
every report made again is the same, so two snapshots never show one person's answer.

The six ways the earlier cell suppression broke (reviews of issue 11) are kept as named tests.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from itertools import product
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.areas.models import Area
from portal.config import PROJECT_ROOT
from portal.content.checker import load_bank
from portal.content.services import questionnaire_row
from portal.groups.models import GroupVote
from portal.kiosk.models import GroupSession
from portal.reports.cube import ALERTS, FOLLOWED_UP, GROUP, PEOPLE, RAISED, Entry
from portal.reports.disclosure import Ptable
from portal.reports.figures import to_figures
from portal.reports.filters import PLACES, ReportFilters
from portal.reports.periods import Quarter
from portal.reports.results import ReportResult, build_report
from portal.respond.models import Response
from portal.respond.services import withdraw_response
from portal.retention.services import apply_retention
from portal.safety.models import SafetyFlag
from portal.shared.answers import ANSWER_VALUES, ANSWERED_BY
from tests.reports.attack import (
    SMALL,
    Knowledge,
    bounds,
    nothing_more,
    pinned,
    small_targets,
)
from tests.reports.fixtures import DEFAULT_PTABLE as PTABLE
from tests.reports.fixtures import PTABLE as ONS
from tests.reports.fixtures import add_people, facilitator

BANK = load_bank(PROJECT_ROOT / "content")
SAFE = "safe-where-i-live"  # a safety statement: "No" raises an alert
Q2, Q3 = Quarter(2026, 2), Quarter(2026, 3)
PERIODS = ((Q2, Q2), (Q3, Q3), (Q2, Q3))
LANGUAGES = ("en", "cy")
MADE_AT = datetime(2026, 11, 20, 9)
GROUP_SIZES = (0, 0, 1, 1, 2, 3, 4, 5, 7, 9, 12, 17)  # mostly small cells


@dataclass
class World:
    """What was made, and the true counts only the test knows (fine cells: one value, area, who,
    place and quarter)."""

    areas: list[int]
    answers: dict[Entry, int] = field(default_factory=dict)
    people: dict[Entry, int] = field(default_factory=dict)
    alerts: dict[Entry, int] = field(default_factory=dict)
    response_ids: list[int] = field(default_factory=list)


def _add(counts: dict[Entry, int], entry: Entry, number: int = 1) -> None:
    counts[entry] = counts.get(entry, 0) + number


def _generate(db: Session, seed: int) -> World:
    rng = random.Random(seed)
    areas = [Area(name=f"Attacker area {n} {secrets.token_hex(2)}") for n in (1, 2)]
    staff = facilitator("attacker")
    db.add_all([*areas, staff])
    db.flush()
    questionnaire = questionnaire_row(
        db, "self-advocates", BANK.questionnaires["self-advocates"].version
    )
    assert questionnaire is not None
    world = World([area.id for area in areas])
    for quarter, area in product((Q2, Q3), world.areas):
        day = quarter.start + timedelta(days=rng.randrange(80))
        group = GroupSession(
            join_code=secrets.token_hex(3),
            group_name="Attacker group",
            area_id=area,
            questionnaire_id=questionnaire.id,
            session_date=day,
            facilitator_id=staff.id,
            opened_at=datetime.combine(day, datetime.min.time()),
        )
        db.add(group)
        db.flush()
        for value in ANSWER_VALUES:  # the group's votes on the shared screen
            votes = rng.choice(GROUP_SIZES)
            if votes:
                db.add(GroupVote(session_id=group.id, statement_id=SAFE, value=value, votes=votes))
                _add(world.answers, Entry(SAFE, value, area, GROUP, "session", quarter), votes)
        for who, place in product(ANSWERED_BY, PLACES):
            for _ in range(rng.choice(GROUP_SIZES)):
                value = rng.choices(ANSWER_VALUES, weights=(5, 2, 2, 1, 1, 1))[0]
                language = rng.choices(LANGUAGES, weights=(4, 1))[0]
                when = datetime.combine(day, datetime.min.time()) + timedelta(hours=10)
                session_id = group.id if place == "session" else None
                add_people(db, {SAFE: value}, 1, when, area, who, session_id, language=language)
                response = db.scalars(select(Response).order_by(Response.id.desc())).first()
                assert response is not None
                world.response_ids.append(response.id)
                _add(world.answers, Entry(SAFE, value, area, who, place, quarter))
                _add(world.people, Entry(PEOPLE, language, area, who, place, quarter))
                if value == "no":
                    followed = rng.random() < 0.7
                    db.add(
                        SafetyFlag(
                            kind="answer",
                            statement_id=SAFE,
                            answer=value,
                            response_id=response.id,
                            area_id=area,
                            session_id=session_id,
                            raised_at=when,
                            acknowledged_at=when + timedelta(hours=3) if followed else None,
                        )
                    )
                    _add(world.alerts, Entry(ALERTS, RAISED, area, who, place, quarter))
                    if followed:
                        _add(world.alerts, Entry(ALERTS, FOLLOWED_UP, area, who, place, quarter))
    db.flush()
    return world


@pytest.fixture
def world(db_session: Session) -> World:
    return _generate(db_session, seed=11)


def every_report_filter(areas: list[int]) -> Iterator[ReportFilters]:
    """Every choice the report form allows, for self-advocates over these quarters."""
    for (first, last), area, who, place, votes in product(
        PERIODS, [None, *areas], [None, *ANSWERED_BY], [None, *PLACES], (False, True)
    ):
        yield ReportFilters("self-advocates", first, last, None, area, who, place, votes)


def made(db: Session, filters: ReportFilters, ptable: Ptable = PTABLE) -> ReportResult:
    return build_report(db, BANK, filters, ptable, made_at=MADE_AT)


# --- what the attacker learns: for a set of fine cells, the range of their true sum ----------


def _domain(areas: list[int], statement: str, keys: Iterable[str]) -> list[Entry]:
    """Every fine cell the attacker must allow for (they cannot see which are empty)."""
    found = []
    for key, area, who, place, quarter in product(
        keys, areas, [*ANSWERED_BY, GROUP], PLACES, (Q2, Q3)
    ):
        if who != GROUP or place == "session":
            found.append(Entry(statement, key, area, who, place, quarter))
    return found


def _kept(domain: list[Entry], filters: ReportFilters, **match: str) -> list[Entry]:
    return [
        entry
        for entry in domain
        if filters.keeps(entry) and all(str(getattr(entry, k)) == v for k, v in match.items())
    ]


def learn_everything(db: Session, world: World, ptable: Ptable = PTABLE) -> dict[str, Knowledge]:
    """Every report the form allows, read by an attacker who knows the ptable."""
    answers = _domain(world.areas, SAFE, ANSWER_VALUES)
    people = [e for e in _domain(world.areas, PEOPLE, LANGUAGES) if e.who != GROUP]
    alerts = [e for e in _domain(world.areas, ALERTS, (RAISED, FOLLOWED_UP)) if e.who != GROUP]
    known = {"answers": Knowledge(), "people": Knowledge(), "alerts": Knowledge()}
    for filters in every_report_filter(world.areas):
        report = made(db, filters, ptable)
        statement = next(s for t in report.themes for s in t.statements if s.id == SAFE)
        for row, period in ((statement.now, filters), (statement.before, filters.previous())):
            if period.first < Q2:
                continue  # the quarter before Q2 has nobody in it; no cells to learn
            for value, shown in row.counts.items():
                known["answers"].learn(_kept(answers, period, key=value), ptable.could_be(shown))
            known["answers"].learn(_kept(answers, period), ptable.could_be(row.total))
            about = [e for e in _kept(answers, period) if e.key != "not_about_me"]
            known["answers"].learn(about, ptable.could_be(row.about))
        people_filters = replace(filters, group_votes=False)
        known["people"].learn(_kept(people, people_filters), ptable.could_be(report.people.total))
        columns = {"Who answered": "who", "Area": "area", "Where": "place", "Language": "key"}
        for breakdown in report.breakdowns:
            for label, shown in breakdown.counts.counts.items():
                cells = _kept(people, people_filters, **{columns[breakdown.title]: label})
                known["people"].learn(cells, ptable.could_be(shown))
        alert_filters = replace(filters, group_votes=False)
        for key, shown in (
            (RAISED, report.safety.raised),
            (FOLLOWED_UP, report.safety.followed_up),
        ):
            known["alerts"].learn(_kept(alerts, alert_filters, key=key), ptable.could_be(shown))
    return known


def no_alert_more_followed(count: dict[Entry, Any]) -> list[Any]:
    """What the attacker also knows of alerts: no more followed up than raised."""
    return [
        count[e] <= count[replace(e, key=RAISED)]
        for e in count
        if e.key == FOLLOWED_UP and replace(e, key=RAISED) in count
    ]


# --- the attacks --------------------------------------------------------------------------


def test_integer_programming_over_every_report_pins_no_small_count(
    db_session: Session, world: World
) -> None:
    known = learn_everything(db_session, world)
    assert len(known["answers"].ranges) > 300, "many different published cells"
    small = sum(1 for n in world.answers.values() if n in SMALL)
    assert small > 60, "many small cells to attack"
    assert not pinned(known["answers"], world.answers, 1, nothing_more)
    assert not pinned(known["people"], world.people, 2, nothing_more)
    assert not pinned(known["alerts"], world.alerts, 3, no_alert_more_followed)


def test_snapshots_before_and_after_one_person_answers_withdraws_or_is_deleted_are_the_same(
    db_session: Session, world: World
) -> None:
    filters = list(every_report_filter(world.areas))

    def snapshot() -> list[dict[str, Any]]:
        return [to_figures(made(db_session, f)) | {"made_at": None} for f in filters]

    before = snapshot()
    when = datetime.combine(Q3.start, datetime.min.time()) + timedelta(days=40)
    add_people(db_session, {SAFE: "no"}, 1, when, world.areas[0], "own")  # a late answer
    assert snapshot() == before, "one more person answering changes no figure"
    withdrawn = db_session.get(Response, world.response_ids[0])
    assert withdrawn is not None
    withdraw_response(db_session, withdrawn)
    assert snapshot() == before, "a withdrawal changes no figure already counted"
    apply_retention(db_session, datetime(2040, 1, 1))
    assert db_session.scalar(select(Response.id)) is None, "retention deleted every response"
    assert snapshot() == before, "retention changes no figure already counted"


# --- the six recipes that broke the earlier cell suppression, kept as regression tests ------


def _people_at(db: Session, n: int, value: str, quarter: Quarter = Q3, **details: Any) -> None:
    when = datetime.combine(quarter.start, datetime.min.time()) + timedelta(days=30)
    add_people(db, {SAFE: value}, n, when, **details)


def _row(report: ReportResult) -> Any:
    return next(s for t in report.themes for s in t.statements if s.id == SAFE).now


def _difference(ptable: Ptable, wider: int | None, narrower: int | None) -> range:
    """What subtracting one published value from another can say of the true difference."""
    big, small = ptable.could_be(wider), ptable.could_be(narrower)
    return range(max(0, big.start - (small.stop - 1)), big.stop - 1 - small.start + 1)


def test_recipe_1_a_report_looked_at_before_and_after_one_person_answers_is_the_same(
    db_session: Session,
) -> None:
    _people_at(db_session, 14, "yes")
    filters = ReportFilters("self-advocates", Q3, Q3)
    first = to_figures(made(db_session, filters)) | {"made_at": None}
    _people_at(db_session, 1, "no")  # one person answers on a tablet
    assert to_figures(made(db_session, filters)) | {"made_at": None} == first


def test_recipe_2_group_votes_cannot_be_taken_from_a_report_with_them(db_session: Session) -> None:
    world = _generate(db_session, seed=2)
    for area in world.areas:
        without = made(db_session, ReportFilters("self-advocates", Q3, Q3, area=area))
        with_votes = made(
            db_session, ReportFilters("self-advocates", Q3, Q3, area=area, group_votes=True)
        )
        for value in ANSWER_VALUES:
            votes = world.answers.get(Entry(SAFE, value, area, GROUP, "session", Q3), 0)
            gap = _difference(PTABLE, _row(with_votes).counts[value], _row(without).counts[value])
            assert votes in gap
            assert votes not in SMALL or len(gap) > 1, f"{votes} group votes for {value}"


def test_recipe_3_a_hidden_overall_cell_is_not_the_sum_of_the_narrowed_ones(
    db_session: Session,
) -> None:
    for who, number in zip(ANSWERED_BY, (12, 11, 13, 10), strict=True):
        _people_at(db_session, number, "no", who=who)
    _people_at(db_session, 3, "no", who="own")  # own: 15 in all
    overall = _row(made(db_session, ReportFilters("self-advocates", Q3, Q3))).counts["no"]
    parts = [
        _row(made(db_session, ReportFilters("self-advocates", Q3, Q3, who=who))).counts["no"]
        for who in ANSWERED_BY
    ]
    low = sum(PTABLE.could_be(p).start for p in parts)
    high = sum(PTABLE.could_be(p).stop - 1 for p in parts)
    overall_range = PTABLE.could_be(overall)
    pinned_by_parts = range(max(low, overall_range.start), min(high, overall_range.stop - 1) + 1)
    assert 49 in pinned_by_parts and len(pinned_by_parts) > 1


def test_recipe_4_places_and_quarters_do_not_give_a_small_cell_by_subtraction(
    db_session: Session,
) -> None:
    _people_at(db_session, 16, "no", quarter=Q2)
    _people_at(db_session, 3, "no", quarter=Q3)  # 3 in Q3: the small cell
    _people_at(db_session, 11, "no", quarter=Q3, session_id=None)
    both = _row(made(db_session, ReportFilters("self-advocates", Q2, Q3))).counts["no"]
    q2 = _row(made(db_session, ReportFilters("self-advocates", Q2, Q2))).counts["no"]
    assert len(_difference(PTABLE, both, q2)) > 1
    home = _row(made(db_session, ReportFilters("self-advocates", Q3, Q3, place="home")))
    q3 = _row(made(db_session, ReportFilters("self-advocates", Q3, Q3)))
    assert len(_difference(PTABLE, q3.counts["no"], home.counts["no"])) > 1


def test_recipe_5_who_took_part_is_published_in_every_period_range_and_area(
    db_session: Session,
) -> None:
    area = Area(name="Recipe five")
    db_session.add(area)
    db_session.flush()
    _people_at(db_session, 13, "yes", quarter=Q2, area=area.id)
    _people_at(db_session, 3, "yes", quarter=Q3, area=area.id)
    counts = []
    for first, last in PERIODS:
        report = made(db_session, ReportFilters("self-advocates", first, last, area=area.id))
        breakdown = next(b for b in report.breakdowns if b.title == "Area")
        counts.append(breakdown.counts.counts[str(area.id)])
    assert counts[0] in (10, 15) and counts[1] is None and counts[2] in (15, 20), counts
    assert 3 in _difference(PTABLE, counts[2], counts[0]), "the attacker's range holds the truth"
    assert len(_difference(PTABLE, counts[2], counts[0])) > 1, "and more than the truth"


def test_recipe_6_a_few_safety_alerts_are_never_shown(db_session: Session) -> None:
    area = Area(name="Recipe six")
    db_session.add(area)
    db_session.flush()
    when = datetime.combine(Q3.start, datetime.min.time()) + timedelta(days=5)
    for _ in range(3):  # 3 alerts: "Fewer than 5 people answered" once showed them
        db_session.add(SafetyFlag(kind="help_link", area_id=area.id, raised_at=when))
    _people_at(db_session, 21, "yes", area=area.id)
    report = made(db_session, ReportFilters("self-advocates", Q3, Q3, area=area.id))
    assert (report.safety.raised, report.safety.followed_up) == (None, None)
    for _ in range(9):
        db_session.add(SafetyFlag(kind="help_link", area_id=area.id, raised_at=when))
    again = made(db_session, ReportFilters("self-advocates", Q2, Q3, area=area.id))
    assert report.safety.raised is None and again.safety.raised is None, "Q3 was counted"


def test_the_ons_packages_own_table_lets_the_attacker_pin_a_small_count(
    db_session: Session, world: World
) -> None:
    """Why the default rounds by key: with the package's 10/5 table (the nearest 5 whatever
    the key) the same attack pins a small count of people exactly."""
    known = learn_everything(db_session, world, ONS)
    for cells, _true in small_targets(known["people"], world.people, seed=2, sample=None):
        if len(bounds(known["people"], cells, nothing_more)) == 1:
            return  # found one, as the reviews did by hand
    pytest.fail("no small count pinned under the ONS table: the default could be it")
