"""Plain text with tab-separated cells, as copied or extracted from a PDF or Word table.

A line with a tab is a table row. Lines without a tab before the first row are paragraphs of free
text: a long line that stops mid-sentence was wrapped and goes on in the next line; a blank line,
a short line (a title or a heading) or a finished sentence ends the paragraph. Inside the table a
line without a tab is a row of one cell. A form feed marks a page break.
"""

from __future__ import annotations

from followthrough.parsing.document import Block, Document

_WRAP_WIDTH = 60  # a line at least this long that stops mid-sentence was wrapped


def document_from_text(text: str, *, name: str | None = None) -> Document:
    blocks: list[Block] = []
    in_table = False
    page_break = False
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Block([" ".join(line.strip() for line in paragraph)]))
            paragraph.clear()

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if "\f" in line:
            page_break = True
            line = line.replace("\f", "")
        if not line.strip():
            end_paragraph()
            continue
        if "\t" not in line and not in_table:
            if paragraph and not _wrapped(paragraph[-1]):
                end_paragraph()
            paragraph.append(line)
            continue
        end_paragraph()
        in_table = True
        blocks.append(Block(line.split("\t"), page_break_before=page_break))
        page_break = False
    end_paragraph()
    return Document(blocks=blocks, name=name)


def _wrapped(line: str) -> bool:
    line = line.strip()
    return len(line) >= _WRAP_WIDTH and not line.endswith((".", ":", "!", "?"))
