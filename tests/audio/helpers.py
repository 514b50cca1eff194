"""Helpers for the audio tests: decode clips, measure how loud they are and their pace."""

from __future__ import annotations

import io
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import soundfile

from portal.audio.store import read_manifest, text_hash
from portal.content.easy_read import sentences

SAMPLE_TEXTS = [
    ("en", "I feel safe where I live."),
    ("en", "People listen to me."),
    ("en", "I need help now"),
]


def decode(mp3: bytes) -> tuple[np.ndarray, int]:
    """Decode an MP3 to 16-bit samples and its sample rate."""
    samples, rate = soundfile.read(io.BytesIO(mp3), dtype="int16")
    return samples, rate


def rms(samples: np.ndarray) -> float:
    """Root mean square loudness of 16-bit samples."""
    return float(np.sqrt(np.mean(samples.astype(np.float64) ** 2)))


SILENCE_DBFS = -45.0
FRAME_SECONDS = 0.01


@dataclass(frozen=True)
class Clip:
    """One clip measured: its pace in words a minute and its pauses between sentences."""

    lang: str
    variant: str
    text: str
    words: int
    wpm: float
    pauses: tuple[float, ...]  # silences between sentences, in seconds


def decode_mono(mp3: bytes) -> tuple[np.ndarray, int]:
    """Mono samples of an MP3 (floats, full scale 1.0), and its sample rate."""
    with av.open(io.BytesIO(mp3)) as container:
        stream = container.streams.audio[0]
        blocks = [frame.to_ndarray()[0] for frame in container.decode(stream)]
    return np.concatenate(blocks).astype(np.float64), stream.rate


def silent_runs(loud: np.ndarray) -> list[int]:
    """Lengths, in frames, of each run of quiet frames between two loud ones."""
    edges = np.flatnonzero(np.diff(loud.astype(np.int8)))
    # inside a trimmed clip, a quiet run starts after a loud->quiet edge and ends at the next edge
    starts = edges[loud[edges]]
    ends = edges[~loud[edges]]
    return [int(end - start) for start, end in zip(starts, ends, strict=True)]


def measure(mp3: bytes, lang: str, variant: str, text: str) -> Clip:
    """A clip's pace in words a minute, and its pauses between sentences."""
    samples, rate = decode_mono(mp3)
    step = int(rate * FRAME_SECONDS)
    frames = samples[: len(samples) // step * step].reshape(-1, step)
    level = 20 * np.log10(np.sqrt((frames**2).mean(axis=1)) + 1e-12)
    loud = np.flatnonzero(level > SILENCE_DBFS)
    assert loud.size, f"{lang} {variant} {text!r}: silent clip"
    inside = level[loud[0] : loud[-1] + 1] > SILENCE_DBFS
    gaps = sorted(silent_runs(inside), reverse=True)
    pauses = tuple(g * FRAME_SECONDS for g in gaps[: len(sentences(text)) - 1])
    seconds = inside.size * FRAME_SECONDS - sum(pauses)
    words = len(text.split())
    return Clip(lang, variant, text, words, words * 60 / seconds, pauses)


def measure_file(job: tuple[str, str, str, str]) -> Clip:
    """`measure` for (path, language, variant, text), in a worker process."""
    path, lang, variant, text = job
    return measure(Path(path).read_bytes(), lang, variant, text)


def measure_clips(
    audio_dir: Path, pairs: list[tuple[str, str]], variants: tuple[str, ...]
) -> list[Clip]:
    """Measure the built clip of every (language, text) in each variant; two processes."""
    manifest = read_manifest(audio_dir)
    jobs = []
    for lang, text in pairs:
        for variant in variants:
            name = manifest.get(lang, {}).get(variant, {}).get(text_hash(text))
            assert name is not None, f"no {variant} clip for {lang} {text!r}"
            jobs.append((str(audio_dir / name), lang, variant, text))
    with ProcessPoolExecutor(2) as pool:  # the machine's two cores
        return list(pool.map(measure_file, jobs, chunksize=200))
