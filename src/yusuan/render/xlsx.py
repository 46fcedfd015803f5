"""XLSX: the ten disclosure tables as a workbook, one sheet per table (openpyxl).

Each sheet reads like the printed table: 表N, the title, 编制部门 left and 单位 right, the
multi-level header merged along the column tree, amounts as real numbers in ``#,##0.00``
(zeros left blank, as the official tables print them), header rows frozen and repeated on
every printed page, A4 fitted to the page width (landscape for the wide tables).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.compile import compile_tables
from yusuan.compile.table import HeaderCell, Table
from yusuan.model.budget import Budget
from yusuan.render.layout import display_cells, is_wide, sheet_name

MONEY_FORMAT = "#,##0.00"
FONT_NAME = "宋体"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_PLAIN = Font(name=FONT_NAME, size=10)
_BOLD = Font(name=FONT_NAME, size=10, bold=True)
_TITLE = Font(name=FONT_NAME, size=16, bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right", vertical="center")

#: Column widths (Excel character units) by column kind; text widths grow with content.
_WIDTHS = {"code": 5.5, "money": 13.0}
_TEXT_MIN, _TEXT_MAX = 16.0, 52.0
#: Points per line of 10-point text, and padding per row.
_LINE, _PAD = 13.5, 5.0

#: Rows above the header: 表N, title, 编制部门/单位.
HEADER_START = 4


def _text_width(text: str) -> float:
    """Display width in Excel units: CJK characters count twice."""
    return sum(2.0 if ord(ch) > 0x2E80 else 1.1 for ch in text)


def write_table(ws: Worksheet, table: Table) -> None:
    """Fill one worksheet with ``table``."""
    columns = table.columns
    ncols = len(columns)
    last = get_column_letter(ncols)

    ws["A1"] = f"表{table.number}"
    ws["A1"].font = _PLAIN
    ws["A2"] = table.title
    ws["A2"].font = _TITLE
    ws["A2"].alignment = _CENTER
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 30
    ws["A3"] = f"编制部门：{table.department}"
    ws["A3"].font = _PLAIN
    ws["A3"].alignment = Alignment(horizontal="left", vertical="center")
    if ncols > 2:
        ws.merge_cells(start_row=3, start_column=1, end_row=3, end_column=ncols - 1)
    unit = ws.cell(row=3, column=max(ncols, 2), value=f"单位：{table.unit}")
    unit.font = _PLAIN
    unit.alignment = _RIGHT

    # header: one worksheet row per header row, merged along the column tree
    header = table.header_rows()
    placed: list[tuple[int, int, HeaderCell]] = []
    occupied: set[tuple[int, int]] = set()
    for r, header_row in enumerate(header):
        row_no = HEADER_START + r
        col_no = 1
        for h in header_row:
            while (row_no, col_no) in occupied:
                col_no += 1
            placed.append((row_no, col_no, h))
            head = ws.cell(row=row_no, column=col_no, value=h.label)
            head.font = _PLAIN
            head.alignment = _CENTER
            for dr in range(h.rowspan):
                for dc in range(h.colspan):
                    occupied.add((row_no + dr, col_no + dc))
                    ws.cell(row=row_no + dr, column=col_no + dc).border = _BORDER
            if h.colspan > 1 or h.rowspan > 1:
                ws.merge_cells(
                    start_row=row_no,
                    start_column=col_no,
                    end_row=row_no + h.rowspan - 1,
                    end_column=col_no + h.colspan - 1,
                )
            col_no += h.colspan
    first_data = HEADER_START + len(header)

    widths = [_WIDTHS.get(col.kind, _TEXT_MIN) for col in columns]
    wrapped: list[tuple[int, int, str, int]] = []  # row, column, text, indent: for heights
    for i, row in enumerate(table.rows):
        row_no = first_data + i
        col_no = 1
        font = _BOLD if row.kind == "total" else _PLAIN
        for c in display_cells(table, row):
            cell = ws.cell(row=row_no, column=col_no)
            cell.font = font
            cell.border = _BORDER
            if c.kind == "money":
                cell.value = c.amount
                cell.number_format = MONEY_FORMAT
                cell.alignment = _RIGHT
            elif c.kind == "code":
                cell.value = c.text or None
                cell.number_format = "@"
                cell.alignment = _CENTER
            else:
                cell.value = c.text or None
                if row.kind == "total":
                    cell.alignment = _CENTER
                else:
                    cell.alignment = Alignment(
                        horizontal="left", vertical="center", wrap_text=True, indent=c.indent
                    )
                    idx = col_no - 1
                    need = _text_width(c.text) + 2 * c.indent + 1
                    widths[idx] = min(_TEXT_MAX, max(widths[idx], need))
                    wrapped.append((row_no, col_no, c.text, c.indent))
            if c.colspan > 1:
                for extra in range(1, c.colspan):
                    ws.cell(row=row_no, column=col_no + extra).border = _BORDER
                ws.merge_cells(
                    start_row=row_no,
                    start_column=col_no,
                    end_row=row_no,
                    end_column=col_no + c.colspan - 1,
                )
            col_no += c.colspan

    if table.note:
        note_row = first_data + len(table.rows) + 1
        note = ws.cell(row=note_row, column=1, value=f"备注：{table.note}")
        note.font = _PLAIN
        note.alignment = _LEFT
        ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=ncols)
        ws.row_dimensions[note_row].height = 32

    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    _fit_heights(ws, widths, placed, wrapped)

    ws.freeze_panes = f"A{first_data}"
    ws.print_title_rows = f"{HEADER_START}:{first_data - 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if is_wide(table) else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.sheet_view.showGridLines = False


def _lines(text: str, width: float) -> int:
    return max(1, math.ceil(_text_width(text) / max(width - 1.0, 1.0)))


def _fit_heights(
    ws: Worksheet,
    widths: list[float],
    placed: list[tuple[int, int, HeaderCell]],
    wrapped: list[tuple[int, int, str, int]],
) -> None:
    """Row heights for wrapped text (Excel does not grow rows written by a program)."""
    heights: dict[int, float] = {}
    for row_no, col_no, h in sorted(placed, key=lambda p: p[2].rowspan):
        width = sum(widths[col_no - 1 : col_no - 1 + h.colspan])
        need = _lines(h.label, width) * _LINE + _PAD
        rows = range(row_no, row_no + h.rowspan)
        have = sum(heights.get(r, _LINE + _PAD) for r in rows)
        if have < need:
            extra = (need - have) / h.rowspan
            for r in rows:
                heights[r] = heights.get(r, _LINE + _PAD) + extra
    for row_no, col_no, text, indent in wrapped:
        need = _lines(text, widths[col_no - 1] - 2 * indent) * _LINE + _PAD
        if need > _LINE + _PAD:
            heights[row_no] = max(heights.get(row_no, 0.0), need)
    for row_no, height in heights.items():
        ws.row_dimensions[row_no].height = round(height, 1)


def tables_workbook(tables: Sequence[Table]) -> Workbook:
    """A workbook with one sheet per table, in order."""
    wb = Workbook()
    default = wb.active
    for table in tables:
        write_table(wb.create_sheet(sheet_name(table)), table)
    if default is not None:
        wb.remove(default)
    if tables:
        wb.properties.title = f"{tables[0].department}{tables[0].year}年部门预算公开表"
    wb.properties.creator = "yusuan"
    return wb


def write_xlsx(budget: Budget, path: str | Path) -> None:
    """Write the ten disclosure tables of ``budget`` to the workbook ``path``."""
    tables_workbook(compile_tables(budget)).save(str(path))
