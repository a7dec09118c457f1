"""A web page (.html): a plan published on a council's or a department's site, saved from the
browser. lxml's HTML parser reads it, with no network access and no entity expansion (it does
not read a document type's entities at all: a "billion laughs" DOCTYPE is text, not a bomb).

Only the page's content is read, not the site around it:

* If the page marks its content (``<main>``, ``role="main"``, ``#main-content``, ``#content``,
  one ``<article>``), that is read, unless the plan's table is outside it.
* Scripts, styles, forms' controls, pictures drawn in SVG, frames, hidden elements and the site's
  furniture are left out: navigation, site headers and footers, asides, and whatever an id or a
  class calls a cookie or consent banner, breadcrumbs, a skip link, share or social links,
  related links or a "Was this page helpful?" box; and a "Related documents" (or "Downloads",
  "Documents" ...) heading with the list of links under it. Nothing that holds a table or the
  page's ``<h1>`` is left out by these rules, so the plan and its title stay whatever the site's
  classes say.

What is read becomes blocks as a Word document's do (``word.py``):

* Every ``<tr>`` of a table is a row of cells in the table's grid order, ``<th>`` and ``<td>``
  alike: a cell merged across columns (``colspan``) keeps its text in its first column; a cell
  merged down (``rowspan``) gives its text to each row it covers; a row that is one cell across
  the whole table is ``across_table``. A cell keeps its lines (``<br>``, paragraphs, list items,
  with their numbers and bullets written out, "1. ", "• "); a table inside a cell gives the cell
  a line for each of its rows. A table used to lay the page out (one column, or two with
  headings inside, or with a table inside and no header cells) is read as the page around it,
  not as rows. A page Word saved as a web page has its list bullets written as Word shows them.
* Outside tables, a heading is a block with its level, a paragraph (or the text of a ``<div>``,
  a ``<dt>`` or a ``<dd>``) a block of text, its ``<br>`` line breaks kept as lines, and each list
  item a block of its own, with its number or bullet.
* The page's ``<title>`` stands first as its title only when the page has no ``<h1>``.

A page far bigger than any plan is refused in one line (``Limits``): its size in bytes (as an
Office file's XML part) before it is parsed, then its elements, and its table rows and cells,
paragraphs and characters of text (counted in lxml's XPath before they are read, and again as
they are read). Nesting deeper than any real page (lxml stops at 255 levels) is read as plain
text, so no page can exhaust the reader's recursion.
"""

from __future__ import annotations

import codecs
import re

import lxml.etree

from followthrough.parsing.document import Block, Document
from followthrough.parsing.errors import ParseError
from followthrough.parsing.limits import Limits, Tally, too_big
from followthrough.parsing.sniff import decode_text

_WHAT = "the web page"
_MB = 1024 * 1024
_DEEP = 100  # below this many levels of elements, a page's text is read as plain text

_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_LISTS = {"ul", "ol"}
# Elements that start a line of their own; every other element is read as part of its line.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "center", "details", "dialog", "dd",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header",
    "hgroup", "hr", "html", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption", "legend", "h1", "h2",
    "h3", "h4", "h5", "h6",
}  # fmt: skip
_NEVER_READ = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "object",
    "embed", "canvas", "button", "select", "input", "textarea", "option", "datalist", "head",
    "title", "meta", "link", "base", "audio", "video", "picture", "map",
}  # fmt: skip
_CHROME_TAGS = {"nav", "aside", "header", "footer", "form"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search"}
# An id or a class naming site furniture: "cookie-banner", "govuk-breadcrumbs", "skip-link",
# "share-this", "socialMedia", "related-links", "page-feedback".
_CHROME_NAME = re.compile(
    r"(?:^|[-_])(?:cookies?|consent|gdpr|banner|breadcrumbs?|skip-?links?|skip-?to|share|"
    r"sharing|social|related|feedback|helpful)(?:$|[-_]|s$|bar|links?|buttons?|media|this|icons?)"
)
# Whole ids or classes of a site's header, footer and menus ("table-header" is not one).
_CHROME_WHOLE = {
    "header", "site-header", "global-header", "page-header-nav", "masthead", "footer",
    "site-footer", "global-footer", "page-footer", "nav", "navbar", "navigation", "menu",
    "main-menu", "sidebar",
}  # fmt: skip
_PARAGRAPHS = "|".join(
    f".//{tag}" for tag in ["p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6"]
)
_SYMBOL_BULLETS = {"·", "§", "o", "Ø", "ü", "v", "-", "–", "\uf0b7", "\uf0a7"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_SITE_LINK = re.compile(r"^\s*(?:skip to|jump to|back to top|return to top)\b", re.I)
_RELATED_HEADINGS = {
    "related documents", "related pages", "related content", "related links",
    "related information", "downloads", "documents", "download", "attachments",
}  # fmt: skip
_FEEDBACK = re.compile(
    r"^(?:was|is) this (?:page|information|article) (?:helpful|useful)\b|^did you find what you",
    re.I,
)
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.I)
_SPACE = re.compile(r"\s+")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff\xad")


def document_from_html(
    data: bytes | str, *, name: str | None = None, limits: Limits | None = None
) -> Document:
    limits = limits or Limits()
    markup = data.encode("utf-8", "replace") if isinstance(data, str) else data
    if len(markup) > limits.xml_part_bytes:
        raise too_big(
            _WHAT, -(-len(markup) // _MB), limits.xml_part_bytes // _MB, "MB of markup",
            plan="a plan's page", limit_unit=" MB",
        )  # fmt: skip
    text = data if isinstance(data, str) else _decode(data)
    root = _parse(text)
    body = root.find("body")
    if body is None:
        if root.find("frameset") is not None:
            raise ParseError(
                "the web page is a set of frames with no text of its own: open the frame that "
                "shows the plan on its own, save that page and try again"
            )
        body = root
    title = _title(root)
    if root.xpath("count(//*)") > limits.xml_elements:
        raise too_big(_WHAT, None, limits.xml_elements, "HTML elements")
    for element in _never_read(body):
        _drop(element)
    _word_list_markers(body)
    _measure(body, limits)
    content = _main_content(body)
    outside_h1 = None if _first_h1(content) is not None else _first_h1(body)
    if outside_h1 is not None and any(
        _is_chrome(a) and _tag(a) != "form" for a in outside_h1.iterancestors()
    ):
        outside_h1 = None  # the site's name in its header, not the page's title
    _drop_chrome(content)
    _drop_related_lists(content)
    reader = _Reader(Tally(limits, _WHAT))
    reader.read(content)
    blocks = reader.blocks
    if not any(b.heading_level == 1 for b in blocks):
        heading = _inline_text(outside_h1) if outside_h1 is not None else title
        if heading:
            Tally(limits, _WHAT).paragraph(heading)
            blocks.insert(0, Block([heading], is_text=True, heading_level=1))
    return Document(blocks=blocks, name=name, whole_rows=True)


# Reading the bytes


def _decode(data: bytes) -> str:
    """The page's text: by its byte order mark; else by the character set it declares (a
    ``<meta charset>``, or an XML declaration), if its bytes are in it; else UTF-8, else
    Windows-1252."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_text(data)
    head = data[:4096]
    found = _CHARSET.search(head) or _XML_ENCODING.search(head)
    if found:
        try:
            encoding = codecs.lookup(found.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            encoding = None
        # As browsers do: Latin-1 and ASCII pages are read as Windows-1252, and a page cannot
        # really be UTF-16 if its declaration was read as single bytes.
        if encoding in ("latin-1", "iso8859-1", "ascii"):
            encoding = "cp1252"
        if encoding and not encoding.startswith("utf-16") and encoding != "utf-8":
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                pass
    return decode_text(data)


def _parse(text: str):
    parser = lxml.etree.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True,
        huge_tree=False, default_doctype=False,
    )  # fmt: skip
    # Control characters are not text (and lxml keeps no text that has them).
    text = _CONTROLS.sub(" ", text)
    if not text.strip():
        raise ParseError("the web page has no text in it: save the page again and try again")
    try:
        root = lxml.etree.fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise ParseError(
            f"the web page cannot be read ({exc.__class__.__name__}): save the page again "
            "from the browser, or save the plan as Word, Excel, CSV or text, and try again"
        ) from None
    if root is None:
        raise ParseError("the web page has no text in it: save the page again and try again")
    return root


def _measure(body, limits: Limits) -> None:
    """Count what the page holds, in lxml's own XPath, before reading it: table rows and
    cells, paragraphs and list items outside tables, characters of text."""
    counts = [
        ("count(.//tr)", limits.rows, "table rows"),
        ("count(.//td|.//th)", limits.cells, "table cells"),
        (f"count(({_PARAGRAPHS})[not(ancestor::td or ancestor::th)])", limits.paragraphs,
         "paragraphs"),
        ("string-length(normalize-space(.))", limits.characters, "characters of text"),
    ]  # fmt: skip
    for expression, limit, unit in counts:
        if body.xpath(expression) > limit:
            raise too_big(_WHAT, None, limit, unit)


# Keeping only the content


def _tag(element) -> str | None:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else None


def _all_text(element) -> str:
    return "".join(element.itertext())


def _drop(element) -> None:
    """Remove ``element`` and what is in it, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        before = element.getprevious()
        if before is not None:
            before.tail = (before.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _never_read(body) -> list:
    """What is never read: scripts, styles, controls, pictures, frames, comments, hidden
    elements."""
    found = list(body.iter(*_NEVER_READ, lxml.etree.Comment, lxml.etree.ProcessingInstruction))
    for element in body.xpath(".//*[@hidden or @aria-hidden or @style]"):
        if (
            element.get("hidden") is not None
            or element.get("aria-hidden", "").lower() == "true"
            or _HIDDEN_STYLE.search(element.get("style", ""))
        ):
            found.append(element)
    return found


def _word_list_markers(body) -> None:
    """A page Word saved ("Save as Web Page") writes its list numbers and bullets as text in a
    span marked ``mso-list:Ignore``, its bullets as a letter of the Symbol or Wingdings font
    ("·", "§"): write these as the bullet they show."""
    for span in body.xpath(
        ".//*[contains(translate(@style, 'IGNORE ', 'ignore'), 'mso-list:ignore')]"
    ):
        marker = _clean(_all_text(span))
        for child in list(span):
            span.remove(child)
        span.text = ("•" if marker in _SYMBOL_BULLETS else marker) + " "


def _main_content(body):
    """The element holding the page's content, or ``body`` if it marks none (or the plan's
    table is outside the one it marks)."""
    candidates = [
        next(body.iter("main"), None),
        next(iter(body.xpath(".//*[@role='main']")), None),
        next(iter(body.xpath(".//*[@id='main-content']")), None),
        next(iter(body.xpath(".//*[@id='content']")), None),
    ]
    articles = body.findall(".//article")
    candidates.append(articles[0] if len(articles) == 1 else None)
    tables = [t for t in body.iter("table") if _is_data_table(t)]
    for candidate in candidates:
        if candidate is None or not "".join(candidate.itertext()).strip():
            continue
        if tables and not any(candidate in t.iterancestors() for t in tables):
            continue  # the page's table is elsewhere
        return candidate
    return body


def _is_data_table(table) -> bool:
    """Whether ``table`` holds rows of data (two or more), not the page's layout."""
    return len(_rows(table)) >= 2 and not _is_layout(table)


def _first_h1(element):
    return next(element.iter("h1"), None)


def _drop_chrome(content) -> None:
    """Leave out the site's furniture inside ``content``, but nothing that holds a table or an
    ``<h1>`` (a banner with the page's title, a form around the whole page) and nothing in a
    table."""
    keep = set()
    for found in content.iter("table", "h1"):
        if _tag(found) == "table" and not _is_data_table(found):
            continue
        for ancestor in found.iterancestors():
            if ancestor in keep:
                break
            keep.add(ancestor)
    chrome = []
    candidates = content.xpath(
        ".//nav | .//aside | .//header | .//footer | .//form | .//a | .//*[@role or @class or @id]"
    )
    for element in candidates:
        if element in keep or not _is_chrome(element):
            continue
        if next(element.iterancestors("table"), None) is not None:
            continue
        chrome.append(element)
    for element in chrome:
        _drop(element)


def _is_chrome(element) -> bool:
    tag = _tag(element)
    if tag in _CHROME_TAGS:
        return True
    if element.get("role", "").lower() in _CHROME_ROLES:
        return True
    if tag == "a" and _SITE_LINK.match(_all_text(element)):
        return True
    names = element.get("class", "").lower().split() + element.get("id", "").lower().split()
    return any(name in _CHROME_WHOLE or _CHROME_NAME.search(name) for name in names)


def _drop_related_lists(content) -> None:
    """Leave out a "Related documents" (or "Downloads" ...) heading and the links under it."""
    for heading in [h for h in content.iter(*_HEADINGS) if _is_related_heading(h)]:
        if heading.getparent() is None:
            continue
        following = heading.getnext()
        while following is not None and _is_list_of_links(following):
            after = following.getnext()
            _drop(following)
            following = after
        _drop(heading)


def _is_related_heading(heading) -> bool:
    text = _SPACE.sub(" ", _all_text(heading)).strip().rstrip(":").lower()
    return text in _RELATED_HEADINGS


def _is_list_of_links(element) -> bool:
    tag = _tag(element)
    if tag in _HEADINGS or tag == "table" or element.find(".//table") is not None:
        return False
    if tag in ("ul", "ol", "dl"):
        return True
    text = _SPACE.sub("", _all_text(element))
    linked = sum(len(_SPACE.sub("", _all_text(a))) for a in element.iter("a"))
    return bool(text) and linked * 2 >= len(text)


def _title(root) -> str:
    title = root.find("head/title")
    if title is None:
        return ""
    text = _clean(_all_text(title))
    # "Action plan: DHR into the death of Olena | Northvale Council": the site's name goes.
    return text.split(" | ")[0].strip()


# Reading the content as blocks


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text.translate(_INVISIBLE)).strip()


def _lines(pieces: list[str]) -> str:
    """The text of ``pieces`` ("\\n" starts a line): each line's spaces collapsed, empty lines
    left out."""
    lines = (_clean(line) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _inline_text(element) -> str:
    return _clean(" ".join(element.itertext()))


def _deep_text(element) -> str:
    """The text of a part of the page nested deeper than any real page is, as one line."""
    return " " + " ".join(element.itertext()) + " "


def _space(text: str | None) -> str:
    """Text as the page shows it: its line ends are spaces (``_lines`` collapses them)."""
    return _SPACE.sub(" ", text) if text else ""


class _Markers:
    """The numbers or bullets of a list's items, as the browser shows them."""

    def __init__(self, element) -> None:
        self.ordered = _tag(element) == "ol"
        self.type = element.get("type", "1")
        self.reversed = element.get("reversed") is not None
        self.next = _number(element.get("start"))
        if self.next is None:
            count = sum(1 for child in element if _tag(child) == "li")
            self.next = count if self.reversed else 1

    def marker(self, item) -> str:
        if not self.ordered:
            return "• "
        value = _number(item.get("value"))
        number = value if value is not None else self.next
        self.next = number - 1 if self.reversed else number + 1
        return f"{_format_number(number, self.type)}. "


def _number(value: str | None) -> int | None:
    try:
        return int(value.strip()) if value is not None else None
    except ValueError:
        return None


def _format_number(n: int, kind: str) -> str:
    if kind in ("a", "A") and n >= 1:
        letters = ""
        while n:
            n, r = divmod(n - 1, 26)
            letters = chr(ord("a") + r) + letters
        return letters.upper() if kind == "A" else letters
    if kind in ("i", "I") and 1 <= n < 4000:
        roman = _roman(n)
        return roman if kind == "I" else roman.lower()
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")]:  # fmt: skip
        while n >= value:
            out, n = out + letters, n - value
    return out


def _cell_text(element, tally: Tally, depth: int) -> str:
    """A table cell's (or a heading's) text, its lines kept."""
    pieces: list[str] = []
    _collect(element, pieces, tally, depth)
    return _lines(pieces)


def _collect(element, pieces: list[str], tally: Tally, depth: int) -> None:
    """The text of ``element``'s content into ``pieces``, a "\\n" where a line ends: at a
    ``<br>``, around a paragraph, a list item (its number or bullet written out) or a row of a
    table inside it."""
    pieces.append(_space(element.text))
    for child in element:
        tag = _tag(child)
        if tag is None:
            pass
        elif depth > _DEEP:
            pieces.append(_deep_text(child))
        elif tag == "br":
            pieces.append("\n")
        elif tag == "pre":
            pieces.append("\n" + "".join(child.itertext()) + "\n")
        elif tag in _LISTS:
            markers = _Markers(child)
            for item in child:
                pieces.append("\n")
                if _tag(item) == "li":
                    pieces.append(markers.marker(item))
                _collect(item, pieces, tally, depth + 1)
            pieces.append("\n")
        elif tag == "table":
            pieces.append("\n")
            for row, _across in _table_rows(child, tally, depth + 1, count=False):
                pieces.append(" ".join(cell for cell in row if cell) + "\n")
        elif tag in _BLOCKS:
            pieces.append("\n")
            _collect(child, pieces, tally, depth + 1)
            pieces.append("\n")
        else:
            _collect(child, pieces, tally, depth + 1)
        pieces.append(_space(child.tail))


def _table_rows(table, tally: Tally, depth: int, *, count: bool = True):
    """The table's rows in grid order, each with whether it is one cell across the table.
    ``count``: count them against the limits (a table inside a cell counts as its text)."""
    rows = [tr for tr in _rows(table) if any(_tag(c) in ("td", "th") for c in tr)]
    if len(rows) > tally.limits.rows:
        raise too_big(tally.what, None, tally.limits.rows, "table rows")
    most = tally.limits.columns + 1  # a wider cell is refused, or reaches past the last column
    below: dict[int, tuple[int, str, int]] = {}  # column -> rows still covered, text, width
    laid_out = []
    width = 0
    for tr in rows:
        placed: dict[int, str] = {}
        for start, (_left, text, span) in below.items():
            placed[start] = text
            for column in range(start + 1, start + span):
                placed.setdefault(column, "")
        ends = [start + 1 for start in below]
        carried = {s: (left - 1, text, span) for s, (left, text, span) in below.items() if left > 1}
        starts = []
        column = 0
        cells = [c for c in tr if _tag(c) in ("td", "th")]
        for i, cell in enumerate(cells):
            while column in placed:
                column += 1
            span = min(max(_number(cell.get("colspan")) or 1, 1), most)
            down = _number(cell.get("rowspan"))
            down = len(rows) if down == 0 else max(down or 1, 1)
            text = _cell_text(cell, tally, depth + 1)
            placed[column] = text
            for covered in range(column + 1, column + span):
                placed.setdefault(covered, "")
            if down > 1:
                carried[column] = (down - 1, text, span)
            starts.append((column, span))
            # The last cell of a row may say it spans more columns than the table has.
            ends.append(column + (1 if i == len(cells) - 1 else span))
            column += span
        below = carried
        width = max(width, *ends)
        laid_out.append((placed, starts))
    for placed, starts in laid_out:
        cells = [placed.get(i, "") for i in range(width)]
        across = (
            width > 1
            and len(starts) == 1
            and starts[0][0] == 0
            and starts[0][1] >= width
            and all(i == 0 or not placed.get(i) for i in placed)
        )
        if count:
            tally.row(cells)
        else:
            tally.columns(len(cells))
        yield cells, across


def _rows(table):
    """The table's own rows (not those of a table inside it): its head, its body, its foot."""
    head, body, foot = [], [], []
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            body.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            rows = [tr for tr in child if _tag(tr) == "tr"]
            {"thead": head, "tbody": body, "tfoot": foot}[tag].extend(rows)
    return head + body + foot


def _is_layout(table) -> bool:
    """Whether the table lays the page out rather than holding rows of data: it says so
    (``role="presentation"``), or it has one column, or two with headings inside, or a table
    and no header cells of its own."""
    if table.get("role", "").lower() in ("presentation", "none"):
        return True
    widest = 0
    headers = False
    for tr in _rows(table):
        cells = [c for c in tr if _tag(c) in ("td", "th")]
        widest = max(widest, sum(min(max(_number(c.get("colspan")) or 1, 1), 3) for c in cells))
        headers = headers or any(_tag(c) == "th" for c in cells)
        if widest > 2:
            return False
    if widest <= 1:
        return True
    inside = {_tag(e) for e in table.iterdescendants("table", *_HEADINGS)}
    return bool(inside - {"table"}) or ("table" in inside and not headers)


class _Reader:
    """The content as blocks: headings, paragraphs, list items and table rows."""

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self.blocks: list[Block] = []
        self.pieces: list[str] = []  # the paragraph under way
        self.marker: str | None = None  # the number or bullet of the list item under way
        self.in_item = 0  # inside a list item or a definition: paragraphs are its lines

    def read(self, element) -> None:
        self._content(element, 0)
        self._end_paragraph()

    def _end_paragraph(self) -> None:
        text = _lines(self.pieces)
        self.pieces.clear()
        if not text or _FEEDBACK.match(text):
            return
        if self.marker:
            text, self.marker = self.marker + text, None
        self.tally.paragraph(text)
        self.blocks.append(Block([text], is_text=True))

    def _content(self, element, depth: int) -> None:
        self.pieces.append(_space(element.text))
        for child in element:
            tag = _tag(child)
            if tag is None:
                pass
            elif depth > _DEEP:
                self.pieces.append(_deep_text(child))
            elif tag == "br":
                self.pieces.append("\n")
            elif tag in _HEADINGS:
                self._end_paragraph()
                self._heading(child, _HEADINGS[tag], depth)
            elif tag in _LISTS:
                self._end_paragraph()
                self.marker = None
                self._list(child, depth)
            elif tag == "dl":
                self._end_paragraph()
                self._definitions(child, depth)
            elif tag == "table":
                self._end_paragraph()
                self._table(child, depth)
            elif tag == "pre":
                self.pieces.append("\n" + "".join(child.itertext()) + "\n")
            elif tag in _BLOCKS:
                if self.in_item:
                    self.pieces.append("\n")
                    self._content(child, depth + 1)
                    self.pieces.append("\n")
                else:
                    self._end_paragraph()
                    self._content(child, depth + 1)
                    self._end_paragraph()
            else:
                self._content(child, depth + 1)
            self.pieces.append(_space(child.tail))

    def _heading(self, element, level: int, depth: int) -> None:
        text = " ".join(_cell_text(element, self.tally, depth + 1).split("\n"))
        if text and not _FEEDBACK.match(text):
            self.tally.paragraph(text)
            self.blocks.append(Block([text], is_text=True, heading_level=level))

    def _list(self, element, depth: int) -> None:
        markers = _Markers(element)
        for item in element:
            if _tag(item) != "li":
                self._content_of_item(item, None, depth + 1)
                continue
            self._content_of_item(item, markers.marker(item), depth + 1)

    def _definitions(self, element, depth: int) -> None:
        for item in element:
            if _tag(item) is None:
                continue
            self._content_of_item(item, None, depth + 1)

    def _content_of_item(self, item, marker: str | None, depth: int) -> None:
        """A list item or a definition: one block (its paragraphs are its lines), then the
        lists and tables inside it."""
        self.marker = marker
        self.in_item += 1
        try:
            self._content(item, depth)
            self._end_paragraph()
        finally:
            self.in_item -= 1
            self.marker = None
        self.pieces.append(_space(item.tail))

    def _table(self, table, depth: int) -> None:
        if _is_layout(table):
            in_item, self.in_item = self.in_item, 0
            for tr in _rows(table):
                for cell in tr:
                    if _tag(cell) in ("td", "th"):
                        self._content(cell, depth + 2)
                        self._end_paragraph()
            self.in_item = in_item
            return
        caption = next((c for c in table if _tag(c) == "caption"), None)
        if caption is not None:
            text = _inline_text(caption)
            if text:
                self.tally.paragraph(text)
                self.blocks.append(Block([text], is_text=True))
        for cells, across in _table_rows(table, self.tally, depth + 1):
            self.blocks.append(Block(cells, across_table=across))
