"""The table interpreter, shared by every format: blocks in, an action plan out.

0. In a workbook, keep the sheets that hold a plan table. A sheet for one recommendation (a
   form of "Recommendation: | ..." fields above a table of its actions) gets the form's fields
   as columns of that table; a first sheet with no table (a cover) names the review.
1. Find the header row by what its cells mean (``columns.header_columns``), wherever it is;
   what comes before it is free text (title, preamble). A document with no such header may be
   a plan written as paragraphs ("Recommendation 1 ...", "Person responsible: ..."): that is
   ``fields.read_fields``'s to read, into the same rows.
2. Group the rows under it (``rows.group_rows``): repeated headers mark page breaks (or a new
   table), cut rows are joined, heading rows ("Theme 2 – Processes – Cumbria wide",
   "Northvale Police") start a section, the template's guidance is left out.
3. Build the plan: a row with recommendation text starts a recommendation (in the current
   section), unless it repeats the one before; its action cells make an action
   (``actions.build_action``; a list of actions beside as many dates makes one each); a row
   with action text only adds another action to the recommendation before it, and so does a
   row numbered under it ("1.2" under "1"). A finding's short title is the theme of the
   recommendations under it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from followthrough.interchange import ActionPlan, Recommendation
from followthrough.parsing.actions import build_action, has_action, states_completion
from followthrough.parsing.cleanup import clean, repeated_words, restore_lost_bullets, typeset
from followthrough.parsing.columns import Col, ColumnMap, column_kind, header_columns
from followthrough.parsing.confidence import rate
from followthrough.parsing.document import Block, Document
from followthrough.parsing.errors import ParseError
from followthrough.parsing.fields import read_fields
from followthrough.parsing.layouts import as_table
from followthrough.parsing.review import read_review
from followthrough.parsing.rows import (
    GUIDANCE_NOTE,
    NUMBERED_TEXT,
    Heading,
    LogicalRow,
    group_rows,
)
from followthrough.parsing.themes import (
    LABEL,
    Section,
    area_of_scope,
    scope_of,
    section_after,
    section_from_heading,
)

NO_TABLE = (
    "no action plan found: expected a table with columns such as Recommendation, Action, Lead, "
    "Target date, or recommendations written out as 'Recommendation 1 ...'"
)
_NUMBER_WORDS = re.compile(r"^(?i:recommendation|rec\.?|no\.?|number)(?![A-Za-z])\s*")


def interpret(document: Document) -> ActionPlan:
    notes: list[str] = []
    # Every sheet's text, the guidance sheets' too ("Reference: ..." on a "Read me" sheet).
    everything = [_text_of(b) for b in document.blocks]
    document = _sheets_with_tables(document, notes)
    found = _find_header(document)
    layout = "table"
    if (found is None or _only_paragraphs_after(document, found[0])) and (
        recognised := as_table(document)
    ) is not None:
        layout, document = recognised
        found = _find_header(document)
    if found is not None:
        header_at, columns = found
        entries = group_rows(
            document.blocks[header_at + 1 :],
            columns,
            notes,
            whole_rows=document.whole_rows,
            separator_in_cells=document.separator_in_cells,
        )
    else:
        fields = read_fields(document.blocks)
        if fields is None:
            if document.format == "text" and not any(len(b.cells) > 1 for b in document.blocks):
                raise ParseError(
                    f"{NO_TABLE}; in a text file, separate the cells of a table with tabs"
                )
            raise ParseError(NO_TABLE)
        header_at, entries = fields.start, fields.entries
        notes.extend(fields.notes)
        layout = "fields"
    recommendations = _recommendations(entries)
    if not recommendations:
        if any(n.startswith(GUIDANCE_NOTE) for n in notes):
            raise ParseError(
                "no recommendations: the action plan table has the template's column headers "
                "and guidance but nothing filled in under them; this looks like a blank "
                "template: fill in the plan and try again"
            )
        raise ParseError(
            "the action plan table has a header row but no recommendations or actions under it"
        )
    part = read_review(
        _paragraphs(document.blocks[:header_at]),
        "\n".join(everything),
        name=document.name,
        title=_first(entries, Col.REVIEW_TITLE),
        reference=_first(entries, Col.REVIEW_REF),
    )
    plan = ActionPlan(
        review=part.review,
        preamble=part.preamble,
        recommendations=recommendations,
        warnings=[*document.notes, *part.notes, *notes],
    )
    rate(plan, layout)
    return plan


_MIN_CELLS_AS_PARAGRAPHS = 3


def _only_paragraphs_after(document: Document, header_at: int) -> bool:
    """Whether what follows a header row is paragraphs only, a cell each (a table pasted from
    a web page whose header kept its tabs and whose rows did not): a table's rows have
    several cells. A second header row right under the first does not count."""
    after = [b for b in document.blocks[header_at + 1 :] if not b.is_blank]
    if after and header_columns(after[0].cells) is None and len(after[0].cells) > 1:
        if all(column_kind(c) is not None for c in after[0].cells if c.strip()):
            after = after[1:]
    return len(after) >= _MIN_CELLS_AS_PARAGRAPHS and all(
        len([c for c in b.cells if c.strip()]) <= 1 for b in after
    )


def _paragraphs(blocks: list[Block]) -> list[str]:
    """The text before the plan as paragraphs. A title block laid out as a table ("ESCP"
    beside "Child Safeguarding Practice Review: Child W") gives a paragraph a line."""
    found: list[str] = []
    for block in blocks:
        if block.is_text or len([c for c in block.cells if c.strip()]) < 2:
            found.append(_text_of(block))
        elif not block.is_caption:
            found += [typeset(ln.strip()) for c in block.cells for ln in c.split("\n")]
    return [p for p in found if p.strip()]


def _text_of(block: Block) -> str:
    """A block's text as one line; nothing for a caption (a sheet's name)."""
    return (
        "" if block.is_caption else typeset(" ".join(c.strip() for c in block.cells if c.strip()))
    )


def _first(entries: list[Heading | LogicalRow], col: Col) -> str | None:
    """The first value of a column the rows give (the review, in an export with a column for
    it)."""
    return next((t for e in entries if isinstance(e, LogicalRow) and (t := e.text(col))), None)


def _find_header(document: Document) -> tuple[int, ColumnMap] | None:
    return _header_in(document.blocks)


def _header_in(blocks: list[Block]) -> tuple[int, ColumnMap] | None:
    for i, block in enumerate(blocks):
        if block.is_text or block.is_caption:
            continue
        columns = header_columns(block.cells)
        if columns is not None:
            return i, columns
    return None


def _sheets_with_tables(document: Document, notes: list[str]) -> Document:
    """A workbook's sheets that hold a plan table, one after another; the others (guidance,
    lists) are left out and named in a note. A later sheet's title rows, above its header, go
    too: the first sheet's are the plan's title and preamble. A later sheet's name heads its
    rows, or the title row that names the agency it is for, which says it more fully ("Northvale
    Police – Single Agency Action Plan" on the sheet "Police single agency")."""
    if not any(b.is_caption for b in document.blocks):
        return document
    sheets: list[list[Block]] = []
    for block in document.blocks:
        if block.is_caption or not sheets:
            sheets.append([])
        sheets[-1].append(block)
    kept: list[Block] = []
    preface: list[Block] = []  # the title rows of a first sheet with no table (a cover)
    for number, sheet in enumerate(sheets, start=1):
        found = _header_in(sheet)
        caption = sheet[0].cells[0] if sheet[0].is_caption and sheet[0].cells else None
        if found is None:
            if any(not b.is_blank for b in sheet[1:]):
                what = f"'{caption}'" if caption else f"number {number}"
                notes.append(f"sheet {what}: no action plan table on it; not read")
            if number == 1:
                preface = _title_rows(sheet[1:])
            continue
        header_at, columns = found
        form = _form_above(sheet[:header_at]) if Col.RECOMMENDATION not in columns.headers else {}
        if form:
            # A sheet for one recommendation: a form above its table of actions.
            notes.append(
                f"sheet '{caption}': the recommendation above the table read as the "
                "recommendation of each of its rows"
            )
            rows = _with_form(sheet[header_at:], form)
            if not kept and preface:
                # A sheet for each recommendation: the first sheet, with no table, names the
                # review; this sheet's title names its recommendation.
                sheet = [*preface, *([sheet[0]] if sheet[0].is_caption else []), *rows]
            elif not kept:
                head = [sheet[0], *_title_rows(sheet[1:header_at])] if sheet[0].is_caption else []
                sheet = [*head, *rows]
            else:
                sheet = rows
        elif kept and sheet[0].is_caption:
            named = _agency_title(sheet[1:header_at])
            heading = replace(sheet[0], cells=[named]) if named else sheet[0]
            sheet = [heading, *sheet[header_at:]]
        elif kept:
            sheet = sheet[header_at:]
        kept.extend(sheet)
    if not kept:
        return document
    return replace(document, blocks=kept)


def _title_rows(rows: list[Block]) -> list[Block]:
    """The single-cell rows a sheet opens with, as paragraphs, up to its first other row."""
    found: list[Block] = []
    for block in rows:
        cells = [c for c in block.cells if c.strip()]
        if len(cells) > 1:
            break
        if cells:
            found.append(replace(block, cells=cells, is_text=True))
    return found


# The header a field of a form is given when it is added to the table below it.
_FORM_HEADERS = {
    Col.NUMBER: "No.",
    Col.RECOMMENDATION: "Recommendation",
    Col.THEME: "Theme",
    Col.LEAD: "Lead agency",
    Col.MEASURE: "Measure of success",
    Col.SCOPE: "Scope",
}


_NUMBER_IN_TITLE = re.compile(r"\brec(?:ommendation)?\.?\s*(\d+(?:\.\d+)*[a-z]?)\b", re.I)


def _form_above(rows: list[Block]) -> dict[Col, str]:
    """The labelled fields above a table ("Recommendation: | That ...", "Learning theme: |
    ...", "Lead agency: | ..."), when they give a recommendation; else nothing."""
    found: dict[Col, str] = {}
    for block in rows:
        cells = [c.strip() for c in block.cells if c.strip()]
        number = _NUMBER_IN_TITLE.search(" ".join(cells))
        if len(cells) == 1 and number and Col.NUMBER not in found:
            found[Col.NUMBER] = number.group(1)  # "Rec 2", "SAR Mr T – Recommendation 2"
        if len(cells) < 2 or not cells[0].endswith(":"):
            continue
        label = cells[0].rstrip(" :")
        kind = Col.THEME if re.search(r"\btheme\b", label, re.I) else column_kind(label)
        if kind in _FORM_HEADERS and kind not in found:
            found[kind] = " ".join(cells[1:])
    return found if Col.RECOMMENDATION in found else {}


def _with_form(table: list[Block], form: dict[Col, str]) -> list[Block]:
    """The table with the form's fields as columns of its own: the header gets their headers,
    each row of two cells or more their values."""
    kinds = list(form)
    header, *rows = table
    out = [replace(header, cells=[*header.cells, *(_FORM_HEADERS[k] for k in kinds)])]
    for block in rows:
        if len([c for c in block.cells if c.strip()]) >= 2:
            width = len(header.cells)
            cells = [*block.cells, *[""] * (width - len(block.cells))][:width]
            block = replace(block, cells=[*cells, *(form[k] for k in kinds)])
        out.append(block)
    return out


def _agency_title(title_rows: list[Block]) -> str | None:
    """The first of a sheet's title rows that names the agency the sheet is for, or None."""
    for block in title_rows:
        text = " ".join(c.strip() for c in block.cells if c.strip())
        if text and section_after(Section(), text).agency:
            return text
    return None


def _recommendations(entries: list[Heading | LogicalRow]) -> list[Recommendation]:
    recommendations: list[Recommendation] = []
    section = Section()
    current: Recommendation | None = None
    status_column_decides = any(
        states_completion(e.text(Col.STATUS)) for e in entries if isinstance(e, LogicalRow)
    )
    finding: str | None = None  # the theme of the finding the rows are under
    for entry in entries:
        if isinstance(entry, Heading):
            section, current, finding = section_after(section, entry.text), None, None
            continue
        if entry.text(Col.FINDING):
            finding = _theme_of_finding(entry.raw(Col.FINDING))
        if finding:
            section = replace(section, theme=finding)
        number, text = _number_and_text(entry)
        facets, text = _bracketed_facets(text)
        if current is not None and _fills_placeholder(current, number, text):
            current.text, current.warnings = text, []
        elif current is None or not _same_recommendation(current, number, text):
            current = _recommendation(entry, number, text, section)
            current.place = entry.place
            recommendations.append(current)
            if facets:
                number = facets.get("number") or current.number
                current.number = number
                current.theme = facets.get("theme") or current.theme
                current.scope = facets.get("scope") or current.scope
        if has_action(entry):
            for part in _listed_actions(entry):
                action = build_action(
                    part, agency=section.agency, status_column_decides=status_column_decides
                )
                action.text = _without_own_number(action.text, current.number)
                if not action.text and current.text != _NO_TEXT:
                    # A tracker's row (the recommendation and whom it is addressed to, or its
                    # status): the action has no words of its own yet.
                    action.text = current.text
                    action.warnings = [
                        "action: the plan gives no action text; the recommendation's text "
                        "stands in for it until what will be done is written"
                        if w == "action: the row has no action text"
                        else w
                        for w in action.warnings
                    ]
                action.place = part.place
                current.actions.append(action)
        elif status := entry.text(Col.STATUS):
            current.warnings.append(f"recommendation: a status ('{status}') but no action")
    for rec in recommendations:
        if not rec.actions and rec.text != _NO_TEXT:
            rec.warnings.append("recommendation: no action is given for it")
    return recommendations


_NO_TEXT = "(no recommendation text)"


_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}[.)]|[•*–-])\s+(?P<text>\S.*)$")


def _list_items(text: str) -> list[str] | None:
    """The items of a cell that is a list ("1. Ask the supplier\n2. Audit three practices"),
    or None; a line that starts no item goes on with the one before."""
    items: list[str] = []
    for line in (ln for ln in text.split("\n") if ln.strip()):
        m = _LIST_ITEM.match(line)
        if m:
            items.append(m.group("text").strip())
        elif items:
            items[-1] = f"{items[-1]} {line.strip()}"
        else:
            return None
    return items if len(items) > 1 else None


def _listed_actions(row: LogicalRow) -> list[LogicalRow]:
    """A row whose action cell lists several actions beside as many dates ("1. Ask the
    supplier / 2. Audit three practices" by "1. 31/03/25 / 2. Q1 25/26") as an action each,
    with its own date; the other cells are shared. Otherwise the row as it is (several dates
    beside one action are its milestones')."""
    actions = _list_items(row.raw(Col.ACTION))
    target = Col.REVISED_TARGET if row.text(Col.REVISED_TARGET) else Col.TARGET
    dates = _list_items(row.raw(target)) or [ln for ln in row.raw(target).split("\n") if ln.strip()]
    if actions and _numbered_list(row.raw(Col.ACTION)) and len(dates) <= 1:
        # A numbered list of actions beside one date (or none): each is an action of its own,
        # with the row's lead, milestones and date.
        return [_with_cells(row, {Col.ACTION: text}) for text in actions]
    if not actions or len(actions) != len(dates) or row.text(Col.MILESTONES):
        return [row]
    shared = {col: row.raw(col) for col in row.cols}
    split = []
    for text, date in zip(actions, dates, strict=True):
        part = LogicalRow(row.columns, whole=True, place=row.place)
        part.add({**shared, Col.ACTION: text, target: date})
        split.append(part)
    return split


def _numbered_list(text: str) -> bool:
    """Whether a cell is a list of actions: numbered 1, 2, ..., or bullets each a sentence of
    its own ("• We will launch ... by 30 November 2025."; bullets of a few words are often
    the steps of one action)."""
    numbers = re.findall(r"(?m)^\s*(\d{1,2})[.)]\s", text)
    if len(numbers) > 1 and numbers == [str(n) for n in range(1, len(numbers) + 1)]:
        return True
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    bullets = [re.sub(r"^[•▪◦*–-]\s+", "", ln) for ln in lines if re.match(r"^[•▪◦*–-]\s", ln)]
    return (
        len(bullets) > 1
        and len(bullets) == len(lines)
        and all(len(b.split()) >= _SENTENCE_WORDS and b.endswith(".") for b in bullets)
    )


_SENTENCE_WORDS = 6


def _with_cells(row: LogicalRow, cells: dict[Col, str]) -> LogicalRow:
    part = LogicalRow(row.columns, whole=True, place=row.place)
    part.add({**{col: row.raw(col) for col in row.cols}, **cells})
    return part


_QUOTED = re.compile(r'^[“"‘\'](?P<text>[^“”"]+)[”"’\']$')


def _unquoted(text: str) -> str:
    """A recommendation quoted whole ("“Mr J’s assessment was not repeated.”", as a response
    to a coroner quotes each concern) without its quotation marks."""
    m = _QUOTED.match(text.strip())
    return m.group("text").strip() if m else text


def _number_and_text(row: LogicalRow) -> tuple[str | None, str]:
    number = _number(row.text(Col.NUMBER))
    text = restore_lost_bullets(row.text(Col.RECOMMENDATION))
    lettered = _NUMBER_THEN_POINTS.match(text)
    if lettered and _lettered_points(text[lettered.end() :]):
        # "1. a) ... b) ...": recommendation 1, in lettered points.
        return number or lettered.group("number"), _unquoted(text[lettered.end() :])
    m = NUMBERED_TEXT.match(text)
    if m and _lettered_points(text):
        m = None  # "a) ... b) ...": one recommendation in lettered points, not one lettered "a"
    if m:
        own = m.group("named") or m.group("number").lstrip("(")
        # "1.2" in the number column beside "Recommendation 1: ...": the column numbers the
        # action, the text its recommendation.
        if number is None or number.startswith(f"{own}."):
            number = own
        text = text[m.end() :]
    return number, _unquoted(text)


_NUMBER_THEN_POINTS = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3})*)[.):]?\s+(?=\(?a[.)]\s)")
_POINT_B = re.compile(r"(?:^|\s)\(?b[.)]\s+\S")


def _lettered_points(text: str) -> bool:
    """Whether the text is points a), b), ... of one recommendation."""
    return bool(re.match(r"\(?a[.)]\s", text)) and bool(_POINT_B.search(text))


# "Recommendation 3 (Training; scope: regional)" heading the recommendation's text: its
# number, its theme and its scope.
_HEADING_WITH_FACETS = re.compile(
    r"^(?i:recommendation|rec\.?)\s*(?P<number>R?\d+(?:\.\d+)*[a-z]?)\s*"
    r"\((?P<inside>[^()\n]{1,120})\)\s*[:.–—-]?\s*"
)
_SCOPE_WORD = re.compile(r"^(?:scope\s*[:=-]\s*)?(?P<scope>local|regional|national)$", re.I)
_THEME_LABEL = re.compile(r"^(?:theme|category|topic)\s*[:=-]\s*", re.I)


def _bracketed_facets(text: str) -> tuple[dict[str, str], str]:
    """The number, theme and scope a recommendation's heading gives in brackets, and the text
    after it; nothing and the text as it is when it has no such heading."""
    m = _HEADING_WITH_FACETS.match(text)
    if not m:
        return {}, text
    facets = {"number": m.group("number")}
    for part in (p.strip() for p in re.split(r"[;,]", m.group("inside"))):
        scope = _SCOPE_WORD.match(part)
        if scope:
            facets["scope"] = scope.group("scope").lower()
        elif part and "theme" not in facets:
            facets["theme"] = _THEME_LABEL.sub("", part)
    return facets, text[m.end() :].strip()


def _number(text: str) -> str | None:
    """'1', '8.2.1', 'R4', 'a' as printed in a number column ("1.", "Rec 3", "(a)"), without a
    scope written under it ("3.2 (National)")."""
    text = _SCOPE_IN_NUMBER.sub("", clean(text))
    text = _NUMBER_WORDS.sub("", text).strip(" .:()")
    return text or None


_SCOPE_IN_NUMBER = re.compile(r"\s*\(?\b(?P<scope>national|regional|local)\b\)?", re.I)


def _scope_in_number(text: str) -> str:
    m = _SCOPE_IN_NUMBER.search(clean(text))
    return m.group("scope") if m else ""


_MAX_THEME_WORDS = 8


def _theme_of_finding(text: str) -> str | None:
    """The short title a finding opens with ("Finding 1 – Self-neglect and hoarding" above its
    narrative), as the theme of the recommendations under it; None for a finding that is
    narrative only."""
    first = clean(text.split("\n")[0]) if text else ""
    if LABEL.match(first):
        theme = section_from_heading(first).theme
    elif first and not first.endswith("."):
        theme = first
    else:
        return None
    return theme if theme and len(theme.split()) <= _MAX_THEME_WORDS else None


def _without_own_number(text: str, recommendation: str | None) -> str:
    """An action's text less the number it has under its recommendation's ("1.1 Brief staff"
    under recommendation 1, "P2.1" under "P2"): the number is the action's, not its words. A
    cell that numbers several actions keeps their numbers."""
    if not recommendation:
        return text
    own = rf"{re.escape(recommendation)}\.\d+[.):]?\s+"
    m = re.match(rf"{own}(?=\S)", text)
    if not m or re.search(rf"(?:^|\s){own}", text[m.end() :]):
        return text
    return text[m.end() :]


def _same_recommendation(current: Recommendation, number: str | None, text: str) -> bool:
    """Whether a row belongs to the recommendation before it: it has no text of its own or the
    same text again, and no number or the same one or one under it ("1.2" under "1")."""
    if text and clean(text) != clean(current.text):
        return False
    if number is None or number == current.number:
        return True
    return bool(current.number) and number.startswith(f"{current.number}.")


def _fills_placeholder(current: Recommendation, number: str | None, text: str) -> bool:
    """A row that gives the text of the recommendation numbered just before it ("Recommendation
    3" on a row of its own, its text in the next)."""
    return current.text == _NO_TEXT and not current.actions and bool(text) and number is None


def _recommendation(
    row: LogicalRow, number: str | None, text: str, section: Section
) -> Recommendation:
    scope_text = row.text(Col.SCOPE) or _scope_in_number(row.text(Col.NUMBER))
    rec = Recommendation(
        text=text or _NO_TEXT,
        number=number,
        theme=row.text(Col.THEME) or section.theme,
        area=area_of_scope(scope_text) or section.area,
        scope=scope_of(scope_text) if scope_text else section.scope,
    )
    if not text:
        rec.warnings.append("recommendation: the row has an action but no recommendation text")
    if garbled := repeated_words(text):
        rec.warnings.append(f"recommendation: '{garbled}' looks garbled by the extraction")
    if text[:1].islower() and not _lettered_points(text):
        rec.warnings.append(
            f"recommendation: starts mid-sentence ('{text.split()[0]} …'); the start may be "
            "missing from the document"
        )
    return rec
