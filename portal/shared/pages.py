"""Pages that look the same for everyone who sees them the same way, rendered once per process.

A question page is the same for every person with the same language, statement, display
choices and place in the questionnaire, except for a few values of their own: the form's CSRF
token, the page's one-time key and the answer they chose. Such a page is rendered once with a
*slot* where each of those values goes and kept (in this process only, up to a size limit); each
request fills its person's values into a copy. Nothing a person owns is kept: only the slots.

The same template renders both ways: with `Slots()` for the page that is kept, and with a
`Person` for a page rendered whole (a form with errors). `tests/respond/test_page_cache.py`
renders pages both ways and compares them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from threading import Lock

from cachetools import LRUCache
from flask import current_app
from markupsafe import Markup, escape

_SLOT = re.compile("\ue000([a-z_]+(?:-[a-z_]+)?)\ue001")  # Unicode private use: never in text
CHECKED = Markup(" checked")


def slot(name: str) -> Markup:
    """The stand-in for one person's value in a page kept for everyone."""
    return Markup("\ue000{}\ue001").format(name)


class Person:
    """One person's own values on a page that is otherwise the same for everyone."""

    def __init__(self, csrf_token: str, submission: str = "", chosen: str | None = None) -> None:
        self.csrf_token = csrf_token
        self.submission = submission
        self.chosen = chosen

    def checked(self, value: str) -> Markup:
        """` checked` on the radio button of the answer this person chose, else nothing."""
        return CHECKED if value == self.chosen else Markup("")

    def value_of(self, name: str) -> str:
        """What goes in the slot called `name` (escaped for HTML)."""
        if name.startswith("checked-"):
            return self.checked(name.removeprefix("checked-"))
        return str(escape(getattr(self, name)))


class Slots:
    """The stand-ins for a `Person`'s values, for the page kept for everyone."""

    csrf_token = slot("csrf_token")
    submission = slot("submission")

    def checked(self, value: str) -> Markup:
        return slot(f"checked-{value}")


SLOTS = Slots()


def fill(page: str, person: Person) -> str:
    """A copy of a kept page with this person's values in its slots."""
    return _SLOT.sub(lambda match: person.value_of(match.group(1)), page)


class PageCache:
    """Rendered pages by key, the least recently used dropped first beyond `max_bytes`.

    Shared by the threads of one process (gunicorn runs several), hence the lock; two threads
    missing the same page at once both render it, which is harmless.
    """

    def __init__(self, max_bytes: int) -> None:
        self._pages: LRUCache[Hashable, str] = LRUCache(maxsize=max_bytes, getsizeof=len)
        self._lock = Lock()

    def page(self, key: Hashable, render: Callable[[], str]) -> str:
        """The page kept under `key`, rendered by `render()` the first time."""
        with self._lock:
            page = self._pages.get(key)
        if page is None:
            page = render()
            if len(page) <= self._pages.maxsize:
                with self._lock:
                    self._pages[key] = page
        return page

    @property
    def bytes_kept(self) -> int:
        return int(self._pages.currsize)

    def __len__(self) -> int:
        return len(self._pages)


def kept_pages() -> PageCache | None:
    """This app's kept pages (PAGE_CACHE_MB megabytes at most), or None when it is 0."""
    extensions = current_app.extensions
    if "kept_pages" not in extensions:
        size = current_app.config["PAGE_CACHE_MB"] * 1024 * 1024
        extensions["kept_pages"] = PageCache(size) if size else None
    pages: PageCache | None = extensions["kept_pages"]
    return pages
