"""Small python-docx helpers shared by the held-out document generators.

Only low-level Word plumbing lives here (cell text, merges, borders, fields,
content controls, tracked changes, hyperlinks); the content of each document
is in its own gen_*.py script.
"""
import itertools

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

_ids = itertools.count(101)


def set_base_font(doc, name="Arial", size=10):
    st = doc.styles["Normal"]
    st.font.name = name
    st.font.size = Pt(size)
    rpr = st.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(a), name)
    pf = st.paragraph_format
    pf.space_after = Pt(3)
    pf.space_before = Pt(0)
    for sname in ("List Bullet", "List Number"):
        try:
            doc.styles[sname].paragraph_format.space_after = Pt(1)
        except KeyError:
            pass


def landscape(section, width_cm=29.7, height_cm=21.0, margin_cm=1.8):
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width = Cm(width_cm)
    section.page_height = Cm(height_cm)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(margin_cm))


def _field(paragraph, instr, placeholder="1"):
    """Insert a complex field (PAGE, NUMPAGES) as Word writes it."""
    r = paragraph.add_run()
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "begin")
    r._r.append(fc)
    r = paragraph.add_run()
    it = OxmlElement("w:instrText")
    it.set(qn("xml:space"), "preserve")
    it.text = f" {instr} \\* MERGEFORMAT "
    r._r.append(it)
    r = paragraph.add_run()
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "separate")
    r._r.append(fc)
    paragraph.add_run(placeholder)
    r = paragraph.add_run()
    fc = OxmlElement("w:fldChar")
    fc.set(qn("w:fldCharType"), "end")
    r._r.append(fc)


def page_x_of_y(paragraph, prefix="Page "):
    paragraph.add_run(prefix)
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES", "9")


def add_tab_stop_right(paragraph, pos_cm):
    ppr = paragraph._p.get_or_add_pPr()
    tabs = OxmlElement("w:tabs")
    tab = OxmlElement("w:tab")
    tab.set(qn("w:val"), "right")
    tab.set(qn("w:pos"), str(int(pos_cm * 567)))
    tabs.append(tab)
    ppr.append(tabs)


def repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def shade(cell, fill):
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def set_col_widths(table, widths_cm):
    table.autofit = False
    tbl = table._tbl
    grid = tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths_cm):
        gc.set(qn("w:w"), str(int(w * 567)))
    for row in table.rows:
        for idx, w in enumerate(widths_cm):
            if idx < len(row.cells):
                row.cells[idx].width = Cm(w)


def clear_cell(cell):
    for p in list(cell.paragraphs):
        p._p.getparent().remove(p._p)


def fill_cell(cell, items, size=None, bold=False):
    """Fill a cell with paragraphs.

    items: list of str (plain paragraph), ("bullet", str) (Word bullet list),
    ("bold", str), ("italic", str) or ("empty",) (an empty paragraph).
    A plain str item may contain "\n" which becomes a w:br line break.
    """
    clear_cell(cell)
    if isinstance(items, str):
        items = [items]
    if not items:
        items = [""]
    for it in items:
        style = None
        text = it
        b = bold
        i = False
        if isinstance(it, tuple):
            kind = it[0]
            text = it[1] if len(it) > 1 else ""
            if kind == "bullet":
                style = "List Bullet"
            elif kind == "bold":
                b = True
            elif kind == "italic":
                i = True
        p = cell.add_paragraph(style=style)
        lines = text.split("\n")
        for n, line in enumerate(lines):
            r = p.add_run(line)
            r.bold = b or None
            r.italic = i or None
            if size:
                r.font.size = Pt(size)
            if n < len(lines) - 1:
                r.add_break()
    return cell


def cell_margins(table, top=40, bottom=40, left=80, right=80):
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side, v in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(v))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def table_borders(table, outer="single", inside_h="single", inside_v="single",
                  size=4, color="000000", inside_h_color=None):
    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    b = OxmlElement("w:tblBorders")
    for side, val in (("top", outer), ("left", outer), ("bottom", outer),
                      ("right", outer), ("insideH", inside_h), ("insideV", inside_v)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), val)
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:space"), "0")
        c = inside_h_color if (side == "insideH" and inside_h_color) else color
        el.set(qn("w:color"), c)
        b.append(el)
    tblpr.append(b)


def cell_border(cell, side="bottom", val="single", size=12, color="000000"):
    tcpr = cell._tc.get_or_add_tcPr()
    borders = tcpr.find(qn("w:tcBorders"))
    if borders is None:
        borders = OxmlElement("w:tcBorders")
        tcpr.append(borders)
    el = OxmlElement(f"w:{side}")
    el.set(qn("w:val"), val)
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), "0")
    el.set(qn("w:color"), color)
    borders.append(el)


# ---- content controls, tracked changes, hyperlinks --------------------------

def _sdt_pr(tag, alias=None, kind="text", **kw):
    pr = OxmlElement("w:sdtPr")
    if alias:
        a = OxmlElement("w:alias")
        a.set(qn("w:val"), alias)
        pr.append(a)
    t = OxmlElement("w:tag")
    t.set(qn("w:val"), tag)
    pr.append(t)
    i = OxmlElement("w:id")
    i.set(qn("w:val"), str(next(_ids) * 7919))
    pr.append(i)
    if kw.get("placeholder"):
        ph = OxmlElement("w:showingPlcHdr")
        pr.append(ph)
    if kind == "text":
        pr.append(OxmlElement("w:text"))
    elif kind == "date":
        d = OxmlElement("w:date")
        d.set(qn("w:fullDate"), kw["full_date"] + "T00:00:00Z")
        for tagname, val in (("w:dateFormat", "dd/MM/yyyy"), ("w:lid", "en-GB"),
                             ("w:storeMappedDataAs", "dateTime"), ("w:calendar", "gregorian")):
            e = OxmlElement(tagname)
            e.set(qn("w:val"), val)
            d.append(e)
        pr.append(d)
    elif kind == "dropdown":
        dd = OxmlElement("w:dropDownList")
        for item in kw["items"]:
            li = OxmlElement("w:listItem")
            li.set(qn("w:displayText"), item)
            li.set(qn("w:value"), item)
            dd.append(li)
        pr.append(dd)
    return pr


def run_el(text, bold=False, size=None, color=None, deleted=False, style=None):
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    if style:
        rs = OxmlElement("w:rStyle")
        rs.set(qn("w:val"), style)
        rpr.append(rs)
    if bold:
        rpr.append(OxmlElement("w:b"))
    if color:
        c = OxmlElement("w:color")
        c.set(qn("w:val"), color)
        rpr.append(c)
    if size:
        s = OxmlElement("w:sz")
        s.set(qn("w:val"), str(int(size * 2)))
        rpr.append(s)
    if style == "Hyperlink" or color == "0563C1":
        u = OxmlElement("w:u")
        u.set(qn("w:val"), "single")
        rpr.append(u)
    if len(rpr):
        r.append(rpr)
    t = OxmlElement("w:delText" if deleted else "w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    return r


def append_run_sdt(paragraph, text, tag, alias=None, kind="text", size=None, **kw):
    """A run-level content control inside an existing paragraph."""
    sdt = OxmlElement("w:sdt")
    sdt.append(_sdt_pr(tag, alias, kind, **kw))
    content = OxmlElement("w:sdtContent")
    content.append(run_el(text, size=size, color="808080" if kw.get("placeholder") else None))
    sdt.append(content)
    paragraph._p.append(sdt)
    return sdt


def cell_block_sdt(cell, text, tag, alias=None, kind="text", size=None, **kw):
    """Replace a cell's content with a block-level content control holding one
    paragraph (w:tc/w:sdt/w:sdtContent/w:p), as Word writes a control that
    wraps the whole cell content."""
    clear_cell(cell)
    sdt = OxmlElement("w:sdt")
    sdt.append(_sdt_pr(tag, alias, kind, **kw))
    content = OxmlElement("w:sdtContent")
    p = OxmlElement("w:p")
    p.append(run_el(text, size=size, color="808080" if kw.get("placeholder") else None))
    content.append(p)
    sdt.append(content)
    cell._tc.append(sdt)
    return sdt


def append_ins(paragraph, text, author="CSP Officer", date="2022-05-12T10:14:00Z", size=None):
    ins = OxmlElement("w:ins")
    ins.set(qn("w:id"), str(next(_ids)))
    ins.set(qn("w:author"), author)
    ins.set(qn("w:date"), date)
    ins.append(run_el(text, size=size))
    paragraph._p.append(ins)
    return ins


def append_del(paragraph, text, author="CSP Officer", date="2022-05-12T10:14:00Z", size=None):
    d = OxmlElement("w:del")
    d.set(qn("w:id"), str(next(_ids)))
    d.set(qn("w:author"), author)
    d.set(qn("w:date"), date)
    d.append(run_el(text, size=size, deleted=True))
    paragraph._p.append(d)
    return d


def append_hyperlink(paragraph, text, url, size=None):
    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), rid)
    h.set(qn("w:history"), "1")
    h.append(run_el(text, size=size, color="0563C1"))
    paragraph._p.append(h)
    return h


def add_run(paragraph, text, size=None, bold=False, italic=False):
    r = paragraph.add_run(text)
    if size:
        r.font.size = Pt(size)
    r.bold = bold or None
    r.italic = italic or None
    return r


def centred(paragraph):
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return paragraph


def grey(run):
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    return run


# ---- keep child elements in schema order (Word is strict about it) ----------

_ORDER = {
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
              "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption", "tblDescription"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
             "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"],
    "tcBorders": ["top", "start", "left", "bottom", "end", "right", "insideH", "insideV",
                  "tl2br", "tr2bl"],
}


def fix_order(doc):
    body = doc.element.body
    for tag, order in _ORDER.items():
        rank = {qn("w:" + n): i for i, n in enumerate(order)}
        for el in body.iter(qn("w:" + tag)):
            kids = list(el)
            kids.sort(key=lambda k: rank.get(k.tag, len(order)))
            for k in kids:
                el.remove(k)
            for k in kids:
                el.append(k)


def track_revisions(doc):
    """Switch Track Changes on, placed where CT_Settings wants it."""
    settings = doc.settings.element
    el = OxmlElement("w:trackRevisions")
    anchor = settings.find(qn("w:defaultTabStop"))
    if anchor is not None:
        anchor.addprevious(el)
    else:
        settings.append(el)
