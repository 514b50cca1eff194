"""Building clips ahead of time: make what is missing, reuse the rest, fall back when offline."""

from __future__ import annotations

import json
from pathlib import Path

from portal.audio.build import build_clips
from portal.audio.engines import EspeakEngine, engine_chain
from portal.audio.store import clip_name
from tests.audio.helpers import SAMPLE_TEXTS, decode, rms


def clips(folder: Path) -> dict[str, int]:
    """Every clip file in a folder, with its modification time."""
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.mp3")}


def test_offline_build_makes_playable_mp3_for_every_text(tmp_path: Path) -> None:
    report = build_clips(SAMPLE_TEXTS, tmp_path, [EspeakEngine()])
    assert (report.made, report.reused, report.failed) == (3, 0, 0)
    assert report.by_engine == {"espeak": 3}
    assert len(clips(tmp_path)) == 3
    for path in tmp_path.glob("*.mp3"):
        samples, rate = decode(path.read_bytes())
        assert len(samples) / rate > 0.3
        assert rms(samples) > 500
    assert not list(tmp_path.glob(".*.tmp")), "no half-written files left behind"


def test_second_build_reuses_every_clip_and_touches_none(tmp_path: Path) -> None:
    build_clips(SAMPLE_TEXTS, tmp_path, [EspeakEngine()])
    before = clips(tmp_path)
    report = build_clips(SAMPLE_TEXTS, tmp_path, [EspeakEngine()])
    assert (report.made, report.reused, report.failed) == (0, 3, 0)
    assert clips(tmp_path) == before


def test_auto_build_falls_back_to_espeak_when_gtts_cannot_connect(tmp_path: Path) -> None:
    report = build_clips(SAMPLE_TEXTS, tmp_path, engine_chain("auto"))
    assert (report.made, report.failed) == (3, 0)
    assert report.by_engine == {"espeak": 3}
    assert len(report.notes) == 1, "said once, not once per clip"
    assert "gtts is unavailable" in report.notes[0]
    assert "Failed to connect" in report.notes[0]
    assert "using espeak instead" in report.notes[0]
    again = build_clips(SAMPLE_TEXTS, tmp_path, engine_chain("auto"))
    assert (again.made, again.reused) == (0, 3), "a second offline run makes nothing"


def test_slow_variant_is_a_separate_clip(tmp_path: Path) -> None:
    report = build_clips(SAMPLE_TEXTS[:1], tmp_path, [EspeakEngine()], ("normal", "slow"))
    assert report.made == 2
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    (normal,) = manifest["en"]["normal"].values()
    (slow,) = manifest["en"]["slow"].values()
    assert normal != slow
    assert len(decode((tmp_path / slow).read_bytes())[0]) > len(
        decode((tmp_path / normal).read_bytes())[0]
    )


def test_build_without_slow_keeps_slow_clips_made_earlier(tmp_path: Path) -> None:
    build_clips(SAMPLE_TEXTS, tmp_path, [EspeakEngine()], ("normal", "slow"))
    build_clips(SAMPLE_TEXTS, tmp_path, [EspeakEngine()])
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert len(manifest["en"]["slow"]) == 3


def test_gtts_only_offline_build_fails_but_pages_keep_their_clips(tmp_path: Path) -> None:
    build_clips(SAMPLE_TEXTS, tmp_path, [EspeakEngine()])
    before = (tmp_path / "manifest.json").read_text()
    report = build_clips(SAMPLE_TEXTS, tmp_path, engine_chain("gtts"))
    assert (report.made, report.reused, report.failed) == (0, 0, 3)
    assert "no other engine" in report.notes[0]
    assert json.loads((tmp_path / "manifest.json").read_text()) == json.loads(before)


def test_one_text_that_cannot_be_spoken_does_not_stop_the_others(tmp_path: Path) -> None:
    pairs = [("xx", "Not a language we have"), *SAMPLE_TEXTS]
    seen: list[int] = []
    report = build_clips(pairs, tmp_path, [EspeakEngine()], progress=seen.append)
    assert (report.made, report.failed) == (3, 1)
    assert "no espeak-ng voice" in report.notes[0]
    assert sum(seen) == 4, "progress moves once per clip"


def test_texts_differing_only_in_spacing_share_one_clip(tmp_path: Path) -> None:
    build_clips([("en", "I feel safe where I live.")], tmp_path, [EspeakEngine()])
    report = build_clips([("en", "  I feel safe\n where I live. ")], tmp_path, [EspeakEngine()])
    assert report.reused == 1


def test_summary_line_counts_clips_and_engines(tmp_path: Path) -> None:
    summary = build_clips(SAMPLE_TEXTS, tmp_path, [EspeakEngine()]).summary()
    assert summary.startswith("Audio: 3 clips (3 made, 0 reused, 0 failed) in ")
    assert summary.endswith(" s; engines: espeak 3.")


def test_clip_names_depend_on_engine_language_variant_and_text() -> None:
    base = clip_name("espeak", "en", "normal", "Yes")
    others = {
        clip_name("gtts", "en", "normal", "Yes"),
        clip_name("espeak", "cy", "normal", "Yes"),
        clip_name("espeak", "en", "slow", "Yes"),
        clip_name("espeak", "en", "normal", "No"),
        clip_name("espeak", "en", "normal", "Yes", "pace-2"),
    }
    assert len(others) == 5 and base not in others
    assert base == clip_name("espeak", "en", "normal", " Yes\n")
    assert base.endswith(".mp3") and len(base) == 36


def test_new_voice_settings_make_new_clips_and_leave_gtts_names_alone(tmp_path: Path) -> None:
    build_clips(SAMPLE_TEXTS[:1], tmp_path, [EspeakEngine()])
    (made,) = clips(tmp_path)
    assert made == clip_name("espeak", "en", "normal", SAMPLE_TEXTS[0][1], EspeakEngine.version)
    assert made != clip_name("espeak", "en", "normal", SAMPLE_TEXTS[0][1]), "old clips rebuild"
    assert clip_name("gtts", "en", "normal", "Yes", "") == clip_name("gtts", "en", "normal", "Yes")
