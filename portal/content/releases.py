"""Content releases: every YAML file of `content/` kept in the database, release by release.

The files in `content/` are the seed. `flask content load` copies them into a published
release; the studio copies the published release into one open release (a draft), edits it,
sends it to reviewers, and publishes it once a reviewer approved exactly those files. Respondents
always see the published release (or, in a database that has none, the files themselves).
`flask content export` writes a release back as the same files, to be reviewed as code.

Publishing never changes what earlier answers meant: a questionnaire whose statements or words
changed gets the next version number (`next_versions`), so answers to the old version keep
their own statements and words, and reports can keep the versions apart or join them.
The seed documents in `content/sources/` are evidence, not content: they stay files.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from sqlalchemy import delete, false, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal.content.bank import Bank, ContentError, Problem
from portal.content.checker import check_with_report, files_digest, load_bank
from portal.content.models import (
    OPEN_STATUSES,
    ContentBlob,
    ContentFile,
    ContentRelease,
    Questionnaire,
)
from portal.content.services import sync_bank
from portal.db import utcnow

Files = dict[str, str]


class ReleaseRefused(Exception):
    """A release cannot be made, changed or published; the message says why and what to do."""


# Uploaded pictures and recorded voices: binary files, kept in the database as base64 text
ASSET_FOLDERS = ("pictures", "voices")


# An uploaded file's name: the sha256 of its bytes and its type
ASSET_NAME = re.compile(r"^[0-9a-f]{64}\.(svg|png|jpg|webp|mp3)$")


def is_asset(path: str) -> bool:
    return path.split("/", 1)[0] in ASSET_FOLDERS and not path.endswith(".yaml")


def content_files(root: Path) -> Files:
    """Every YAML file of the content folder, by its path under it (the seed documents in
    sources/ are not content)."""
    files = {}
    for path in sorted(root.rglob("*.yaml")):
        name = path.relative_to(root).as_posix()
        if not name.startswith("sources/"):
            files[name] = path.read_text(encoding="utf-8")
    return files


def content_assets(root: Path) -> dict[str, bytes]:
    """The uploaded pictures and recorded voices in the content folder, by path."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for folder in ASSET_FOLDERS
        for path in sorted((root / folder).glob("*"))
        if path.is_file() and is_asset(path.relative_to(root).as_posix())
    }


def _stored(value: str | bytes) -> str:
    return base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else value


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _blob(db: Session, text: str) -> str:
    """The digest of a stored text, storing it first when it is new."""
    digest = _digest(text)
    if db.get(ContentBlob, digest) is None:
        try:
            with db.begin_nested():  # another editor may store the same text at the same time
                db.add(ContentBlob(digest=digest, body=text))
        except IntegrityError:
            pass
    return digest


def release_files(db: Session, release: ContentRelease | int) -> Files:
    """A release's YAML files by path."""
    release_id = release if isinstance(release, int) else release.id
    rows = db.execute(
        select(ContentFile.path, ContentBlob.body)
        .join(ContentBlob, ContentBlob.digest == ContentFile.digest)
        .where(ContentFile.release_id == release_id, ContentFile.path.like("%.yaml"))
        .order_by(ContentFile.path)
    )
    return {path: body for path, body in rows}


def release_asset_names(db: Session, release: ContentRelease | int) -> list[str]:
    """A release's uploaded pictures and recorded voices ("pictures/x.png")."""
    release_id = release if isinstance(release, int) else release.id
    paths = db.scalars(
        select(ContentFile.path)
        .where(ContentFile.release_id == release_id, ContentFile.path.not_like("%.yaml"))
        .order_by(ContentFile.path)
    )
    return [path for path in paths if is_asset(path)]


def release_asset(db: Session, release: ContentRelease | int, path: str) -> bytes | None:
    """One uploaded picture or recorded voice of a release, or None."""
    release_id = release if isinstance(release, int) else release.id
    body = db.scalar(
        select(ContentBlob.body)
        .join(ContentFile, ContentFile.digest == ContentBlob.digest)
        .where(ContentFile.release_id == release_id, ContentFile.path == path)
    )
    return None if body is None or not is_asset(path) else base64.b64decode(body)


def release_assets(db: Session, release: ContentRelease | int) -> dict[str, bytes]:
    return {
        path: release_asset(db, release, path) or b"" for path in release_asset_names(db, release)
    }


def published_release(db: Session) -> ContentRelease | None:
    """The release respondents see now."""
    return db.scalar(select(ContentRelease).where(ContentRelease.status == "published"))


def published_release_id(db: Session) -> int | None:
    return db.scalar(select(ContentRelease.id).where(ContentRelease.status == "published"))


def open_release(db: Session) -> ContentRelease | None:
    """The studio's working copy: a draft, one in review, or one approved and not yet published."""
    return db.scalar(select(ContentRelease).where(ContentRelease.status.in_(OPEN_STATUSES)))


def _new_release(
    db: Session,
    files: Mapping[str, str | bytes],
    *,
    status: str,
    origin: str,
    actor_id: int | None,
    based_on: int | None = None,
    digest: str | None = None,
    note: str = "",
) -> ContentRelease:
    release = ContentRelease(
        status=status,
        origin=origin,
        files_digest=digest,
        based_on=based_on,
        note=note,
        created_by=actor_id,
        changed_at=utcnow(),
    )
    release.files = [
        ContentFile(path=p, digest=_blob(db, _stored(t))) for p, t in sorted(files.items())
    ]
    db.add(release)
    db.flush()
    return release


# PostgreSQL's advisory lock that studio saves take in turn (any fixed number, unique here)
STUDIO_LOCK = 0x57_0D_10


def _studio_lock(db: Session) -> None:
    """Wait for any other studio save to commit. PostgreSQL: a transaction advisory lock.
    SQLite writes one transaction at a time: a write statement (touching no row) takes its
    write lock now, before anything is read."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(select(func.pg_advisory_xact_lock(STUDIO_LOCK)))
    else:
        db.execute(update(ContentRelease).where(false()).values(note=ContentRelease.note))


def start_draft(db: Session, actor_id: int | None, root: Path) -> ContentRelease:
    """The open release, or a new draft copied from the published one (or from the files).
    Holds the studio's lock until the transaction ends: two editors saving at once take turns,
    so the second finds the first one's draft and sees the files as the first left them."""
    _studio_lock(db)
    live = db.scalar(select(ContentRelease).where(ContentRelease.status == "published"))
    release = open_release(db)
    if release is not None:
        return release
    if live is None:
        files: dict[str, str | bytes] = {**content_files(root), **content_assets(root)}
        return _new_release(db, files, status="draft", origin="studio", actor_id=actor_id)
    release = _new_release(
        db, {}, status="draft", origin="studio", actor_id=actor_id, based_on=live.id
    )
    db.execute(  # the same files: the rows point at the same stored texts
        insert(ContentFile).from_select(
            ["release_id", "path", "digest"],
            select(literal(release.id), ContentFile.path, ContentFile.digest).where(
                ContentFile.release_id == live.id
            ),
        )
    )
    db.expire(release, ["files"])
    return release


def save_files(
    db: Session, release: ContentRelease, changed: Mapping[str, str | bytes | None]
) -> None:
    """Replace some of an open release's files (None removes one). A release sent for review
    or approved goes back to draft: an approval is for exactly the files approved."""
    if release.status not in OPEN_STATUSES:
        raise ReleaseRefused("This release is not open for changes.")
    for path, text in changed.items():
        db.execute(
            delete(ContentFile).where(
                ContentFile.release_id == release.id, ContentFile.path == path
            )
        )
        if text is not None:
            db.add(ContentFile(release_id=release.id, path=path, digest=_blob(db, _stored(text))))
    release.status = "draft"
    release.approved_by = release.approved_at = None
    release.changed_at = utcnow()
    db.flush()
    db.expire(release, ["files"])


class ChangedMeanwhile(ReleaseRefused):
    """Someone saved one of these files after this editor read it: saving would lose theirs."""

    def __init__(self, paths: list[str]) -> None:
        super().__init__(
            "Someone else saved a change here while you were typing. Your words are still in "
            "the form: press Save again to keep them with the other change."
        )
        self.paths = paths


def guard_files(db: Session, release: ContentRelease, based_on: Mapping[str, str | None]) -> None:
    """Refuse (ChangedMeanwhile) when a file of `release` is no longer the text the editor's
    change was made to (None: the file did not exist). Call it after `start_draft`, whose lock
    makes a second editor's save wait until the first one's is committed."""
    rows = db.execute(
        select(ContentFile.path, ContentFile.digest).where(
            ContentFile.release_id == release.id, ContentFile.path.in_(list(based_on))
        )
    )
    now = {path: digest for path, digest in rows}
    clashes = [
        path
        for path, text in based_on.items()
        if now.get(path) != (None if text is None else _digest(text))
    ]
    if clashes:
        raise ChangedMeanwhile(sorted(clashes))


def check_files(
    root: Path, files: Mapping[str, str], languages: Iterable[str], assets: Iterable[str] = ()
) -> tuple[Bank | None, list[Problem]]:
    """Check a release's files by every rule of `flask content check`."""
    bank, problems, _reports = check_with_report(root, languages, files, set(assets))
    return bank, problems


def release_bank(
    db: Session, release: ContentRelease | int, root: Path, languages: Iterable[str]
) -> Bank:
    """A release's checked bank (ContentError if it has problems)."""
    return load_bank(root, languages, release_files(db, release), release_asset_names(db, release))


def next_versions(db: Session, bank: Bank) -> dict[str, int]:
    """The version each questionnaire must have so that no stored version changes meaning:
    its number now when it is new or asks exactly what its stored version asked (the same
    statements in the same order, with the same words), else one more than the newest."""
    versions = {}
    for slug, questionnaire in bank.questionnaires.items():
        stored = db.scalar(
            select(Questionnaire).where(
                Questionnaire.slug == slug, Questionnaire.version == questionnaire.version
            )
        )
        asked = tuple(
            (statement_id, bank.statements[statement_id].text)
            for statement_id in questionnaire.statement_ids
        )
        if stored is None or tuple((i.statement_id, i.text) for i in stored.items) == asked:
            versions[slug] = questionnaire.version
        else:
            newest = db.scalar(
                select(func.max(Questionnaire.version)).where(Questionnaire.slug == slug)
            )
            versions[slug] = (newest or 0) + 1
    return versions


def publish(
    db: Session, release: ContentRelease, actor_id: int | None, root: Path, languages: Iterable[str]
) -> Bank:
    """Make an approved (or file-loaded) release the one respondents see: check it, give
    changed questionnaires new versions, copy it into the statement tables. All or nothing."""
    from portal.content.editing import set_questionnaire_versions

    files = release_files(db, release)
    assets = release_asset_names(db, release)
    bank = load_bank(root, languages, files, assets)
    versions = next_versions(db, bank)
    if any(bank.questionnaires[slug].version != v for slug, v in versions.items()):
        changed = set_questionnaire_versions(files, versions)
        status = release.status
        save_files(db, release, changed)
        release.status = status  # numbering versions is not a change a reviewer must see
        files.update(changed)
        bank = load_bank(root, languages, files, assets)
    live = published_release(db)
    if live is not None:
        live.status = "replaced"
        db.flush()  # one published release at a time (a partial unique index says so too)
    release.status = "published"
    release.published_by = actor_id
    release.published_at = utcnow()
    sync_bank(db, bank, release.id)
    db.flush()
    return bank


def import_files(
    db: Session, root: Path, languages: Iterable[str], *, force: bool = False
) -> tuple[ContentRelease, bool]:
    """`flask content load`: publish the content folder's files as a release, unless the same
    files were loaded last time (then nothing changes: False). Refused when the studio has
    published changes since the files were last loaded, unless `force`."""
    files = content_files(root)
    assets = content_assets(root)
    digest = files_digest(
        {**files, **{p: hashlib.sha256(b).hexdigest() for p, b in assets.items()}}
    )
    last_import = db.scalar(
        select(ContentRelease)
        .where(ContentRelease.origin == "files")
        .order_by(ContentRelease.id.desc())
        .limit(1)
    )
    live = published_release(db)
    bank = load_bank(root, languages, files, assets)  # ContentError: nothing is loaded
    if last_import is not None and last_import.files_digest == digest and live is not None:
        return live, False
    if live is not None and live.origin == "studio" and not force:
        raise ReleaseRefused(
            f"The studio published changes (release {live.id}) since these files were loaded. "
            "Write them to files first (flask content export), or load with --force to "
            "replace them."
        )
    versions = next_versions(db, bank)
    if versions != {s: q.version for s, q in bank.questionnaires.items()}:
        raise ContentError(
            [
                Problem(
                    "questionnaires.yaml",
                    1,
                    f"questionnaire '{slug}' version {bank.questionnaires[slug].version} is "
                    "already in use with other statements or words: give the changed list "
                    f"version {version}",
                )
                for slug, version in versions.items()
                if version != bank.questionnaires[slug].version
            ]
        )
    release = _new_release(
        db, {**files, **assets}, status="approved", origin="files", actor_id=None, digest=digest
    )
    publish(db, release, None, root, languages)
    return release, True


def export_files(files: Mapping[str, str | bytes], folder: Path) -> list[str]:
    """Write a release's files (YAML and uploaded files) into a folder, removing content files
    it does not have (the seed documents in sources/ are left alone). The paths written."""
    for path in [
        *folder.rglob("*.yaml"),
        *(p for f in ASSET_FOLDERS for p in (folder / f).glob("*")),
    ]:
        name = path.relative_to(folder).as_posix()
        if path.is_file() and not name.startswith("sources/") and name not in files:
            path.unlink()
    for name, content in sorted(files.items()):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return sorted(files)
