"""The speech engines: the offline voice speaks every language; gTTS offline says it cannot."""

from __future__ import annotations

import time

import pytest
import requests
from gtts import gTTS

from portal.audio import espeak
from portal.audio.engines import (
    MP3_KBPS,
    EngineUnavailable,
    EspeakEngine,
    GTTSEngine,
    engine_chain,
)
from tests.audio.helpers import decode, rms

SENTENCES = {
    "en": "I feel safe where I live.",
    "cy": "Rwy'n teimlo'n ddiogel lle rydw i'n byw.",
    "pl": "Czuję się bezpiecznie tam, gdzie mieszkam.",
    "ur": "میں جہاں رہتا ہوں وہاں محفوظ محسوس کرتا ہوں۔",
    "gu": "હું જ્યાં રહું છું ત્યાં સુરક્ષિત અનુભવું છું.",
    "pa": "ਮੈਂ ਜਿੱਥੇ ਰਹਿੰਦਾ ਹਾਂ ਉੱਥੇ ਸੁਰੱਖਿਅਤ ਮਹਿਸੂਸ ਕਰਦਾ ਹਾਂ।",
}


@pytest.mark.parametrize("lang", SENTENCES)
def test_offline_voice_makes_audible_mp3_in_every_language(lang: str) -> None:
    started = time.perf_counter()
    mp3 = EspeakEngine().synthesise(SENTENCES[lang], lang)
    took = time.perf_counter() - started
    samples, rate = decode(mp3)
    seconds = len(samples) / rate
    print(f"{lang}: {len(mp3)} bytes, {seconds:.2f} s of audio, made in {took * 1000:.0f} ms")
    assert samples.ndim == 1, "mono"
    assert rate == 22050, "espeak-ng's own sample rate"
    assert seconds > 0.3
    assert rms(samples) > 500, "real speech, not silence"
    assert len(mp3) * 8 / seconds < MP3_KBPS * 1000 * 1.2, "small: about 32 kbps"


def test_slow_clip_takes_longer_to_say_than_normal_one() -> None:
    engine = EspeakEngine()
    normal, rate = decode(engine.synthesise(SENTENCES["en"], "en"))
    slow, _ = decode(engine.synthesise(SENTENCES["en"], "en", slow=True))
    assert len(slow) > len(normal) * 1.15


def test_unknown_voice_or_language_is_refused() -> None:
    with pytest.raises(ValueError, match="no voice"):
        espeak.synthesise("Hello", "xx-nonsense")
    with pytest.raises(ValueError, match="no espeak-ng voice"):
        EspeakEngine().synthesise("Hello", "xx")


def test_gtts_offline_reports_engine_unavailable() -> None:
    with pytest.raises(EngineUnavailable, match="Failed to connect"):
        GTTSEngine().synthesise("Hello", "en")


def test_gtts_network_error_reports_engine_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_route(self: gTTS, fp: object) -> None:
        raise requests.ConnectionError("Name or service not known")

    monkeypatch.setattr(gTTS, "write_to_fp", no_route)
    with pytest.raises(EngineUnavailable, match="Name or service"):
        GTTSEngine().synthesise("Hello", "cy")


def test_engine_setting_chooses_engines_in_order() -> None:
    assert [e.name for e in engine_chain("auto")] == ["gtts", "espeak"]
    assert [e.name for e in engine_chain("espeak")] == ["espeak"]
    assert [e.name for e in engine_chain("gtts")] == ["gtts"]
    with pytest.raises(ValueError, match="TTS_ENGINE"):
        engine_chain("festival")
