"""Translation review in the studio: translators see English and each language side by side,
with their clips, write the words still missing, correct the drafts and mark each text
checked by a native speaker. Staff see the share checked per language.

The words live in translations/<lang>.yaml of the working copy; every save is checked by the
content rules and kept through services.save, so it is in the open release and the audit log.

Texts staff type in the admin pages (an area's help contacts, an action's "We did" words) are
in the database, not content files: their translations are on a page of their own per language
(`typed`), kept in portal.content.typed_texts and shown to respondents as soon as they are
saved. Group names are never shown to respondents, so they are not translated.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from babel import Locale
from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from portal.actions.services import all_actions
from portal.areas.models import Area, AreaContact
from portal.audit.services import record
from portal.auth.access import staff_blueprint
from portal.content import current_bank
from portal.content.bank import Problem
from portal.content.easy_read import easy_read_findings
from portal.content.editing import load, set_translation
from portal.content.models import ContentRelease
from portal.content.typed_texts import (
    ACTION_WORDS,
    CONTACT_NAME,
    CONTACT_TEXT,
    forget_orphans,
    keep_translation,
    same_words,
    translations_of,
)
from portal.db import get_db
from portal.studio import services
from portal.studio.forms import ButtonForm

bp = staff_blueprint(
    "studio_translate",
    roles={"translator", "administrator", "content_editor"},
    import_name=__name__,
    url_prefix="/staff/studio/translations",
)

Page = str | tuple[str, int]

PER_PAGE = 25
SHOWS = {
    "all": "All texts",
    "draft": "Draft",
    "missing": "Not translated yet",
    "checked": "Checked",
}
STATUS_NAMES = {
    "draft": "Draft: nobody has checked it yet",
    "checked": "Checked by a native speaker",
    "missing": "Not translated yet: people see the English words",
}
# What each kind of text is, by the first and last parts of its key
KINDS = {
    ("theme", "name"): "Theme name",
    ("statement", "text"): "Statement",
    ("statement", "they"): "Statement, for someone answering about another person",
    ("statement", "carer"): "Statement, for a family carer",
    ("questionnaire", "title"): "Questionnaire title",
    ("questionnaire", "intro"): "Questionnaire introduction",
    ("picture", "alt"): "Picture description",
    ("contact", "name"): "Help contact name",
    ("contact", "text"): "Help contact words",
}


def _languages() -> list[str]:
    return [lang for lang in current_app.config["LANGUAGES"] if lang != "en"]


def english_name(code: str) -> str:
    """A language's name in English, e.g. "Welsh"."""
    return Locale.parse(code).get_display_name("en") or code


def kind_of(key: str) -> str:
    """What a text is, for a translator: "Statement", "Picture description"..."""
    parts = key.split(".")
    if parts[0] == "help":
        return "Help page words"
    return KINDS.get((parts[0], parts[-1]), "Text")


@dataclass(frozen=True)
class Entry:
    """One text of a language: its key, its English, its words there and its status."""

    key: str
    english: str
    text: str
    status: str


@dataclass(frozen=True)
class Share:
    """How much of one language a native speaker has checked."""

    language: str
    total: int
    checked: int
    draft: int
    missing: int

    @property
    def name(self) -> str:
        return english_name(self.language)

    @property
    def percent(self) -> int:
        """The share checked, in whole per cent (100 only when every text is checked)."""
        if not self.total:
            return 0
        share = round(100 * self.checked / self.total)
        return 99 if share == 100 and self.checked < self.total else share

    @property
    def counts(self) -> str:
        """E.g. "12 of 470 checked (3%), 455 draft, 3 not translated yet"."""
        shown = f"{self.checked} of {self.total} checked ({self.percent}%), {self.draft} draft"
        return shown + (f", {self.missing} not translated yet" if self.missing else "")

    def __str__(self) -> str:
        return f"{self.name}: {self.counts}"


def entries(files: dict[str, str], language: str) -> list[Entry]:
    """Every text of a language, in the file's order."""
    document = load(files.get(f"translations/{language}.yaml", "texts: {}\n")) or {}
    found = []
    for key, item in (document.get("texts") or {}).items():
        status = str(item.get("status") or "missing")
        text = "" if status == "missing" else str(item.get("text") or "")
        found.append(Entry(str(key), str(item.get("en") or ""), text, status))
    return found


def share(files: dict[str, str], language: str) -> Share:
    found = entries(files, language)
    count = {status: sum(e.status == status for e in found) for status in SHOWS}
    return Share(language, len(found), count["checked"], count["draft"], count["missing"])


@dataclass
class Typed:
    """What the translator sent for one text, and what is wrong with it."""

    text: str
    ticked: bool
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Edit:
    key: str
    text: str
    status: str
    action: str


def _edits(
    current: dict[str, Entry], typed: dict[str, Typed], language: str, jargon: dict[str, str]
) -> list[Edit]:
    """The texts the translator changed and may be kept; an error beside each of the others."""
    name = english_name(language)
    edits = []
    for key, sent in typed.items():
        entry = current[key]
        status = "checked" if sent.ticked else "draft"
        if entry.status == "missing" and not sent.text and not sent.ticked:
            continue  # still not translated: nothing changed
        if sent.text == entry.text and status == entry.status:
            continue
        if not sent.text:
            sent.errors.append(
                f"Type the {name} words in the box. A text cannot be empty: "
                "if you do not know the words yet, leave the box as it was."
                if entry.status != "missing"
                else f"Type the {name} words in the box before you tick that a native speaker "
                "checked them."
            )
            continue
        for finding in easy_read_findings(sent.text, jargon, english=False):
            sent.errors.append(f"Easy read rule [{finding.rule}]: {finding.message}")
        if sent.errors:
            continue
        newly_checked = status == "checked" and entry.status != "checked"
        action = "content.translation_checked" if newly_checked else "content.translation_changed"
        edits.append(Edit(key, sent.text, status, action))
    return edits


def _typed(current: dict[str, Entry]) -> dict[str, Typed]:
    """The texts sent, by key (a text whose box was not sent is left as it is)."""
    typed = {}
    for n in range(PER_PAGE):
        key = request.form.get(f"key-{n}", "")
        words = request.form.get(f"text-{n}")
        if key in current and words is not None:
            typed[key] = Typed(" ".join(words.split()), bool(request.form.get(f"checked-{n}")))
    return typed


@bp.get("/")
def overview() -> str:
    db = get_db()
    work = services.working(db)
    return render_template(
        "studio/translations.html",
        shares=[share(work.files, lang) for lang in _languages()],
        typed_shares=[typed_share(typed_entries(db, lang), lang) for lang in _languages()],
        release=work.release,
        shows=SHOWS,
    )


@bp.route("/<lang>", methods=["GET", "POST"])
def language(lang: str) -> Page | Response:
    language = lang
    if language not in _languages():
        abort(404)
    show = request.args.get("show", "all")
    show = show if show in SHOWS else "all"
    db = get_db()
    work = services.working(db)
    current = {e.key: e for e in entries(work.files, language)}
    listed = [e for e in current.values() if show == "all" or e.status == show]
    pages = max(1, -(-len(listed) // PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    rows = listed[(page - 1) * PER_PAGE : page * PER_PAGE]
    typed: dict[str, Typed] = {}
    problems: list[Problem] = []
    saved = 0
    if request.method == "POST":
        if not ButtonForm().validate_on_submit():
            return redirect(url_for(".language", lang=language, show=show, page=page))
        typed = _typed(current)
        posted = list(typed)
        edits = _edits(current, typed, language, work.bank.jargon)
        if edits:
            files = dict(work.files)
            for edit in edits:
                files |= set_translation(files, language, edit.key, edit.text, edit.status)
            path = f"translations/{language}.yaml"
            changed = {path: files[path]}
            problems = work.check(changed)
            if not problems:
                problems = _save(changed, edits, language, work)
            if not problems:
                saved = len(edits)
                for edit in edits:
                    del typed[edit.key]
        if not problems and not any(t.errors for t in typed.values()):
            at = request.form.get("at", "")
            return redirect(
                url_for(
                    ".language",
                    lang=language,
                    show=show,
                    page=page,
                    done=saved,
                    _anchor=f"item-{at}" if at.isdigit() else None,
                )
            )
        # the texts sent, not the page again: a text checked now may have left the filter
        work = services.working(db)
        fresh = {e.key: e for e in entries(work.files, language)}
        rows = [fresh[key] for key in posted] or rows
    return _page(language, show, page, pages, len(listed), rows, typed, problems, saved)


def _save(
    changed: dict[str, str], edits: list[Edit], language: str, work: services.Working
) -> list[Problem]:
    """Keep the file in the working copy, with an audit entry for each text (or the problem
    when someone saved this language's file meanwhile)."""
    db = get_db()
    first, *rest = edits

    def record_the_rest(release: ContentRelease) -> None:
        for edit in rest:
            record(
                db,
                current_user,
                edit.action,
                f"{edit.key} ({language})",
                f"release {release.id}: {edit.status}",
            )

    return services.keep(
        db,
        current_user,
        changed,
        first.action,
        f"{first.key} ({language})",
        first.status,
        work,
        record_the_rest,
    )


def _page(
    language: str,
    show: str,
    page: int,
    pages: int,
    total: int,
    rows: list[Entry],
    typed: dict[str, Typed],
    problems: list[Problem],
    saved: int,
) -> Page:
    failed = any(t.errors for t in typed.values()) or bool(problems)
    done = request.args.get("done", type=int) if request.method == "GET" else saved
    html = render_template(
        "studio/translations_language.html",
        language=language,
        name=english_name(language),
        share=share(services.working(get_db()).files, language),
        show=show,
        shows=SHOWS,
        page=page,
        pages=pages,
        total=total,
        rows=rows,
        first=(page - 1) * PER_PAGE + 1,
        typed=typed,
        problems=problems,
        failed=failed,
        done=done,
        kind_of=kind_of,
        status_names=STATUS_NAMES,
        button_form=ButtonForm(),
        jump=_jump_links(rows, typed),
    )
    return (html, 400) if failed else html


def _jump_links(rows: list[Entry], typed: dict[str, Typed]) -> list[tuple[str, str]]:
    """The error summary's links: the box of each text with a problem, in page order."""
    return [
        (f"text-{n}", message)
        for n, entry in enumerate(rows)
        if entry.key in typed
        for message in typed[entry.key].errors
    ]


# --- texts staff typed: actions' "We did" words, areas' help contacts ----------------------------
# These live in the database (portal.content.typed_texts), not in content files: a translation
# is shown to respondents as soon as it is saved, with no release to review or publish.

TYPED_STATUS_NAMES = {
    **STATUS_NAMES,
    "stale": "The English changed: check this. People see the new English words until you save",
}


@dataclass(frozen=True)
class TypedEntry:
    """One text staff typed, its English now, and its words in a language (if any)."""

    kind: str
    row_id: int
    what: str  # what the text is, for the translator
    english: str
    text: str
    status: str  # missing, draft or checked, as kept
    stale: bool  # translated from English that has changed since

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.row_id}"

    @property
    def shown_status(self) -> str:
        return "stale" if self.stale else self.status


def typed_entries(db: Session, language: str) -> list[TypedEntry]:
    """Every text staff typed that respondents read: each area's help contacts, then actions."""
    found = translations_of(db, language)
    texts: list[tuple[str, int, str, str]] = []
    contacts = db.execute(
        select(AreaContact, Area.name)
        .join(Area, Area.id == AreaContact.area_id)
        .order_by(Area.name, AreaContact.position, AreaContact.id)
    )
    for contact, area in contacts:
        texts += [
            (CONTACT_NAME, contact.id, f"Help contact for {area}: its name", contact.name),
            (CONTACT_TEXT, contact.id, f"Help contact for {area}: its words", contact.text),
        ]
    for action in all_actions(db):
        texts.append((ACTION_WORDS, action.id, f"Action “{action.what}”: We did", action.easy_read))
    entries = []
    for kind, row_id, what, english in texts:
        row = found.get((kind, row_id))
        if row is None:
            entries.append(TypedEntry(kind, row_id, what, english, "", "missing", False))
        else:
            stale = not same_words(row.en, english)
            entries.append(TypedEntry(kind, row_id, what, english, row.text, row.status, stale))
    return entries


@dataclass(frozen=True)
class TypedShare:
    """How much of the texts staff typed a native speaker has checked in one language."""

    language: str
    total: int
    checked: int
    draft: int
    stale: int
    missing: int

    @property
    def name(self) -> str:
        return english_name(self.language)

    @property
    def counts(self) -> str:
        """E.g. "2 of 9 checked, 1 draft, 1 to check again (the English changed)"."""
        shown = f"{self.checked} of {self.total} checked, {self.draft} draft"
        if self.stale:
            shown += f", {self.stale} to check again (the English changed)"
        return shown + (f", {self.missing} not translated yet" if self.missing else "")


def typed_share(found: list[TypedEntry], language: str) -> TypedShare:
    fresh = [e for e in found if not e.stale]
    return TypedShare(
        language,
        len(found),
        sum(e.status == "checked" for e in fresh),
        sum(e.status == "draft" for e in fresh),
        sum(e.stale for e in found),
        sum(e.status == "missing" for e in fresh),
    )


@dataclass(frozen=True)
class TypedEdit:
    entry: TypedEntry
    text: str
    status: str
    action: str


ENGLISH_CHANGED = (
    "Staff changed the English words while you were writing. Read the new English words, "
    "change yours if you need to, then save again."
)


def _typed_edits(
    current: dict[str, TypedEntry],
    sent: dict[str, Typed],
    pressed: str,
    language: str,
    moved: set[str],
) -> list[TypedEdit]:
    """The typed texts the translator changed and may be kept; an error beside the others
    (`moved`: texts whose English changed since the page was shown). A text whose English
    changed is kept unchanged only by its own Save (the translator checked it), never by
    pressing another text's."""
    name = english_name(language)
    jargon = current_bank("en").jargon
    edits = []
    for key, typed in sent.items():
        entry = current[key]
        status = "checked" if typed.ticked else "draft"
        if entry.status == "missing" and not typed.text and not typed.ticked:
            continue
        if typed.text == entry.text and status == entry.status:
            if not entry.stale or key != pressed:
                continue
        if key in moved:
            typed.errors.append(ENGLISH_CHANGED)
            continue
        if not typed.text:
            typed.errors.append(
                f"Type the {name} words in the box. To leave a text in English, "
                "leave the box empty and do not tick it."
                if entry.status == "missing"
                else f"Type the {name} words in the box. A translation cannot be empty."
            )
            continue
        for finding in easy_read_findings(typed.text, jargon, english=False):
            typed.errors.append(f"Easy read rule [{finding.rule}]: {finding.message}")
        if typed.errors:
            continue
        newly_checked = status == "checked" and (entry.status != "checked" or entry.stale)
        action = (
            "typed_text.translation_checked" if newly_checked else "typed_text.translation_changed"
        )
        edits.append(TypedEdit(entry, typed.text, status, action))
    return edits


def _sent_typed(current: dict[str, TypedEntry]) -> tuple[dict[str, Typed], set[str]]:
    """The typed texts sent, by key, and the keys of those whose English changed since the
    page was shown (their words were written for the old English)."""
    sent, moved = {}, set()
    for n in range(PER_PAGE):
        key = request.form.get(f"key-{n}", "")
        words = request.form.get(f"text-{n}")
        if key not in current or words is None:
            continue
        sent[key] = Typed(" ".join(words.split()), bool(request.form.get(f"checked-{n}")))
        if not same_words(request.form.get(f"en-{n}", ""), current[key].english):
            moved.add(key)
    return sent, moved


@bp.route("/<lang>/typed", methods=["GET", "POST"])
def typed(lang: str) -> Page | Response:
    """The texts staff typed (help contacts, actions) in one language: English and the
    language side by side, saved at once (they are not part of content releases)."""
    language = lang
    if language not in _languages():
        abort(404)
    db = get_db()
    found = typed_entries(db, language)
    current = {e.key: e for e in found}
    pages = max(1, -(-len(found) // PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    rows = found[(page - 1) * PER_PAGE : page * PER_PAGE]
    sent: dict[str, Typed] = {}
    saved = 0
    if request.method == "POST":
        if not ButtonForm().validate_on_submit():
            return redirect(url_for(".typed", lang=language, page=page))
        sent, moved = _sent_typed(current)
        at = request.form.get("at", "")
        pressed = request.form.get(f"key-{at}", "") if at.isdigit() else ""
        edits = _typed_edits(current, sent, pressed, language, moved)
        for edit in edits:
            entry = edit.entry
            keep_translation(
                db,
                current_user.id,
                entry.kind,
                entry.row_id,
                language,
                entry.english,
                edit.text,
                edit.status,
            )
            record(db, current_user, edit.action, f"{entry.key} ({language})", edit.status)
            del sent[entry.key]
        if edits:
            live: dict[str, set[int]] = {}
            for entry in found:
                live.setdefault(entry.kind, set()).add(entry.row_id)
            forget_orphans(db, live)
            db.commit()
            saved = len(edits)
        if not any(t.errors for t in sent.values()):
            return redirect(
                url_for(
                    ".typed",
                    lang=language,
                    page=page,
                    done=saved,
                    _anchor=f"item-{at}" if at.isdigit() else None,
                )
            )
        found = typed_entries(db, language)
        fresh = {e.key: e for e in found}
        rows = [fresh.get(e.key, e) for e in rows]
    failed = any(t.errors for t in sent.values())
    html = render_template(
        "studio/translations_typed.html",
        language=language,
        name=english_name(language),
        share=typed_share(found, language),
        page=page,
        pages=pages,
        total=len(found),
        rows=rows,
        first=(page - 1) * PER_PAGE + 1,
        typed=sent,
        failed=failed,
        done=request.args.get("done", type=int) if request.method == "GET" else saved,
        status_names=TYPED_STATUS_NAMES,
        button_form=ButtonForm(),
        jump=[
            (f"text-{n}", message)
            for n, entry in enumerate(rows)
            if entry.key in sent
            for message in sent[entry.key].errors
        ],
    )
    return (html, 400) if failed else html
