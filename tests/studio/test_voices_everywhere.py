"""People's voices for every text a respondent hears, not only the questionnaires': an editor
finds "Yes" among the words on every page and a help page sentence in Welsh, uploads a voice
for each, and after review and publishing the question page and the Welsh help page play them."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from bs4 import Tag
from flask import Flask

from portal.content import current_bank
from portal.content.checker import load_bank
from portal.studio.voices import PER_PAGE, help_texts, text_ident
from tests.audio.test_voices import sound_file, syllables
from tests.helpers import Browser, Page
from tests.respond.journey import begin
from tests.studio.helpers import signed_in
from tests.studio.test_voices import _publish, _upload

PROJECT_ROOT = Path(__file__).resolve().parents[2]
VOICE = re.compile(r"/audio/voice/[0-9a-f]{64}\.mp3")


def _own_view_help(app: Flask, lang: str) -> str:
    """What the help page says (one Listen button) to someone answering for themselves."""
    with app.test_request_context("/"):
        return " ".join(current_bank(lang).help.who["own_view"])


def _coverage(editor: Browser, collection: str, lang: str) -> tuple[int, int]:
    """(texts with a person's voice, all texts) as the voices overview says them."""
    item = editor.get("/staff/studio/voices").soup.find(id=f"voices-{collection}-{lang}")
    assert item is not None
    found = re.search(r"(\d+) of (\d+) texts have a person’s voice", item.get_text())
    assert found is not None, item.get_text()
    return int(found[1]), int(found[2])


def _item(page: Page, words: str) -> Tag | None:
    """The list item of the text with exactly these words, if it is on the page."""
    for item in page.soup.select("li.studio-voices__item"):
        shown = item.select_one(".studio-voices__words")
        if shown is not None and shown.get_text() == words:
            return item
    return None


def _record_page(editor: Browser, list_url: str, words: str) -> Page:
    """From a voices list to "Record or upload" for the text with these words."""
    item = _item(editor.get(list_url), words)
    assert item is not None, f"{words!r} is not on {list_url}"
    link = item.select_one("a.button")
    assert link is not None and "Record or upload" in link.get_text()
    page = editor.get(str(link["href"]))
    shown = page.soup.select_one(".studio-voice__words")
    assert shown is not None and shown.get_text() == words
    return page


def test_voices_for_an_answer_and_a_welsh_help_sentence_are_heard_after_publishing(
    app: Flask,
) -> None:
    editor = signed_in(app, "content_editor")
    overview = editor.get("/staff/studio/voices")
    for title in ("The help page", "Themes", "Words on every page"):
        assert overview.soup.find("h3", string=title) is not None, title
    words_before = _coverage(editor, "every_page", "en")
    help_before = _coverage(editor, "help_page", "cy")
    welsh = _own_view_help(app, "cy")

    page = _record_page(editor, "/staff/studio/voices/every_page/en?q=yes", "Yes")
    assert "Words on the pages" in page.text and "Words on every page" in page.text
    page = _upload(editor, page, sound_file([(1.0, syllables)]))
    assert "The voice is saved in your changes" in page.text
    item = _item(page, "Yes")
    assert item is not None and "Megan’s voice" in item.get_text()

    page = _record_page(editor, "/staff/studio/voices/help_page/cy", welsh)
    assert page.h1 == "Record a Welsh voice"
    page = _upload(editor, page, sound_file([(2.0, syllables)]))
    assert "The voice is saved in your changes" in page.text

    assert _coverage(editor, "every_page", "en") == (words_before[0] + 1, words_before[1])
    assert _coverage(editor, "help_page", "cy") == (help_before[0] + 1, help_before[1])

    _publish(app, editor)
    question = begin(Browser(app.test_client()), language="en")
    yes = question.soup.find("audio", attrs={"aria-label": "Listen: Yes"})
    assert yes is not None and VOICE.fullmatch(yes["src"]), yes
    heard = Browser(app.test_client()).client.get(yes["src"])
    assert heard.status_code == 200 and heard.mimetype == "audio/mpeg"
    assert not [s for s in question.audio_sources() if VOICE.fullmatch(s) and s != yes["src"]]

    respondent = Browser(app.test_client())
    begin(respondent, language="cy")
    help_page = respondent.get("/help")
    played = [
        audio["src"]
        for audio in help_page.soup.find_all("audio")
        if audio["aria-label"].endswith(welsh)
    ]
    assert len(played) == 1 and VOICE.fullmatch(played[0]), played
    assert played[0] != yes["src"]
    english = Browser(app.test_client())
    begin(english, language="en")
    assert not [s for s in english.get("/help").audio_sources() if VOICE.fullmatch(s)]


def test_search_finds_the_next_button_and_the_long_list_comes_25_a_page(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    found = editor.get("/staff/studio/voices/every_page/en?q=Next")
    assert _item(found, "Next") is not None
    assert found.soup.find(id="q")["value"] == "Next"
    assert all("next" in w.get_text().lower() for w in found.soup.select(".studio-voices__words"))
    nothing = editor.get("/staff/studio/voices/every_page/en?q=zzzzqqq")
    assert not nothing.soup.select("li.studio-voices__item")
    assert "No text has these words" in nothing.text

    _voiced, total = _coverage(editor, "every_page", "en")
    assert total > PER_PAGE
    first = editor.get("/staff/studio/voices/every_page/en")
    pages = -(-total // PER_PAGE)
    assert first.soup.title.get_text().startswith(
        f"English voices: Words on every page, page 1 of {pages}"
    )
    assert len(first.soup.select("li.studio-voices__item")) == PER_PAGE
    second = editor.get(first.link("Next page (2)"))
    assert "page 2 of" in second.soup.title.get_text()
    assert f"{PER_PAGE + 1} to {2 * PER_PAGE} are on this page" in second.text
    words = {w.get_text() for w in first.soup.select(".studio-voices__words")}
    assert not words & {w.get_text() for w in second.soup.select(".studio-voices__words")}
    assert second.link("Previous page (1)")
    last = editor.get("/staff/studio/voices/every_page/en?page=999")
    assert f"page {pages} of {pages}" in last.soup.title.get_text()
    assert len(last.soup.select("li.studio-voices__item")) == total - (pages - 1) * PER_PAGE


def test_a_text_that_is_not_in_the_collection_is_not_found(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    yes = text_ident("en", "Yes")
    editor.get(f"/staff/studio/voices/every_page/en/{yes}")  # there it is
    editor.get(f"/staff/studio/voices/help_page/en/{yes}", status=404)
    editor.get(f"/staff/studio/voices/self-advocates/en/{yes}", status=404)
    editor.get("/staff/studio/voices/theme_names/en/0123456789abcdef", status=404)
    editor.get("/staff/studio/voices/no_such_collection/en", status=404)
    # an English help sentence is never offered to a Welsh voice
    english = text_ident("cy", _own_view_help(app, "en"))
    editor.get(f"/staff/studio/voices/help_page/cy/{english}", status=404)


def test_help_words_not_translated_yet_are_left_out_of_the_welsh_list() -> None:
    bank = load_bank(PROJECT_ROOT / "content")
    welsh = dict(bank.translations["cy"])
    del welsh["help.who.own_view.2"]  # "It is not your fault." is shown in English
    bank = replace(bank, translations={**bank.translations, "cy": welsh})
    listed = [t.part for t in help_texts(bank, "cy")]
    assert listed.count("help-who") == len(bank.help.who) - 1
    assert len(help_texts(bank, "en")) == len(help_texts(bank, "cy")) + 1
