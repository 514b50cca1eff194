"""bench/RESULTS.md: one section per benchmark, each run adding a dated entry (newest last)
that names the machine it ran on."""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"

TITLE = """# Benchmark results

Written by `make bench` (see `bench/README.md`). Each benchmark compares the portal with a
baseline measured in the same run on the same machine, so the ratios mean something on any
machine; the absolute figures depend on the machine and on what else it was doing (the load
average is given).
"""

# key: (heading, what the figures mean)
SECTIONS: dict[str, tuple[str, str]] = {
    "http": (
        "1. Question page and answer submit under gunicorn",
        "`bench/http_bench.py`: wrk (50 connections, 2 threads) against the portal under gunicorn "
        "on 127.0.0.1 with the settings of `deploy/gunicorn.conf.py`, and against a bare Flask "
        '"hello" route served by the same gunicorn processes. Ratios are portal / hello: '
        "throughput below 1 and p99 above 1 are the portal's own cost. wrk shares the CPUs with "
        "gunicorn.",
    ),
    "bytes": (
        "2. Bytes for one question page and its audio clip",
        "`bench/page_weight.py`: everything a browser fetches for one question page, with and "
        "without gzip (level 6, as a web server in front would send it), and the statement's "
        "audio clip (MP3, not compressed again).",
    ),
    "report": (
        "3. Report over 1,000,000 answers",
        "`bench/report_bench.py`: the time to build one quarter's report (with the previous "
        "quarter for comparison) against one plain "
        "`SELECT statement_id, value, count(*) FROM answer GROUP BY statement_id, value` over "
        "the same answers. Best of 3 runs each; lower ratio is better.",
    ),
    "audio": (
        "4. Building every audio clip in six languages",
        "`bench/audio_bench.py`: `flask audio build` into an empty folder (first run), then again "
        "(second run: every clip is already there and is skipped).",
    ),
    "tests": (
        "5. The test tiers",
        "`bench/test_tiers.py` (by hand, not part of `make bench`: it takes about 15 minutes): "
        "the wall time of `make check` (the everyday loop: lint, every test but the browser and "
        "load tests, SQLite) and of `make test` (the gate CI runs: both databases, everything), "
        "one after another (the second run of a tier shows it with the clips and the virtualenv "
        "already made).",
    ),
    "disclosure": (
        "6. Disclosure control: how much a report shows",
        "`bench/report_bench.py` (and `--demo` for the demo data): the unfiltered report of one "
        "quarter, published through the cell-key method (docs/reports.md), against the true "
        "counts read from the answers only here: the share of cells with a true count of 10 or "
        "more that are shown (goal: at least 90%), the same for the No and Not sure cells a "
        "board most needs, and the mean and largest difference between shown and true values.",
    ),
    "safety": (
        "7. Safety alerts: how soon the email arrives, and a flood of alerts",
        "`bench/safety_bench.py`: on SQLite with the sender thread and a real SMTP server on "
        "127.0.0.1 (aiosmtpd), the time from a worrying answer's commit to its email arriving, "
        "against sending the same email straight through smtplib; and the safeguarding lead's "
        "alerts page with 5,000 open flags against 50 (goal: under 2x).",
    ),
    "security": (
        "8. Security checks: what they cost, and what a guesser gets",
        "`bench/security_bench.py`: on SQLite in one process, the staff home page with its "
        "sign-in checked in the database on every request against the old cookie-only loader "
        "(same run); one client typing wrong join codes until it gets 429; twenty wrong passwords "
        "for one account at once (how many passwords were checked) against twenty accounts.",
    ),
    "taps": (
        "9. Taps to finish a journey on a tablet",
        "`bench/taps_bench.py`: the browser test `tests/browser/test_taps.py` walks a whole "
        'journey on a 768x1024 touch tablet, tapping "Read this page to me" once, then only '
        "answers and buttons; against the same journey heard by tapping each clip's own speaker "
        "once (the way before the reader).",
    ),
    "studio": (
        "10. The studio's steps",
        "`bench/studio_bench.py`: on a temporary SQLite database in one process, each step the "
        "studio and `flask content load|export` take on the real content (clips left out), "
        "against checking the whole content once in the same run.",
    ),
}


def machine(database: str = "") -> str:
    """The machine in one line, and the load average (other work slows every figure)."""
    cpu = platform.processor() or platform.machine()
    parts = [
        platform.platform(),
        f"{os.cpu_count()} CPUs ({cpu})",
        f"Python {platform.python_version()}",
    ]
    if database:
        parts.append(database)
    return f"{', '.join(parts)}; load average {os.getloadavg()[0]:.1f} at the start"


def entry_heading(what: str) -> str:
    return f"### {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {what}"


def record(section: str, lines: list[str], path: Path = RESULTS) -> None:
    """Add `lines` (starting with an `entry_heading`) at the end of the benchmark's section."""
    text = path.read_text() if path.exists() else ""
    sections = _split(text)
    earlier = sections.get(section, "").strip("\n")
    sections[section] = (f"\n{earlier}\n" if earlier else "") + "\n" + "\n".join(lines) + "\n"
    out = [TITLE]
    for key, (heading, about) in SECTIONS.items():
        out.append(f"\n## {heading}\n\n{about}\n")
        if sections.get(key, "").strip():
            out.append(sections[key])
    path.write_text("".join(out))


def _split(text: str) -> dict[str, str]:
    """Entries already in the file, by section key (the text under each section's intro)."""
    found: dict[str, str] = {}
    headings = {f"## {heading}": key for key, (heading, _) in SECTIONS.items()}
    parts = re.split(r"(?m)^(## .*)$", text)
    for heading, body in zip(parts[1::2], parts[2::2], strict=True):
        key = headings.get(heading.strip())
        if key is None:
            continue
        entries = body.split("\n### ", 1)
        # without its trailing blank lines: each write would otherwise add one more
        found[key] = "\n### " + entries[1].rstrip("\n") + "\n" if len(entries) == 2 else ""
    return found
