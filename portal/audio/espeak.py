"""A small ctypes wrapper over the libespeak-ng shipped by the `espeakng-loader` wheel."""

from __future__ import annotations

import ctypes
import threading
from typing import Any

import espeakng_loader

AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_RATE = 1
ESPEAK_WORDGAP = 7
EE_OK = 0
DEFAULT_RATE = 175  # espeak-ng's own default, nominal words a minute (portal/audio/pace.py)

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)

_lock = threading.Lock()
_loaded: tuple[ctypes.CDLL, int] | None = None
_chunks: list[bytes] = []


@_SynthCallback
def _collect(wav: Any, count: int, _events: int | None) -> int:
    """Keep each block of 16-bit samples the library hands over; 0 means carry on."""
    if wav and count > 0:
        _chunks.append(ctypes.string_at(wav, count * 2))
    return 0


def _library() -> tuple[ctypes.CDLL, int]:
    """Load and initialise the library once; return it and its sample rate (call under _lock)."""
    global _loaded
    if _loaded is None:
        lib = ctypes.CDLL(espeakng_loader.get_library_path())
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_char_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        data_path = espeakng_loader.get_data_path().encode()
        rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path, 0)
        if rate <= 0:
            raise RuntimeError(f"espeak-ng failed to start (code {rate})")
        lib.espeak_SetSynthCallback(_collect)
        _loaded = (lib, rate)
    return _loaded


def synthesise(
    text: str, voice: str, rate: int = DEFAULT_RATE, word_gap: int = 0
) -> tuple[bytes, int]:
    """Speak text with a named voice at a nominal `rate` (words a minute) with `word_gap` (10 ms
    units) of extra pause between words; return (16-bit mono PCM, Hz)."""
    encoded = text.encode("utf-8") + b"\0"
    with _lock:
        lib, sample_rate = _library()
        if lib.espeak_SetVoiceByName(voice.encode()) != EE_OK:
            raise ValueError(f"espeak-ng has no voice {voice!r}")
        lib.espeak_SetParameter(ESPEAK_RATE, rate, 0)
        lib.espeak_SetParameter(ESPEAK_WORDGAP, word_gap, 0)  # both kept between calls: set both
        _chunks.clear()
        code = lib.espeak_Synth(
            encoded, len(encoded), 0, POS_CHARACTER, 0, ESPEAK_CHARS_UTF8, None, None
        )
        lib.espeak_Synchronize()
        pcm = b"".join(_chunks)
        _chunks.clear()
    if code != EE_OK:
        raise RuntimeError(f"espeak-ng could not speak the text (code {code})")
    return pcm, sample_rate
