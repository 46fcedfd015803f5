"""The bureau workbook layout: one sheet per table, amounts in 元 as numbers, codes as text
or numbers, merged header cells, zeros left blank — read like its PDF."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from yusuan.parse import check_totals, parse_file

DEPT = "上海市普陀区人民政府办公室"


def _sheet(wb: Workbook, title: str, header: list[list[str]], rows: list[list[object]]) -> None:
    ws = wb.create_sheet(title[:28])
    ws.append([f"2025年{title}"])
    ws.append([f"编制部门：{DEPT}", None, None, None, "单位：元"])
    for h in header:
        ws.append(h)
    for r in rows:
        ws.append(r)


def _workbook(path: Path) -> None:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(
        wb,
        "部门支出预算总表",
        [
            ["功能分类科目编码", None, None, "功能分类科目名称", "合计", "基本支出", "项目支出"],
            ["类", "款", "项"],
        ],
        [
            [201, None, None, "一般公共服务支出", 82096797.42, 15686797.42, 66410000],
            [201, "03", None, "政府办公厅（室）及相关机构事务", 82096797.42, 15686797.42, 66410000],
            [201, "03", "01", "行政运行", 12029501.84, 11919501.84, 110000],
            [201, "03", "02", "一般行政管理事务", 46140000, None, 46140000],
            [201, "03", "50", "事业运行", 3807295.58, 3767295.58, 40000],
            [201, "03", "99", "其他政府办公厅（室）及相关机构事务支出", 20120000, None, 20120000],
            [221, None, None, "住房保障支出", 3609125.22, 3609125.22, None],
            [221, "02", None, "住房改革支出", 3609125.22, 3609125.22, None],
            [221, "02", "01", "住房公积金", 1741445.22, 1741445.22, None],
            [221, "02", "03", "购房补贴", 1867680, 1867680, None],
            ["合计", None, None, None, 85705922.64, 19295922.64, 66410000],
        ],
    )
    _sheet(
        wb,
        "部门一般公共预算基本支出部门预算经济分类预算表",
        [
            ["经济分类科目编码", None, "经济分类科目名称", "合计", "人员经费", "公用经费"],
            ["类", "款"],
        ],
        [
            [301, None, "工资福利支出", 2540192, 2540192, None],
            [301, "01", "基本工资", 2540192, 2540192, None],
            [302, None, "商品和服务支出", 259400, None, 259400],
            [302, "01", "办公费", 259400, None, 259400],
            ["合计", None, None, 2799592, 2540192, 259400],
        ],
    )
    wb.save(path)


def test_bureau_workbook_one_sheet_per_table(tmp_path: Path) -> None:
    path = tmp_path / "bureau.xlsx"
    _workbook(path)
    result = parse_file(path)
    tables = result.disclosure.tables
    assert result.report.kind == "xlsx"
    t3 = tables["expenditure"]
    assert t3.value("2010302", "project") == Decimal("4614.00")
    assert t3.value("2010302", "basic") == Decimal("0.00")
    assert t3.value("2210203", "basic") == Decimal("186.77")
    assert t3.value("total", "total") == Decimal("8570.59")
    assert check_totals(t3) is True
    t6 = tables["general_budget_basic"]
    assert t6.value("30101", "personnel") == Decimal("254.02")
    assert t6.value("30201", "operating") == Decimal("25.94")
    assert {t.unit for t in result.report.tables if t.status == "found"} == {"元"}
    assert not [w for w in result.report.warnings if "无法唯一确定" in w]
