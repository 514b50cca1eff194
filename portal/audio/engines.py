"""Speech engines: each turns (text, language) into MP3 bytes; gTTS online, espeak-ng offline."""

from __future__ import annotations

import io
from typing import Protocol

import lameenc
import requests
from gtts import gTTS
from gtts.tts import gTTSError

from portal.audio import espeak
from portal.audio.pace import PACE_VERSION, Setting, paced

MP3_KBPS = 32

# espeak-ng voice for each portal language ("en" is espeak-ng's British English voice;
# "en-gb" is not a name it accepts). pa reads Gurmukhi only.
ESPEAK_VOICES = {"en": "en", "cy": "cy", "pl": "pl", "ur": "ur", "gu": "gu", "pa": "pa"}


class EngineUnavailable(Exception):
    """The engine cannot be used at all just now (for example, no network)."""


class SpeechEngine(Protocol):
    """Something that speaks: a short stable `name`, a `version` that changes whenever the same
    text would sound different ("" for a service whose voice we do not set), and `synthesise`."""

    name: str
    version: str

    def synthesise(self, text: str, lang: str, slow: bool = False) -> bytes:
        """Speak `text` in language `lang`; return an MP3."""
        ...


def encode_mp3(pcm: bytes, sample_rate: int, kbps: int = MP3_KBPS) -> bytes:
    """Encode 16-bit mono PCM as a small constant-bitrate MP3 (`kbps` kbit/s) at the same
    sample rate."""
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(kbps)
    encoder.set_in_sample_rate(sample_rate)
    encoder.set_out_sample_rate(sample_rate)
    encoder.set_channels(1)
    encoder.set_quality(2)
    return bytes(encoder.encode(pcm) + encoder.flush())


class EspeakEngine:
    """Offline robotic voice: espeak-ng from the espeakng-loader wheel, encoded with LAME.

    Read at a measured pace, sentence by sentence with a pause between (portal/audio/pace.py).
    """

    name = "espeak"
    version = PACE_VERSION

    def synthesise(self, text: str, lang: str, slow: bool = False) -> bytes:
        """Speak `text` with the espeak-ng voice for `lang`; ValueError for an unknown language."""
        voice = ESPEAK_VOICES.get(lang)
        if voice is None:
            raise ValueError(f"no espeak-ng voice set for language {lang!r}")

        def speak(sentence: str, setting: Setting) -> tuple[bytes, int]:
            return espeak.synthesise(sentence, voice, setting.rate, setting.word_gap)

        pcm, sample_rate = paced(speak, text, lang, "slow" if slow else "normal")
        if not pcm:
            raise RuntimeError(f"espeak-ng made no sound for {text!r}")
        return encode_mp3(pcm, sample_rate)


class GTTSEngine:
    """Natural voice from Google Translate's speech service; needs the network."""

    name = "gtts"
    version = ""  # Google's voice and pace: not ours to set

    def __init__(self, timeout: float = 5) -> None:
        self.timeout = timeout

    def synthesise(self, text: str, lang: str, slow: bool = False) -> bytes:
        """Fetch speech for `text`; EngineUnavailable if the service cannot be reached."""
        tld = "co.uk" if lang == "en" else "com"
        speech = gTTS(text, lang=lang, tld=tld, slow=slow, timeout=self.timeout)
        buffer = io.BytesIO()
        try:
            speech.write_to_fp(buffer)
        except (gTTSError, requests.RequestException) as error:
            raise EngineUnavailable(str(error)) from error
        return buffer.getvalue()


ENGINE_SETTINGS = ("auto", "gtts", "espeak")


def engine_chain(setting: str) -> list[SpeechEngine]:
    """The engines to try in order for a TTS_ENGINE setting: auto, gtts or espeak."""
    if setting == "auto":
        return [GTTSEngine(), EspeakEngine()]
    if setting == "gtts":
        return [GTTSEngine()]
    if setting == "espeak":
        return [EspeakEngine()]
    raise ValueError(f"TTS_ENGINE must be one of {', '.join(ENGINE_SETTINGS)}, not {setting!r}")
