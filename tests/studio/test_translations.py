"""Translators see English and each language side by side, write the words still missing,
correct the drafts and mark each text checked; staff see the share checked per language."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audit.models import AuditEntry
from portal.content.editing import load
from portal.content.models import ContentRelease
from portal.studio import services
from tests.helpers import Browser, Page
from tests.studio.helpers import OTHER_LANGUAGES, signed_in, statement_data

HOME_KEY = "theme.my-home.name"  # on the first page of Welsh texts: "Fy nghartref"
SAFE_KEY = "theme.keeping-safe.name"
LONG = (
    "Mae hon yn frawddeg hir iawn gyda llawer gormod o eiriau ynddi "
    "i unrhyw un ei darllen yn hawdd heddiw."
)


def _texts(app: Flask, language: str = "cy") -> dict[str, dict[str, str]]:
    """The working copy's entries of one language, by key."""
    with app.app_context(), Session(app.extensions["db_engine"]) as db:
        files = services.working(db).files
    return {
        str(k): dict(v) for k, v in load(files[f"translations/{language}.yaml"])["texts"].items()
    }


def _row(page: Page, key: str) -> int:
    """The number of the text with this key on a translation page."""
    found = page.soup.find("input", attrs={"type": "hidden", "value": key})
    assert found is not None, f"{key} is not on the page"
    return int(found["name"].removeprefix("key-"))


def _save(browser: Browser, page: Page, typed: dict[str, tuple[str, bool]], status: int = 200):  # type: ignore[no-untyped-def]
    """Type words for some texts (and tick "checked" for some), then press one of the Saves."""
    data: dict[str, str] = {}
    for key, (words, ticked) in typed.items():
        n = _row(page, key)
        data[f"text-{n}"] = words
        if ticked:
            data[f"checked-{n}"] = "y"
    return _press(browser, page, data, status)


def _share(page: Page, language: str) -> str:
    """What the overview says of one language: its name and how much is checked."""
    item = page.soup.find(id=f"share-{language}")
    return " ".join(f"{item.h2.get_text()} {item.p.get_text()}".split())


def _press(browser: Browser, page: Page, data: dict[str, str], status: int) -> Page:
    """Press Save in the page's form of texts, expecting this status."""
    index = next(
        n
        for n, f in enumerate(page.soup.find_all("form"))
        if f.find("input", attrs={"name": "key-0"})
    )
    return browser.submit(page, data, button="Save", form=index, status=status)


def test_a_translator_sees_the_share_checked_in_each_language(app: Flask) -> None:
    translator = signed_in(app, "translator")
    page = translator.get("/staff/studio/translations/")
    assert page.h1 == "Translations: what a native speaker has checked"
    total = len(_texts(app))
    assert _share(page, "cy") == f"Welsh 0 of {total} checked (0%), {total} draft."
    for lang in ("pl", "ur", "gu", "pa"):
        assert f"0 of {total} checked" in _share(page, lang)
    assert page.link("Check the Welsh texts").endswith("/staff/studio/translations/cy")


def test_a_translator_corrects_a_welsh_text_and_marks_it_checked(app: Flask) -> None:
    translator = signed_in(app, "translator")
    page = translator.get("/staff/studio/translations/cy")
    n = _row(page, HOME_KEY)
    assert page.soup.find(id=f"en-{n}").get_text() == "My home"
    box = page.soup.find(id=f"text-{n}")
    assert box.get_text() == "Fy nghartref" and box["lang"] == "cy"

    page = _save(translator, page, {HOME_KEY: ("Fy nghartref i", True)})
    assert "Saved 1 text in your changes." in page.text
    entry = _texts(app)[HOME_KEY]
    assert entry == {"en": "My home", "text": "Fy nghartref i", "status": "checked"}
    assert _texts(app)[SAFE_KEY]["status"] == "draft"  # only the text changed
    with Session(app.extensions["db_engine"]) as db:
        audit = db.scalars(select(AuditEntry).where(AuditEntry.action.like("content.%"))).all()
        assert [(a.action, a.subject) for a in audit] == [
            ("content.translation_checked", f"{HOME_KEY} (cy)")
        ]
        assert db.scalar(select(ContentRelease.status)) == "draft"
    overview = translator.get("/staff/studio/translations/")
    assert f"1 of {len(_texts(app))} checked" in _share(overview, "cy")
    checked = translator.get("/staff/studio/translations/cy?show=checked")
    assert [i["value"] for i in checked.soup.select("input[name^=key-]")] == [HOME_KEY]


def test_urdu_words_are_typed_right_to_left(app: Flask) -> None:
    page = signed_in(app, "translator").get("/staff/studio/translations/ur")
    box = page.soup.find(id="text-0")
    assert box["lang"] == "ur" and box["dir"] == "rtl"


def test_a_text_not_translated_yet_can_be_written(app: Flask) -> None:
    editor = signed_in(app, "content_editor")
    form = editor.get("/staff/studio/statements/new")
    data = statement_data("I like my garden.", "They like their garden.", picture="map")
    data["text_cy"] = data["they_cy"] = ""  # no Welsh yet
    assert "Saved in your changes" in editor.submit(form, data).text
    key = "statement.i-like-my-garden.text"
    assert _texts(app)[key] == {"en": "I like my garden.", "status": "missing"}

    translator = signed_in(app, "translator")
    overview = translator.get("/staff/studio/translations/")
    assert "2 not translated yet" in _share(overview, "cy")
    page = translator.get(overview.link("2 Welsh texts not translated yet"))
    assert [i["value"] for i in page.soup.select("input[name^=key-]")] == [
        key,
        "statement.i-like-my-garden.they",
    ]
    page = _save(translator, page, {key: ("Rwy'n hoffi fy ngardd.", False)})
    assert "Saved 1 text" in page.text
    assert _texts(app)[key] == {
        "en": "I like my garden.",
        "text": "Rwy'n hoffi fy ngardd.",
        "status": "draft",
    }
    assert "1 not translated yet" in _share(translator.get("/staff/studio/translations/"), "cy")


def test_an_over_long_sentence_is_refused_beside_its_box_and_the_other_texts_are_saved(
    app: Flask,
) -> None:
    translator = signed_in(app, "translator")
    page = translator.get("/staff/studio/translations/cy")
    typed = {HOME_KEY: (LONG, True), SAFE_KEY: ("Cadw'n ddiogel", True)}
    page = _save(translator, page, typed, status=400)
    n = _row(page, HOME_KEY)
    error = page.soup.find(id=f"text-{n}-error")
    assert error is not None and "Easy read rule [" in error.get_text()
    assert page.soup.find(id=f"text-{n}").get_text() == LONG  # the words typed are kept
    assert page.soup.find(id=f"checked-{n}").has_attr("checked")
    summary = page.soup.find(class_="error-summary")
    assert summary.find("a")["href"] == f"#text-{n}"
    assert "1 text is saved" in summary.get_text()
    texts = _texts(app)
    assert texts[HOME_KEY] == {"en": "My home", "text": "Fy nghartref", "status": "draft"}
    assert texts[SAFE_KEY]["status"] == "checked"


def test_empty_words_are_refused_with_what_to_do(app: Flask) -> None:
    translator = signed_in(app, "translator")
    page = translator.get("/staff/studio/translations/cy")
    page = _save(translator, page, {HOME_KEY: ("  ", True)}, status=400)
    error = page.soup.find(id=f"text-{_row(page, HOME_KEY)}-error").get_text()
    assert "Type the Welsh words in the box." in error
    with Session(app.extensions["db_engine"]) as db:
        assert db.scalar(select(ContentRelease)) is None  # nothing saved


def test_saving_a_page_without_changes_saves_nothing(app: Flask) -> None:
    translator = signed_in(app, "translator")
    page = translator.get("/staff/studio/translations/cy?page=2")
    assert "Page 2 of" in page.text
    page = _press(translator, page, {}, 200)
    assert "Nothing changed on the page" in page.text
    with Session(app.extensions["db_engine"]) as db:
        assert db.scalar(select(ContentRelease)) is None


def test_unchecked_texts_stay_marked_draft_in_the_export(app: Flask, tmp_path: Path) -> None:
    translator = signed_in(app, "translator")
    page = translator.get("/staff/studio/translations/cy")
    _save(translator, page, {HOME_KEY: ("Fy nghartref", True)})
    with Session(app.extensions["db_engine"]) as db:
        release_id = db.scalar(select(ContentRelease.id))
    folder = tmp_path / "exported"
    folder.mkdir()
    result = app.test_cli_runner().invoke(
        args=["content", "export", str(folder), "--release", str(release_id)]
    )
    assert result.exit_code == 0, result.output
    texts = load((folder / "translations" / "cy.yaml").read_text())["texts"]
    assert texts[HOME_KEY]["status"] == "checked"
    others = {str(texts[k]["status"]) for k in texts if k != HOME_KEY}
    assert others == {"draft"}
    for lang in OTHER_LANGUAGES[1:]:
        exported = load((folder / "translations" / f"{lang}.yaml").read_text())["texts"]
        assert {str(e["status"]) for e in exported.values()} == {"draft"}


def test_only_translators_editors_and_administrators_open_the_translations(app: Flask) -> None:
    signed_in(app, "facilitator").get("/staff/studio/translations/", status=403)
    signed_in(app, "reviewer").get("/staff/studio/translations/cy", status=403)
    signed_in(app, "content_editor").get("/staff/studio/translations/cy")
    signed_in(app, "translator").get("/staff/studio/translations/en", status=404)


def test_a_translator_cannot_change_statements(app: Flask) -> None:
    translator = signed_in(app, "translator")
    translator.get("/staff/studio/", status=403)
    translator.get("/staff/studio/statements/new", status=403)


def test_staff_home_names_the_new_roles_and_their_pages(app: Flask) -> None:
    home = signed_in(app, "translator").get("/staff/")
    assert "Your role: translator" in home.text
    assert home.link("Translations").endswith("/staff/studio/translations/")
    assert "Studio" not in [a.get_text() for a in home.soup.find_all("a")]
    home = signed_in(app, "content_editor").get("/staff/")
    assert "Your role: content editor" in home.text
    assert home.link("Studio").endswith("/staff/studio/")
    assert home.link("Translations").endswith("/staff/studio/translations/")
