"""Block recognisers: layouts in which a plan's table has lost its cells on the way to us.

A plan copied from a web page or a PDF viewer, or saved as a page, reaches the reader as
paragraphs: the table's cells one paragraph each under a header line whose column names run
together (``paragraph_cells``), or each row run into one line that starts with its reference
code and ends with its status (``flattened``), or a tracker's numbered lines with the addressee
glued on (``tracker_lines``), or minutes whose agreed points say what will be done
(``minutes``). Each recogniser looks at the document's blocks and, when it sees
its layout, gives the same blocks back as a table: a header row of the columns it found and a
row of cells for each record, with what came before (the title, the preamble) kept as it was.
The shared interpreter (``table.py``) then reads that table like any other, so leads, dates,
milestones and outcomes are read the same way whatever the layout.

A recogniser never adds words: every cell it makes is text of the document, cut at a different
place. When none sees its layout the document is read as it came (a table with a header,
labelled fields, or a list of recommendations: ``fields.py``).
"""

from __future__ import annotations

from collections.abc import Callable

from followthrough.parsing.document import Document
from followthrough.parsing.layouts.flattened import flattened_rows
from followthrough.parsing.layouts.minutes import agreed_points
from followthrough.parsing.layouts.paragraph_cells import paragraph_cells
from followthrough.parsing.layouts.tracker_lines import tracker_lines

Recogniser = Callable[[Document], Document | None]

# Tried in order; the first that sees its layout wins. Each with the name of its layout.
RECOGNISERS: list[tuple[str, Recogniser]] = [
    ("paragraph cells", paragraph_cells),
    ("flattened", flattened_rows),
    ("tracker lines", tracker_lines),
    ("minutes", agreed_points),
]


def as_table(document: Document) -> tuple[str, Document] | None:
    """The layout seen and the document rewritten as a table, by the first recogniser that
    sees its layout; None when none does."""
    for layout, recognise in RECOGNISERS:
        found = recognise(document)
        if found is not None:
            return layout, found
    return None
