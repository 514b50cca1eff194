"""Finding a built clip from its text: the manifest, read once and re-read when it changes."""

from __future__ import annotations

from pathlib import Path

from portal.audio.build import build_clips
from portal.audio.engines import EspeakEngine
from portal.audio.store import MANIFEST, clip_file
from tests.audio.helpers import SAMPLE_TEXTS


def test_built_text_is_found_and_unknown_text_is_not(tmp_path: Path) -> None:
    build_clips(SAMPLE_TEXTS, tmp_path, [EspeakEngine()])
    name = clip_file("en", "People listen to me.", store_dir=str(tmp_path))
    assert name is not None and (tmp_path / name).is_file()
    assert clip_file("en", "People  listen to me.\n", store_dir=str(tmp_path)) == name
    assert clip_file("en", "Nobody said this.", store_dir=str(tmp_path)) is None
    assert clip_file("cy", "People listen to me.", store_dir=str(tmp_path)) is None
    assert clip_file("en", "People listen to me.", "slow", store_dir=str(tmp_path)) is None


def test_new_build_is_seen_without_a_restart(tmp_path: Path) -> None:
    build_clips(SAMPLE_TEXTS[:1], tmp_path, [EspeakEngine()])
    assert clip_file("en", "People listen to me.", store_dir=str(tmp_path)) is None
    build_clips(SAMPLE_TEXTS, tmp_path, [EspeakEngine()])
    assert clip_file("en", "People listen to me.", store_dir=str(tmp_path)) is not None


def test_no_manifest_or_a_broken_one_means_no_clips_not_an_error(tmp_path: Path) -> None:
    assert clip_file("en", "Yes", store_dir=str(tmp_path / "nowhere")) is None
    (tmp_path / MANIFEST).write_text("{not json")
    assert clip_file("en", "Yes", store_dir=str(tmp_path)) is None
