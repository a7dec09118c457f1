"""Plain text: a table with its cells separated by tabs (copied or extracted from a PDF or Word
table), by "|" (a table typed as text) or by " / "; or no table at all (prose).

The separator is the first of these that the text uses to mark rows: a tab anywhere, else "|"
or " / " at least twice on each of two lines or more. A line with the separator is a table row
(a "|" row's outer bars and a row of dashes under the header are dropped). Lines without it
before the first row are paragraphs of free text: a long line that stops mid-sentence was
wrapped and goes on in the next line; a blank line, a short line (a title or a heading), a
finished sentence, or a line that visibly starts something new (a list marker, "Label:",
"Recommendation 2") ends the paragraph. Inside the table a line without the separator is a row
of one cell. A form feed marks a page break.
"""

from __future__ import annotations

import re

from followthrough.parsing.document import Block, Document

_WRAP_WIDTH = 60  # a line at least this long that stops mid-sentence was wrapped
_RULE = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
# What starts a paragraph of its own: a bullet, "1.", "1.2", "a)", "(iv)", "Label:",
# "Recommendation 3".
_STARTS_ITEM = re.compile(
    r"^\s*(?:[•*▪◦‣-]\s|\(?(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]\s|\d+(?:\.\d+)+\s"
    r"|[A-Z][A-Za-z'/() -]{1,40}:\s|[A-Z][a-z]+\.?\s+[A-Z]?\d+(?:\.\d+)*[a-z]?\b)"
)


def document_from_text(text: str, *, name: str | None = None) -> Document:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    separator = _separator(lines)
    blocks: list[Block] = []
    in_table = False
    page_break = False
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Block([" ".join(line.strip() for line in paragraph)]))
            paragraph.clear()

    for line in lines:
        if "\f" in line:
            page_break = True
            line = line.replace("\f", "")
        if not line.strip():
            end_paragraph()
            continue
        is_row = separator is not None and separator in line
        if not is_row and not in_table:
            if paragraph and (not _wrapped(paragraph[-1]) or _STARTS_ITEM.match(line)):
                end_paragraph()
            paragraph.append(line)
            continue
        end_paragraph()
        if separator == "|" and _RULE.match(line):
            continue
        in_table = True
        blocks.append(Block(_cells(line, separator), page_break_before=page_break))
        page_break = False
    end_paragraph()
    return Document(
        blocks=blocks, name=name, separator_in_cells=" / " if separator == " / " else None
    )


def _separator(lines: list[str]) -> str | None:
    if any("\t" in line for line in lines):
        return "\t"
    for separator in ("|", " / "):
        if sum(1 for line in lines if line.count(separator) >= 2) >= 2:
            return separator
    return None


def _cells(line: str, separator: str | None) -> list[str]:
    if separator is None:
        return [line]
    if separator == "|":
        line = line.strip()
        line = line[1:] if line.startswith("|") else line
        line = line[:-1] if line.endswith("|") else line
    return [cell.strip() if separator != "\t" else cell for cell in line.split(separator)]


def _wrapped(line: str) -> bool:
    line = line.strip()
    return len(line) >= _WRAP_WIDTH and not line.endswith((".", ":", "!", "?"))
