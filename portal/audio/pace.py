"""A measured pace for the offline voice: words a minute checked on the sound itself.

espeak-ng's rate is a nominal figure: it keeps syllables a second about steady, so a sentence of
short words ("I had a say in who I live with.") is read at twice the words a minute of one with
long words. No single rate keeps every clip in the easy-read bands, so each text is spoken at its
language's rate, sentence by sentence, measured (sounding time, silence at each end of a sentence
trimmed), and spoken again at a corrected rate if it falls outside the band. Its sentences are
then joined with a clear pause. Measured, not guessed: see bench/audio_bench.py for the figures.
"""

from __future__ import annotations

import array
import math
from collections.abc import Callable
from dataclasses import dataclass

from portal.content.easy_read import sentences

# Part of every espeak clip's name: change it whenever these settings change the sound, so
# every cache makes its clips again (portal/audio/store.py, clip_name).
PACE_VERSION = "pace-2"

MIN_RATE = 80  # espeak-ng's slowest rate
MAX_RATE = 450  # and its fastest
FRAME_SECONDS = 0.01
SILENCE_PEAK = 184  # 16-bit peak below -45 dBFS: silence, for trimming the ends of a sentence
SENTENCE_PAUSE = 0.6  # seconds of silence between two sentences
LEAD_IN = 0.1  # seconds of silence before the first word (players clip the very start)
TAIL = 0.2  # and after the last
MIN_WORDS = 4  # shorter texts ("Yes") are only ever slowed down, never sped up
MARGIN = 3.0  # a corrected text aims this many words a minute inside the band's edge
MAX_TRIES = 8  # settings tried for one text before the nearest is taken
MAX_EXTRA_GAP = 3  # at most this much more pause between words (10 ms units) than the base


@dataclass(frozen=True)
class Band:
    """Words a minute a text should be read at."""

    low: float
    high: float


# Easy read: normal about 130-150 words a minute, "A little slower" about 100-120.
BANDS = {"normal": Band(130, 150), "slow": Band(100, 120)}


@dataclass(frozen=True)
class Setting:
    """espeak-ng's rate (nominal words a minute) and extra pause between words (10 ms units)."""

    rate: int
    word_gap: int = 0


# Measured on every sentence of 4+ words in the portal's texts: at these settings the median
# sentence is read at about 140 (normal) and 110 (slow) words a minute. Slow keeps nearly the
# same rate and adds a short pause between words. Re-measure with bench/audio_bench.py.
SETTINGS: dict[str, dict[str, Setting]] = {
    "en": {"normal": Setting(106), "slow": Setting(106, 4)},
    "cy": {"normal": Setting(119), "slow": Setting(116, 4)},
    "pl": {"normal": Setting(163), "slow": Setting(160, 4)},
    "ur": {"normal": Setting(125), "slow": Setting(123, 4)},
    "gu": {"normal": Setting(154), "slow": Setting(150, 4)},
    "pa": {"normal": Setting(128), "slow": Setting(126, 4)},
}

# Speaks one sentence with a setting: (16-bit mono PCM, samples a second).
Speak = Callable[[str, Setting], tuple[bytes, int]]


def word_count(text: str) -> int:
    """Words as a reader counts them: what stands between spaces."""
    return len(text.split())


def sounding(pcm: bytes, sample_rate: int) -> array.array[int]:
    """The samples from the first to the last 10 ms frame that is not silence (empty if none)."""
    samples = array.array("h", pcm)
    step = max(1, int(sample_rate * FRAME_SECONDS))
    starts = range(0, len(samples), step)

    def loud(start: int) -> bool:
        frame = samples[start : start + step]
        return max(frame) > SILENCE_PEAK or -min(frame) > SILENCE_PEAK

    first = next((start for start in starts if loud(start)), None)
    if first is None:
        return array.array("h")
    last = next(start for start in reversed(starts) if loud(start))
    return samples[first : last + step]


def words_a_minute(words: int, samples: int, sample_rate: int) -> float:
    """Pace of `words` said in `samples` samples."""
    return words * 60 * sample_rate / samples if samples else math.inf


def _spoken(speak: Speak, parts: list[str], setting: Setting) -> list[tuple[bytes, int]]:
    """Each sentence spoken with one setting, its ends trimmed."""
    spoken = []
    for sentence in parts:
        pcm, sample_rate = speak(sentence, setting)
        spoken.append((sounding(pcm, sample_rate).tobytes(), sample_rate))
    return spoken


def paced_sentences(
    speak: Speak, parts: list[str], base: Setting, band: Band
) -> list[tuple[bytes, int]]:
    """Sentences read with one setting that keeps them, together, within `band` (or as near as
    the voice allows): the language's setting if it does, else one found by measuring.

    The rate is searched first (pace is about proportional to it); a text that is still too
    fast at espeak-ng's slowest rate gets a longer pause between words, and the rate is searched
    again.
    """
    words = sum(map(word_count, parts))
    best: tuple[float, list[tuple[bytes, int]]] | None = None
    tries = 0
    for word_gap in range(base.word_gap, base.word_gap + MAX_EXTRA_GAP + 1):
        rate = base.rate
        rate_low, rate_high = MIN_RATE - 1, MAX_RATE + 1  # rates known to read too slow, fast
        while tries < MAX_TRIES:
            tries += 1
            spoken = _spoken(speak, parts, Setting(rate, word_gap))
            wpm = words_a_minute(words, sum(len(pcm) // 2 for pcm, _ in spoken), spoken[0][1])
            miss = max(band.low - wpm, wpm - band.high, 0.0)
            if best is None or miss < best[0]:
                best = (miss, spoken)
            if not miss or (words < MIN_WORDS and wpm <= band.high) or math.isinf(wpm):
                return spoken
            if wpm > band.high:
                rate_high = rate
                guess = round(rate * (band.high - MARGIN) / wpm)
            else:
                rate_low = rate
                guess = round(rate * (band.low + MARGIN) / wpm)
            guess = min(max(guess, MIN_RATE), MAX_RATE)
            if not rate_low < guess < rate_high:
                guess = (rate_low + rate_high) // 2
            if guess <= rate_low or guess >= rate_high or guess < MIN_RATE:
                break  # no rate left to try between the two
            rate = guess
        if rate_high != MIN_RATE or words < 2:  # only too fast at the slowest rate goes on
            break
    if best is None:  # only if MAX_TRIES were 0
        raise RuntimeError("no try was made at speaking the text")
    return best[1]


def paced(speak: Speak, text: str, lang: str, variant: str) -> tuple[bytes, int]:
    """`text` read sentence by sentence at the measured pace for `lang` and `variant`, with a
    pause between sentences; (16-bit mono PCM, samples a second)."""
    base = SETTINGS[lang][variant]
    band = BANDS[variant]
    said = sentences(text)
    parts = paced_sentences(speak, said, base, band) if said else []
    spoken = [(pcm, rate) for pcm, rate in parts if pcm]
    if not spoken:
        return b"", 0
    sample_rate = spoken[0][1]

    def silence(seconds: float) -> bytes:
        return bytes(2 * round(seconds * sample_rate))

    pause = silence(SENTENCE_PAUSE)
    return (
        silence(LEAD_IN) + pause.join(pcm for pcm, _ in spoken) + silence(TAIL),
        sample_rate,
    )
