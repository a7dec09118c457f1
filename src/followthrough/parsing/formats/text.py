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

Text copied out of a PDF brings the pages' furniture with it: "Page 41 of 52" and the running
head printed on every page, often in the middle of a sentence. Such lines are dropped (the first
time a running head stands at the top of the document it is kept: it is the title), and a
paragraph the page break cut goes on after them.
"""

from __future__ import annotations

import re

from followthrough.parsing.cleanup import is_page_furniture, is_web_chrome, starts_web_footer
from followthrough.parsing.columns import Col, column_kind
from followthrough.parsing.document import Block, Document
from followthrough.parsing.layouts.header_line import split_header_line
from followthrough.parsing.limits import Limits, Tally, too_big
from followthrough.parsing.words import JOINING_WORDS

_WRAP_WIDTH = 60  # a line at least this long that stops mid-sentence was wrapped
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+\d+(?:\s*(?:of|/)\s*\d+)?|\d+\s*(?:of|/)\s*\d+)\s*$", re.I
)
_HEAD_REACH = 3  # a running head stands within this many lines of a page number
_RULE = re.compile(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
# What starts a paragraph of its own: a bullet, "1.", "1.2", "a)", "(iv)", "Label:",
# "Recommendation 3".
_STARTS_ITEM = re.compile(
    r"^\s*(?:[•*▪◦‣-]\s|\(?(?:\d+(?:\.\d+)*|[a-z]|[ivx]+)[.)]\s|\d+(?:\.\d+)+\s"
    r"|[A-Z][A-Za-z'/() -]{1,40}:\s|[A-Z][a-z]+\.?\s+[A-Z]?\d+(?:\.\d+)*[a-z]?\b)"
)


def document_from_text(
    text: str, *, name: str | None = None, limits: Limits | None = None
) -> Document:
    tally = Tally(limits or Limits(), "the text")
    tally.whole_text(len(text))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > tally.limits.rows + tally.limits.paragraphs:
        raise too_big("the text", len(lines), tally.limits.rows + tally.limits.paragraphs, "lines")
    lines = _without_web_chrome(_without_furniture(lines))
    # A Markdown heading ("# Safeguarding Adults Review – Mr J") is a heading: its marks are not
    # its words.
    lines = [_MARKDOWN_HEADING.sub("", line) for line in lines]
    # A list marker with a tab after it ("1.\tAmend the form", "•\tHead of service") is how a
    # list is copied, not a cell boundary.
    lines = [_LIST_TAB.sub(r"\1 ", line) for line in lines]
    separator = _separator(lines)
    blocks: list[Block] = []
    in_table = False
    page_break = False
    blank_before = False
    listing_leads = False
    tight = [False]  # whether the paragraph under way started on the line after another
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            text = " ".join(line.strip() for line in paragraph)
            tally.paragraph(text)
            blocks.append(Block([text], is_text=separator == "|", tight=tight[0]))
            paragraph.clear()

    for line in lines:
        if "\f" in line:
            page_break = True
            line = line.replace("\f", "")
        if not line.strip():
            end_paragraph()
            blank_before = True
            continue
        is_row = separator is not None and separator in line
        if in_table and separator == "|" and not is_row and blank_before:
            in_table = False  # a pipe table ends where its rows do: what follows is text
        after_blank, blank_before = blank_before, False
        if not is_row and not in_table:
            if paragraph and (
                not _wrapped(paragraph[-1], line)
                or _STARTS_ITEM.match(line)
                or split_header_line(paragraph[-1])
                or _is_label(line)
                or _is_label(paragraph[-1])
                or listing_leads
            ):
                end_paragraph()
            if _is_label(line):
                # Under "Lead" or "Person responsible", a lead to a line, however long.
                listing_leads = column_kind(line.strip().rstrip(":")) in (Col.LEAD, Col.AGENCY)
            if not paragraph:
                tight[0] = bool(blocks) and not after_blank
            paragraph.append(line)
            continue
        end_paragraph()
        if separator == "|" and _RULE.match(line):
            continue
        in_table = True
        cells = _cells(line, separator)
        tally.row(cells)
        blocks.append(
            Block(
                cells,
                page_break_before=page_break,
                tight=len(cells) == 1 and bool(blocks) and not after_blank,
            )
        )
        page_break = False
    end_paragraph()
    return Document(
        blocks=blocks,
        name=name,
        separator_in_cells=" / " if separator == " / " else None,
        format="text",
    )


_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?=\S)")
_LIST_TAB = re.compile(r"^(\s*(?:[•*▪◦‣–-]|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)]))\t+")
_FOOTER_LINE_WORDS = 15  # a footer's lines are short: links, a copyright line


def _without_web_chrome(lines: list[str]) -> list[str]:
    """The lines without what a web page prints around its content (text copied from a page:
    the menu, the cookie banner, breadcrumbs, and the footer from its first line on)."""
    kept: list[str] = []
    asked = False  # "Was this page helpful?": its "Yes" and "No" go with it
    for line in lines:
        words = " ".join(line.split()).lower()
        if asked and words in ("yes", "no", ""):
            continue
        asked = False
        if line.strip() and is_web_chrome(line):
            asked = "helpful" in words or "useful" in words
            continue
        kept.append(line)
    for i, line in enumerate(kept):
        if line.strip() and starts_web_footer(line):
            rest = [ln for ln in kept[i + 1 :] if ln.strip()]
            if all(len(ln.split()) <= _FOOTER_LINE_WORDS for ln in rest):
                return kept[:i]
    return kept


def _without_furniture(lines: list[str]) -> list[str]:
    """The lines without page numbers and running heads. Where the page break fell inside a
    paragraph, the blank lines around the furniture go too, so the paragraph goes on."""
    pages = [i for i, line in enumerate(lines) if _PAGE_NUMBER.match(line)]
    if not pages:
        return lines
    drop = set(pages)
    drop.update(i for i, line in enumerate(lines) if line.strip() and is_page_furniture(line))
    near = {j for i in pages for j in range(i - _HEAD_REACH, i + _HEAD_REACH + 1)}
    seen: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.strip():
            seen.setdefault(" ".join(line.split()), []).append(i)
    for found in seen.values():
        beside_pages = [i for i in found if i in near]
        if len(beside_pages) >= 2 or (beside_pages and len(found) >= 2):
            # A running head: every time it stands by a page number, and again at the top.
            drop.update(i for i in found if i in near or i < _HEAD_REACH + 1)
            top = found[0]
            if top < _HEAD_REACH + 1 and top not in pages and not is_page_furniture(lines[top]):
                drop.discard(found[0])  # its first showing, at the very top: the title
    kept: list[str] = []
    for i, line in enumerate(lines):
        if i in drop:
            continue
        if not line.strip() and _cut_by_furniture(lines, i, drop) and kept:
            continue
        kept.append(line)
    return kept


def _cut_by_furniture(lines: list[str], i: int, drop: set[int]) -> bool:
    """Whether the blank line ``i`` belongs to dropped furniture that fell inside a paragraph
    (the text before it stops mid-sentence)."""
    j = i
    while j >= 0 and (j in drop or not lines[j].strip()):
        j -= 1
    k = i
    while k < len(lines) and (k in drop or not lines[k].strip()):
        k += 1
    touches = any(n in drop for n in range(j + 1, k))
    return touches and j >= 0 and not lines[j].rstrip().endswith((".", ":", "!", "?"))


def _separator(lines: list[str]) -> str | None:
    if any("\t" in line for line in lines):
        return "\t"
    for separator in ("|", " / "):
        if sum(1 for line in lines if _row_of(line, separator)) >= 2:
            return separator
    return None


_MAX_CELL = 400  # characters: a "cell" longer than this is running text that holds a "|"


def _row_of(line: str, separator: str) -> bool:
    """Whether the line reads as a row of cells: the separator twice or more, and no cell a
    page of running text (a running head "Plan | Page 2 of 3" at the end of a long line)."""
    return line.count(separator) >= 2 and all(
        len(cell) <= _MAX_CELL for cell in line.split(separator)
    )


def _cells(line: str, separator: str | None) -> list[str]:
    if separator is None:
        return [line]
    if separator == "|":
        line = line.strip()
        line = line[1:] if line.startswith("|") else line
        line = line[:-1] if line.endswith("|") else line
    return [cell.strip() if separator != "\t" else cell for cell in line.split(separator)]


_MAX_LABEL_WORDS = 5


def _is_label(line: str) -> bool:
    """A field's label alone on its line ("Timescale", "Person responsible"): it neither goes
    on the paragraph before it nor is gone on by the next line."""
    words = line.split()
    return (
        0 < len(words) <= _MAX_LABEL_WORDS
        and line.strip()[:1].isupper()
        and not line.rstrip().endswith((".", ",", ";"))
        and column_kind(line.strip().rstrip(":")) is not None
    )


def _wrapped(line: str, following: str | None = None) -> bool:
    """Whether a line was wrapped and goes on in the next: it is long and stops mid-sentence.
    A web page's title over its first paragraph is long too: a line that ends on a word of
    its own ("... Child K: Trust action plan") before a line that starts a sentence is not
    wrapped, but one that ends on a joining word ("the", "of", ",") or runs on in lower
    case is."""
    line = line.strip()
    if len(line) < _WRAP_WIDTH or line.endswith((".", ":", "!", "?")):
        return False
    if following is None or not following.strip()[:1].isupper():
        return True
    last = line.split()[-1]
    return (
        line.endswith((",", ";", "–", "-", "(", "/", "&"))
        or last.lower() in JOINING_WORDS
        or (
            # a name run over the line end: "the Northshire" / "Safer Partnership"
            last[:1].isupper()
            and len(line.split()) > 1
            and line.split()[-2].lower() in JOINING_WORDS
        )
    )
