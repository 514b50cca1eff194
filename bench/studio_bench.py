"""What the studio's steps cost, against checking the content once (`flask content check`'s
work) in the same run: loading the files into an empty database as a release, starting a draft,
saving one statement (every rule checked on the whole release), publishing it (checked again,
questionnaire versions given, statement tables copied), reading a release back as the bank
respondents see, and exporting it as files. Clips are left out (bench/audio_bench.py measures
them). On a temporary SQLite database, in one process, each step five times (the median)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy.orm import Session

from bench.results import RESULTS, entry_heading, machine, record
from portal.config import LANGUAGES, PROJECT_ROOT
from portal.content import checker
from portal.content.editing import StatementFields, save_statement
from portal.content.releases import (
    export_files,
    import_files,
    publish,
    release_assets,
    release_bank,
    release_files,
    save_files,
    start_draft,
)
from portal.db import make_engine, upgrade

CONTENT = PROJECT_ROOT / "content"
RUNS = 5


def _median(step: Callable[[], object], before: Callable[[], object] | None = None) -> float:
    """Median seconds of `step` over RUNS runs, each after `before` (not timed); no checked
    bank is kept between runs, so each check is done in full."""
    times = []
    for _ in range(RUNS):
        if before is not None:
            before()
        checker._CHECKED.clear()
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-record", action="store_true", help=f"do not add to {RESULTS.name}")
    args = parser.parse_args()
    on = machine("SQLite")
    folder = Path(tempfile.mkdtemp(prefix="studio-bench-"))
    figures: dict[str, float] = {}
    figures["check"] = _median(lambda: checker.check(CONTENT, LANGUAGES))

    databases = iter(range(1000))

    def empty() -> None:
        url = f"sqlite:///{folder / f'load-{next(databases)}.sqlite3'}"
        upgrade(url)
        engines.append(make_engine(url))

    engines: list = []

    def load() -> None:
        with Session(engines[-1]) as db, db.begin():
            import_files(db, CONTENT, LANGUAGES)

    figures["load"] = _median(load, empty)
    engine = engines[-1]
    words = StatementFields(
        theme="my-home",
        text="I like my garden.",
        they="They like their garden.",
        picture="map",
        audiences=("self_advocate",),
        direction="yes_good",
        origin="proposed locally",
    )
    welsh = {"cy": {"text": "Rydw i'n hoffi fy ngardd.", "they": "Maen nhw'n hoffi eu gardd."}}

    with Session(engine) as db:

        def draft() -> None:
            start_draft(db, None, CONTENT)

        figures["draft"] = _median(draft, db.rollback)
        db.rollback()

        def save() -> None:
            release = start_draft(db, None, CONTENT)
            files = release_files(db, release)
            changed = save_statement(files, "i-like-my-garden", words, welsh)
            bank, problems = checker.check(CONTENT, LANGUAGES, {**files, **changed})
            if problems:
                raise SystemExit(f"the bench's statement breaks a rule: {problems[0]}")
            save_files(db, release, changed)

        figures["save"] = _median(save, db.rollback)
        db.rollback()

        def approved() -> None:
            db.rollback()
            save()
            release = start_draft(db, None, CONTENT)
            release.status = "approved"

        def publish_it() -> None:
            release = start_draft(db, None, CONTENT)
            publish(db, release, None, CONTENT, LANGUAGES)

        figures["publish"] = _median(publish_it, approved)
        db.rollback()

        live = import_files(db, CONTENT, LANGUAGES)[0]
        figures["read"] = _median(lambda: release_bank(db, live, CONTENT, LANGUAGES))
        out = folder / "exported"
        figures["export"] = _median(
            lambda: export_files({**release_files(db, live), **release_assets(db, live)}, out)
        )
    for made in engines:
        made.dispose()

    base = figures["check"]
    names = {
        "load": "`flask content load` into an empty database (check, store, publish, copy)",
        "draft": "start a draft (copy the published release's file rows)",
        "save": "save one statement (edit its YAML and the 5 translation files, check all)",
        "publish": "publish it (check, new questionnaire versions, statement tables)",
        "read": "read the published release back as the bank respondents see",
        "export": "`flask content export` (write every file)",
    }
    lines = [
        entry_heading(f"the studio's steps on the real content, median of {RUNS}"),
        "",
        f"- Machine: {on}",
        f"- Baseline, checking the whole content once: **{base * 1000:.0f} ms**",
    ]
    for key, what in names.items():
        lines.append(
            f"- {what}: {figures[key] * 1000:.0f} ms (**{figures[key] / base:.2f}x** the check)"
        )
    print("\n".join(lines))
    if not args.no_record:
        record("studio", lines)
        print(f"Added to {RESULTS.relative_to(PROJECT_ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
