"""Every clip a respondent can hear is read at an easy-read pace, with a pause between sentences.

The clips are the real ones (`audio_dir`: every text, every language, normal and slow), decoded
from MP3 with PyAV and measured on their own terms (tests/audio/helpers.py, not the builder's
code): words are counted between spaces, and the sounding time runs from the first to the last
10 ms louder than -45 dBFS, less the pauses between sentences. `pytest -s` prints a summary.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from portal.audio.engines import EspeakEngine
from portal.audio.texts import spoken_texts
from portal.config import LANGUAGES
from portal.content.easy_read import sentences
from tests.audio.helpers import Clip, measure, measure_clips
from tests.conftest import clear_answers, make_app

# Words a minute. The voice aims at 130-150 (normal) and 100-120 (slow); these bands allow for
# MP3 coding and a different way of finding silence.
BANDS = {"normal": (120.0, 155.0), "slow": (95.0, 125.0)}
MIN_WORDS = 4
# Clips of one to three words ("Yes", "Nie", "Not sure") are mostly the onset and end of a word.
# They are slowed to the band but no slower than espeak-ng's slowest rate (80). Measured: normal
# short clips up to 154 wpm (one 10 ms frame trimmed differently moves a 0.4 s word by about
# 4 wpm), so 5 over the top; slow one-syllable words ("Nie", "Iaith", Gujarati "કપ") last about
# 0.4 s even at rate 80, 125-150 wpm, so 30 over the slow top: never faster than normal's.
SHORT_MARGIN = {"normal": 5.0, "slow": 30.0}
SENTENCE_PAUSE = 0.4  # seconds, at least, between two sentences


@pytest.fixture(scope="module")
def clips(
    audio_dir: Path, template_database: str, tmp_path_factory: pytest.TempPathFactory
) -> list[Clip]:
    """Every built clip of every text a respondent can meet, measured."""
    app = make_app(template_database, audio_dir, tmp_path_factory.mktemp("pace"))
    clear_answers(app)  # PostgreSQL: no area an earlier test left (its texts have no clip)
    pairs = spoken_texts(app)
    app.extensions["db_engine"].dispose()
    started = time.perf_counter()
    measured = measure_clips(audio_dir, pairs, tuple(BANDS))
    took = time.perf_counter() - started
    print(f"\nDecoded and measured {len(measured):,} clips in {took:.1f} s")
    for lang in LANGUAGES:
        line = [f"{lang}:"]
        for variant in BANDS:
            pace = [c.wpm for c in measured if (c.lang, c.variant) == (lang, variant)]
            long = [c.wpm for c in measured if (c.lang, c.variant) == (lang, variant)
                    and c.words >= MIN_WORDS]  # fmt: skip
            line.append(
                f"{variant} median {statistics.median(long):.0f} wpm "
                f"({min(long):.0f}-{max(long):.0f}, {len(long)} clips of {MIN_WORDS}+ words; "
                f"{len(pace)} in all, shorter ones up to {max(pace):.0f})"
            )
        print(" ".join(line))
    pauses = [p for c in measured for p in c.pauses]
    print(f"{len(pauses):,} pauses between sentences: {min(pauses):.2f}-{max(pauses):.2f} s")
    return measured


def test_every_clip_of_four_or_more_words_is_read_within_its_band(clips: list[Clip]) -> None:
    outside = [
        f"{c.lang} {c.variant} {c.wpm:.0f} wpm: {c.text[:60]!r}"
        for c in clips
        if c.words >= MIN_WORDS and not BANDS[c.variant][0] <= c.wpm <= BANDS[c.variant][1]
    ]
    assert not outside, f"{len(outside)} clips outside the band:\n" + "\n".join(outside[:30])


def test_short_clips_are_never_rushed(clips: list[Clip]) -> None:
    rushed = [
        f"{c.lang} {c.variant} {c.wpm:.0f} wpm: {c.text!r}"
        for c in clips
        if c.words < MIN_WORDS and c.wpm > BANDS[c.variant][1] + SHORT_MARGIN[c.variant]
    ]
    assert not rushed, f"{len(rushed)} short clips too fast:\n" + "\n".join(rushed[:30])


def test_every_pair_of_sentences_has_a_clear_pause_between(clips: list[Clip]) -> None:
    several = [c for c in clips if len(sentences(c.text)) > 1]
    assert len(several) > 100, "the portal has many texts of two or more sentences"
    hurried = [
        f"{c.lang} {c.variant} pauses {[round(p, 2) for p in c.pauses]}: {c.text[:60]!r}"
        for c in several
        if min(c.pauses) < SENTENCE_PAUSE
    ]
    assert not hurried, f"{len(hurried)} clips run sentences together:\n" + "\n".join(hurried[:30])


def test_slow_reads_every_text_slower_than_normal(clips: list[Clip]) -> None:
    normal = {(c.lang, c.text): c.wpm for c in clips if c.variant == "normal"}
    faster = [
        f"{c.lang} {c.wpm:.0f} vs {normal[c.lang, c.text]:.0f} wpm: {c.text[:60]!r}"
        for c in clips
        if c.variant == "slow" and c.words >= MIN_WORDS and c.wpm >= normal[c.lang, c.text]
    ]
    assert not faster, "\n".join(faster[:30])


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Staff lock me in a room on my own."),  # short words: the voice's rate says 200
        ("en", "People understand how this person communicates."),  # long words: 126
        ("pl", "Ludzie zabraniają mi decydować o sobie."),
        ("ur", "لوگ ان سے جو وعدہ کرتے ہیں، وہ پورا کرتے ہیں۔"),
    ],
)
def test_sentences_of_short_or_long_words_are_both_read_at_an_easy_pace(
    lang: str, text: str
) -> None:
    for variant, slow in (("normal", False), ("slow", True)):
        clip = measure(EspeakEngine().synthesise(text, lang, slow=slow), lang, variant, text)
        assert BANDS[variant][0] <= clip.wpm <= BANDS[variant][1], (variant, clip.wpm)


def test_two_sentences_have_a_pause_of_about_six_tenths_of_a_second() -> None:
    text = "I agree. Start the questions."
    clip = measure(EspeakEngine().synthesise(text, "en"), "en", "normal", text)
    assert len(clip.pauses) == 1 and 0.5 <= clip.pauses[0] <= 0.75, clip.pauses
