"""Staff type an action's easy-read words in English: `flask audio build` gives them an English
clip, and the "What happened" page in another language plays that clip for them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from flask import Flask

from portal.audio.store import MANIFEST, clip_file
from tests.actions.helpers import add_action
from tests.groups.helpers import add_area
from tests.helpers import Browser

WORDS = "We made a new easy read leaflet about your rights."


def _audio_folder_like_the_shared_one(app: Flask, folder: Path) -> Path:
    """A folder with every clip already made (links to them), so the build only adds new ones."""
    shared = Path(app.config["AUDIO_DIR"])
    folder.mkdir()
    for clip in shared.glob("*.mp3"):
        os.symlink(clip, folder / clip.name)
    shutil.copyfile(shared / MANIFEST, folder / MANIFEST)
    return folder


def test_audio_build_makes_an_english_clip_for_an_actions_easy_read_words(
    app: Flask, client: Browser, tmp_path: Path
) -> None:
    north = add_area(app, "North locality")
    add_action(app, area_id=north, easy_read=WORDS)
    folder = _audio_folder_like_the_shared_one(app, tmp_path / "audio")
    app.config["AUDIO_DIR"] = str(folder)
    result = app.test_cli_runner().invoke(args=["audio", "build", "--engine", "espeak"])
    assert result.exit_code == 0, result.output

    english = clip_file("en", WORDS, store_dir=str(folder))
    assert english is not None and (folder / english).stat().st_size > 1000
    assert clip_file("cy", WORDS, store_dir=str(folder)) is None, "English words, English voice"
    welsh_sentence = "Mae'r dudalen hon am North locality."  # "This page is about …"
    welsh = clip_file("cy", welsh_sentence, store_dir=str(folder))
    assert welsh is not None, "sentences with the area's name get a clip in each language"

    page = client.get(f"/what-happened/{north}?lang=cy")
    words = page.soup.find(string=WORDS).parent
    assert words["lang"] == "en"
    assert words.find_next("audio")["src"] == f"/audio/{english.removesuffix('.mp3')}.mp3"
    intro = page.soup.find(string=welsh_sentence).parent
    assert intro.find_next("audio")["src"] == f"/audio/{welsh.removesuffix('.mp3')}.mp3"
