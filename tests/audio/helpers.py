"""Helpers for the audio tests: decode clips and measure how loud they are."""

from __future__ import annotations

import io

import numpy as np
import soundfile

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
