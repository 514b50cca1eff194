"""How long a report takes over 1,000,000 answers, next to one plain GROUP BY over the same table.

A report is built from a few GROUP BY queries (portal/reports/cube.py) plus suppression in
Python; the plain GROUP BY is the least any count over all the answers can cost on this machine,
so the ratio says how much the report adds, whatever the machine.

    .venv/bin/python -m bench.report_bench                # SQLite, in a temporary folder
    .venv/bin/python -m bench.report_bench --answers 20000   # a quick try
    bash scripts/with-postgres.sh \
        sh -c '.venv/bin/python -m bench.report_bench --database-url "$DATABASE_URL"'

With --database-url the data goes into a new database made for the run on that server (it needs
the right to create databases) and dropped afterwards; nothing else on the server is touched.
Figures are added to bench/RESULTS.md (section 3).
"""

from __future__ import annotations

import argparse
import cProfile
import math
import pstats
import random
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bench.results import RESULTS, entry_heading, machine, record
from bench.throwaway import Portal, database_version, throwaway_portal
from portal.areas.models import Area
from portal.auth.models import StaffUser
from portal.config import LANGUAGES, PROJECT_ROOT
from portal.content.services import questionnaire_row
from portal.db import make_engine
from portal.kiosk.models import GroupSession
from portal.reports.cube import answer_cube, people_cube, questionnaire_ids
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.results import build_report
from portal.reports.suppression import DEFAULT_THRESHOLD
from portal.shared.answers import ANSWER_VALUES, ANSWERED_BY

QUESTIONNAIRE = "self-advocates"
QUARTERS = 4
AREAS = ("Bench north", "Bench south", "Bench east")
SESSIONS_PER_AREA_AND_QUARTER = 4
PLAIN = "SELECT statement_id, value, count(*) FROM answer GROUP BY statement_id, value"
WHO = dict(zip(ANSWERED_BY, (55, 20, 10, 15), strict=True))
LANGUAGE_WEIGHTS = (72, 8, 6, 6, 4, 4)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000, help="answers to insert")
    parser.add_argument(
        "--database-url", help="a PostgreSQL server to run on (default: a temporary SQLite file)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="time each query this many times")
    parser.add_argument("--profile", action="store_true", help="profile one report build")
    parser.add_argument("--no-record", action="store_true", help=f"do not append to {RESULTS.name}")
    return parser.parse_args()


# --- the answers ---------------------------------------------------------------------------


def last_quarters(today: date) -> list[Quarter]:
    """The last QUARTERS whole quarters before today's."""
    found = [Quarter.of(today).previous()]
    while len(found) < QUARTERS:
        found.insert(0, found[0].previous())
    return found


def add_places(engine: Engine, questionnaire: int, quarters: list[Quarter]) -> dict:  # type: ignore[type-arg]
    """Areas, a facilitator and group sessions: {(quarter index, area id): [session ids]}."""
    rng = random.Random(2)  # made-up places for timing, not secrets  # nosec B311
    with Session(engine) as db, db.begin():
        areas = [Area(name=name) for name in AREAS]
        facilitator = StaffUser(
            email="bench@example.org",
            display_name="Bench",
            password_hash="-",  # no hash matches it: nobody can sign in  # nosec B106
            role="facilitator",
        )
        db.add_all([*areas, facilitator])
        db.flush()
        sessions: dict[tuple[int, int], list[int]] = {}
        code = 100000
        for index, quarter in enumerate(quarters):
            for area in areas:
                for _ in range(SESSIONS_PER_AREA_AND_QUARTER):
                    day = quarter.start + timedelta(days=rng.randrange(85))
                    opened = datetime(day.year, day.month, day.day, 10)
                    group = GroupSession(
                        join_code=str(code),
                        group_name="Bench group",
                        area_id=area.id,
                        questionnaire_id=questionnaire,
                        session_date=day,
                        facilitator_id=facilitator.id,
                        opened_at=opened,
                        closed_at=opened + timedelta(hours=2),
                    )
                    code += 1
                    db.add(group)
                    db.flush()
                    sessions.setdefault((index, area.id), []).append(group.id)
    return sessions


def rows(
    answers: int,
    questionnaire: int,
    statements: tuple[str, ...],
    quarters: list[Quarter],
    sessions: dict,  # type: ignore[type-arg]
    as_text: bool,
) -> tuple[list[tuple], Iterator[tuple]]:  # type: ignore[type-arg]
    """Response rows (a list) and answer rows (made as they are inserted)."""
    rng = random.Random(1)  # made-up answers for timing, not secrets  # nosec B311
    count = math.ceil(answers / len(statements))
    areas = sorted({area for _, area in sessions})
    area_weights = [rng.uniform(0.6, 1.4) for _ in areas]
    when = (lambda moment: moment.isoformat(" ", "microseconds")) if as_text else (lambda m: m)
    day = (lambda moment: moment.isoformat()) if as_text else (lambda d: d)
    responses = []
    copied = []  # what each answer keeps of its response (Response.copied_details)
    for number in range(1, count + 1):
        index = (number - 1) * len(quarters) // count
        quarter = quarters[index]
        area = rng.choices(areas, area_weights)[0]
        who = rng.choices(list(WHO), list(WHO.values()))[0]
        in_session = who != "family_carer" and rng.random() < 0.4
        session = rng.choice(sessions[(index, area)]) if in_session else None
        seconds = (quarter.end - quarter.start).days * 86400
        started = datetime.combine(quarter.start, datetime.min.time()) + timedelta(
            seconds=rng.randrange(seconds)
        )
        responses.append(
            (
                number,
                f"bench-{number}",
                questionnaire,
                rng.choices(LANGUAGES, LANGUAGE_WEIGHTS)[0],
                who,
                when(started),
                when(started + timedelta(minutes=12)),
                area,
                session,
                True,  # has answers: every response gets at least one below
            )
        )
        copied.append((questionnaire, area, who, session is None, day(quarter.start)))
    chances = {s: rng.uniform(0.35, 0.8) for s in statements}
    weights = {
        s: [good, (1 - good) * 0.38, (1 - good) * 0.4, (1 - good) * 0.15, (1 - good) * 0.07]
        for s, good in chances.items()
    }

    def answer_rows() -> Iterator[tuple]:  # type: ignore[type-arg]
        made = 0
        for response, details in zip(responses, copied, strict=True):
            for statement in statements:
                if made == answers:
                    return
                made += 1
                value = rng.choices(ANSWER_VALUES, weights[statement])[0]
                yield made, response[0], statement, value, response[5], *details

    return responses, answer_rows()


def insert_answers(
    engine: Engine,
    answers: int,
    questionnaire: int,
    statements: tuple[str, ...],
    quarters: list[Quarter],
    sessions: dict,  # type: ignore[type-arg]
) -> None:
    """Responses and answers straight through the driver, in one transaction."""
    sqlite = engine.dialect.name == "sqlite"
    responses, answer_rows = rows(answers, questionnaire, statements, quarters, sessions, sqlite)
    response_columns = (
        "id, token, questionnaire_id, language, answered_by, started_at, finished_at, area_id, "
        "session_id, has_answers"
    )
    answer_columns = (
        "id, response_id, statement_id, value, answered_at, questionnaire_id, area_id, "
        "answered_by, at_home, started_quarter"
    )
    raw = engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
        if sqlite:
            # Whole statements, no formatting: nothing for bandit's SQL check (B608) to doubt.
            cursor.executemany(
                "INSERT INTO response (id, token, questionnaire_id, language, answered_by, "
                "started_at, finished_at, area_id, session_id, has_answers) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                responses,
            )
            cursor.executemany(
                "INSERT INTO answer (id, response_id, statement_id, value, answered_at, "
                "questionnaire_id, area_id, answered_by, at_home, started_quarter) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                answer_rows,
            )
        else:
            with cursor.copy(f"COPY response ({response_columns}) FROM STDIN") as copy:
                for row in responses:
                    copy.write_row(row)
            with cursor.copy(f"COPY answer ({answer_columns}) FROM STDIN") as copy:
                for row in answer_rows:
                    copy.write_row(row)
        raw.commit()
    finally:
        raw.close()
    # A database in use has statistics, and on PostgreSQL autovacuum marks a bulk-loaded table's
    # pages all-visible within about a minute; do both now rather than time a race with it.
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))
    else:
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))


# --- timing --------------------------------------------------------------------------------


def all_visible(engine: Engine) -> str | None:
    """PostgreSQL: how many of the answer table's pages vacuum has marked all-visible (only then
    can a report read the index ix_answer_report without the table); None on SQLite."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        query = text("SELECT relallvisible, relpages FROM pg_class WHERE relname = 'answer'")
        visible, pages = connection.execute(query).one()
    return f"{visible:,} of {pages:,}"


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    args = parse_args()
    with throwaway_portal("report-bench-", args.database_url) as portal:
        return run(args, portal)


def run(args: argparse.Namespace, portal: Portal) -> int:
    bank = portal.bank
    engine = make_engine(portal.url)
    quarters = last_quarters(datetime.now(UTC).date())
    questionnaire = bank.questionnaires[QUESTIONNAIRE]
    with Session(engine) as db:
        row = questionnaire_row(db, QUESTIONNAIRE, questionnaire.version)
        assert row is not None
        questionnaire_id = row.id
    sessions = add_places(engine, questionnaire_id, quarters)
    start = time.perf_counter()
    insert_answers(
        engine, args.answers, questionnaire_id, questionnaire.statement_ids, quarters, sessions
    )
    loaded = time.perf_counter() - start
    with engine.connect() as connection:
        responses = connection.execute(text("SELECT count(*) FROM response")).scalar()
        answers = connection.execute(text("SELECT count(*) FROM answer")).scalar()
    print(f"Loaded {answers:,} answers from {responses:,} responses in {loaded:.1f} s.")

    last = quarters[-1]
    filters = ReportFilters(QUESTIONNAIRE, last, last)

    def report() -> object:
        with Session(engine) as db:
            return build_report(db, bank, filters, DEFAULT_THRESHOLD, LANGUAGES)

    def plain() -> object:
        with engine.connect() as connection:
            return connection.execute(text(PLAIN)).all()

    ids = [questionnaire_id]
    previous = filters.previous()

    def answers_only() -> object:
        with Session(engine) as db:
            assert questionnaire_ids(db, QUESTIONNAIRE, None) == ids
            return answer_cube(db, ids, previous.first.start, last.end)

    def people_only() -> object:
        with Session(engine) as db:
            return people_cube(db, ids, last.start, last.end)

    on = machine(database_version(engine))  # other work on the machine slows every figure
    visible_before = all_visible(engine)  # autovacuum may mark them during the run
    result = report()
    shown = sum(s.good_share is not None for t in result.themes for s in t.statements)  # type: ignore[attr-defined]
    report_time = best_of(args.repeat, report)
    plain_time = best_of(args.repeat, plain)
    answer_time = best_of(args.repeat, answers_only)
    people_time = best_of(args.repeat, people_only)
    ratio = report_time / plain_time
    visible_after = all_visible(engine)
    with engine.connect() as connection:
        in_period = connection.execute(
            text(
                "SELECT count(*) FROM answer JOIN response ON response.id = answer.response_id "
                "WHERE response.started_at >= :start AND response.started_at < :end"
            ),
            {"start": previous.first.start, "end": last.end},
        ).scalar()
    lines = [
        entry_heading(f"{engine.dialect.name}: {answers:,} answers"),
        "",
        f"- Machine: {on}",
        f"- Data: {answers:,} answers from {responses:,} responses ({QUESTIONNAIRE}, "
        f"{len(questionnaire.statement_ids)} statements), {len(quarters)} quarters "
        f"({quarters[0]} to {last}), {len(AREAS)} areas, every 'who answered', "
        f"{len(sessions) * SESSIONS_PER_AREA_AND_QUARTER} group sessions; loaded in {loaded:.1f} s",
        f"- Report for {last} compared with {previous.first} ({in_period:,} answers in those two "
        f"quarters; {shown} of {len(questionnaire.statement_ids)} statements shown): "
        f"**{report_time:.3f} s**",
        f"  - its two GROUP BYs timed on their own (a busy machine makes these noisy): "
        f"answers {answer_time:.3f} s, people {people_time:.3f} s",
        f"- Plain GROUP BY over all {answers:,} answers: **{plain_time:.3f} s**",
        f"- Ratio report / plain GROUP BY: **{ratio:.1f}x**",
        "- Answers counted from `answer` alone (each keeps a copy of its response's details, "
        "indexed in ix_answer_report), people from `response.has_answers`",
    ]
    if visible_before is not None:
        lines.append(
            f"- Answer pages marked all-visible by vacuum: {visible_before} when timing began, "
            f"{visible_after} at the end (until they are, PostgreSQL scans the table)"
        )
    print("\n".join(lines))
    if args.profile or ratio > 20:
        profile = cProfile.Profile()
        profile.runcall(report)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(20)
    if not args.no_record:
        record("report", lines)
        print(f"Added to {RESULTS.relative_to(PROJECT_ROOT)}.")
    engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
