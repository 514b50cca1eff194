"""Question page and answer submit under gunicorn, next to a bare Flask "hello" route.

The portal runs under gunicorn on 127.0.0.1 with the production settings
(`deploy/gunicorn.conf.py`), and the same processes also serve a Flask app that only says
"Hello, world!" (`bench/hello_wsgi.py`). wrk (Debian's, 50 connections) then measures, in turn
for the same time each, in three rounds (so a slow spell of a shared machine falls on all three):

- hello: GET /bench-hello/, the least a request can cost on this machine and server;
- question page: GET /question/<id> as respondents part-way through (their own cookies);
- answer submit: POST of an answer with a new one-time key each time, so every request
  is a real save committed to the database (never a replay), then the redirect.

Requests per second and the 99th-percentile latency of each, as ratios against hello, are
added to bench/RESULTS.md (section 1). wrk shares the CPUs with gunicorn, as a load test on one
machine always does.

    .venv/bin/python -m bench.http_bench                 # SQLite, in a temporary folder
    .venv/bin/python -m bench.http_bench --duration 3    # a quick try
    bash scripts/with-postgres.sh \\
        sh -c '.venv/bin/python -m bench.http_bench --database-url "$DATABASE_URL"'
"""

from __future__ import annotations

import argparse
import json
import random
import runpy
import shutil
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from bench.results import RESULTS, entry_heading, machine, record
from bench.throwaway import Portal, database_version, throwaway_portal
from portal.config import PROJECT_ROOT
from portal.content.bank import Bank
from portal.db import make_engine
from portal.respond.services import raises_safety_flag
from tests.load.harness import CSRF, QUESTION, Respondent, gunicorn

SCRIPT = Path(__file__).resolve().parent / "wrk.lua"
SETTINGS = PROJECT_ROOT / "deploy" / "gunicorn.conf.py"


@dataclass(frozen=True)
class Run:
    """What wrk measured for one kind of request."""

    name: str
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of hello, page, submit")
    parser.add_argument("--connections", type=int, default=50, help="wrk connections")
    parser.add_argument("--respondents", type=int, default=50, help="people part-way through")
    parser.add_argument(
        "--database-url", help="a PostgreSQL server to run on (default: a temporary SQLite file)"
    )
    parser.add_argument("--no-record", action="store_true", help=f"do not add to {RESULTS.name}")
    return parser.parse_args()


def respondents_at_questions(base: str, bank: Bank, people: int, folder: Path) -> Path:
    """People who started answering; each line of the file is one request wrk can make as one
    of them: cookie, form token, a question of theirs, and an answer that raises no safety flag."""
    lines = []
    for _ in range(people):
        person = Respondent(base)
        where, page = person.begin()
        first = QUESTION.match(where)
        token = CSRF.search(page)
        assert first and token, f"not at a question: {where}"
        questionnaire = next(
            q for q in bank.questionnaires.values() if q.statement_ids[0] == first[1]
        )
        for statement_id in questionnaire.statement_ids:
            statement = bank.statements[statement_id]
            for value in statement.answers:  # only answers the page offers
                if not raises_safety_flag(statement, value):
                    lines.append(
                        f"{person.started_cookie}\t{token[1]}\t/question/{statement_id}\t{value}"
                    )
    random.Random(6).shuffle(lines)  # an order for timing, not a secret  # nosec B311
    path = folder / "requests.tsv"
    path.write_text("\n".join(lines) + "\n")
    return path


def wrk(url: str, mode: str, seconds: int, connections: int, lines: Path) -> Run:
    completed = subprocess.run(  # Debian's wrk on PATH, fixed arguments  # nosec B603 B607
        [
            "wrk", "--threads", "2", "--connections", str(connections),
            "--duration", f"{seconds}s", "--timeout", "10s", "--script", str(SCRIPT),
            url, "--", mode, str(lines),
        ],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    errors = sum(figures[kind] for kind in ("connect", "read", "write", "status", "timeout"))
    return Run(
        mode,
        figures["requests"],
        figures["duration_us"] / 1e6,
        figures["p50_us"] / 1000,
        figures["p99_us"] / 1000,
        errors,
    )


def together(runs: list[Run]) -> Run:
    """Rounds of one kind of request as one: every request over all the time, and the median
    round's latencies."""
    return Run(
        runs[0].name,
        sum(run.requests for run in runs),
        sum(run.seconds for run in runs),
        statistics.median(run.p50_ms for run in runs),
        statistics.median(run.p99_ms for run in runs),
        sum(run.errors for run in runs),
    )


def measure(args: argparse.Namespace, portal: Portal) -> list[str]:
    portal.flask("audio", "build")  # question pages carry their audio players, as for real
    engine = make_engine(portal.url)
    on = machine(database_version(engine))
    settings = runpy.run_path(str(SETTINGS))  # the processes and threads gunicorn will use
    with gunicorn(
        portal.url,
        portal.audio,
        portal.env["PORTAL_SECRET_KEY"],
        app="bench.hello_wsgi:app",
        config=SETTINGS,
    ) as server:
        lines = respondents_at_questions(server.url, portal.bank, args.respondents, portal.folder)
        for mode in ("hello", "get"):  # warm up: every worker has made its app and connections
            wrk(server.url, mode, 3, args.connections, lines)
        rounds: dict[str, list[Run]] = {"hello": [], "get": [], "post": []}
        for _ in range(args.rounds):  # taken in turn, so a slow spell of the machine hits all
            for mode, done in rounds.items():
                done.append(wrk(server.url, mode, args.duration, args.connections, lines))
        runs = {mode: together(done) for mode, done in rounds.items()}
    with engine.connect() as connection:
        saved = connection.execute(
            text("SELECT count(*) FROM answer WHERE submission_key LIKE 'b%'")
        ).scalar()
    engine.dispose()
    hello = runs["hello"]
    names = {"hello": "Hello (baseline)", "get": "Question page", "post": "Answer submit"}
    out = [
        entry_heading(f"{engine.dialect.name}: {args.connections} connections"),
        "",
        f"- Machine: {on}",
        f"- gunicorn {settings['workers']} processes x {settings['threads']} threads "
        f"(deploy/gunicorn.conf.py); wrk 2 threads, "
        f"{args.connections} connections, {args.rounds} rounds of {args.duration} s per row, "
        "the rows in turn in each round, after a 3 s warm-up (latencies: the median round); "
        f"{args.respondents} respondents part-way through, "
        f"{len(lines.read_text().splitlines()):,} different question/answer requests in turn",
        "",
        "| request | requests/s | p50 | p99 | errors | requests/s vs hello | p99 vs hello |",
        "|---|---|---|---|---|---|---|",
    ]
    for mode, run in runs.items():
        out.append(
            f"| {names[mode]} | {run.per_second:,.0f} | {run.p50_ms:.1f} ms | {run.p99_ms:.1f} ms "
            f"| {run.errors} | **{run.per_second / hello.per_second:.2f}** "
            f"| **{run.p99_ms / hello.p99_ms:.1f}x** |"
        )
    out += [
        "",
        f"- Every answer submit was a save with a new one-time key: {runs['post'].requests:,} "
        f"saves, {saved:,} answer rows last saved by the benchmark afterwards (each person's "
        "answer to a statement is one row, changed again and again).",
    ]
    return out


def main() -> int:
    args = parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: `make bench` installs it (Debian package wrk).")
        return 1
    with throwaway_portal("http-bench-", args.database_url) as portal:
        lines = measure(args, portal)
    print("\n".join(lines))
    if not args.no_record:
        record("http", lines)
        print(f"Added to {RESULTS.relative_to(PROJECT_ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
