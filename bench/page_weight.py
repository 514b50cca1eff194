"""Bytes a browser fetches for one question page, with and without gzip, and for its audio clip.

Many respondents answer on phones with slow or metered data, so these bytes are what a page
costs them. The first English question page is reached as a respondent reaches it (language,
who, consent) and everything a browser loads with it is fetched, each raw and gzipped at level
6 (as a web server in front would send it); the statement's MP3 clip apart, as it is fetched
only when played. The second question page shows what each later page costs, given the cache
headers: style sheets and scripts are fetched by the names the page links, which carry a hash
of their content once `make static` has run (as `make bench` does), and are then kept without
asking again. Database and clips are made in a temporary folder (instance/ is untouched);
figures go to bench/RESULTS.md (section 2).

    .venv/bin/python -m bench.page_weight [--no-record]   # about a minute
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from bench.results import RESULTS, entry_heading, machine, record
from bench.throwaway import throwaway_portal
from portal import create_app
from portal.config import PROJECT_ROOT

KINDS = {"text/html": "HTML", "text/css": "CSS", "text/javascript": "JavaScript"}
KINDS |= {"image/svg+xml": "picture", "audio/mpeg": "audio"}
LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "apple-touch-icon"}


class Page(HTMLParser):
    """What a browser loads with a page (in order), its audio clips, and its hidden fields."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.clips: list[str] = []
        self.statement_clip = ""
        self.listen_icon = ""
        self.hidden: dict[str, str] = {}
        self._spoken = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        found = ""
        if tag == "link" and LINK_RELS & set(a.get("rel", "").split()):
            found = a.get("href", "")
        elif tag in ("script", "img"):
            found = a.get("src", "")
        elif tag == "body":
            found = self.listen_icon = a.get("data-listen-icon", "")  # used by audio.js
        elif tag == "input" and a.get("type") == "hidden":
            self.hidden[a.get("name", "")] = a.get("value", "")
        elif tag == "div" and "spoken" in a.get("class", "").split():
            self._spoken = True
        elif tag in ("audio", "source") and a.get("src"):
            self.clips.append(a["src"])
            if self._spoken and not self.statement_clip:
                self.statement_clip = a["src"]
        if found and found not in self.loads:
            self.loads.append(found)


@dataclass
class Fetched:
    path: str
    kind: str
    raw: int
    gzipped: int
    cache: str
    encoding: str
    etag: str


def measure(response: TestResponse) -> Fetched:
    """Sizes and headers of one response (any Content-Encoding of the portal's own undone)."""
    assert response.status_code == 200, f"{response.request.path}: {response.status_code}"
    body, encoding = response.get_data(), response.headers.get("Content-Encoding", "")
    if encoding == "gzip":
        body = gzip.decompress(body)
    kind = KINDS.get(response.mimetype, response.mimetype)
    cache, etag = response.headers.get("Cache-Control", "(none)"), response.headers.get("ETag", "")
    zipped = len(gzip.compress(body, compresslevel=6))
    return Fetched(response.request.path, kind, len(body), zipped, cache, encoding, etag)


def submit(client: FlaskClient, path: str, html: str, data: dict[str, str]) -> TestResponse:
    """Send the page's form with its hidden fields (CSRF token included), following redirects."""
    response = client.post(path, data={**Page(html).hidden, **data}, follow_redirects=True)
    assert response.status_code == 200, f"{path}: {response.status_code}"
    return response


def first_two_questions(client: FlaskClient) -> tuple[TestResponse, TestResponse]:
    for path, data in (("/language", {"language": "en"}), ("/who", {"answered_by": "own"})):
        submit(client, path, client.get(path).text, data)
    practice = submit(client, "/consent", client.get("/consent").text, {})
    assert practice.request.path == "/practice", practice.request.path
    start = re.search(r'href="(/question/[^"]+)"', practice.text)
    assert start, "no way to the real questions on /practice"
    first = client.get(start[1])
    assert first.status_code == 200, f"{start[1]}: {first.status_code}"
    second = submit(client, first.request.path, first.text, {"answer": "yes", "action": "next"})
    assert second.request.path.startswith("/question/"), second.request.path
    return first, second


def revalidated(client: FlaskClient, item: Fetched) -> bool:
    """A copy the browser must check on every page, and the check comes back 304 (no body)."""
    headers = {"If-None-Match": item.etag}
    return "no-cache" in item.cache and client.get(item.path, headers=headers).status_code == 304


def kept(item: Fetched) -> bool:
    """A style sheet or script the browser keeps without asking again: its name is a hash of its
    content (`make static`), so it is sent `immutable`."""
    return item.kind in ("CSS", "JavaScript") and "immutable" in item.cache


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-record", action="store_true", help=f"do not append to {RESULTS.name}")
    args = parser.parse_args()
    on = machine()
    with throwaway_portal("page-weight-") as portal:
        print("Making the clips (about a minute)...")
        portal.flask("audio", "build")
        os.environ.update(portal.env)
        app = create_app()
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_ENCODING"] = "gzip"  # as every browser asks
        first, second = first_two_questions(client)
        page, later = Page(first.text), Page(second.text)
        html, next_html = measure(first), measure(second)
        loads = [measure(client.get(path)) for path in page.loads]
        clip = measure(client.get(page.statement_clip))
        next_clip = measure(client.get(later.statement_clip))
        others = sum(measure(client.get(c)).raw for c in set(page.clips) - {page.statement_clip})
        checked = [f"`{i.path}`" for i in loads if revalidated(client, i)]
        unasked = [f"`{i.path}`" for i in loads if kept(i)]
        new = [measure(client.get(path)) for path in later.loads if path not in page.loads]
        app.extensions["db_engine"].dispose()

    items = [html, *loads]
    raw, zipped = sum(i.raw for i in items), sum(i.gzipped for i in items)
    caches: dict[str, set[str]] = {"HTML": {html.cache}}
    for item in [*loads, clip]:
        caches.setdefault(item.kind, set()).add(item.cache)
    encodings = ", ".join(sorted({i.encoding for i in [*items, clip]} - {""})) or "none"
    pictures = sum(i.kind == "picture" for i in loads)
    per_page = next_html.gzipped + sum(i.gzipped for i in new)
    icon = {page.listen_icon: " (listen icon, added by audio.js)"}
    lines = [
        entry_heading(f"first English question page ({html.path})"),
        "",
        f"- Machine: {on}",
        "- Content-Encoding sent by the portal itself (every request with Accept-Encoding: gzip): "
        f"{encodings}; gzip bytes are level 6, as a web server in front would send them",
        "",
        "| Resource | Type | Bytes | gzip bytes |",
        "|---|---|--:|--:|",
        *(
            f"| `{i.path}`{icon.get(i.path, '')} | {i.kind} | {i.raw:,} | {i.gzipped:,} |"
            for i in items
        ),
        f"| **Page total** (HTML, CSS, JavaScript, {pictures} pictures) | | **{raw:,} B** "
        f"| **{zipped:,} B** |",
        f"| `{clip.path}` (statement clip, apart) | {clip.kind} | {clip.raw:,} | not gzipped |",
        "",
        f"- Page total gzip / raw: **{zipped / raw:.2f}**; page total / HTML alone: "
        f"**{raw / html.raw:.1f}x** raw, {zipped / html.gzipped:.1f}x gzipped",
        f"- Statement clip: **{clip.raw:,} B** (MP3, fetched only when played; gzip would save "
        f"only {1 - clip.gzipped / clip.raw:.0%}). The page's {len(set(page.clips)) - 1} other "
        f"clips (answer words, buttons): {others:,} B together, each fetched only if played",
        "- Cache-Control: "
        + "; ".join(f"{kind} `{' / '.join(sorted(c))}`" for kind, c in caches.items())
        + f". Checked again on every page (304, no body): {', '.join(checked) or 'nothing'}"
        + "; style sheets and scripts kept without asking again (name holds a content hash): "
        + (", ".join(unasked) or "none (`make static` was not run)"),
        f"- Each later question page (here `{next_html.path}`): **{per_page:,} B** gzipped "
        f"({per_page / zipped:.2f} of the first): its HTML {next_html.gzipped:,} B, "
        + (", ".join(f"`{i.path}` {i.gzipped:,} B" for i in new) or "nothing new")
        + f"; {len(checked)} checks answered 304; its clip {next_clip.raw:,} B if played",
    ]
    print("\n".join(lines))
    if not args.no_record:
        record("bytes", lines)
        print(f"Added to {RESULTS.relative_to(PROJECT_ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
