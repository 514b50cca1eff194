"""How long `flask audio build --slow` takes for every text in six languages, then once cached.

`make audio` runs it on every set-up. It also decodes every clip made and prints the pace per
language (median words a minute, normal and slow; tests/audio/test_pace.py holds the bands). Clips
are named by a hash of what they say, so a second run should find every clip already made and skip
it: the first run (into an empty folder) is the cost of a fresh install, the second the cost of
every later `make setup`, and their ratio says how well the reuse works on any machine. Both run as
subprocesses, as the Makefile runs them, with espeak-ng (offline) for a throw-away portal
(bench/throwaway.py). `flask audio build --help` is timed too: starting Flask alone, the floor for a
run. Figures go to bench/RESULTS.md (section 4).

    .venv/bin/python -m bench.audio_bench [--no-record]   # a few minutes
"""

from __future__ import annotations

import argparse
import ctypes
import json
import re
import statistics
import sys
import time

import espeakng_loader

from bench.results import RESULTS, entry_heading, machine, record
from bench.throwaway import Portal, throwaway_portal
from portal import create_app
from portal.audio.engines import MP3_KBPS
from portal.audio.store import VARIANTS
from portal.audio.texts import spoken_texts
from portal.config import LANGUAGES, PROJECT_ROOT
from tests.audio.helpers import measure_clips

MIN_WORDS = 4  # pace of clips this long or longer (shorter ones are mostly a word's onset)

BUILD = ("audio", "build", "--slow")  # what `make audio` runs
SUMMARY = re.compile(r"Audio: (\d+) clips \((\d+) made, (\d+) reused, (\d+) failed\) in ([\d.]+) s")


def summary(output: str) -> tuple[int, int, int, int, float]:
    """(clips, made, reused, failed, the build's own seconds) from `flask audio build`."""
    found = SUMMARY.search(output)
    assert found, f"no summary in: {output[-500:]}"
    clips, made, reused, failed, seconds = found.groups()
    return int(clips), int(made), int(reused), int(failed), float(seconds)


def espeak_version() -> str:
    """The version of the libespeak-ng the espeakng-loader wheel ships."""
    lib = ctypes.CDLL(espeakng_loader.get_library_path())
    lib.espeak_Info.restype = ctypes.c_char_p
    lib.espeak_Info.argtypes = [ctypes.c_void_p]
    return lib.espeak_Info(None).decode()


def pace(portal: Portal) -> tuple[list[str], float]:
    """Per language, the median (and range of) words a minute of clips of 4+ words, normal and
    slow, decoded from the built MP3s; and the seconds the decoding took."""
    app = create_app(
        {
            "DATABASE_URL": portal.url,
            "AUDIO_DIR": str(portal.audio),
            "SECRET_KEY": portal.env["PORTAL_SECRET_KEY"],
            "TTS_ENGINE": "espeak",
        }
    )
    pairs = spoken_texts(app)
    app.extensions["db_engine"].dispose()
    started = time.perf_counter()
    clips = measure_clips(portal.audio, pairs, VARIANTS)
    took = time.perf_counter() - started
    found = []
    for lang in LANGUAGES:
        parts = []
        for variant in VARIANTS:
            wpm = [c.wpm for c in clips if (c.lang, c.variant) == (lang, variant)]
            long = [c.wpm for c in clips if (c.lang, c.variant) == (lang, variant)
                    and c.words >= MIN_WORDS]  # fmt: skip
            parts.append(
                f"{variant} {statistics.median(long):.0f} ({min(long):.0f}-{max(long):.0f},"
                f" short up to {max(wpm):.0f})"
            )
        found.append(f"{lang} " + ", ".join(parts))
    return found, took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-record", action="store_true", help=f"do not append to {RESULTS.name}")
    args = parser.parse_args()
    on = machine()
    with throwaway_portal("audio-bench-") as portal:
        audio = portal.audio
        start_up, _ = portal.flask(*BUILD, "--help")
        print("First run (a few minutes)...")
        first, output = portal.flask(*BUILD)
        clips, made, _, failed, first_own = summary(output)
        files = list(audio.glob("*.mp3"))
        size = sum(file.stat().st_size for file in files)
        manifest = json.loads((audio / "manifest.json").read_text())
        print("Measuring the pace of every clip...")
        paces, pace_seconds = pace(portal)
        print("Second run...")
        second, output = portal.flask(*BUILD)
        again, made_again, reused, _, second_own = summary(output)
        assert len(list(audio.glob("*.mp3"))) == len(files), "the second run changed the clips"

    per_language = ", ".join(
        f"{lang} {sum(len(entries) for entries in manifest.get(lang, {}).values()):,}"
        for lang in LANGUAGES
    )
    lines = [
        entry_heading(f"{clips:,} clips (normal and slow) in {len(LANGUAGES)} languages"),
        "",
        f"- Machine: {on}",
        f"- Engine: espeak-ng {espeak_version()} (espeakng-loader wheel), MP3 at {MP3_KBPS} kbit/s;"
        f" clips per language (manifest, both speeds): {per_language}",
        f"- First run, empty folder: **{first:.1f} s** ({first_own:.1f} s in the build itself); "
        f"{made:,} clips made, {failed} failed; {len(files):,} files, **{size / 1e6:.1f} MB** "
        f"(average {size / len(files) / 1e3:.1f} kB); **{made / first:.1f} clips/s**",
        f"- Second run, every clip there: **{second:.2f} s** ({second_own:.2f} s in the build "
        f"itself); {reused:,} of {again:,} clips reused, {made_again} made",
        f"- Starting Flask alone (`flask audio build --help`): {start_up:.2f} s; the rest of the "
        f"second run ({second - second_own - start_up:.2f} s) goes to gathering the texts",
        f"- Ratio second / first: **{second / first:.3f}** (the second run is "
        f"**{first / second:.0f}x faster**)",
        f"- Pace, words a minute of clips of {MIN_WORDS}+ words, median (range; clips under "
        f"{MIN_WORDS} words up to), decoded with PyAV in {pace_seconds:.1f} s: " + "; ".join(paces),
    ]
    print("\n".join(lines))
    if not args.no_record:
        record("audio", lines)
        print(f"Added to {RESULTS.relative_to(PROJECT_ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
