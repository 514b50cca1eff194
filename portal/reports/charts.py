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


# The key under a bar: one swatch and label per segment, in the bar's order, flowing onto more
# rows as needed, so no label is cut at the chart's edge or lost under a narrow segment.
KEY_TOP = 56  # the bar is 44 high
KEY_ROW = 28
SWATCH = 18
KEY_GAP = 20
KEY_FONT = 14
# A generous guess at a bold 14 px label's width per letter (wider than most fonts draw it):
# the browser test measures the real boxes.
LETTER_WIDTH = 0.64 * KEY_FONT


@dataclass(frozen=True)
class KeyItem:
    segment: Segment
    label: str
    x: float  # the swatch's left edge; the label starts after it
    top: float  # the row's top

    @property
    def text_x(self) -> float:
        return self.x + SWATCH + 6

    @property
    def baseline(self) -> float:
        return self.top + SWATCH - 3


def key_label(segment: Segment) -> str:
    """ "Yes: 15"; the shared part of answers under the threshold says so in words."""
    return segment.word if segment.count is None else f"{segment.word}: {segment.count}"


def key_items(segments: list[Segment]) -> list[KeyItem]:
    """Swatches and labels laid out left to right under the bar, wrapping inside BAR_WIDTH."""
    items, x, top = [], 0.0, float(KEY_TOP)
    for segment in segments:
        label = key_label(segment)
        width = SWATCH + 6 + len(label) * LETTER_WIDTH
        if x > 0 and x + width > BAR_WIDTH:
            x, top = 0.0, top + KEY_ROW
        items.append(KeyItem(segment, label, x, top))
        x += width + KEY_GAP
    return items


def bar_chart_height(items: list[KeyItem]) -> int:
    """The answer bar's height: the bar and every row of its key."""
    return int(max((item.top for item in items), default=KEY_TOP) + KEY_ROW)


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

    @property
    def label_y(self) -> float | None:
        """The share's baseline: above its point, or below it when above would leave the chart."""
        if self.y is None:
            return None
        return self.y - 12 if self.y - 12 >= 18 else self.y + 24


TREND_WIDTH, TREND_HEIGHT = 600, 200


def trend_points(points: list[tuple[str, int | None]]) -> list[TrendPoint]:
    """Positions for (quarter label, % good answer or None) across the trend chart."""
    step = TREND_WIDTH / max(len(points) - 1, 1)
    return [
        TrendPoint(
            label,
            share,
            60 + i * step * 0.85,  # clear of the 0-100% labels at the left
            None if share is None else 20 + (100 - share) * (TREND_HEIGHT - 60) / 100,
        )
        for i, (label, share) in enumerate(points)
    ]
