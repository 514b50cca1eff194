"""Any sound a browser or phone makes (WebM/Opus, Ogg, MP4/AAC, WAV, MP3), decoded with PyAV
(FFmpeg in its wheel) into 16-bit mono PCM at the sample rate asked for, never longer than asked.

Shared by the spoken "Tell us more" (portal/comments/recording.py) and the studio's recorded
voices (portal/audio/voices.py). Bytes that are not sound raise NotSound; each caller says so to
its own reader in its own words.
"""

from __future__ import annotations

import io

import av


class NotSound(Exception):
    """The bytes are not sound PyAV can decode: no audio stream, or a broken or unknown file."""


def decode_pcm(data: bytes, sample_rate: int, max_samples: int) -> bytes:
    """The first audio stream of `data` as 16-bit native-order mono PCM at `sample_rate`, at most
    `max_samples` samples long (decoding stops there, so a small file that would play for hours
    costs no more than `max_samples`). NotSound if it cannot be decoded."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=sample_rate)
    pcm = bytearray()
    limit = max_samples * 2
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.audio:
                raise NotSound("no audio stream")
            for frame in container.decode(container.streams.audio[0]):
                for out in resampler.resample(frame):
                    pcm += bytes(out.planes[0])[: out.samples * 2]
                if len(pcm) >= limit:
                    break
            else:
                for out in resampler.resample(None):
                    pcm += bytes(out.planes[0])[: out.samples * 2]
    except (av.FFmpegError, UnicodeDecodeError, ValueError) as error:
        raise NotSound(str(error)) from error
    return bytes(pcm[:limit])
