"""How long a report takes over 1,000,000 answers, next to one plain GROUP BY over the same table.

The first report of a quarter counts it once (a few GROUP BY queries, portal/reports/cube.py);
every report is then added up from those counts and published through the perturbation table
(portal/reports/disclosure.py). The plain GROUP BY is the least any count over all the answers
can cost on this machine, so the ratio says how much the report adds, whatever the machine.
It also measures disclosure control (section 6): on these answers, and with --demo on the demo
data, how many cells the unfiltered report shows and how far shown values are from the truth.

    .venv/bin/python -m bench.report_bench                # SQLite, in a temporary folder
    .venv/bin/python -m bench.report_bench --answers 20000   # a quick try
    bash scripts/with-postgres.sh \
        sh -c '.venv/bin/python -m bench.report_bench --database-url "$DATABASE_URL"'

With --database-url the data goes into a new database made for the run on that server (it needs
the right to create databases) and dropped afterwards; nothing else on the server is touched.
Figures are added to bench/RESULTS.md (sections 3 and 6).
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
from portal.db import RECORD_KEYS, make_engine
from portal.kiosk.models import GroupSession
from portal.reports.cube import answer_cube, pair_cube, questionnaire_ids
from portal.reports.disclosure import BY_KEY_PTABLE, load_ptable
from portal.reports.filters import ReportFilters
from portal.reports.periods import Quarter
from portal.reports.results import ReportResult, build_report
from portal.shared.answers import ANSWERED_BY

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
    parser.add_argument(
        "--demo", action="store_true", help="only the disclosure figures of the demo data"
    )
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
    statements: dict[str, tuple[str, ...]],
    quarters: list[Quarter],
    sessions: dict,  # type: ignore[type-arg]
    as_text: bool,
) -> tuple[list[tuple], Iterator[tuple]]:  # type: ignore[type-arg]
    """Response rows (a list) and answer rows (made as they are inserted); `statements` maps
    each statement to the answers it offers."""
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
        key = rng.randrange(RECORD_KEYS)
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
                key,
            )
        )
        copied.append((questionnaire, area, who, session is None, day(quarter.start), key))
    chances = {s: rng.uniform(0.35, 0.8) for s in statements}
    shares = {"sometimes": 0.38, "no": 0.4, "not_sure": 0.15, "not_about_me": 0.1}
    weights = {
        s: [good if value == "yes" else (1 - good) * shares.get(value, 0.07) for value in offered]
        for (s, offered), good in zip(statements.items(), chances.values(), strict=True)
    }

    def answer_rows() -> Iterator[tuple]:  # type: ignore[type-arg]
        made = 0
        for response, details in zip(responses, copied, strict=True):
            for statement in statements:
                if made == answers:
                    return
                made += 1
                value = rng.choices(statements[statement], weights[statement])[0]
                yield made, response[0], statement, value, response[5], *details

    return responses, answer_rows()


def insert_answers(
    engine: Engine,
    answers: int,
    questionnaire: int,
    statements: dict[str, tuple[str, ...]],
    quarters: list[Quarter],
    sessions: dict,  # type: ignore[type-arg]
) -> None:
    """Responses and answers straight through the driver, in one transaction."""
    sqlite = engine.dialect.name == "sqlite"
    responses, answer_rows = rows(answers, questionnaire, statements, quarters, sessions, sqlite)
    response_columns = (
        "id, token, questionnaire_id, language, answered_by, started_at, finished_at, area_id, "
        "session_id, has_answers, record_key"
    )
    answer_columns = (
        "id, response_id, statement_id, value, answered_at, questionnaire_id, area_id, "
        "answered_by, at_home, started_quarter, record_key"
    )
    raw = engine.raw_connection()
    try:
        cursor = raw.driver_connection.cursor()  # type: ignore[union-attr]
        if sqlite:
            # Whole statements, no formatting: nothing for bandit's SQL check (B608) to doubt.
            cursor.executemany(
                "INSERT INTO response (id, token, questionnaire_id, language, answered_by, "
                "started_at, finished_at, area_id, session_id, has_answers, record_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                responses,
            )
            cursor.executemany(
                "INSERT INTO answer (id, response_id, statement_id, value, answered_at, "
                "questionnaire_id, area_id, answered_by, at_home, started_quarter, record_key) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    if args.demo:
        lines = demo_disclosure()
        print("\n".join(lines))
        if not args.no_record:
            record("disclosure", lines)
        return 0
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
    offered = {s: bank.statements[s].answers for s in questionnaire.statement_ids}
    insert_answers(engine, args.answers, questionnaire_id, offered, quarters, sessions)
    loaded = time.perf_counter() - start
    with engine.connect() as connection:
        responses = connection.execute(text("SELECT count(*) FROM response")).scalar()
        answers = connection.execute(text("SELECT count(*) FROM answer")).scalar()
    print(f"Loaded {answers:,} answers from {responses:,} responses in {loaded:.1f} s.")

    last = quarters[-1]
    filters = ReportFilters(QUESTIONNAIRE, last, last)
    ptable = load_ptable(BY_KEY_PTABLE, 10)

    def report() -> ReportResult:
        with Session(engine) as db, db.begin():
            return build_report(db, bank, filters, ptable, LANGUAGES, after_days=0)

    def plain() -> object:
        with engine.connect() as connection:
            return connection.execute(text(PLAIN)).all()

    ids = [questionnaire_id]
    previous = filters.previous()

    def answers_only() -> object:
        with Session(engine) as db:
            assert questionnaire_ids(db, QUESTIONNAIRE, None) == ids
            return answer_cube(db, ids, previous.first.start, last.end)

    def pairs_only() -> object:
        with Session(engine) as db:
            return pair_cube(db, ids, previous.first.start, last.end, questionnaire.mirrored)

    on = machine(database_version(engine))  # other work on the machine slows every figure
    visible_before = all_visible(engine)  # autovacuum may mark them during the run
    plain_time = best_of(args.repeat, plain)
    start = time.perf_counter()
    result = report()  # the first report counts its two quarters, once
    first_time = time.perf_counter() - start
    report_time = best_of(args.repeat, report)  # every later report of them
    answer_time = best_of(args.repeat, answers_only)
    pair_time = best_of(args.repeat, pairs_only)
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
        f"- Plain GROUP BY over all {answers:,} answers: **{plain_time:.3f} s**",
        f"- First report of {last} compared with {previous.first} ({in_period:,} answers in those "
        f"two quarters), counting both quarters once: **{first_time:.3f} s**, "
        f"**{first_time / plain_time:.1f}x** the plain GROUP BY",
        f"- Every later report of them (from the counted quarters): **{report_time:.3f} s**, "
        f"**{report_time / plain_time:.2f}x**",
        f"  - the answers' GROUP BY over both quarters timed on its own: {answer_time:.3f} s",
        f"  - counting Yes to both of {len(questionnaire.mirrored)} mirrored pair(s) (the answer "
        f"table joined to itself), done once when a quarter is counted: {pair_time:.3f} s, "
        f"**{pair_time / answer_time:.2f}x** the answers' GROUP BY",
        "- Answers counted from `answer` alone (each keeps a copy of its response's details and "
        "record key, indexed in ix_answer_report), people from `response.has_answers`",
    ]
    if visible_before is not None:
        lines.append(
            f"- Answer pages marked all-visible by vacuum: {visible_before} when timing began, "
            f"{visible_after} at the end (until they are, PostgreSQL scans the table)"
        )
    print("\n".join(lines))
    with Session(engine) as db:
        disclosure = disclosure_lines(
            db, result, filters, f"{engine.dialect.name}: {answers:,} answers", on
        )
    print("\n".join(disclosure))
    if args.profile:
        profile = cProfile.Profile()
        profile.runcall(report)
        pstats.Stats(profile).sort_stats("cumulative").print_stats(20)
    if not args.no_record:
        record("report", lines)
        record("disclosure", disclosure)
        print(f"Added to {RESULTS.relative_to(PROJECT_ROOT)}.")
    engine.dispose()
    return 0


# --- disclosure: how much a report shows, and how far from the truth -------------------------

KEY_ANSWERS = ("no", "not_sure")  # the answers a board most needs to see


def disclosure_lines(
    db: Session, result: ReportResult, filters: ReportFilters, what: str, on: str
) -> list[str]:
    """Published cells of the unfiltered report against the true counts (read here, from the
    answers, only to measure): shares shown and how far shown values are from the truth."""
    ids = questionnaire_ids(db, filters.questionnaire, filters.version)
    truth: dict[tuple[str, str], int] = {}
    for entry, cell in answer_cube(db, ids, filters.first.start, filters.last.end).items():
        key = (entry.statement, entry.key)
        truth[key] = truth.get(key, 0) + cell.count
    cells = [
        (value, truth.get((s.id, value), 0), shown)
        for theme in result.themes
        for s in theme.statements
        for value, shown in s.now.counts.items()
    ]
    big = [(value, true, shown) for value, true, shown in cells if true >= result.threshold]
    key = [cell for cell in big if cell[0] in KEY_ANSWERS]
    errors = [abs(shown - true) for _, true, shown in cells if shown is not None]
    small_shown = sum(1 for _, true, shown in cells if true < result.threshold and shown)

    def share(group: list[tuple[str, int, int | None]]) -> str:
        if not group:
            return "none"
        shown = sum(1 for *_, value in group if value is not None)
        return f"**{shown / len(group):.0%}** ({shown} of {len(group)})"

    return [
        entry_heading(what),
        "",
        f"- Machine: {on}",
        f"- Report: {filters.questionnaire}, {filters.period_label}, every area, everyone; "
        f"ptable {result.ptable}, threshold {result.threshold}",
        f"- Cells with a true count of {result.threshold} or more shown: {share(big)}",
        f"- No and Not sure cells with a true count of {result.threshold} or more shown: "
        f"{share(key)}",
        f"- Cells with a true count under {result.threshold} shown (as {result.threshold}, "
        f"rounded up by their key): {small_shown} of "
        f"{sum(1 for _, true, _ in cells if true < result.threshold)}",
        f"- Shown values against the truth: mean difference "
        f"**{sum(errors) / max(len(errors), 1):.2f}**, largest **{max(errors, default=0)}** "
        f"(over {len(errors)} shown cells)",
    ]


def demo_disclosure() -> list[str]:
    """The same figures for the demo data `make run` loads (`flask demo answers`)."""
    with throwaway_portal("report-bench-demo-") as portal:
        portal.flask("demo", "staff")
        portal.flask("demo", "answers")
        engine = make_engine(portal.url)
        quarter = Quarter.of(datetime.now(UTC).date()).previous()
        filters = ReportFilters(QUESTIONNAIRE, quarter, quarter)
        ptable = load_ptable(BY_KEY_PTABLE, 10)
        with Session(engine) as db, db.begin():
            result = build_report(db, portal.bank, filters, ptable, LANGUAGES, after_days=0)
        with Session(engine) as db:
            lines = disclosure_lines(
                db, result, filters, "demo data (`flask demo answers`)", machine()
            )
        engine.dispose()
        return lines


if __name__ == "__main__":
    sys.exit(main())
