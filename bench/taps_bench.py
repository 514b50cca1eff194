"""Taps to finish a whole journey on a tablet with "Read this page to me", against the same
journey heard by tapping each sentence's own speaker once (the way before the reader).

Runs the browser test tests/browser/test_taps.py (Debian's Chromium, a 768x1024 touch tablet),
which walks the journey tapping only the reader (once), answers and buttons, and writes what it
counted to test-results/taps.json.
"""

from __future__ import annotations

import argparse
import json
import subprocess  # nosec B404  # runs our own test suite, no shell
import sys

from bench.results import RESULTS, entry_heading, machine, record
from portal.config import PROJECT_ROOT

COUNTS = PROJECT_ROOT / "test-results" / "taps.json"
TEST = "tests/browser/test_taps.py"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-record", action="store_true", help=f"do not add to {RESULTS.name}")
    args = parser.parse_args()
    on = machine("SQLite, Chromium")
    COUNTS.unlink(missing_ok=True)
    command = [sys.executable, "-m", "pytest", "-q", "-m", "browser", "-p", "no:randomly", TEST]
    finished = subprocess.run(command, cwd=PROJECT_ROOT, check=False)  # nosec B603
    if finished.returncode != 0 or not COUNTS.exists():
        print(f"{TEST} failed: no tap count", file=sys.stderr)
        return 1
    counts = json.loads(COUNTS.read_text())
    taps, statements, clips = counts["taps"], counts["statements"], counts["clips"]
    limit = 2 * statements + 8
    # before the reader: the same taps, less the reader's one, plus one for every clip heard
    by_speakers = taps - 1 + clips
    lines = [
        entry_heading(f"one journey of {statements} statements on a 768x1024 touch tablet"),
        "",
        f"- Machine: {on}",
        f'- Taps with "Read this page to me" (pressed once), answers and buttons: **{taps}**;'
        f" the goal is at most 2 a statement plus 8 = {limit} (ratio **{taps / limit:.2f}**)",
        f"- The same journey heard by tapping each of its {clips} clips' own speaker once:"
        f" {by_speakers} taps; with the reader a person taps **{by_speakers / taps:.1f}x** fewer",
    ]
    print("\n".join(lines))
    if not args.no_record:
        record("taps", lines)
        print(f"Added to {RESULTS.relative_to(PROJECT_ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
