"""Human voice clips for the studio: a recording or an upload, made ready to be heard many times.

`normalise_voice` takes whatever a browser or phone recorded (WebM/Opus, Ogg, MP4/AAC, WAV, MP3)
and gives back one clip in the clip format: a constant-bitrate mono MP3 at CLIP_RATE, with the
silence before the first word and after the last cut to about KEEP_SECONDS, and its loudness set
by FFmpeg's `loudnorm` filter (run through PyAV's filter graph) to TARGET_LUFS integrated with
true peaks at most TARGET_TRUE_PEAK. So every human voice plays about as loud as every other and
as the synthetic clips. `measure_loudness` gives the integrated loudness of any sound (FFmpeg's
`ebur128` filter). A recording that cannot be a clip raises VoiceRefused, whose `message` is a
short plain-English sentence for the staff member.

Sample rate: 24,000 Hz, not the comments' 16,000 Hz. Speech has sounds (s, f, sh, t) up to
10 kHz and more, which 16 kHz cuts at 8 kHz and makes dull; these clips are heard again and again.
24 kHz keeps them to 12 kHz, is exactly half the 48 kHz that browsers record (Opus always
decodes at 48 kHz), so the resampling is a clean 2:1, and is an MPEG-2 MP3 rate every browser
plays. At that rate 48 kbit/s (VOICE_KBPS) lets LAME keep the band to about 11.5 kHz; 32 kbit/s,
the synthetic clips' rate, low-passes it near 8.5 kHz again (measured on noise: 6 kB a second).
"""

from __future__ import annotations

import array
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

import av

from portal.audio.decode import NotSound, decode_pcm
from portal.audio.engines import encode_mp3

CLIP_RATE = 24_000
VOICE_KBPS = 48
TARGET_LUFS = -16.0  # integrated loudness of every voice clip (EBU R 128 / podcast practice)
TARGET_TRUE_PEAK = -1.5  # dBTP: room for the MP3 encoder's overshoot
TARGET_RANGE = 11.0  # LU: loudnorm's loudness range target (its default)
LOUDNORM = f"I={TARGET_LUFS}:TP={TARGET_TRUE_PEAK}:LRA={TARGET_RANGE}"
# Peaks held below -2.5 dBFS (after the gain to TARGET_LUFS) before loudnorm: for a clip under its
# 3 s window loudnorm applies one gain, lowered until the loudest peak fits under
# TARGET_TRUE_PEAK, so without this a peaky short word ("Yes") came out 2 LU quiet.
LIMITER = "limit=0.75:attack=5:release=50:level=0"

KEEP_SECONDS = 0.15  # silence kept before the first word and after the last
FRAME_SECONDS = 0.01  # trimming looks at 10 ms frames
SILENCE_PEAK = 200  # loudest sample (of 32,767) below this: nothing was heard
TRIM_BELOW_PEAK = 0.01  # a frame 40 dB below the loudest sample is silence, for trimming
SHORTEST_SECONDS = 0.5  # a clip, with its kept silence, is at least this long
SILENT_LUFS = -70.0  # what ebur128 says for silence, or a sound too short to measure
MEASURE_RATE = 48_000  # ebur128's own rate: the K-weighting is defined there
MEASURE_MAX_SECONDS = 15 * 60.0
CHUNK = 4_800  # samples pushed into a filter graph at a time

Problem = Literal["missing", "not-sound", "too-short", "too-big"]

PROBLEM_MESSAGES = {
    "missing": "No recording came through. Record the clip again, or choose a sound file.",
    "not-sound": "We could not play this file. Record the clip again, or upload a sound file "
    "(MP3, WAV, M4A, OGG or WebM).",
    "too-short": "We could not hear any speech. Check the microphone and record the clip again.",
    "too-big": "The recording is too long. Record a shorter clip.",
}


class VoiceRefused(Exception):
    """The recording cannot be a voice clip; `problem` says why, `message` tells the staff member
    (the same shape as portal.comments.recording.RecordingRefused)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem)
        self.problem = problem

    @property
    def message(self) -> str:
        return PROBLEM_MESSAGES[self.problem]


@dataclass(frozen=True)
class VoiceClip:
    """A voice clip ready to store: the MP3, how long it plays, and its measured loudness."""

    mp3: bytes
    seconds: float
    loudness_lufs: float


def normalise_voice(data: bytes, max_seconds: float) -> VoiceClip:
    """The recording in `data` as a voice clip: mono MP3 at CLIP_RATE, silence at each end cut to
    KEEP_SECONDS, loudness TARGET_LUFS. VoiceRefused: "missing" (no bytes), "not-sound" (not a
    sound file), "too-short" (silent, or under SHORTEST_SECONDS of sound with its kept silence),
    "too-big" (the recording, before trimming, plays longer than `max_seconds`)."""
    if not data:
        raise VoiceRefused("missing")
    max_samples = int(max_seconds * CLIP_RATE)
    try:
        pcm = decode_pcm(data, CLIP_RATE, max_samples + 1)
    except NotSound as error:
        raise VoiceRefused("not-sound") from error
    if len(pcm) // 2 > max_samples:
        raise VoiceRefused("too-big")
    samples = array.array("h", pcm)  # FFmpeg's s16 is native order, as array's "h" is
    if not samples or max(max(samples), -min(samples)) < SILENCE_PEAK:
        raise VoiceRefused("too-short")
    kept = _trimmed(samples, CLIP_RATE)
    if len(kept) < SHORTEST_SECONDS * CLIP_RATE:
        raise VoiceRefused("too-short")
    # Brought to the target first (in floating point, so nothing clips) and its peaks limited,
    # the clip leaves loudnorm little to do; it keeps the true peaks and evens out long clips.
    gain = TARGET_LUFS - _integrated(kept.tobytes(), CLIP_RATE)
    filters = [
        ("aformat", "sample_fmts=flt"),
        ("volume", f"{gain:.2f}dB"),
        ("alimiter", LIMITER),
        ("loudnorm", LOUDNORM),
        *_back_to_clip(),
    ]
    frames = _filtered(kept.tobytes(), CLIP_RATE, filters)
    pcm = b"".join(bytes(frame.planes[0])[: frame.samples * 2] for frame in frames)
    mp3 = encode_mp3(pcm, CLIP_RATE, VOICE_KBPS)
    seconds = len(pcm) / 2 / CLIP_RATE
    return VoiceClip(mp3, round(seconds, 2), measure_loudness(mp3))


def measure_loudness(data: bytes) -> float:
    """The integrated loudness (LUFS) of any sound file, by FFmpeg's ebur128 filter; SILENT_LUFS
    for silence or a sound shorter than one 400 ms block. VoiceRefused("not-sound") if `data` is
    not sound."""
    try:
        pcm = decode_pcm(data, MEASURE_RATE, int(MEASURE_MAX_SECONDS * MEASURE_RATE))
    except NotSound as error:
        raise VoiceRefused("not-sound") from error
    return _integrated(pcm, MEASURE_RATE)


def _integrated(pcm: bytes, rate: int) -> float:
    """Integrated loudness of 16-bit mono PCM (LUFS), by ebur128; SILENT_LUFS if it has none."""
    measured = [
        frame.metadata["lavfi.r128.I"]
        for frame in _filtered(pcm, rate, [("ebur128", "metadata=1")])
        if "lavfi.r128.I" in frame.metadata
    ]
    return max(float(measured[-1]), SILENT_LUFS) if measured else SILENT_LUFS


def _trimmed(samples: array.array[int], rate: int) -> array.array[int]:
    """From KEEP_SECONDS before the first 10 ms frame that is sound to KEEP_SECONDS after the
    last. Sound is louder than TRIM_BELOW_PEAK of the loudest sample (and than SILENCE_PEAK)."""
    loudest = max(max(samples), -min(samples))
    floor = max(SILENCE_PEAK, loudest * TRIM_BELOW_PEAK)
    step = max(1, int(rate * FRAME_SECONDS))
    starts = range(0, len(samples), step)

    def sound(start: int) -> bool:
        frame = samples[start : start + step]
        return max(frame) >= floor or -min(frame) >= floor

    first = next(start for start in starts if sound(start))  # the loudest sample is in one
    last = next(start for start in reversed(starts) if sound(start)) + step
    keep = int(KEEP_SECONDS * rate)
    return samples[max(0, first - keep) : min(len(samples), last + keep)]


def _back_to_clip() -> list[tuple[str, str]]:
    """Filters that bring loudnorm's output (192 kHz float) back to 16-bit mono at CLIP_RATE."""
    return [
        ("aresample", str(CLIP_RATE)),
        ("aformat", f"sample_fmts=s16:channel_layouts=mono:sample_rates={CLIP_RATE}"),
    ]


def _filtered(pcm: bytes, rate: int, filters: list[tuple[str, str]]) -> list[av.AudioFrame]:
    """16-bit mono PCM at `rate` run through FFmpeg's `filters`, in order; the frames out."""
    graph = av.filter.Graph()
    nodes = [
        graph.add_abuffer(
            format="s16", sample_rate=rate, layout="mono", time_base=Fraction(1, rate)
        ),
        *(graph.add(name, arguments) for name, arguments in filters),
        graph.add("abuffersink"),
    ]
    graph.link_nodes(*nodes).configure()
    out: list[av.AudioFrame] = []
    for frame in _frames(pcm, rate):
        graph.push(frame)
        out += _pulled(graph)
    graph.push(None)
    out += _pulled(graph)
    return out


def _frames(pcm: bytes, rate: int) -> Iterator[av.AudioFrame]:
    """16-bit mono PCM as PyAV frames of CHUNK samples, each stamped with its time."""
    for start in range(0, len(pcm) // 2, CHUNK):
        part = pcm[start * 2 : (start + CHUNK) * 2]
        frame = av.AudioFrame(format="s16", layout="mono", samples=len(part) // 2)
        frame.planes[0].update(part)
        frame.rate = rate
        frame.pts = start
        frame.time_base = Fraction(1, rate)
        yield frame


def _pulled(graph: av.filter.Graph) -> list[av.AudioFrame]:
    """Every frame the graph has ready now."""
    frames: list[av.AudioFrame] = []
    while True:
        try:
            frame = graph.pull()
        except (av.BlockingIOError, av.EOFError):
            return frames
        if isinstance(frame, av.AudioFrame):
            frames.append(frame)
