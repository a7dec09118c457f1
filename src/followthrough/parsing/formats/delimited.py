"""CSV (comma- or semicolon-separated, as Excel and other spreadsheets save it), with ``csv``.

Each record is a whole table row (quoted cells may hold line breaks). Rows before the header,
such as a title in the first cell, are free text like any other row of one cell.
"""

from __future__ import annotations

import csv
import io
from collections import Counter

from followthrough.parsing.document import Block, Document
from followthrough.parsing.errors import ParseError
from followthrough.parsing.limits import Limits, Tally

_DELIMITERS = (",", ";")
_MIN_CELLS = 3
_SAMPLE = 200  # records looked at to decide


_MAX_MEAN_CELL = 150  # characters


def csv_delimiter(text: str) -> str | None:
    """',' or ';' if ``text`` reads as a table of that delimiter: most of its records have the
    same number of cells, at least three (spreadsheets pad every record to the table's width).
    None for prose, whose sentences have commas here and there."""
    if "\t" in text:
        return None
    best: tuple[float, str] | None = None
    for delimiter in _DELIMITERS:
        try:
            records = [
                r
                for _, r in zip(
                    range(_SAMPLE), csv.reader(io.StringIO(text), delimiter=delimiter), strict=False
                )
                if any(c.strip() for c in r)
            ]
        except csv.Error:
            continue
        if len(records) < 2:
            continue
        width, count = Counter(len(r) for r in records).most_common(1)[0]
        share = count / len(records)
        cells = [c for r in records for c in r]
        if sum(len(c) for c in cells) / len(cells) > _MAX_MEAN_CELL:
            continue  # long lines of running text with a few commas each: prose
        if width >= _MIN_CELLS and count >= 2 and share >= 0.6 and (not best or share > best[0]):
            best = (share, delimiter)
    return best[1] if best else None


def document_from_csv(
    text: str, *, name: str | None = None, delimiter: str = ",", limits: Limits | None = None
) -> Document:
    """The CSV's records as rows, counted as they stream (``limits``): a file of 600,000 rows
    is refused at the first row over the limit, not after all of it is read."""
    tally = Tally(limits or Limits(), "the CSV file")
    blocks = []
    try:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            tally.row(record)
            blocks.append(Block([c.replace("\r\n", "\n") for c in record]))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ParseError(
                f"a cell of the CSV file has more than {csv.field_size_limit():,} characters; "
                f"one of a plan has at most {tally.limits.cell_characters:,}: check the file is "
                "the plan, and shorten that text or leave it out"
            ) from None
        raise ParseError(
            f"the CSV file cannot be read ({exc}): save the sheet from the spreadsheet again as "
            "CSV and try again"
        ) from None
    return Document(blocks=blocks, name=name, whole_rows=True)
