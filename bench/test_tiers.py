"""How long the two test tiers take on this machine: `make check` and `make test`.

    .venv/bin/python -m bench.test_tiers                # both, each twice (about 30 minutes)
    .venv/bin/python -m bench.test_tiers check          # only `make check`
    .venv/bin/python -m bench.test_tiers --runs 1       # each once

Figures are added to bench/RESULTS.md (section 5), with the load average at the start of each
run: other work on the machine slows every figure.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

from bench.results import RESULTS, entry_heading, machine, record
from portal.config import PROJECT_ROOT

GOALS = {"check": "under 3 minutes", "test": "at least 30 % faster than 1,219 s (CI, 2026-11)"}


def timed(target: str) -> tuple[float, float, int]:
    """Seconds `make <target>` took, the load average when it began, and its exit code."""
    load = os.getloadavg()[0]
    start = time.perf_counter()
    done = subprocess.run(  # make with a fixed target, in the project  # nosec B603 B607
        ["make", target], cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, check=False
    )
    return time.perf_counter() - start, load, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tiers", nargs="*", help="check, test or both (the default)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each tier, one after another")
    parser.add_argument("--no-record", action="store_true", help=f"do not add to {RESULTS.name}")
    args = parser.parse_args()
    if unknown := set(args.tiers) - {"check", "test"}:
        parser.error(f"no tier {', '.join(sorted(unknown))}: say check or test")
    lines = [entry_heading("make check and make test"), "", f"- Machine: {machine()}", ""]
    lines += [
        "| tier | run | wall time | load average at start | exit | goal |",
        "|---|---|---|---|---|---|",
    ]
    failed = False
    for tier in args.tiers or ["check", "test"]:
        for run in range(1, args.runs + 1):
            seconds, load, code = timed(tier)
            failed = failed or code != 0
            lines.append(
                f"| `make {tier}` | {run} | **{seconds:,.0f} s** | {load:.1f} | {code} "
                f"| {GOALS[tier]} |"
            )
    print("\n".join(lines))
    if not args.no_record:
        record("tests", lines)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
