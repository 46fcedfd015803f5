"""DOCX: the whole disclosure as a Word document (python-docx).

Parts 1-4 in order: the prose blocks as headings and paragraphs, each of the ten tables on a
page of its own (landscape for the wide ones) with its multi-level header merged and marked
to repeat on every page, each 绩效目标表 on a new page, 名词解释 and the 落款 at the end.
Chinese text uses 宋体 (``w:eastAsia``), which Word and WPS substitute where it is missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from yusuan.compile.table import Table
from yusuan.model.budget import Budget
from yusuan.model.money import fmt_money
from yusuan.render.document import Document, document, performance_grid
from yusuan.render.layout import display_cells, is_wide

FONT = "宋体"
LATIN_FONT = "Times New Roman"


def _set_font(style_or_run: Any, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    font = style_or_run.font
    font.name = LATIN_FONT
    font.color.rgb = RGBColor(0, 0, 0)
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), FONT)


def _page(section: Any, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = Cm(21.0), Cm(29.7)
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    margin = Cm(1.5) if landscape else Cm(2.0)
    section.left_margin = section.right_margin = margin
    section.top_margin = section.bottom_margin = Cm(1.8)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    for tag in ("w:tblHeader", "w:cantSplit"):
        tr_pr.append(OxmlElement(tag))


def _no_split(row: Any) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _write(cell: Any, text: str, align: str = "left", bold: bool = False) -> None:
    """Cell text in the table paragraph style (9 pt 宋体); fonts come from the style."""
    paragraph = cell.paragraphs[0]
    paragraph._p.style = _STYLE["table"]  # the style id (python-docx's setter scans styles)
    if align != "left":
        paragraph.alignment = _ALIGN[align]
    cell.vertical_alignment = _ALIGN["middle"]
    if text:
        run = paragraph.add_run(text)
        if bold:
            run.bold = True


#: Styles and alignments of the document being written (set by :func:`document_docx`).
_STYLE: dict[str, Any] = {}
_ALIGN: dict[str, Any] = {}


def _table_heading(doc: Any, table: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    number = doc.add_paragraph()
    _set_font(number.add_run(f"表{table.number}"), 10.5)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(title.add_run(table.title), 16, True)
    meta = doc.add_paragraph()
    _set_font(meta.add_run(f"编制部门：{table.department}\t单位：{table.unit}"), 10.5)


def _add_table(doc: Any, table: Table) -> None:
    header = table.header_rows()
    columns = table.columns
    grid = doc.add_table(rows=len(header) + len(table.rows), cols=len(columns))
    grid.style = "Table Grid"
    rows = grid.rows
    occupied: set[tuple[int, int]] = set()
    for r, header_row in enumerate(header):
        c = 0
        for h in header_row:
            while (r, c) in occupied:
                c += 1
            for dr in range(h.rowspan):
                for dc in range(h.colspan):
                    occupied.add((r + dr, c + dc))
            cell = rows[r].cells[c]
            if h.colspan > 1 or h.rowspan > 1:
                cell = cell.merge(rows[r + h.rowspan - 1].cells[c + h.colspan - 1])
            _write(cell, h.label, "center")
            c += h.colspan
        _repeat_header(rows[r])
    for i, row in enumerate(table.rows):
        docx_row = rows[len(header) + i]
        _no_split(docx_row)
        cells = docx_row.cells
        c = 0
        bold = row.kind == "total"
        for d in display_cells(table, row):
            cell = cells[c]
            if d.colspan > 1:
                cell = cell.merge(cells[c + d.colspan - 1])
            if d.kind == "money":
                _write(cell, d.text, "right", bold=bold)
            elif d.kind == "code" or row.kind == "total":
                _write(cell, d.text, "center", bold=bold)
            else:
                _write(cell, "\u3000" * d.indent + d.text, bold=bold)
            c += d.colspan
    if table.note:
        note = doc.add_paragraph()
        _set_font(note.add_run(f"备注：{table.note}"), 10.5)


def _add_performance(doc: Any, pt: Any, source: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.page_break_before = True
    _set_font(title.add_run("项目支出绩效目标表"), 16, True)
    year = doc.add_paragraph()
    year.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(year.add_run(f"（{source.year} 年）"), 10.5)
    grid_rows, header_at = performance_grid(pt, source)
    grid = doc.add_table(rows=len(grid_rows), cols=9)
    grid.style = "Table Grid"
    for r, grid_row in enumerate(grid_rows):
        row = grid.rows[r]
        cells = row.cells
        c = 0
        for g in grid_row:
            cell = cells[c]
            if g.colspan > 1:
                cell = cell.merge(cells[c + g.colspan - 1])
            if g.value is None:
                text = ""
            elif g.number and not isinstance(g.value, str):
                text = fmt_money(g.value)
            else:
                text = str(g.value)
            _write(cell, text, "center" if g.header else "right" if g.number else "left")
            c += g.colspan
        if r == header_at:
            _repeat_header(row)
        else:
            _no_split(row)


def document_docx(source: Document) -> Any:
    """The python-docx ``Document`` of ``source``."""
    import docx
    from docx.enum.section import WD_SECTION
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    out = docx.Document()
    _set_font(out.styles["Normal"], 12)
    for name, size in (("Title", 22), ("Heading 1", 16), ("Heading 2", 14), ("Heading 3", 12)):
        _set_font(out.styles[name], size, True)
    table_style = out.styles.add_style("表格文字", WD_STYLE_TYPE.PARAGRAPH)
    table_style.base_style = out.styles["Normal"]
    _set_font(table_style, 9)
    table_style.paragraph_format.space_after = Pt(0)
    _STYLE["table"] = table_style.style_id
    _ALIGN.update(
        center=WD_ALIGN_PARAGRAPH.CENTER,
        right=WD_ALIGN_PARAGRAPH.RIGHT,
        middle=WD_CELL_VERTICAL_ALIGNMENT.CENTER,
    )
    _page(out.sections[0], landscape=False)
    out.core_properties.title = source.title
    out.core_properties.author = source.department

    cover = out.add_paragraph(style="Title")
    cover.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cover.add_run(f"{source.department}\n{source.year} 年部门预算")

    landscape = False
    for block in source.blocks:
        kind = block.kind
        if kind == "part":
            if landscape:  # back to portrait after the tables
                _page(out.add_section(WD_SECTION.NEW_PAGE), landscape=False)
                landscape = False
                heading = out.add_heading(block.text, level=1)
            else:
                heading = out.add_heading(block.text, level=1)
                heading.paragraph_format.page_break_before = True
            heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "h1":
            out.add_heading(block.text, level=2)
        elif kind == "h2":
            out.add_heading(block.text, level=3)
        elif kind == "p":
            paragraph = out.add_paragraph(block.text)
            paragraph.paragraph_format.first_line_indent = Pt(24)
        elif kind == "signature":
            paragraph = out.add_paragraph(block.text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "tables":
            for table in source.tables:
                wide = is_wide(table)
                _page(out.add_section(WD_SECTION.NEW_PAGE), landscape=wide)
                landscape = True  # a section per table: the next part starts a new one
                _table_heading(out, table)
                _add_table(out, table)
        elif kind == "performance":
            for pt in source.performance:
                _add_performance(out, pt, source)
    return out


def write_docx(budget: Budget, path: str | Path) -> None:
    """Write the whole disclosure of ``budget`` as a DOCX file."""
    document_docx(document(budget)).save(str(path))
