"""Server-drawn SVG bar charts of the figures: one bar per row, stacked by outcome. Geometry
only (the template draws it). A hidden count ("fewer than 5") is drawn hatched, at a fixed
length (``Cell.bar``), so the picture never tells what the table hides."""

from __future__ import annotations

from dataclasses import dataclass

from followthrough.oversight.selectors import OUTCOMES, FacetTable
from followthrough.plans.outcomes import Outcome

# GOV.UK colours, one per outcome, in the order of OUTCOMES.
COLOURS = {
    Outcome.FULLY_IMPLEMENTED: "#00703c",
    Outcome.ALREADY_IN_PLACE: "#85994b",
    Outcome.PARTLY_IMPLEMENTED: "#ffdd00",
    Outcome.NOT_MET: "#d4351c",
    Outcome.NO_INFORMATION: "#505a5f",
    Outcome.UNDER_WAY: "#1d70b8",
}
LABEL_WIDTH = 260
BAR_AREA = 440
BAR_HEIGHT = 22
GAP = 10
TOP = 10


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: str
    hidden: bool
    title: str


@dataclass(frozen=True)
class Bar:
    y: float
    text_y: float
    label: str
    segments: list[Segment]


@dataclass(frozen=True)
class Chart:
    facet: str
    width: int
    height: int
    label_width: int
    bars: list[Bar]
    legend: list[tuple[str, str]]  # (colour, label)
    description: str


def chart(table: FacetTable) -> Chart:
    longest = table.longest_bar or 1.0
    scale = BAR_AREA / longest
    bars = []
    for index, row in enumerate(table.rows):
        y = TOP + index * (BAR_HEIGHT + GAP)
        x = float(LABEL_WIDTH)
        segments = []
        for cell in row.cells:
            if not cell.count:
                continue
            width = cell.bar * scale
            segments.append(
                Segment(
                    x=round(x, 1),
                    width=round(width, 1),
                    colour=COLOURS[cell.outcome],
                    hidden=cell.hidden,
                    title=f"{row.label}, {cell.outcome.label}: {cell.display}",
                )
            )
            x += width
        label = row.label if len(row.label) <= 38 else row.label[:36] + "…"
        bars.append(Bar(y=y, text_y=y + BAR_HEIGHT * 0.7, label=label, segments=segments))
    height = TOP * 2 + len(table.rows) * (BAR_HEIGHT + GAP)
    return Chart(
        facet=table.facet,
        width=LABEL_WIDTH + BAR_AREA + 10,
        height=max(height, 40),
        label_width=LABEL_WIDTH - 8,
        bars=bars,
        legend=[(COLOURS[o], o.label) for o in OUTCOMES],
        description=(
            f"{table.title}: a bar for each {table.row_heading.lower()}, stacked by outcome. "
            "The same figures are in the table that follows."
        ),
    )
