"""How big a document the reader takes: every bound in one place.

Real action plans are small. The largest documents of the test corpus and the outside author's
held-out set (``tests/parsing/corpus``, ``tests/parsing/heldout``) have 59 table rows, 15
columns, about 10,000 characters, 850 characters in one cell and a few pages; a DHR overview
report with its plan at the end runs to 40-90 pages, 1,500 paragraphs and 250,000 characters.
The bounds below are set well above that (rows and columns thirty times the largest plan seen),
so every real plan fits with a wide margin, and far below what lets one upload hold a worker for
minutes or gigabytes (a 600,000-row CSV, a Word file of 95 MB of XML, a 200-page PDF). At the
row limit a plan of 400 recommendations and 2,000 actions reads in about a second and its
preview, SMART findings included, opens in a few.

Each is checked as early as the reader can, before the expensive work: a CSV's rows as they
stream, a PDF's page count before any page is read, a Word document's paragraphs and an Excel
sheet's rows in a streamed pass over their XML before python-docx or openpyxl loads it. Passing
one is a ``ParseError`` of one line that says what was too big, the limit, and what to do.

``Limits.from_environment()`` is what the reader uses unless given others (tests lower them);
``FOLLOWTHROUGH_MAX_PDF_PAGES`` sets the page limit. Time and memory are bounded outside the
reader, by running it in ``followthrough.sandbox``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace

from followthrough.parsing.errors import ParseError

MAX_PAGES_VARIABLE = "FOLLOWTHROUGH_MAX_PDF_PAGES"
SAVE_JUST_THE_PLAN = "save just the action plan in a document of its own and try again"


@dataclass(frozen=True)
class Limits:
    rows: int = 2_000  # table rows in the whole document (every sheet, every table)
    columns: int = 100  # cells in one table row
    cells: int = 50_000  # table cells in the whole document
    paragraphs: int = 5_000  # paragraphs of running text
    characters: int = 1_000_000  # characters of text in the whole document
    cell_characters: int = 100_000  # characters in one cell, paragraph or line
    pages: int = 100  # PDF pages
    page_objects: int = 20_000  # characters, lines and boxes drawn on one PDF page
    page_content_bytes: int = 500_000  # drawing instructions of one PDF page (plans: 10-30 KB)
    page_points: int = 14_400  # the widest or tallest PDF page (200 inches, PDF's own limit)
    sheets: int = 50  # Excel sheets
    nesting: int = 20  # levels of arrays and objects in JSON (a plan needs five)
    xml_part_bytes: int = 25 * 1024 * 1024  # one XML part of a Word or Excel file, unpacked
    xml_elements: int = 2_000_000  # XML elements in the main part of a Word or Excel file

    @classmethod
    def from_environment(cls) -> Limits:
        value = os.environ.get(MAX_PAGES_VARIABLE, "").strip()
        if not value:
            return cls()
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"{MAX_PAGES_VARIABLE} must be a whole number of pages, not {value!r}")
        return replace(cls(), pages=int(value))


def too_big(
    what: str,
    found: int | None,
    limit: int,
    unit: str,
    *,
    plan: str = "a plan",
    advice: str = SAVE_JUST_THE_PLAN,
    limit_unit: str = "",
) -> ParseError:
    """'the spreadsheet has 600,000 table rows; a plan has at most 5,000: save just the action
    plan ...' (``found`` None: "more than" the limit, where the reader stopped counting)."""
    count = f"{found:,}" if found is not None else f"more than {limit:,}"
    return ParseError(
        f"{what} has {count} {unit}; {plan} has at most {limit:,}{limit_unit}: {advice}"
    )


class Tally:
    """What a reader has read so far, refused as soon as it passes a bound.

    ``what`` names the document in the messages ("the spreadsheet", "the Word document")."""

    def __init__(self, limits: Limits, what: str = "the document") -> None:
        self.limits = limits
        self.what = what
        self.rows = 0
        self.cells = 0
        self.paragraphs = 0
        self.characters = 0

    def row(self, cells: Sequence[str], where: str = "") -> None:
        """A table row of ``cells``; ``where`` names its place ("sheet 'Plan'") if useful."""
        self.rows += 1
        if self.rows > self.limits.rows:
            raise too_big(self.what, None, self.limits.rows, "table rows")
        self.columns(len(cells), where)
        self.cells += len(cells)
        if self.cells > self.limits.cells:
            raise too_big(self.what, None, self.limits.cells, "table cells")
        for cell in cells:
            self.text(cell)

    def columns(self, count: int, where: str = "") -> None:
        if count > self.limits.columns:
            place = f"{self.what} ({where})" if where else self.what
            raise too_big(
                f"a table row of {place}", count, self.limits.columns, "columns",
                plan="a plan's table",
            )  # fmt: skip

    def paragraph(self, text: str) -> None:
        self.paragraphs += 1
        if self.paragraphs > self.limits.paragraphs:
            raise too_big(self.what, None, self.limits.paragraphs, "paragraphs")
        self.text(text)

    def text(self, text: str) -> None:
        """Text of one cell, paragraph or line."""
        self.text_length(len(text))
        self.characters += len(text)
        if self.characters > self.limits.characters:
            raise too_big(self.what, None, self.limits.characters, "characters of text")

    def text_length(self, length: int) -> None:
        """The length of one cell, paragraph or line."""
        if length > self.limits.cell_characters:
            raise too_big(
                f"a cell or paragraph of {self.what}", length, self.limits.cell_characters,
                "characters", plan="one of a plan",
                advice="check the file is the plan, and shorten that text or leave it out",
            )  # fmt: skip

    def whole_text(self, length: int) -> None:
        """The length of the document's whole text, known before it is read."""
        if length > self.limits.characters:
            raise too_big(self.what, length, self.limits.characters, "characters of text")
