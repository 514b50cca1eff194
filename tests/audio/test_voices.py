"""A voice recorded in the studio plays as loud as every other clip, starts with the first word
and ends with the last, whatever the browser or phone recorded it as; a recording that cannot be
a clip is refused with a message that tells the staff member what to do."""

from __future__ import annotations

import array
import io
import math
import time
import wave
from collections.abc import Callable

import av
import pytest

from portal.audio import espeak
from portal.audio.engines import encode_mp3
from portal.audio.voices import (
    CLIP_RATE,
    KEEP_SECONDS,
    TARGET_LUFS,
    VoiceRefused,
    measure_loudness,
    normalise_voice,
)

Wave = Callable[[float], float]  # seconds -> sample value, -1 to 1


def sound_file(
    parts: list[tuple[float, Wave | None]],
    container: str = "wav",
    codec: str = "pcm_s16le",
    rate: int = 48_000,
    gain: float = 1.0,
    layout: str = "mono",
) -> bytes:
    """A real sound file made with PyAV: each part plays its wave (or silence) for its seconds,
    every sample times `gain`; the same in both channels when `layout` is "stereo"."""
    values = array.array("h")
    for seconds, sound in parts:
        count = int(seconds * rate)
        if sound is None:
            values.extend(array.array("h", bytes(2 * count)))
        else:
            values.extend(
                max(-32767, min(32767, round(32767 * gain * sound(i / rate)))) for i in range(count)
            )
    out_file = io.BytesIO()
    with av.open(out_file, "w", format=container) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = layout  # type: ignore[union-attr]
        channels = 2 if layout == "stereo" else 1
        step = 960
        for start in range(0, len(values), step):
            chunk = values[start : start + step]
            frame = av.AudioFrame(format="s16", layout=layout, samples=len(chunk))
            frame.rate = rate
            frame.pts = start
            both = array.array("h", (value for value in chunk for _ in range(channels)))
            frame.planes[0].update(both.tobytes())
            for packet in stream.encode(frame):  # type: ignore[union-attr]
                out.mux(packet)
        for packet in stream.encode(None):  # type: ignore[union-attr]
            out.mux(packet)
    return out_file.getvalue()


def empty_wav() -> bytes:
    """A correct WAV file that holds no sound at all (as a recorder stopped at once makes)."""
    out_file = io.BytesIO()
    with wave.open(out_file, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(48_000)
        out.writeframes(b"")
    return out_file.getvalue()


def syllables(t: float) -> float:
    """Voice-like: a 150 Hz buzz with its harmonics, in syllables of a quarter of a second."""
    envelope = math.sin(math.pi * ((t * 4) % 1)) ** 2
    buzz = sum(math.sin(2 * math.pi * 150 * k * t) / k for k in range(1, 6))
    return 0.5 * envelope * buzz


def espeak_speech(text: str) -> Wave:
    """Real synthetic speech from the offline voice, as a wave to play."""
    pcm, rate = espeak.synthesise(text, "en", 106, 0)
    samples = array.array("h", pcm)
    return lambda t: samples[min(int(t * rate), len(samples) - 1)] / 32767


def at_loudness(parts: list[tuple[float, Wave | None]], lufs: float, **file: object) -> bytes:
    """The sound file scaled so that it measures `lufs` (checked, within half a unit)."""
    measured = measure_loudness(sound_file(parts))
    gain = 10 ** ((lufs - measured) / 20)
    data = sound_file(parts, gain=gain, **file)  # type: ignore[arg-type]
    assert measure_loudness(data) == pytest.approx(lufs, abs=0.5), "the test's own input"
    return data


def mp3_facts(mp3: bytes) -> tuple[str, int, int, float]:
    """Format, channels, sample rate and seconds of an MP3, by decoding it all."""
    with av.open(io.BytesIO(mp3)) as container:
        stream = container.streams.audio[0]
        samples = sum(frame.samples for frame in container.decode(stream))
        return container.format.name, stream.channels, stream.rate, samples / stream.rate


def loudest_sample(mp3: bytes) -> float:
    """The loudest decoded sample of an MP3, full scale being 1."""
    with av.open(io.BytesIO(mp3)) as container:
        return max(
            float(abs(frame.to_ndarray()).max())
            for frame in container.decode(container.streams.audio[0])
        )


@pytest.mark.parametrize(
    ("wave", "seconds", "lufs"),
    [
        (syllables, 3, -35.0),
        (syllables, 3, -8.0),
        (espeak_speech("The staff at my house are kind to me."), 3, -35.0),
        (espeak_speech("I like my house. I choose my food."), 3, -20.0),
        (espeak_speech("Yes."), 0.6, -35.0),  # under loudnorm's 3 s window
    ],
    ids=["quiet voice", "loud voice", "quiet speech", "speech", "one quiet word"],
)
def test_quiet_and_loud_voices_come_out_at_the_same_loudness(
    wave: Wave, seconds: float, lufs: float
) -> None:
    clip = normalise_voice(at_loudness([(seconds, wave)], lufs), max_seconds=60)
    assert clip.loudness_lufs == pytest.approx(TARGET_LUFS, abs=1.5)
    assert measure_loudness(clip.mp3) == pytest.approx(clip.loudness_lufs, abs=0.01)
    format_name, channels, rate, played = mp3_facts(clip.mp3)
    assert (format_name, channels, rate) == ("mp3", 1, CLIP_RATE)
    assert played == pytest.approx(clip.seconds, abs=0.1)
    assert len(clip.mp3) < clip.seconds * 48_000 / 8 * 1.1 + 1_000, "48 kbit/s"
    assert loudest_sample(clip.mp3) < 10 ** (-1 / 20), "no peak near clipping"


def test_silence_before_and_after_the_voice_is_cut_and_a_pause_inside_kept() -> None:
    parts: list[tuple[float, Wave | None]] = [
        (2, None),
        (1, syllables),
        (1, None),  # a pause between two sentences stays
        (1, syllables),
        (2, None),
    ]
    clip = normalise_voice(at_loudness(parts, -25), max_seconds=60)
    kept = 3 + 2 * KEEP_SECONDS
    assert clip.seconds == pytest.approx(kept, abs=0.05)
    assert mp3_facts(clip.mp3)[3] == pytest.approx(kept, abs=0.1)
    assert clip.loudness_lufs == pytest.approx(TARGET_LUFS, abs=1.5)


@pytest.mark.parametrize(
    ("container", "codec", "rate", "layout"),
    [
        ("webm", "libopus", 48_000, "mono"),  # what Chromium's and Firefox's MediaRecorder make
        ("ogg", "libopus", 48_000, "mono"),
        ("mp4", "aac", 48_000, "mono"),  # what Safari's MediaRecorder and iPhones make
        ("mp4", "aac", 44_100, "stereo"),  # a phone's voice memo
        ("wav", "pcm_s16le", 44_100, "stereo"),  # an upload from a sound editor
        ("mp3", "libmp3lame", 44_100, "mono"),
    ],
)
def test_recordings_from_browsers_and_phones_all_become_clips(
    container: str, codec: str, rate: int, layout: str
) -> None:
    parts: list[tuple[float, Wave | None]] = [(0.5, None), (2, syllables), (0.5, None)]
    data = sound_file(parts, container, codec, rate, 0.1, layout)
    clip = normalise_voice(data, max_seconds=60)
    assert mp3_facts(clip.mp3)[:3] == ("mp3", 1, CLIP_RATE)
    assert clip.seconds == pytest.approx(2 + 2 * KEEP_SECONDS, abs=0.1)
    assert clip.loudness_lufs == pytest.approx(TARGET_LUFS, abs=1.5)


@pytest.mark.parametrize(
    ("data", "problem", "message"),
    [
        (b"", "missing", "No recording came through."),
        (b"This is a letter, not a recording. " * 200, "not-sound", "We could not play this"),
        (sound_file([(3, None)]), "too-short", "We could not hear any speech."),
        (empty_wav(), "too-short", "We could not hear any speech."),
        (sound_file([(2, None), (0.05, syllables), (2, None)]), "too-short", "could not hear"),
        (sound_file([(6, syllables)]), "too-big", "The recording is too long."),
    ],
    ids=["nothing", "not sound", "silence", "no samples", "a click", "too long"],
)
def test_a_recording_that_cannot_be_a_clip_is_refused_with_what_to_do(
    data: bytes, problem: str, message: str
) -> None:
    with pytest.raises(VoiceRefused) as refused:
        normalise_voice(data, max_seconds=5)
    assert refused.value.problem == problem
    assert message in refused.value.message


def test_loudness_is_measured_as_ebu_r128_says() -> None:
    """EBU Tech 3341: a 997 Hz sine at full scale measures -3.01 LUFS; half scale 6 dB less."""
    half = sound_file([(5, lambda t: 0.5 * math.sin(2 * math.pi * 997 * t))])
    assert measure_loudness(half) == pytest.approx(-9.03, abs=0.1)
    assert measure_loudness(sound_file([(3, None)])) == -70.0
    with pytest.raises(VoiceRefused) as refused:
        measure_loudness(b"not a sound")
    assert refused.value.problem == "not-sound"


def test_the_synthetic_clips_keep_their_bitrate() -> None:
    pcm = array.array("h", (round(8000 * math.sin(i / 5)) for i in range(22_050))).tobytes()
    assert encode_mp3(pcm, 22_050) == encode_mp3(pcm, 22_050, 32)
    assert len(encode_mp3(pcm, 22_050)) < len(encode_mp3(pcm, 22_050, 48))


def test_a_ten_second_recording_is_made_a_clip_quickly() -> None:
    data = sound_file([(10, syllables)], "webm", "libopus", 48_000, 0.05)
    start = time.perf_counter()
    clip = normalise_voice(data, max_seconds=60)
    took = time.perf_counter() - start
    print(f"\n10-second recording normalised in {took:.2f} s")
    assert clip.seconds == pytest.approx(10, abs=0.1)
    assert took < 2
