"""The XLSX workbook, opened again with openpyxl as a user's spreadsheet would read it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.compile import Table
from yusuan.compile.table import ColumnGroup
from yusuan.model.budget import Budget
from yusuan.render import sheet_name, write_xlsx


@pytest.fixture(scope="module")
def workbook(sample_budget: Budget, tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    path = tmp_path_factory.mktemp("xlsx") / "disclosure.xlsx"
    write_xlsx(sample_budget, path)
    return load_workbook(path)


def _first_data_row(ws: Worksheet) -> int:
    freeze = ws.freeze_panes
    assert freeze and freeze.startswith("A"), freeze
    return int(freeze[1:])


def test_one_sheet_per_table(workbook: Workbook, sample_tables: list[Table]) -> None:
    assert workbook.sheetnames == [f"表{t.number} {t.title}" for t in sample_tables]
    for t in sample_tables:
        ws = workbook[sheet_name(t)]
        assert ws["A1"].value == f"表{t.number}"
        assert ws["A2"].value == t.title
        assert ws["A3"].value == "编制部门：中共阿图什市委员会办公室"
        last = ws.cell(row=3, column=len(t.columns)).value
        assert last == "单位：万元"


def test_revenue_header_is_merged_along_the_column_tree(workbook: Workbook) -> None:
    ws = workbook["表2 部门收入总体情况表"]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A4:C4", "D4:D5", "E4:E5", "F4:L4", "M4:M5", "N4:N5", "O4:O5", "P4:P5"} <= merged
    assert [ws.cell(row=5, column=c).value for c in range(1, 4)] == ["类", "款", "项"]
    assert ws["F4"].value == "财政拨款（补助）"
    assert ws["F5"].value == "财政拨款（补助）小计"
    assert ws.freeze_panes == "A6"
    assert ws.print_title_rows == "$4:$5"


def test_values_equal_the_compiled_tables(workbook: Workbook, sample_tables: list[Table]) -> None:
    amounts = 0
    for t in sample_tables:
        ws = workbook[sheet_name(t)]
        start = _first_data_row(ws)
        for i, row in enumerate(t.rows):
            for j, (col, value) in enumerate(zip(t.columns, row.cells, strict=True), start=1):
                cell = ws.cell(row=start + i, column=j)
                if col.kind == "money":
                    if value:
                        assert isinstance(cell.value, int | float), (t.number, row.key, col.key)
                        assert Decimal(str(cell.value)) == value
                        amounts += 1
                    else:
                        assert cell.value is None
                    assert cell.number_format == "#,##0.00"
                elif col.kind == "code" and value:
                    assert cell.value == value  # "01" stays "01"
        # nothing beyond the table except its note
        after = [ws.cell(row=start + len(t.rows) + k, column=1).value for k in range(0, 3)]
        expected_note = [None, f"备注：{t.note}", None] if t.note else [None, None, None]
        assert after == expected_note
    assert amounts > 100


def test_total_rows_are_bold_and_labelled(workbook: Workbook) -> None:
    ws = workbook["表2 部门收入总体情况表"]
    start = _first_data_row(ws)
    total_row = start + 16
    assert ws.cell(row=total_row, column=1).value == "合计"
    assert f"A{total_row}:D{total_row}" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.cell(row=total_row, column=5).value == 5935.22
    assert ws.cell(row=total_row, column=5).font.b
    assert not ws.cell(row=start, column=5).font.b


def test_printable(workbook: Workbook, sample_tables: list[Table]) -> None:
    for t in sample_tables:
        ws = workbook[sheet_name(t)]
        assert ws.page_setup.paperSize == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1
        wide = len(t.columns) >= 9
        assert ws.page_setup.orientation == ("landscape" if wide else "portrait")
        for j, col in enumerate(t.columns, start=1):
            width = ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width
            assert width >= (5 if col.kind == "code" else 12), (t.number, col.key, width)
    assert workbook["表2 部门收入总体情况表"].page_setup.orientation == "landscape"


def test_sheet_names_fit_excel(sample_tables: list[Table]) -> None:
    long = Table(
        number=7,
        key="x",
        title="一般公共预算项目支出情况表（按功能分类和经济分类分别列示的明细表）",
        department="d",
        year=2023,
        tree=(ColumnGroup("a"),),
        rows=(),
    )
    name = sheet_name(long)
    assert len(name) == 31 and name.startswith("表7 一般公共预算")
    assert all(len(sheet_name(t)) <= 31 for t in sample_tables)


def test_written_file_is_a_real_workbook(sample_budget: Budget, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    write_xlsx(sample_budget, path)
    assert path.read_bytes()[:2] == b"PK"


def test_header_rows_are_tall_enough_for_their_labels(
    workbook: Workbook, sample_tables: list[Table]
) -> None:
    """A long label in a narrow column wraps; its row must be tall enough to show it all."""
    for t in sample_tables:
        ws = workbook[sheet_name(t)]
        first = _first_data_row(ws)
        merged = {r.min_row * 1000 + r.min_col: r for r in ws.merged_cells.ranges}
        for row in range(4, first):
            for col in range(1, len(t.columns) + 1):
                label = ws.cell(row=row, column=col).value
                if not label:
                    continue
                rng = merged.get(row * 1000 + col)
                rows = range(row, rng.max_row + 1) if rng else range(row, row + 1)
                cols = range(col, rng.max_col + 1) if rng else range(col, col + 1)
                width = sum(ws.column_dimensions[get_column_letter(c)].width for c in cols)
                lines = -(-2 * len(label) // int(width - 1))  # CJK: two units a character
                height = sum(ws.row_dimensions[r].height or 15 for r in rows)
                assert height >= lines * 13, (t.number, label, height, lines)
