"""The seed documents the statements cite: the title and year a person reads, not a file name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml


@dataclass(frozen=True)
class SeedDocument:
    file: str  # the file in content/sources/
    title: str
    year: int | None = None


@cache
def seed_documents(content_dir: str) -> dict[str, SeedDocument]:
    """Every seed document named in `content_dir`/seeds.yaml, by file name."""
    raw = yaml.safe_load((Path(content_dir) / "seeds.yaml").read_text(encoding="utf-8"))
    return {
        entry["file"]: SeedDocument(entry["file"], entry["title"], entry.get("year"))
        for entry in raw["seeds"]
    }
