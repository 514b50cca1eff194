"""Two editors changing the same file at the same moment: the second save is refused with a
clear message and the words typed, and nobody's change is lost."""

from __future__ import annotations

import threading
from dataclasses import replace

from flask import Flask
from sqlalchemy.orm import Session

from portal.auth.models import StaffUser
from portal.content.editing import save_statement
from portal.content.releases import ChangedMeanwhile, release_files
from portal.studio import services
from tests.auth.helpers import add_staff
from tests.content.test_editing import GARDEN
from tests.studio.helpers import signed_in, statement_data


def test_a_save_made_to_a_file_someone_changed_since_is_refused_and_theirs_is_kept(
    app: Flask,
) -> None:
    with app.test_request_context(), Session(app.extensions["db_engine"]) as db:
        first = db.get(StaffUser, add_staff(app, "content_editor"))
        second = db.get(StaffUser, add_staff(app, "content_editor"))
        assert first and second
        read_by_second = services.working(db)  # the second editor opens the form...
        theirs = save_statement(read_by_second.files, "i-like-my-garden", GARDEN, {})
        services.save(
            db,
            first,
            theirs,
            "studio.statement",
            "i-like-my-garden",
            based_on={p: read_by_second.files.get(p) for p in theirs},
        )
        db.commit()  # ...and the first editor saves a change to the same file meanwhile

        mine = save_statement(
            read_by_second.files, "i-grow-beans", replace(GARDEN, text="I grow beans."), {}
        )
        try:
            services.save(
                db,
                second,
                mine,
                "studio.statement",
                "i-grow-beans",
                based_on={p: read_by_second.files.get(p) for p in mine},
            )
        except ChangedMeanwhile as clash:
            assert clash.paths == sorted(mine)
            assert "press Save again" in str(clash)
            db.rollback()
        else:
            raise AssertionError("the older copy was saved over the newer one")
        kept = "\n".join(release_files(db, services.working(db).release).values())
        assert "I like my garden." in kept and "I grow beans." not in kept


def test_two_editors_pressing_save_at_once_lose_nothing(app: Flask) -> None:
    """Both press Save on different new statements of the same theme's file at the same
    moment: afterwards each statement is saved, or its editor was told to press Save again
    with their words still in the form - never saved over in silence."""
    editors = [signed_in(app, "content_editor") for _ in range(2)]
    texts = ["I like my garden.", "I grow beans in my garden."]
    pages = [editor.get("/staff/studio/statements/new") for editor in editors]
    results: list[tuple[str, str]] = []
    start = threading.Barrier(2)

    def save(n: int) -> None:
        data = statement_data(texts[n], "They garden.", theme="my-home", ident=f"garden-{n}")
        start.wait()
        page = editors[n].submit(pages[n], data, status=None)
        results.append((texts[n], page.text))

    threads = [threading.Thread(target=save, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == 2
    with Session(app.extensions["db_engine"]) as db:
        kept = "\n".join(release_files(db, services.working(db).release).values())
    for text, page in results:
        if text not in kept:
            assert "press Save again" in page and text in page, page
