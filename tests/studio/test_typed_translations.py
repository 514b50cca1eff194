"""Texts staff type (an action's "We did" words, an area's help contacts) are translated on the
translator's page, saved at once, and shown to people reading in that language; English words
that changed since are shown in English, marked lang="en", and never read in another voice."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.actions.models import Action
from portal.areas.models import AreaContact
from portal.audio.build import build_clips
from portal.audio.engines import engine_chain
from portal.audio.store import MANIFEST, clip_file
from portal.audio.texts import spoken_texts
from portal.audit.models import AuditEntry
from portal.content.typed_texts import TypedTextTranslation
from tests.actions.helpers import BANK, add_action
from tests.admin.helpers import add_area, add_contact, admin_browser, make_link
from tests.groups.helpers import add_area as area_in_database
from tests.helpers import Browser, Page
from tests.respond.journey import begin
from tests.safety.helpers import press_help_now
from tests.studio.helpers import signed_in

WE_DID = "We made a new easy read leaflet about your rights."
WELSH = "Gwnaethom daflen hawdd ei darllen newydd am eich hawliau."
FAMILY = BANK.questionnaires["family-carers"].title
CONTACT = ("North keeping safe team", "If you are hurt, call.")
URDU = ("نارتھ حفاظتی ٹیم", "اگر آپ کو چوٹ لگی ہے تو فون کریں۔")


def _row(page: Page, key: str) -> int:
    """The number of a text on the typed texts page, by its kind and row id."""
    found = page.soup.find("input", attrs={"type": "hidden", "value": key})
    assert found is not None, f"{key} is not on the page"
    return int(found["name"].removeprefix("key-"))


def _translate(
    browser: Browser, lang: str, typed: dict[str, tuple[str, bool]], status: int = 200
) -> Page:
    """On the language's typed texts page, type words (and tick) for some texts, then press the
    first one's own Save."""
    page = browser.get(f"/staff/studio/translations/{lang}/typed")
    data: dict[str, str] = {}
    for key, (words, ticked) in typed.items():
        n = _row(page, key)
        data[f"text-{n}"] = words
        if ticked:
            data[f"checked-{n}"] = "y"
    first = str(_row(page, next(iter(typed))))
    form = next(
        n
        for n, f in enumerate(page.soup.find_all("form"))
        if f.find("input", attrs={"name": "key-0"})
    )
    return browser.submit(page, data, button=first, form=form, status=status)


def _did_words(page: Page) -> list[tuple[str, str | None]]:
    """Each action's words on "What happened", with their lang mark."""
    return [
        (" ".join(p.get_text().split()), p.get("lang"))
        for p in page.soup.select("ul[id^=did-] .summary__text")
    ]


def _with_clips(app: Flask, folder: Path, pairs: list[tuple[str, str]]) -> None:
    """Clips for these (language, words) added to a copy of the shared clips."""
    shared = Path(app.config["AUDIO_DIR"])
    folder.mkdir()
    for clip in shared.glob("*.mp3"):
        os.symlink(clip, folder / clip.name)
    shutil.copyfile(shared / MANIFEST, folder / MANIFEST)
    report = build_clips(pairs, folder, engine_chain("espeak"), add=True)
    assert not report.failed
    app.config["AUDIO_DIR"] = str(folder)


def test_a_welsh_we_did_shows_on_the_welsh_page_with_a_welsh_clip(
    app: Flask, client: Browser, tmp_path: Path
) -> None:
    north = area_in_database(app, "North locality")
    action = add_action(app, area_id=north, easy_read=WE_DID)
    key = f"action.easy_read:{action}"
    translator = signed_in(app, "translator")

    page = _translate(translator, "cy", {key: (WELSH, False)})
    assert "Saved 1 text. Respondents see it now." in page.text
    n = _row(page, key)
    assert page.soup.find(id=f"en-{n}").get_text() == WE_DID
    assert page.soup.find(id=f"text-{n}").get_text() == WELSH

    spoken = spoken_texts(app)
    assert ("cy", WELSH) in spoken, "the clip is built in a Welsh voice"
    assert ("cy", WE_DID) not in spoken, "English words never get a Welsh clip"
    assert ("en", WE_DID) in spoken
    _with_clips(app, tmp_path / "audio", [("cy", WELSH), ("en", WE_DID)])
    welsh_clip = clip_file("cy", WELSH, store_dir=app.config["AUDIO_DIR"])
    assert welsh_clip is not None

    welsh = client.get(f"/what-happened/{north}?lang=cy")
    assert _did_words(welsh) == [(WELSH, None)]
    words = welsh.soup.find(string=WELSH).parent
    assert words.find_next("audio")["src"] == f"/audio/{welsh_clip}"
    english = client.get(f"/what-happened/{north}?lang=en")
    assert _did_words(english) == [(WE_DID, None)]


def test_when_staff_change_the_english_the_welsh_page_shows_the_new_english(
    app: Flask, client: Browser
) -> None:
    north = area_in_database(app, "North locality")
    action = add_action(app, area_id=north, easy_read=WE_DID)
    key = f"action.easy_read:{action}"
    translator = signed_in(app, "translator")
    _translate(translator, "cy", {key: (WELSH, True)})
    changed = "We made a new leaflet about your rights."
    with Session(app.extensions["db_engine"]) as db, db.begin():
        row = db.get(Action, action)
        assert row is not None
        row.easy_read = changed

    welsh = client.get(f"/what-happened/{north}?lang=cy")
    assert _did_words(welsh) == [(changed, "en")]
    assert ("cy", WELSH) not in spoken_texts(app), "an old translation gets no clip"

    page = translator.get("/staff/studio/translations/cy/typed")
    n = _row(page, key)
    assert "The English changed: check this." in page.soup.find(id=f"status-{n}").get_text()
    overview = translator.get("/staff/studio/translations/")
    words = " ".join(overview.soup.find(id="typed-share-cy").get_text().split())
    assert "0 of 1 checked, 0 draft, 1 to check again (the English changed)" in words

    # the translator reads the new English and keeps the same Welsh words: shown again
    page = _translate(translator, "cy", {key: (WELSH, True)})
    assert "Saved 1 text." in page.text
    assert _did_words(client.get(f"/what-happened/{north}?lang=cy")) == [(WELSH, None)]


def test_an_urdu_help_contact_shows_on_the_urdu_help_page(app: Flask, client: Browser) -> None:
    admin, _admin_id = admin_browser(app)
    area_page = add_area(admin, "North locality")
    add_contact(admin, area_page, CONTACT[0], "01632 960201", CONTACT[1])
    link = make_link(admin, "Letter to families", FAMILY, "North locality")
    path = urlsplit(link.soup.select_one("code.share-url").get_text(strip=True)).path
    with Session(app.extensions["db_engine"]) as db:
        contact = db.scalars(select(AreaContact)).one().id
    translator = signed_in(app, "translator")
    page = _translate(
        translator,
        "ur",
        {
            f"help_contact.name:{contact}": (URDU[0], True),
            f"help_contact.text:{contact}": (URDU[1], True),
        },
    )
    assert "Saved 2 texts." in page.text

    client.get(path)
    help_page = press_help_now(client, begin(client, language="ur"))
    own = help_page.soup.select("li.contact")[-1]
    assert own.select_one(".contact__name").get_text() == URDU[0]
    assert own.select_one(".contact__name").get("lang") is None
    assert URDU[1] in own.get_text()
    spoken = dict.fromkeys(spoken_texts(app))
    assert any(lang == "ur" and URDU[0] in text for lang, text in spoken)
    assert not any(lang == "ur" and CONTACT[0] in text for lang, text in spoken)

    english = Browser(app.test_client())
    english.get(path)
    help_page = press_help_now(english, begin(english))
    assert CONTACT[0] in help_page.soup.select("li.contact")[-1].get_text()


def test_a_contact_with_only_its_name_translated_stays_english_and_marked(
    app: Flask, client: Browser
) -> None:
    admin, _admin_id = admin_browser(app)
    area_page = add_area(admin, "North locality")
    add_contact(admin, area_page, CONTACT[0], "01632 960201", CONTACT[1])
    link = make_link(admin, "Letter to families", FAMILY, "North locality")
    path = urlsplit(link.soup.select_one("code.share-url").get_text(strip=True)).path
    with Session(app.extensions["db_engine"]) as db:
        contact = db.scalars(select(AreaContact)).one().id
    _translate(
        signed_in(app, "translator"), "ur", {f"help_contact.name:{contact}": (URDU[0], False)}
    )
    client.get(path)
    own = press_help_now(client, begin(client, language="ur")).soup.select("li.contact")[-1]
    name = own.select_one(".contact__name")
    assert (name.get_text(), name.get("lang")) == (CONTACT[0], "en")


def test_the_checked_tick_persists_with_an_audit_entry(app: Flask) -> None:
    action = add_action(app, easy_read=WE_DID)
    key = f"action.easy_read:{action}"
    translator = signed_in(app, "translator")
    _translate(translator, "cy", {key: (WELSH, False)})
    page = _translate(translator, "cy", {key: (WELSH, True)})
    n = _row(page, key)
    assert page.soup.find(id=f"checked-{n}").has_attr("checked")
    again = translator.get("/staff/studio/translations/cy/typed")
    assert again.soup.find(id=f"checked-{n}").has_attr("checked")
    assert "Checked by a native speaker" in again.soup.find(id=f"status-{n}").get_text()
    with Session(app.extensions["db_engine"]) as db:
        row = db.scalars(select(TypedTextTranslation)).one()
        assert (row.language, row.en, row.text, row.status) == ("cy", WE_DID, WELSH, "checked")
        audit = db.scalars(select(AuditEntry).where(AuditEntry.action.like("typed_text.%")))
        assert [(a.action, a.subject) for a in audit] == [
            ("typed_text.translation_changed", f"{key} (cy)"),
            ("typed_text.translation_checked", f"{key} (cy)"),
        ]


def test_empty_or_too_long_words_are_refused_beside_the_box(app: Flask) -> None:
    action = add_action(app, easy_read=WE_DID)
    key = f"action.easy_read:{action}"
    translator = signed_in(app, "translator")
    page = _translate(translator, "cy", {key: ("", True)}, status=400)
    n = _row(page, key)
    assert page.soup.title.get_text().startswith("Error: ")
    assert "Type the Welsh words in the box." in page.soup.find(id=f"text-{n}-error").get_text()
    assert page.soup.select_one(".error-summary a")["href"] == f"#text-{n}"
    long = " ".join(["gair"] * 20) + "."
    page = _translate(translator, "cy", {key: (long, False)}, status=400)
    assert "Easy read rule [" in page.soup.find(id=f"text-{n}-error").get_text()
    with Session(app.extensions["db_engine"]) as db:
        assert db.scalars(select(TypedTextTranslation)).first() is None


def test_a_deleted_contacts_translation_goes_and_nothing_breaks(app: Flask) -> None:
    admin, _admin_id = admin_browser(app)
    area_page = add_area(admin, "North locality")
    add_contact(admin, area_page, CONTACT[0], "01632 960201", CONTACT[1])
    action = add_action(app, easy_read=WE_DID)
    with Session(app.extensions["db_engine"]) as db:
        contact = db.scalars(select(AreaContact)).one().id
    translator = signed_in(app, "translator")
    _translate(translator, "cy", {f"help_contact.name:{contact}": ("Tîm diogelu", False)})
    with Session(app.extensions["db_engine"]) as db, db.begin():
        db.delete(db.get(AreaContact, contact))
    page = translator.get("/staff/studio/translations/cy/typed")
    assert "Tîm diogelu" not in page.text
    _translate(translator, "cy", {f"action.easy_read:{action}": (WELSH, False)})
    with Session(app.extensions["db_engine"]) as db:
        kinds = [row.kind for row in db.scalars(select(TypedTextTranslation))]
    assert kinds == ["action.easy_read"], "the deleted contact's translation went with it"


def test_the_pages_link_to_each_other(app: Flask) -> None:
    translator = signed_in(app, "translator")
    overview = translator.get("/staff/studio/translations/")
    link = overview.link("Check the Welsh texts staff typed")
    assert link == "/staff/studio/translations/cy/typed"
    language = translator.get("/staff/studio/translations/cy")
    assert language.link("the Welsh texts staff typed") == link
    page = translator.get(link)
    assert page.h1 == "Welsh: texts staff typed"
    assert "nobody needs to approve or publish them" in page.text


def test_a_reviewer_cannot_translate_typed_texts(app: Flask) -> None:
    action = add_action(app, easy_read=WE_DID)
    reviewer = signed_in(app, "reviewer")
    response = reviewer.client.get("/staff/studio/translations/cy/typed")
    assert response.status_code == 403
    token = reviewer.get("/staff/sign-in").soup.find("input", attrs={"name": "csrf_token"})
    data = {"csrf_token": token["value"], "key-0": f"action.easy_read:{action}", "text-0": WELSH}
    response = reviewer.client.post("/staff/studio/translations/cy/typed", data=data)
    assert response.status_code == 403
    with Session(app.extensions["db_engine"]) as db:
        assert db.scalars(select(TypedTextTranslation)).first() is None
    editor = signed_in(app, "content_editor")
    assert editor.get("/staff/studio/translations/cy/typed").h1 == "Welsh: texts staff typed"
