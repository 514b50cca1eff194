"""What the studio does with content releases: edit the working copy, send it to reviewers,
approve it, publish it or throw it away, each step in the audit log.

The working copy is one open content release (portal.content.releases). Every save is checked
by every rule of `flask content check` before it is kept, so the working copy can always be
previewed, reviewed and published.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.audio import clip_build_for_bank
from portal.audit.services import record
from portal.auth.models import StaffUser
from portal.content import forget_live_release
from portal.content.bank import Bank, Picture, Problem
from portal.content.checker import load_bank
from portal.content.models import ContentRelease, ContentReviewComment
from portal.content.releases import (
    ChangedMeanwhile,
    ReleaseRefused,
    check_files,
    content_assets,
    content_files,
    guard_files,
    open_release,
    publish,
    published_release,
    release_asset,
    release_asset_names,
    release_files,
    save_files,
    start_draft,
)
from portal.db import utcnow
from portal.studio.forms import english_name

# Who may approve a release: someone who reads it for the Advisory Group, or an administrator
APPROVERS = frozenset({"reviewer", "administrator"})


def _root() -> Path:
    return Path(current_app.config["CONTENT_DIR"])


def _languages() -> list[str]:
    return list(current_app.config["LANGUAGES"])


@dataclass
class Working:
    """The studio's working copy: the open release (None: nothing changed yet, so the
    published content), its YAML files and the names of its uploaded files."""

    release: ContentRelease | None
    files: dict[str, str]
    assets: list[str]

    @property
    def bank(self) -> Bank:
        """The checked bank (every save is checked, so this holds)."""
        return load_bank(_root(), _languages(), self.files, self.assets)

    def check(self, changed: Mapping[str, str], added: Iterable[str] = ()) -> list[Problem]:
        """Every problem `flask content check` would find with these files changed (and these
        uploaded files added)."""
        files = {**self.files, **changed}
        _bank, problems = check_files(_root(), files, _languages(), [*self.assets, *added])
        return problems


def working_asset(db: Session, work: Working, path: str) -> bytes:
    """An uploaded file of the working copy (the caller checked that it has it)."""
    if work.release is not None:
        return release_asset(db, work.release, path) or b""
    release = published_release(db)
    if release is not None:
        return release_asset(db, release, path) or b""
    return (_root() / path).read_bytes()


def live(db: Session) -> Working:
    """The content respondents see now."""
    release = published_release(db)
    if release is None:
        root = _root()
        return Working(None, content_files(root), list(content_assets(root)))
    return Working(None, release_files(db, release), release_asset_names(db, release))


def working(db: Session) -> Working:
    """The open release, or the published content when nothing is open."""
    release = open_release(db)
    if release is None:
        return live(db)
    return Working(release, release_files(db, release), release_asset_names(db, release))


def save(
    db: Session,
    actor: StaffUser,
    changed: Mapping[str, str | bytes | None],
    action: str,
    subject: str,
    detail: str = "",
    based_on: Mapping[str, str | None] | None = None,
) -> ContentRelease:
    """Keep changed files in the working copy (started from the published content when none is
    open), with an audit entry. The caller has checked the files. `based_on`: the YAML files
    the change was made to (`Working.files`); if another editor saved one of the changed ones
    since, nothing is kept (ChangedMeanwhile), so neither change is lost."""
    release = start_draft(db, actor.id, _root())
    if based_on is not None:
        yaml = [path for path in changed if path.endswith(".yaml")]
        guard_files(db, release, {path: based_on.get(path) for path in yaml})
    save_files(db, release, changed)
    work = working(db)
    bank = work.bank
    # a picture or voice nothing names any more (replaced, taken out) leaves the release
    named = {f"pictures/{p.file}" for p in bank.pictures.values() if p.file}
    named |= {f"voices/{v.file}" for v in bank.voices.values()}
    unused = [path for path in work.assets if path not in named]
    if unused:
        save_files(db, release, dict.fromkeys(unused))
    # new words get their synthetic clips now, so reviewers and previews can hear them
    clip_build_for_bank(current_app._get_current_object(), bank)  # type: ignore[attr-defined]
    record(
        db,
        actor,
        action,
        subject,
        f"release {release.id}: {detail}" if detail else f"release {release.id}",
    )
    return release


def keep(
    db: Session,
    actor: StaffUser,
    changed: Mapping[str, str | bytes | None],
    action: str,
    subject: str,
    detail: str,
    work: Working,
    then: Callable[[ContentRelease], None] | None = None,
) -> list[Problem]:
    """`save` a change made to `work` (and do `then` with its release) and commit; or, if
    another editor saved one of the same files meanwhile, keep nothing and return the problem
    to show (the form keeps what was typed; Save again makes the change on top of theirs)."""
    try:
        release = save(db, actor, changed, action, subject, detail, based_on=work.files)
    except ChangedMeanwhile as clash:
        db.rollback()
        return [Problem(clash.paths[0], 0, str(clash))]  # line 0: not one line's fault
    if then is not None:
        then(release)
    db.commit()
    return []


def send_for_review(db: Session, actor: StaffUser, release: ContentRelease, note: str) -> None:
    if release.status != "draft":
        raise ReleaseRefused("These changes are already with the reviewers.")
    release.status = "in_review"
    release.note = note
    record(db, actor, "content.sent_for_review", f"release {release.id}", note)


def comment(db: Session, actor: StaffUser, release: ContentRelease, body: str) -> None:
    db.add(ContentReviewComment(release_id=release.id, author_id=actor.id, body=body))
    record(db, actor, "content.review_comment", f"release {release.id}")


def comments(db: Session, release: ContentRelease) -> list[tuple[ContentReviewComment, str]]:
    rows = db.execute(
        select(ContentReviewComment, StaffUser.display_name)
        .outerjoin(StaffUser, StaffUser.id == ContentReviewComment.author_id)
        .where(ContentReviewComment.release_id == release.id)
        .order_by(ContentReviewComment.id)
    )
    return [(row, name or "Someone") for row, name in rows]


def approve(db: Session, actor: StaffUser, release: ContentRelease) -> None:
    """A reviewer agrees to exactly these files (a later change sends them back to draft)."""
    if actor.role not in APPROVERS:
        raise ReleaseRefused("Only a reviewer or an administrator can approve changes.")
    if release.status != "in_review":
        raise ReleaseRefused("These changes are not waiting for review.")
    if release.created_by == actor.id:
        raise ReleaseRefused(
            "You started these changes, so someone else must approve them: a reviewer from the "
            "Advisory Group, or another administrator."
        )
    release.status = "approved"
    release.approved_by = actor.id
    release.approved_at = utcnow()
    record(db, actor, "content.approved", f"release {release.id}")


def publish_release(db: Session, actor: StaffUser, release: ContentRelease) -> Bank:
    """Respondents see the approved changes from now on; new texts get their clips."""
    if release.status != "approved":
        raise ReleaseRefused("A reviewer must approve these changes before they are published.")
    live = published_release(db)
    if live is not None and release.based_on not in (None, live.id):
        raise ReleaseRefused(
            "Other content was published after these changes began. Throw these changes away "
            "and make them again."
        )
    bank = publish(db, release, actor.id, _root(), _languages())
    record(db, actor, "content.published", f"release {release.id}")
    db.commit()
    forget_live_release()
    clip_build_for_bank(current_app._get_current_object(), bank)  # type: ignore[attr-defined]
    return bank


def discard(db: Session, actor: StaffUser, release: ContentRelease) -> None:
    release.status = "discarded"
    record(db, actor, "content.discarded", f"release {release.id}")


@dataclass
class Change:
    """One thing a release changes, as a reviewer reads it."""

    what: str  # "Statement", "Questionnaire"
    ident: str
    kind: str  # "new", "changed", "retired"
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


def changes(before: Bank, after: Bank) -> list[Change]:
    """What a reviewer needs to see: statements and questionnaires new, changed or retired,
    with their words before and after."""
    found: list[Change] = []
    for sid, new in after.statements.items():
        old = before.statements.get(sid)
        words = [w for w in (new.text, new.they, new.carer) if w]
        if old is None:
            if not new.retired:
                found.append(Change("Statement", sid, "new", after=words))
        elif new.retired and not old.retired:
            found.append(Change("Statement", sid, "retired", before=[old.text]))
        elif old != new and not new.retired:
            found.append(
                Change(
                    "Statement",
                    sid,
                    "changed",
                    [w for w in (old.text, old.they, old.carer) if w],
                    words,
                )
            )
    for slug, q in after.questionnaires.items():
        old_q = before.questionnaires.get(slug)
        listed = [f"{n}. {after.statements[s].text}" for n, s in enumerate(q.statement_ids, 1)]
        if old_q is None:
            found.append(Change("Questionnaire", slug, "new", after=[q.title, q.intro, *listed]))
        elif old_q != q:
            old_listed = [
                f"{n}. {before.statements[s].text}" for n, s in enumerate(old_q.statement_ids, 1)
            ]
            found.append(
                Change(
                    "Questionnaire",
                    slug,
                    "changed",
                    [old_q.title, old_q.intro, *old_listed],
                    [q.title, q.intro, *listed],
                )
            )
    found += theme_changes(before, after)
    return found + picture_changes(before, after)


def _picture_lines(picture: Picture) -> list[str]:
    if picture.file:
        lines = [f"Alt text: {picture.alt}", f"Uploaded, by {picture.author}: {picture.licence}"]
        if picture.attribution:
            lines.append(f"Words the licence asks for: {picture.attribution}")
        return lines + (["A photo: everyone in it agreed that we use it"] if picture.photo else [])
    return [f"Alt text: {picture.alt}", f"OpenMoji {picture.code}"]


def picture_changes(before: Bank, after: Bank) -> list[Change]:
    """Pictures new or changed in the library, with their alt text and licence."""
    found: list[Change] = []
    for name, new in after.pictures.items():
        old = before.pictures.get(name)
        if old is None:
            found.append(Change("Picture", name, "new", after=_picture_lines(new)))
        elif old != new:
            found.append(
                Change("Picture", name, "changed", _picture_lines(old), _picture_lines(new))
            )
    return found


# Themes (the studio's theme page: portal/studio/themes.py) -----------------------------------


def _theme_lines(bank: Bank, theme_id: str) -> list[str]:
    """A theme as a reviewer reads it: its name in each language, its picture, its source."""
    theme = bank.themes[theme_id]
    picture = bank.pictures.get(theme.picture)
    lines = [f"Name: {theme.name}"]
    for language, texts in sorted(bank.translations.items()):
        name = texts.get(f"theme.{theme_id}.name")
        said = english_name(language)
        lines.append(
            f"Name in {said}: {name}" if name else f"No name in {said} yet: shown in English"
        )
    lines.append(f"Picture: {picture.alt if picture else theme.picture} ({theme.picture})")
    return [*lines, f"Comes from: {theme.source}"]


def theme_changes(before: Bank, after: Bank) -> list[Change]:
    """Themes new or changed: their names, picture and source before and after."""
    found: list[Change] = []
    for theme_id in after.themes:
        lines = _theme_lines(after, theme_id)
        if theme_id not in before.themes:
            found.append(Change("Theme", theme_id, "new", after=lines))
        elif (old := _theme_lines(before, theme_id)) != lines:
            found.append(Change("Theme", theme_id, "changed", old, lines))
    return found
