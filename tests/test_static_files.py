"""Style sheets and scripts are linked by names holding a hash of their content and kept for a
year; a changed file gets a new name; a name with a wrong hash serves nothing; without the
compiled digest pages still work, with plain names checked on every page.

Each test digests a copy of portal/static/ (as `make static` does the real folder), so the real
files are never changed, whether or not `make static` has been run in this checkout."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask_static_digest.cli import digest

from portal.config import PROJECT_ROOT
from portal.static_files import HASHED_NAME, IMMUTABLE, load_manifest
from tests.groups.helpers import join, open_session
from tests.helpers import Browser, Page

STATIC = PROJECT_ROOT / "portal" / "static"
LINKED = re.compile(r"/static/(?P<stem>[a-z]+)-(?P<hash>[0-9a-f]{32})\.(?P<extension>css|js)")


def _md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def _copy_sources(folder: Path) -> Path:
    """portal/static/ as written: without any digest a `make static` left there."""
    shutil.copytree(
        STATIC,
        folder,
        ignore=lambda _, names: [
            n for n in names if n == "cache_manifest.json" or HASHED_NAME.fullmatch(n)
        ],
    )
    return folder


def _compile(app: Flask) -> None:
    """`flask digest compile`, then the manifest read as a newly started process reads it."""
    result = app.test_cli_runner().invoke(digest, ["compile"])
    assert result.exit_code == 0, result.output
    load_manifest(app)


@pytest.fixture
def static(app: Flask, tmp_path: Path) -> Path:
    """The app serving a digested copy of portal/static/."""
    app.static_folder = str(_copy_sources(tmp_path / "static"))
    _compile(app)
    assert (tmp_path / "static" / "cache_manifest.json").is_file()
    return tmp_path / "static"


def _linked(page: Page) -> list[str]:
    """The style sheets and scripts a browser fetches with the page."""
    links = [link["href"] for link in page.soup.find_all("link", rel="stylesheet")]
    return links + [script["src"] for script in page.soup.find_all("script", src=True)]


def _source(static: Path, url: str) -> Path:
    """The file a hashed link stands for, after checking the hash is that file's."""
    found = LINKED.fullmatch(url)
    assert found, f"{url} does not carry a content hash"
    source = static / f"{found['stem']}.{found['extension']}"
    assert found["hash"] == _md5(source.read_bytes()), f"{url} is not {source.name}'s hash"
    return source


def test_every_page_links_its_style_sheet_and_scripts_by_their_content_hash(
    app: Flask, client: Browser, static: Path
) -> None:
    facilitator, tablet = Browser(app.test_client()), Browser(app.test_client())
    session_page, code = open_session(app, facilitator)
    join(tablet, code)
    pages = {
        "start page": client.get("/"),
        "staff session page": session_page,
        "tablet in a group session": tablet.get("/"),
    }
    linked = {url for page in pages.values() for url in _linked(page)}
    sources = {_source(static, url).name for url in linked}
    assert sources == {"portal.css", "audio.js", "facilitator.js", "kiosk.js"}
    assert _source(static, _linked(pages["start page"])[0]).name == "portal.css"


def test_a_hashed_file_is_the_file_on_disk_kept_for_a_year(client: Browser, static: Path) -> None:
    urls = _linked(client.get("/"))
    assert len(urls) == 2  # portal.css, audio.js
    for url in urls:
        with client.client.get(url) as response:
            assert response.status_code == 200, url
            assert response.headers["Cache-Control"] == IMMUTABLE, url
            assert response.headers["X-Content-Type-Options"] == "nosniff", url
            assert response.get_data() == _source(static, url).read_bytes(), url
            etag = response.headers["ETag"]
        with client.client.get(url, headers={"If-None-Match": etag}) as response:
            assert response.status_code == 304, url
            assert response.headers["Cache-Control"] == IMMUTABLE, url


def test_a_changed_file_gets_a_new_name_and_the_old_name_keeps_its_own_bytes(
    app: Flask, client: Browser, static: Path
) -> None:
    before = _linked(client.get("/"))
    css = static / "portal.css"
    old_bytes = css.read_bytes()
    css.write_bytes(old_bytes + b"\n.changed-for-a-test { color: black; }\n")
    _compile(app)
    after = _linked(client.get("/"))
    assert after[0] != before[0] and after[1:] == before[1:]  # only portal.css has a new name
    with client.client.get(after[0]) as response:
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == IMMUTABLE
        assert response.get_data() == css.read_bytes()
    # A page made before the change (or by a process not yet restarted) still gets what it
    # linked: the old copy, whose bytes are still those its name is the hash of.
    old_name = LINKED.fullmatch(before[0])
    assert old_name and old_name["hash"] == _md5(old_bytes)
    with client.client.get(before[0]) as response:
        assert response.status_code == 200
        assert response.get_data() == old_bytes


def test_an_unknown_or_wrong_hash_serves_nothing(client: Browser, static: Path) -> None:
    css_hash = _md5((static / "portal.css").read_bytes())
    js_hash = _md5((static / "audio.js").read_bytes())
    for url in (
        f"/static/portal-{_md5(b'some other style sheet')}.css",
        "/static/portal-00000000000000000000000000000000.css",
        f"/static/portal-{js_hash}.css",  # another file's hash
        f"/static/audio-{css_hash}.js",
        f"/static/portal-{css_hash}.js",  # the right hash, the wrong kind of file
    ):
        with client.client.get(url) as response:
            assert response.status_code == 404, url
            assert response.headers["Cache-Control"] == "no-store", url


def test_a_file_changed_but_not_compiled_again_is_linked_by_its_plain_name(
    app: Flask, client: Browser, static: Path
) -> None:
    """Someone edits audio.js and restarts without `make static`: pages must not keep linking
    the old copy for a year."""
    script = static / "audio.js"
    script.write_bytes(script.read_bytes() + b"\n// changed for a test\n")
    load_manifest(app)  # as a process started after the edit reads it
    urls = _linked(client.get("/"))
    assert LINKED.fullmatch(urls[0]) and _source(static, urls[0]).name == "portal.css"
    assert urls[1] == "/static/audio.js"
    with client.client.get(urls[1]) as response:
        assert response.get_data() == script.read_bytes()
        assert response.headers["Cache-Control"] == "no-cache"


def test_without_the_digest_pages_link_plain_names_checked_on_every_page(
    app: Flask, client: Browser, tmp_path: Path
) -> None:
    app.static_folder = str(_copy_sources(tmp_path / "static"))
    load_manifest(app)
    urls = _linked(client.get("/"))
    assert urls == ["/static/portal.css", "/static/audio.js"]
    for url in urls:
        with client.client.get(url) as response:
            assert response.status_code == 200, url
            assert response.headers["Cache-Control"] == "no-cache", url
            assert response.get_data() == (STATIC / url.rsplit("/", 1)[1]).read_bytes(), url
            etag = response.headers["ETag"]
        with client.client.get(url, headers={"If-None-Match": etag}) as response:
            assert response.status_code == 304, url


def test_nginx_as_documented_serves_hashed_names_for_a_year_and_plain_names_checked(
    client: Browser, static: Path
) -> None:
    """docs/deployment.md has nginx serve /static/ itself: its location for hashed names must
    match the names pages link, and not the plain ones."""
    doc = (PROJECT_ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    found = re.search(r'location ~ "(\^/static/[^"]+)" \{(.*?)\n    \}', doc, re.DOTALL)
    assert found, "no nginx location for hashed /static/ names in docs/deployment.md"
    pattern = re.compile(found[1].replace("(?<", "(?P<"))
    assert f'add_header Cache-Control "{IMMUTABLE}" always;' in found[2]
    for url in _linked(client.get("/")):
        assert pattern.search(url), url
        assert not pattern.search(re.sub(r"-[0-9a-f]{32}\.", ".", url)), url
