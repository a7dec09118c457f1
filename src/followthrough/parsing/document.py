"""What every format reader produces: the document as blocks in reading order.

A block is a table row (several cells) or a paragraph of free text. The format readers (text,
CSV, Word, Excel, PDF) only cut the document into blocks; the table interpreter (``table.py``)
finds the action plan table in them by what its header says.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    cells: list[str]
    # Set by readers that know where pages end (PDF); a repeated header row also counts as one.
    page_break_before: bool = False
    # A paragraph of running text outside any table (Word), as opposed to a table row. Readers
    # that cannot tell (plain text) leave it False.
    is_text: bool = False
    # A name the file gives to what follows (an Excel sheet's name): it may head a section of
    # the plan but is never the plan's title or preamble.
    is_caption: bool = False
    # A table row that is one cell across the whole table (Word's merged row): its text, kept
    # in the first cell, stands in no column. It may head the rows below or be a note.
    across_table: bool = False
    # A heading of the document (HTML's <h1>..<h6>; Word's Heading styles where known): its
    # level, 1 the highest. Readers that cannot tell leave it None.
    heading_level: int | None = None
    # A paragraph of plain text on the line straight after the one before, with no blank line
    # between (text copied from a web page keeps a cell's lines together so, and puts a blank
    # line between cells). Only the text reader sets it.
    tight: bool = False

    @property
    def is_blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    # Name of the file, when known: the title of last resort.
    name: str | None = None
    # Every table row is a row as its author made it (Word, Excel, CSV), never a piece of one
    # cut by a page break or by the extraction (PDF, text copied from a PDF): a row that says
    # nothing of its own in the recommendation and action columns adds to the row above (a
    # milestone on a row of its own) but is never glued into the middle of its text.
    whole_rows: bool = False
    # The string that separates cells in this document can also occur inside a cell (" / "):
    # a row with more cells than its header may have had a cell cut in two.
    separator_in_cells: str | None = None
    # The format read ("text" for plain text, where a table's cells may be marked by tabs).
    format: str | None = None
    # What the reader noticed about the file itself ("named .csv but is an Excel workbook").
    notes: list[str] = field(default_factory=list)
