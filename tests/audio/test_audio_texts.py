"""Which texts get a clip: content and respondent-facing interface text, per language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask

from portal.audio.texts import spoken_texts, texts_per_language
from portal.config import PROJECT_ROOT

PAGE = """{% extends "base.html" %}
{% block main %}
<h1>{{ _("Have your say") }}</h1>
{% trans trimmed %}
  Choose one answer.
  Then press Next.
{% endtrans %}
<p>{{ _("Question %(n)s of %(total)s", n=1, total=2) }}</p>
{% endblock %}
"""
STAFF_PAGE = '<h1>{{ _("Export the answers") }}</h1>'
MODULE = """
from flask_babel import gettext as _, lazy_gettext as _l, ngettext

YES = _l("Yes")
NO = _("No")
COUNT = ngettext("%(num)d answer", "%(num)d answers", 2)
SAID = _("You said %s")
PICK = ngettext("Choose one", "Choose some", 2)
"""


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    """A small portal source tree: a respondent page, staff pages and a module."""
    root = tmp_path / "portal"
    for folder in ("templates/respond", "templates/staff", "templates/admin", "templates/reports"):
        (root / folder).mkdir(parents=True)
    (root / "templates/respond/page.html").write_text(PAGE)
    for staff in ("staff", "admin", "reports"):
        (root / f"templates/{staff}/page.html").write_text(STAFF_PAGE)
    (root / "forms.py").write_text(MODULE)
    return root


def welsh_catalogue(folder: Path, translations: dict[Any, Any]) -> None:
    """Compile a Welsh messages.mo with some messages translated."""
    catalog = Catalog(locale="cy")
    for msgid, msgstr in translations.items():
        catalog.add(msgid, msgstr)
    target = folder / "cy" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.mo", "wb") as out:
        write_mo(out, catalog)


def make_app(root: Path, languages: list[str]) -> Flask:
    app = Flask("portal", root_path=str(root))
    app.config.update(LANGUAGES=languages, BABEL_TRANSLATION_DIRECTORIES="../translations")
    return app


def test_english_gets_content_and_respondent_interface_text(source: Path) -> None:
    app = make_app(source, ["en"])
    pairs = texts_per_language(app, {"en": ["I feel safe where I live.", "Yes", "  "]})
    assert pairs == [
        ("en", "I feel safe where I live."),
        ("en", "Yes"),
        ("en", "No"),
        ("en", "Choose one"),
        ("en", "Choose some"),
        ("en", "Have your say"),
        ("en", "Choose one answer. Then press Next."),
    ]


def test_staff_pages_and_run_time_formatted_text_get_no_clips(source: Path) -> None:
    texts = [text for _, text in texts_per_language(make_app(source, ["en"]), {})]
    assert "Export the answers" not in texts
    assert not [text for text in texts if "%" in text]


def test_welsh_gets_only_translated_text_never_english(source: Path) -> None:
    welsh = {
        "Yes": "Ie",
        "Have your say": "Dweud eich dweud",
        ("Choose one", "Choose some"): ("Dewiswch rai", "Dewiswch un", "Dewiswch ddau", "", ""),
    }
    welsh_catalogue(source.parent / "translations", welsh)
    pairs = texts_per_language(
        make_app(source, ["en", "cy"]), {"en": ["I feel safe where I live."]}
    )
    assert [text for lang, text in pairs if lang == "cy"] == [
        "Ie",
        "Dewiswch rai",
        "Dewiswch un",
        "Dewiswch ddau",
        "Dweud eich dweud",
    ]


def test_language_without_a_catalogue_gets_no_clips(source: Path) -> None:
    pairs = texts_per_language(
        make_app(source, ["en", "pl"]), {"en": ["I feel safe where I live."]}
    )
    assert {lang for lang, _ in pairs} == {"en"}


def test_real_portal_texts_are_stable_and_include_content(monkeypatch: pytest.MonkeyPatch) -> None:
    class Bank:
        language = "en"

        def respondent_texts(self) -> list[str]:
            return ["I feel safe where I live.", "I feel safe where I live."]

        def untranslated(self, language: str) -> set[str]:
            return set()

    monkeypatch.setattr("portal.audio.texts.current_bank", lambda language: Bank())
    app = make_app(PROJECT_ROOT / "portal", ["en"])
    pairs = spoken_texts(app)
    assert pairs[0] == ("en", "I feel safe where I live.")
    assert ("en", "English") in pairs, "the language page says each name in its own language"
    assert len(pairs) == len(set(pairs)) > 1
    assert spoken_texts(app) == pairs
