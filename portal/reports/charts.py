"""Geometry for server-drawn SVG charts: stacked answer bars and a trend over quarters.

Each answer has a fill and a pattern, so the bars can be told apart in greyscale and in print.
The templates draw the shapes; every chart also has a text alternative and a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.reports.results import Row
from portal.shared.answers import ANSWER_PICTURES, ANSWERS

BAR_WIDTH = 600
# Neutral colours (for some statements No is the good answer, so no green for Yes and red for
# No), dark to light, each with its own pattern: distinct in colour, greyscale and print.
ANSWER_STYLE = {
    "yes": ("#003078", "solid"),
    "sometimes": ("#2b6cb0", "dots"),
    "no": ("#4c2c92", "stripes"),
    "not_sure": ("#505a5f", "cross"),
    # Light, with dark rings: apart from "Not sure" in colour, greyscale and print alike.
    "not_about_me": ("#8eb8dc", "rings"),
    "prefer_not": ("#d5d8da", "solid"),
}
LIGHT = ("not_about_me", "prefer_not")  # fills that need dark writing
HIDDEN_STYLE = ("#ffffff", "hidden")


def style_of(value: str, good_answer: str) -> tuple[str, str]:
    """Colours follow the meaning: the good answer always has the darkest fill, and the answer
    opposite it the third, so "No" to "I feel lonely" looks like "Yes" to "I feel safe"."""
    if good_answer == "no" and value in ("yes", "no"):
        value = "no" if value == "yes" else "yes"
    return ANSWER_STYLE[value]


@dataclass(frozen=True)
class Segment:
    value: str
    word: str
    picture: str
    count: int | None
    x: float
    width: float
    fill: str
    pattern: str
    dark: bool  # a dark fill needs white writing

    @property
    def middle(self) -> float:
        return self.x + self.width / 2


def stacked_bar(row: Row, threshold: int, good_answer: str = "yes") -> list[Segment]:
    """Segments across BAR_WIDTH, one per shown answer, and one shared part for the answers
    under the threshold. Published values need not add up to the published total (each is
    rounded on its own), so the bar is as long as whichever is larger."""
    if row.total is None:
        return []
    shown = sum(count for count in row.counts.values() if count)
    whole = max(shown, row.total)
    segments = []
    x = 0.0
    for value, count in row.counts.items():
        if not count:
            continue
        fill, pattern = style_of(value, good_answer)
        width = BAR_WIDTH * count / whole
        segments.append(
            Segment(
                value,
                ANSWERS[value],
                ANSWER_PICTURES[value],
                count,
                x,
                width,
                fill,
                pattern,
                value not in LIGHT,
            )
        )
        x += width
    if shown < row.total:
        fill, pattern = HIDDEN_STYLE
        segments.append(
            Segment(
                "hidden",
                f"Answers under {threshold} each",
                "",
                None,
                x,
                BAR_WIDTH - x,
                fill,
                pattern,
                False,
            )
        )
    return segments


def describe(row: Row, threshold: int, good_answer: str = "yes") -> str:
    """The chart in words, for screen readers and anyone who cannot see it."""
    if row.total is None:
        return f"Fewer than {threshold} answers: not shown."
    parts = [
        f"{ANSWERS[value]}{' (the good answer)' if value == good_answer else ''}: "
        f"{f'fewer than {threshold}' if count is None else f'about {count}'}"
        for value, count in row.counts.items()
    ]
    return f"About {row.total} answers. " + "; ".join(parts) + "."


@dataclass(frozen=True)
class TrendPoint:
    label: str
    share: int | None
    x: float
    y: float | None


TREND_WIDTH, TREND_HEIGHT = 600, 200


def trend_points(points: list[tuple[str, int | None]]) -> list[TrendPoint]:
    """Positions for (quarter label, % good answer or None) across the trend chart."""
    step = TREND_WIDTH / max(len(points) - 1, 1)
    return [
        TrendPoint(
            label,
            share,
            40 + i * step * 0.85,
            None if share is None else 20 + (100 - share) * (TREND_HEIGHT - 60) / 100,
        )
        for i, (label, share) in enumerate(points)
    ]
