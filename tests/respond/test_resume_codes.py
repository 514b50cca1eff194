"""Resume codes a person can use: four pictures with words in their own language, each read
aloud, typed back loosely in that language or in English; too old codes say so kindly."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from portal.config import LANGUAGES, PROJECT_ROOT
from portal.content.checker import load_bank
from portal.db import utcnow
from portal.respond.models import FailedResume, Response
from tests.helpers import Browser, Page
from tests.respond.journey import answer, begin

BANK = load_bank(PROJECT_ROOT / "content")
WORDS = BANK.code_words


def client_at(app: Flask, address: str) -> FlaskClient:
    """A browser at another address (the per-client limit is keyed by it)."""
    browser = app.test_client()
    browser.environ_base["REMOTE_ADDR"] = address
    return browser


def _form_with(page: Page, selector: str) -> int:
    """The index of the form on the page that holds `selector`."""
    forms = page.soup.find_all("form")
    return next(n for n, form in enumerate(forms) if form.select_one(selector) is not None)


def _in_language(client: Browser, language: str) -> None:
    page = client.get("/language?next=/code")
    client.submit(page, {"language": language})


def _make_code(client: Browser, language: str = "en") -> tuple[Page, list[str]]:
    """Start, answer one question, then make a code with the pages in `language`; the code's
    word ids, read from the pictures shown."""
    page = begin(client)
    answer(client, page, "yes")
    _in_language(client, language)
    page = client.submit(client.get("/code"))
    pictures = [img["src"] for img in page.soup.select(".code-word img")]
    by_picture = {f"/pictures/{w.openmoji}.svg": w.id for w in WORDS}
    return page, [by_picture[src] for src in pictures]


def _resume(app: Flask, typed: str, status: int = 200, address: str = "10.9.9.9") -> Page:
    someone = Browser(client_at(app, address))
    return someone.submit(someone.get("/resume"), {"code": typed}, status=status)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_code_is_four_pictures_with_words_in_the_persons_language_each_read_aloud(
    app: Flask, client: Browser, language: str
) -> None:
    page, ids = _make_code(client, language)
    assert len(set(ids)) == 4, "four different words"
    words = [WORDS.by_id[i].word(language) for i in ids]
    shown = [w.get_text().strip() for w in page.soup.select(".code-box .code-word__word")]
    assert shown == words
    for item in page.soup.select(".code-box .code-word"):
        picture = client.client.get(item.img["src"])
        picture.close()
        assert picture.status_code == 200 and picture.mimetype == "image/svg+xml"
        audio = item.find("audio")
        assert audio is not None, f"no clip for {item.get_text().strip()!r}"
        clip = client.client.get(audio["src"])
        clip.close()
        assert clip.status_code == 200 and clip.mimetype == "audio/mpeg"
    # the four clips come in the code's order, so "Read this page to me" reads the code
    sources = page.audio_sources()
    clips = [item.find("audio")["src"] for item in page.soup.select(".code-box .code-word")]
    assert [s for s in sources if s in clips] == clips

    # typed back loosely: in the person's language, and in English
    loose = [
        " , ".join(unicodedata.normalize("NFD", w).upper() for w in words),
        "  " + "-".join(words) + "  ",
        " ".join(WORDS.by_id[i].word("en").title() for i in ids),
    ]
    for typed in loose:
        page = _resume(app, typed)
        assert page.url.startswith("/question/"), f"{typed!r} did not open the answers"


def test_typing_is_forgiving_of_accents_commas_and_case(app: Flask, client: Browser) -> None:
    _page, ids = _make_code(client, "pl")
    polish = [WORDS.by_id[i].word("pl") for i in ids]
    plain = [
        unicodedata.normalize("NFKD", w.replace("ł", "l")).encode("ascii", "ignore").decode()
        for w in polish
    ]
    page = _resume(app, ",".join(plain).upper())
    assert page.url.startswith("/question/")


def test_the_thank_you_page_shows_the_code_as_pictures(client: Browser) -> None:
    page, ids = _make_code(client)
    page = client.submit(client.get("/check"))
    assert page.h1 == "Thank you"
    shown = [w.get_text().strip() for w in page.soup.select(".code-box .code-word__word")]
    assert shown == [WORDS.by_id[i].word("en") for i in ids]
    assert len(page.soup.select(".code-box .code-word audio")) == 4
    assert page.soup.select_one(".code-print [data-print]") is not None, "a Print my code button"


def test_the_hint_example_is_plainly_not_a_code(app: Flask, db_session: Session) -> None:
    page = Browser(app.test_client()).get("/resume")
    assert "This is only an example. Your code will be different." in page.text
    example = [w.get_text().strip() for w in page.soup.select(".code-example .code-word__word")]
    assert len(example) == 4
    typed = " ".join(example)
    page = _resume(app, typed, status=400)
    assert "We cannot find that code. Check the 4 words and try again." in page.text


def test_a_code_unused_for_too_long_is_too_old_and_counts_as_a_wrong_code(
    app: Flask, client: Browser, db_session: Session
) -> None:
    _page, ids = _make_code(client)
    days = app.config["RESUME_INACTIVE_DAYS"]
    long_ago = utcnow() - timedelta(days=days + 1)
    db_session.execute(update(Response).values(started_at=long_ago, last_active_at=long_ago))
    db_session.commit()
    page = _resume(app, " ".join(ids), status=400)
    assert "This code is too old. Please start again." in page.text
    assert db_session.scalar(select(func.count(FailedResume.id))) == 1

    # active within the window: it works again
    lately = utcnow() - timedelta(days=days - 1)
    db_session.execute(update(Response).values(last_active_at=lately))
    db_session.commit()
    assert _resume(app, " ".join(ids)).url.startswith("/question/")


def test_every_saved_answer_keeps_the_code_alive(client: Browser, db_session: Session) -> None:
    page = begin(client)
    page = answer(client, page, "yes")
    first = db_session.scalars(select(Response.last_active_at)).one()
    assert first is not None
    answer(client, page, "no")
    db_session.expire_all()
    assert db_session.scalars(select(Response.last_active_at)).one() >= first


def test_the_words_check_themselves() -> None:
    assert len(WORDS) >= 100
    for language in LANGUAGES:
        spelled = [w.word(language) for w in WORDS]
        assert len(set(spelled)) == len(spelled), f"two words alike in {language}"
    assert len({w.openmoji for w in WORDS}) == len(WORDS)


def test_a_code_can_be_chosen_by_tapping_its_pictures_without_typing(
    app: Flask, client: Browser
) -> None:
    _page, ids = _make_code(client, "gu")
    tablet = Browser(client_at(app, "10.8.8.8"))
    page = tablet.get("/resume")
    page = tablet.get(page.link("Choose pictures instead of typing"))
    assert len(page.soup.select(".code-keypad__button")) == len(WORDS)
    assert len(page.soup.select(".code-keypad audio")) == len(WORDS), "each word read aloud"
    page = tablet.submit(page, button=ids[0], form=_form_with(page, "input[name=chosen]"))
    other = "cat" if ids[0] != "cat" else "cow"
    page = tablet.submit(page, button=other, form=_form_with(page, "input[name=chosen]"))
    undo = _form_with(page, "input[name=chosen]")
    page = tablet.submit(page, button="Take back the last picture", form=undo)
    for word_id in ids[1:]:
        page = tablet.submit(page, button=word_id, form=_form_with(page, "input[name=chosen]"))
    shown = [w.get_text().strip() for w in page.soup.select(".code-box .code-word__word")]
    assert shown == [WORDS.by_id[i].word("en") for i in ids]
    assert "Is this your code? Then press Carry on." in page.text
    page = tablet.submit(page, button="Carry on", form=_form_with(page, "input[name=code]"))
    assert page.url.startswith("/question/")
