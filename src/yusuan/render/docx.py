"""DOCX: the whole disclosure as a Word document (python-docx).

Parts 1-4 in order: the prose blocks as headings and paragraphs, each of the ten tables on a
page of its own (landscape for the wide ones) with its multi-level header merged and marked
to repeat on every page, each 绩效目标表 on a new page, 名词解释 and the 落款 at the end.
Chinese text uses 宋体 (``w:eastAsia``), which Word and WPS substitute where it is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

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


@dataclass(frozen=True)
class _Cell:
    """A table cell as written: text, horizontal span, vertical merge, alignment."""

    text: str
    span: int = 1
    vmerge: str = ""  # "", "restart" or "continue"
    align: str = "left"
    bold: bool = False


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#: Ids of the styles the tables use (set by :func:`document_docx`).
_STYLE: dict[str, str] = {}


def _table_xml(rows: list[tuple[list[_Cell], bool]], widths: list[float], width: int) -> str:
    """WordprocessingML of a table (written as text: python-docx's cell API is slow).

    ``rows``: cells and whether the row is a header row (repeated on every page);
    ``widths``: relative column widths; ``width``: the table's width in twips.
    """
    total = sum(widths)
    grid = "".join(f'<w:gridCol w:w="{int(width * w / total)}"/>' for w in widths)
    out = [
        f'<w:tbl xmlns:w="{_W}"><w:tblPr><w:tblStyle w:val="{_STYLE["grid"]}"/>'
        f'<w:tblW w:w="{width}" w:type="dxa"/><w:tblLayout w:type="fixed"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>"
    ]
    para_style = _STYLE["table"]
    for cells, header in rows:
        out.append(
            "<w:tr><w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>"
        )
        for cell in cells:
            tc_pr = "".join(
                (
                    f'<w:gridSpan w:val="{cell.span}"/>' if cell.span > 1 else "",
                    f'<w:vMerge w:val="{cell.vmerge}"/>' if cell.vmerge == "restart" else "",
                    "<w:vMerge/>" if cell.vmerge == "continue" else "",
                    '<w:vAlign w:val="center"/>',
                )
            )
            jc = f'<w:jc w:val="{cell.align}"/>' if cell.align != "left" else ""
            run = ""
            if cell.text:
                bold = "<w:rPr><w:b/></w:rPr>" if cell.bold else ""
                run = f'<w:r>{bold}<w:t xml:space="preserve">{escape(cell.text)}</w:t></w:r>'
            out.append(
                f'<w:tc><w:tcPr>{tc_pr}</w:tcPr><w:p><w:pPr><w:pStyle w:val="{para_style}"/>'
                f"{jc}</w:pPr>{run}</w:p></w:tc>"
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _append_table(doc: Any, xml: str) -> None:
    from docx.oxml import parse_xml

    doc.element.body.sectPr.addprevious(parse_xml(xml))


def _text_width(landscape: bool) -> int:
    """Width between the margins, in twips (see :func:`_page`)."""
    cm = 29.7 - 3.0 if landscape else 21.0 - 4.0
    return int(cm / 2.54 * 1440)


_COLUMN_WEIGHTS = {"code": 1.0, "text": 4.5, "money": 2.4}


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
    ncols = len(table.columns)
    slots: dict[tuple[int, int], _Cell | None] = {}  # None: covered by a span
    for r, header_row in enumerate(header):
        c = 0
        for h in header_row:
            while (r, c) in slots:
                c += 1
            merge = "restart" if h.rowspan > 1 else ""
            slots[(r, c)] = _Cell(h.label, h.colspan, merge, "center")
            for dr in range(h.rowspan):
                if dr:
                    slots[(r + dr, c)] = _Cell("", h.colspan, "continue", "center")
                for dc in range(1, h.colspan):
                    slots[(r + dr, c + dc)] = None
            c += h.colspan
    rows: list[tuple[list[_Cell], bool]] = []
    for r in range(len(header)):
        placed = [slots[(r, c)] for c in range(ncols) if (r, c) in slots]
        rows.append(([x for x in placed if x is not None], True))
    for row in table.rows:
        bold = row.kind == "total"
        cells: list[_Cell] = []
        for d in display_cells(table, row):
            if d.kind == "money":
                cells.append(_Cell(d.text, d.colspan, align="right", bold=bold))
            elif d.kind == "code" or row.kind == "total":
                cells.append(_Cell(d.text, d.colspan, align="center", bold=bold))
            else:
                cells.append(_Cell("\u3000" * d.indent + d.text, d.colspan, bold=bold))
        rows.append((cells, False))
    widths = [_COLUMN_WEIGHTS[col.kind] for col in table.columns]
    _append_table(doc, _table_xml(rows, widths, _text_width(is_wide(table))))
    if table.note:
        note = doc.add_paragraph()
        _set_font(note.add_run(f"备注：{table.note}"), 10.5)


_PERFORMANCE_WEIGHTS = [10.0, 12, 18, 14, 12, 10, 10, 14, 10]


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
    rows: list[tuple[list[_Cell], bool]] = []
    for r, grid_row in enumerate(grid_rows):
        cells = []
        for g in grid_row:
            if g.value is None:
                text = ""
            elif g.number and not isinstance(g.value, str):
                text = fmt_money(g.value)
            else:
                text = str(g.value)
            align = "center" if g.header else "right" if g.number else "left"
            cells.append(_Cell(text, g.colspan, align=align))
        rows.append((cells, r == header_at))
    _append_table(doc, _table_xml(rows, _PERFORMANCE_WEIGHTS, _text_width(False)))


def document_docx(source: Document) -> Any:
    """The python-docx ``Document`` of ``source``."""
    import docx
    from docx.enum.section import WD_SECTION
    from docx.enum.style import WD_STYLE_TYPE
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
    _STYLE["grid"] = out.styles["Table Grid"].style_id
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
