"""What every format reader produces: the document as blocks in reading order.

A block is a table row (several cells) or a paragraph of free text (one cell). The format
readers (text now; PDF, Word, Excel, CSV later) only cut the document into blocks; the table
interpreter (``table.py``) finds the action plan table in them by what its header says.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Block:
    cells: list[str]
    # Set by readers that know where pages end (PDF); a repeated header row also counts as one.
    page_break_before: bool = False

    @property
    def is_blank(self) -> bool:
        return not any(cell.strip() for cell in self.cells)


@dataclass
class Document:
    blocks: list[Block] = field(default_factory=list)
    # Name of the file, when known: the title of last resort.
    name: str | None = None
