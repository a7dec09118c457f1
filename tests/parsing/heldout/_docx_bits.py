"""Word plumbing used by gen_cspr_plan.py and gen_pfd_response.py (no content here)."""
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt


def base_font(doc, name="Arial", size=10):
    st = doc.styles["Normal"]
    st.font.name = name
    st.font.size = Pt(size)
    rpr = st.element.get_or_add_rPr()
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = OxmlElement("w:rFonts")
        rpr.append(rf)
    for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rf.set(qn(a), name)
    st.paragraph_format.space_after = Pt(2)
    st.paragraph_format.space_before = Pt(0)


def shade(cell, hex_fill):
    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(qn("w:shd")):
        tcpr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    tcpr.append(shd)


def repeat_header(row):
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def cant_split(row, value=False):
    """value=False lets a row break across pages (Word's default); True keeps it whole."""
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true" if value else "false")
    trpr.append(el)


def table_borders(table, size=4, color="808080"):
    tblpr = table._tbl.tblPr
    b = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "single")
        e.set(qn("w:sz"), str(size))
        e.set(qn("w:space"), "0")
        e.set(qn("w:color"), color)
        b.append(e)
    tblpr.append(b)


def no_borders(table):
    tblpr = table._tbl.tblPr
    b = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        b.append(e)
    tblpr.append(b)


def fixed_widths(table, widths):
    """widths: list of Length. Sets grid, every cell and fixed layout."""
    table.autofit = False
    tblpr = table._tbl.tblPr
    lay = OxmlElement("w:tblLayout")
    lay.set(qn("w:type"), "fixed")
    tblpr.append(lay)
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths):
        gc.set(qn("w:w"), str(int(w.twips)))
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            if i < len(widths):
                cell.width = widths[i]


def field(paragraph, instr):
    """Complex field (PAGE, NUMPAGES) the way Word writes it."""
    def run_with(el):
        r = paragraph.add_run()
        r._r.append(el)
        return r
    fc = OxmlElement("w:fldChar"); fc.set(qn("w:fldCharType"), "begin"); run_with(fc)
    it = OxmlElement("w:instrText"); it.set(qn("xml:space"), "preserve"); it.text = f" {instr} "; run_with(it)
    fc = OxmlElement("w:fldChar"); fc.set(qn("w:fldCharType"), "separate"); run_with(fc)
    paragraph.add_run("1")
    fc = OxmlElement("w:fldChar"); fc.set(qn("w:fldCharType"), "end"); run_with(fc)


class NumberedLists:
    """Hands out a fresh w:num for each automatic numbered list, so that every list
    restarts at 1 (as an author gets by 'Restart numbering'), all on the abstract
    numbering that the 'List Number' style uses."""

    def __init__(self, doc):
        self.doc = doc
        self.numbering = doc.part.numbering_part.element
        style_num = doc.styles["List Number"].element.pPr.numPr.numId.val
        for num in self.numbering.findall(qn("w:num")):
            if num.get(qn("w:numId")) == str(style_num):
                self.abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        self.next_id = 1 + max(int(n.get(qn("w:numId"))) for n in self.numbering.findall(qn("w:num")))

    def new_list(self):
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(self.next_id))
        a = OxmlElement("w:abstractNumId"); a.set(qn("w:val"), self.abstract); num.append(a)
        ov = OxmlElement("w:lvlOverride"); ov.set(qn("w:ilvl"), "0")
        so = OxmlElement("w:startOverride"); so.set(qn("w:val"), "1"); ov.append(so)
        num.append(ov)
        self.numbering.append(num)
        self.next_id += 1
        return self.next_id - 1

    @staticmethod
    def apply(paragraph, num_id):
        ppr = paragraph._p.get_or_add_pPr()
        numpr = OxmlElement("w:numPr")
        il = OxmlElement("w:ilvl"); il.set(qn("w:val"), "0"); numpr.append(il)
        ni = OxmlElement("w:numId"); ni.set(qn("w:val"), str(num_id)); numpr.append(ni)
        ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, numpr)
