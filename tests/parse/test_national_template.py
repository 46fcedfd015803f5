"""A disclosure in the Ministry of Finance's reference template (部门预算公开参考格式).

Most regions print their tables after the national template rather than the seed's: 表2 by
source of funds (上年结转, 一般公共预算拨款收入 … 事业收入, 上级补助收入, 其他收入), 表3 with
上缴上级支出, 事业单位经营支出 and 对附属单位补助支出, the 三公 table as one row under a
two-level header, 表4's revenue lines numbered 一、（一）. ``data/national_template.txt`` is
such a document as PDF text (a fictitious department; every table adds up). The parser picks
these layouts by the words of each table's header, whatever the title, and the auditor checks
them: nothing false on the consistent document, a planted mistake at its row.

Its 表1 and 表4 print lines of the expenditure side that are no functional category: 表1
本年收入合计 | 本年支出合计, then 上年结转 | 结转下年 (labels only), then 收入总计 | 支出总计; 表4
一、本年收入 | 一、本年支出 above the categories (named, without codes), 二、结转下年 beside a
revenue line under 二、上年结转.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.audit import audit
from yusuan.audit.core import AuditReport, Status
from yusuan.parse import ParseResult, parse_text

TEXT = (Path(__file__).parent / "data" / "national_template.txt").read_text(encoding="utf-8")


def _parse(text: str = TEXT) -> ParseResult:
    return parse_text(text, "national_template.txt")


def _values(result: ParseResult, table: str, row: str) -> dict[str, Decimal | None]:
    found = result.disclosure.tables[table].row(row)
    assert found is not None, (table, row)
    return dict(found.values)


def _table_findings(report: AuditReport) -> list[str]:
    return [
        f"{f.rule} {f.message}"
        for f in report.findings
        if f.rule.startswith(("TBL", "XTB")) and f.severity != "info"
    ]


def test_revenue_columns_are_the_ones_its_header_prints_in_its_order() -> None:
    result = _parse()
    table = result.disclosure.tables["revenue"]
    assert table.columns == (
        "total",
        "carryover",
        "general_budget",
        "government_fund",
        "state_capital",
        "special_account",
        "business_income",
        "operating_income",
        "superior_subsidy",
        "affiliated_remittance",
        "other_income",
    )
    total = _values(result, "revenue", "total")
    assert (total["total"], total["general_budget"], total["business_income"]) == (
        Decimal("540.00"),
        Decimal("520.00"),
        Decimal("20.00"),
    )
    row = _values(result, "revenue", "2010502")
    assert (row["general_budget"], row["business_income"]) == (Decimal("80.00"), Decimal("20.00"))


def test_expenditure_prints_six_columns_and_the_three_public_table_one_row() -> None:
    result = _parse()
    assert result.disclosure.tables["expenditure"].columns == (
        "total",
        "basic",
        "project",
        "remittance",
        "operating",
        "subsidiary",
    )
    assert _values(result, "expenditure", "total")["project"] == Decimal("130.00")
    # numbered as the document prints it (表7 in this template, 表10 in the seed's)
    assert result.disclosure.tables["three_public"].number == 7
    assert result.disclosure.tables["fund_budget_expenditure"].number == 8
    three = {r.key: r.values.get("total") for r in result.disclosure.tables["three_public"].rows}
    assert three["total"] == Decimal("10.00")
    assert three["vehicles"] == three["vehicle_operation"] == Decimal("8.00")
    assert three["reception"] == Decimal("2.00")
    assert not three["overseas_travel"] and not three["vehicle_purchase"]


def test_the_three_public_row_reads_the_same_in_the_other_column_order() -> None:
    header = "合计 因公出国（境）费 公务用车购置及运行费 公务接待费\n"
    values = "\n10.00 8.00 8.00 2.00\n"
    assert TEXT.count(header) == 1 and TEXT.count(values) == 1

    def three(head: str, row: str) -> dict[str, Decimal | None]:
        text = TEXT.replace(header, head).replace(values, row)
        return {
            r.key: r.values.get("total")
            for r in _parse(text).disclosure.tables["three_public"].rows
        }

    as_printed = three(header, "\n11.00 1.00 8.00 8.00 2.00\n")
    swapped = three(
        "合计 因公出国（境）费 公务接待费 公务用车购置及运行费\n", "\n11.00 1.00 2.00 8.00 8.00\n"
    )
    assert as_printed == swapped
    assert (swapped["overseas_travel"], swapped["reception"]) == (Decimal("1.00"), Decimal("2.00"))


def test_the_consistent_document_gives_no_table_finding_and_the_rules_run() -> None:
    report = audit(_parse().disclosure)
    assert _table_findings(report) == []
    ran = {r.rule.id: r.status for r in report.results}
    for rule in (
        "TBL-SUM-040",
        "TBL-SUM-041",
        "XTB-015",
        "TBL-SUM-009",
        "XTB-005",  # 一、一般公共预算拨款收入 = 表2 一般公共预算拨款收入 合计
        "XTB-008",
        "XTB-034",  # 五、事业收入 = 表2 事业收入 合计
        "XTB-038",
        # 表1: 收入总计 = 本年收入合计 + 上年结转, 本年收入合计 = the lines above it, the
        # categories = 本年支出合计 = 表3 合计, 上年结转 = 表2 上年结转 合计
        "TBL-SUM-001",
        "TBL-SUM-002",
        "TBL-SUM-005",
        "TBL-SUM-006",
        "XTB-003",
        "XTB-033",
        # 表4: its revenue lines (一、本年收入, （一）…), each row's 合计 = its three columns
        # (一、本年支出 too), the categories = 一、本年支出, 表1's appropriations, 表5
        "TBL-SUM-014",
        "TBL-SUM-015",
        "TBL-SUM-016",
        "TBL-SUM-017",
        "TBL-SUM-018",
        "XTB-010",
        "XTB-011",
        "XTB-012",
        "XTB-032",
    ):
        assert ran[rule] is Status.passed, rule
    # the standard 表2/表3 identities cannot be checked on other columns: not run, not passed
    assert ran["TBL-SUM-007"] is Status.not_run
    assert ran["TBL-SUM-011"] is Status.not_run
    # 表2 prints its 上年结转 in one column (fiscal and other money together): not run
    assert ran["XTB-031"] is Status.not_run


def test_the_pair_tables_read_each_side_into_its_own_columns() -> None:
    tables = _parse().disclosure.tables
    overview = {r.key: r for r in tables["overview"].rows}
    # 上年结转 | 结转下年, labels only: a revenue line and an expenditure line, not one label
    carry = overview["rev:上年结转"]
    assert carry.texts["expenditure_label"] == "结转下年"
    assert (carry.values["revenue_amount"], carry.values["expenditure_amount"]) == (0, 0)
    assert not [k for k in overview if "结转下年" in k]
    # 本年收入合计 above 收入总计: the year's subtotal; the 总计 is the table's 合计
    year = overview["rev:本年收入合计"]
    assert (year.kind, year.texts["expenditure_label"]) == ("subtotal", "本年支出合计")
    assert overview["total"].label == "收入总计"
    fiscal = tables["fiscal_overview"]
    assert fiscal.columns == (
        "revenue_amount",
        "expenditure_total",
        "general_budget",
        "government_fund",
        "state_capital",
    )
    rows = {r.key: r for r in fiscal.rows}
    spent = rows["rev:一、本年收入"]
    assert spent.texts["expenditure_label"] == "一、本年支出"
    assert {c: v for c, v in spent.values.items() if v} == {
        "revenue_amount": Decimal("520.00"),
        "expenditure_total": Decimal("520.00"),
        "general_budget": Decimal("520.00"),
    }
    forward = [r for r in fiscal.rows if r.texts.get("expenditure_label") == "二、结转下年"]
    assert [r.texts["revenue_label"] for r in forward] == ["（一）一般公共预算拨款"]
    # the categories, printed by name, keep their codes
    assert [r.code for r in fiscal.rows if r.code] == ["201", "208", "210", "221"]


def _changed(changes: dict[str, str]) -> str:
    text = TEXT
    for old, new in changes.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


#: the document with 10.00 万元 of 一般公共预算 carried over from last year and spent on
#: 2010502 一般行政管理事务 (a project): every table still adds up
_CARRIED_OVER = {
    # 表1: 上年结转 and the year's expenditure 10.00 more, 本年收入合计 as it was
    "一、一般公共服务支出 430.00": "一、一般公共服务支出 440.00",
    "本年支出合计 540.00": "本年支出合计 550.00",
    "上年结转 结转下年": "上年结转 10.00 结转下年",
    "收入总计 540.00 支出总计 540.00": "收入总计 550.00 支出总计 550.00",
    # 表2: its 上年结转 column
    "合计 540.00 520.00 20.00": "合计 550.00 10.00 520.00 20.00",
    "201 一般公共服务支出 430.00 410.00 20.00": "201 一般公共服务支出 440.00 10.00 410.00 20.00",
    "20105 统计信息事务 430.00 410.00 20.00": "20105 统计信息事务 440.00 10.00 410.00 20.00",
    "一般行政管理事务 100.00 80.00 20.00": "一般行政管理事务 110.00 10.00 80.00 20.00",
    # 表3: 项目支出
    "合计 540.00 410.00 130.00": "合计 550.00 410.00 140.00",
    "201 一般公共服务支出 430.00 300.00 130.00": "201 一般公共服务支出 440.00 300.00 140.00",
    "20105 统计信息事务 430.00 300.00 130.00": "20105 统计信息事务 440.00 300.00 140.00",
    "2010502 一般行政管理事务 100.00 100.00": "2010502 一般行政管理事务 110.00 110.00",
    # 表4: 二、上年结转 （一）一般公共预算拨款, 一、本年支出 and its 一般公共服务支出
    "一、本年支出 520.00 520.00": "一、本年支出 530.00 530.00",
    "一般公共服务支出 410.00 410.00": "一般公共服务支出 420.00 420.00",
    "二、上年结转 住房保障支出": "二、上年结转 10.00 住房保障支出",
    "（一）一般公共预算拨款 二、结转下年": "（一）一般公共预算拨款 10.00 二、结转下年",
    "收入总计 520.00 支出总计 520.00 520.00": "收入总计 530.00 支出总计 530.00 530.00",
}


def test_carryover_is_read_on_both_sides_and_the_tables_still_add_up() -> None:
    result = _parse(_changed(_CARRIED_OVER))
    carry = _values(result, "overview", "rev:上年结转")
    assert carry["revenue_amount"] == Decimal("10.00")
    assert _values(result, "overview", "total")["revenue_amount"] == Decimal("550.00")
    assert _values(result, "overview", "rev:本年收入合计")["expenditure_amount"] == Decimal(
        "550.00"
    )
    report = audit(result.disclosure)
    # before: 收入总计 ≠ 支出总计 and 表2 合计 ≠ 表1's, the 合计 row being 本年收入合计
    assert _table_findings(report) == []
    ran = {r.rule.id: r.status for r in report.results}
    for rule in ("TBL-SUM-001", "TBL-SUM-005", "TBL-SUM-006", "TBL-SUM-014", "TBL-SUM-015"):
        assert ran[rule] is Status.passed, rule
    for rule in ("TBL-SUM-017", "XTB-001", "XTB-003", "XTB-010", "XTB-011", "XTB-033"):
        assert ran[rule] is Status.passed, rule
    # 表5 shows the year's appropriation only: with money carried over it cannot be compared
    assert ran["XTB-012"] is Status.not_applicable
    assert ran["XTB-032"] is Status.not_applicable


@pytest.mark.parametrize(
    "forward",
    [
        # beside the revenue line, as the template prints it
        {"预算拨款 二、结转下年": "预算拨款 10.00 二、结转下年 10.00 10.00"},
        # on a line of its own, below the revenue lines
        {
            "预算拨款 二、结转下年": "预算拨款 10.00",
            "经营预算拨款\n收入总计": "经营预算拨款\n二、结转下年 10.00 10.00\n收入总计",
        },
    ],
)
def test_the_amounts_carried_forward_are_read_beside_the_years_expenditure(
    forward: dict[str, str],
) -> None:
    changes = {
        "二、上年结转 住房保障支出": "二、上年结转 10.00 住房保障支出",
        "收入总计 520.00 支出总计 520.00 520.00": "收入总计 530.00 支出总计 530.00 530.00",
        **forward,
    }
    result = _parse(_changed(changes))
    fiscal = result.disclosure.tables["fiscal_overview"]
    rows = [r for r in fiscal.rows if r.texts.get("expenditure_label") == "二、结转下年"]
    assert [{c: v for c, v in r.values.items() if v and c != "revenue_amount"} for r in rows] == [
        {"expenditure_total": Decimal("10.00"), "general_budget": Decimal("10.00")}
    ]
    assert not [w for w in result.report.warnings if w.startswith("表4")]
    report = audit(result.disclosure)
    ran = {r.rule.id: r.status for r in report.results}
    # 支出总计 = 一、本年支出 + 二、结转下年; the categories add up to 一、本年支出
    for rule in ("TBL-SUM-014", "TBL-SUM-015", "TBL-SUM-016", "TBL-SUM-017", "TBL-SUM-018"):
        assert ran[rule] is Status.passed, rule
    assert [f for f in _table_findings(report) if "表4" in f] == []


@pytest.mark.parametrize(
    ("old", "new", "rule", "table", "row"),
    [
        # 表2: 事业收入 of one 项 raised (the row still adds up): its 款 no longer does
        (
            "2010502 一般行政管理事务 100.00 80.00 20.00",
            "2010502 一般行政管理事务 105.00 80.00 25.00",
            "TBL-SUM-009",
            2,
            "20105",
        ),
        # 表1: its 事业收入 line says otherwise than 表2's 事业收入 合计 (and 本年收入合计)
        ("五、事业收入 20.00", "五、事业收入 25.00", "XTB-034", 2, "total"),
        ("五、事业收入 20.00", "五、事业收入 25.00", "TBL-SUM-002", 1, "rev:本年收入合计"),
        # 表1: 上年结转 printed with an amount the 收入总计 does not count
        ("上年结转 结转下年", "上年结转 10.00 结转下年", "TBL-SUM-001", 1, "total"),
        # 表1: 本年支出合计 is not the sum of the categories
        (
            "本年收入合计 540.00 本年支出合计 540.00",
            "本年收入合计 540.00 本年支出合计 545.00",
            "TBL-SUM-005",
            1,
            "rev:本年收入合计",
        ),
        # 表4: 一、本年收入 is not 表1's three appropriations
        ("一、本年收入 520.00", "一、本年收入 525.00", "XTB-010", 4, "rev:一、本年收入"),
        # 表4: 一、本年支出 is not the sum of the categories, or its 合计 not its columns'
        (
            "一、本年支出 520.00 520.00",
            "一、本年支出 530.00 530.00",
            "TBL-SUM-017",
            4,
            "rev:一、本年收入",
        ),
        (
            "一、本年支出 520.00 520.00",
            "一、本年支出 530.00 520.00",
            "TBL-SUM-016",
            4,
            "rev:一、本年收入",
        ),
        # 表4: its 一般公共预算 line is not 表1's, nor 表5's 合计
        (
            "（一）一般公共预算拨款 520.00",
            "（一）一般公共预算拨款 525.00",
            "XTB-011",
            4,
            "rev:（一）一般公共预算拨款",
        ),
        (
            "（一）一般公共预算拨款 520.00",
            "（一）一般公共预算拨款 525.00",
            "XTB-032",
            4,
            "rev:（一）一般公共预算拨款",
        ),
        # 表6: 公务接待费 in 基本支出 above what the one-row 三公 table (合计 only) states
        ("30217 公务接待费 2.00 2.00", "30217 公务接待费 3.00 3.00", "XTB-025", 7, "reception"),
        # 表5: one 项 raised in 合计 and 基本支出: its 款 no longer adds up
        (
            "2010501 行政运行 300.00 300.00\n2010502 一般行政管理事务 80.00",
            "2010501 行政运行 310.00 310.00\n2010502 一般行政管理事务 80.00",
            "TBL-SUM-020",
            5,
            "20105",
        ),
    ],
)
def test_a_planted_mistake_is_found_at_its_row(
    old: str, new: str, rule: str, table: int, row: str
) -> None:
    assert TEXT.count(old) == 1
    report = audit(_parse(TEXT.replace(old, new)).disclosure)
    at = {(f.rule, f.location.table, f.location.row) for f in report.findings}
    assert (rule, table, row) in at, sorted(at)


#: 表2 and 表3 of the template as a bureau prints them: every cell of a ruled grid, blank
#: cells empty, the narrow columns' labels wrapped over two or three lines (事业收 / 入)
_HEADERS = {
    "revenue": (
        2,
        "部门收入总表",
        "科目编码 科目名称 合计 上年结转 一般公共预算拨款收入 政府性基金预算拨款收入 "
        "国有资本经营预算拨款收入 财政专户管理资金收入 事业收入 事业单位经营收入 上级补助收入 "
        "附属单位上缴收入 其他收入",
    ),
    "expenditure": (
        3,
        "部门支出总表",
        "科目编码 科目名称 合计 基本支出 项目支出 上缴上级支出 事业单位经营支出 对附属单位补助支出",
    ),
}


def _grid_pdf(result: ParseResult) -> bytes:
    from weasyprint import HTML

    def amount(v: Decimal | None) -> str:
        return f"{v:,.2f}" if v else ""

    html = [
        '<html><head><meta charset="utf-8"><style>@page{size:A4 landscape;margin:1.5cm}'
        "body{font-size:9pt} table{border-collapse:collapse;width:100%;page-break-after:always}"
        "td,th{border:0.5pt solid #000;padding:2pt;font-weight:normal} td.n{text-align:right}"
        "</style></head><body>"
    ]
    for key, (number, title, header) in _HEADERS.items():
        table = result.disclosure.tables[key]
        html.append(f"<p>表{number}</p><h2>{title}</h2><p>部门：示例市统计局 单位：万元</p>")
        html.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in header.split()) + "</tr>")
        for row in table.rows:
            head = (
                f"<td>{row.code}</td><td>{row.label}</td>"
                if row.code
                else "<td colspan=2>合计</td>"
            )
            cells = "".join(
                f'<td class="n">{amount(row.values.get(c))}</td>' for c in table.columns
            )
            html.append(f"<tr>{head}{cells}</tr>")
        html.append("</table>")
    pdf: bytes = HTML(string="".join(html) + "</body></html>").write_pdf()
    return pdf


def test_the_template_printed_as_a_pdf_with_wrapped_headers_reads_the_same(tmp_path: Path) -> None:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    from yusuan.parse import parse_file
    from yusuan.parse.pdf import pdf_text

    text = _parse()
    pdf = tmp_path / "national_template.pdf"
    pdf.write_bytes(_grid_pdf(text))
    # the labels do wrap: the PDF's own text holds 事业收 and 入 on lines of their own
    pages = pdfium.PdfDocument(pdf.read_bytes())
    raw = "".join(pages[i].get_textpage().get_text_range() for i in range(len(pages)))
    assert "事业收\r\n入" in raw and "事业收入" not in raw
    assert "科目编码 科目名称 合计 上年结转" in pdf_text(pdf.read_bytes(), pdf.name)[0]
    read = parse_file(pdf)
    for key in _HEADERS:
        got, want = read.disclosure.tables[key], text.disclosure.tables[key]
        assert got.columns == want.columns, key
        assert [(r.key, {c: v for c, v in r.values.items() if v}) for r in got.rows] == [
            (r.key, {c: v for c, v in r.values.items() if v}) for r in want.rows
        ], key
    assert not [w for w in read.report.warnings if w.startswith(("表2", "表3"))]


def test_the_template_as_a_bureau_workbook_reads_the_same(tmp_path: Path) -> None:
    """One sheet per table, the header's labels in cells, blank cells for zeros."""
    from openpyxl import Workbook

    from yusuan.parse import parse_file

    text = _parse()
    wb = Workbook()
    wb.remove(wb.active)
    for key, (number, title, header) in _HEADERS.items():
        table = text.disclosure.tables[key]
        ws = wb.create_sheet(f"表{number}")
        ws.append([title])
        ws.append(["部门：示例市统计局", None, None, "单位：万元"])
        ws.append(header.split())
        for row in table.rows:
            head: list[object] = [row.code, row.label] if row.code else ["合计", None]
            ws.append(head + [float(v) if v else None for v in map(row.values.get, table.columns)])
    path = tmp_path / "national_template.xlsx"
    wb.save(path)
    read = parse_file(path)
    for key in _HEADERS:
        got, want = read.disclosure.tables[key], text.disclosure.tables[key]
        assert got.columns == want.columns, key
        assert [(r.key, {c: v for c, v in r.values.items() if v}) for r in got.rows] == [
            (r.key, {c: v for c, v in r.values.items() if v}) for r in want.rows
        ], key


def _pair_lines(title: str) -> list[list[str]]:
    """The lines of 表1 or 表4 below its header, as cells: revenue label, its amount, the
    expenditure side's label, its amounts (labels hold no space; blank cells are empty)."""
    lines = TEXT.split("\n")
    start = lines.index(title) + 4  # the 部门 line, 收入 支出, the column labels
    out = []
    for line in lines[start:]:
        if line.startswith("表"):
            break
        words = line.split()
        row = [words.pop(0)]
        row.append(words.pop(0) if words and words[0][0].isdigit() else "")
        row.append(words.pop(0) if words else "")
        out.append(row + words)
    return out


def _pair_pdf() -> bytes:
    """表1 and 表4 of the template as a ruled grid on A5 pages: 表4's labels wrap (一、本年支
    / 出, （一）一般公共预 / 算拨款)."""
    from weasyprint import HTML

    html = [
        '<html><head><meta charset="utf-8"><style>@page{size:A5 portrait;margin:1cm}'
        "body{font-size:9pt} table{border-collapse:collapse;width:100%;page-break-after:always}"
        "td,th{border:0.5pt solid #000;padding:2pt;font-weight:normal} td.n{text-align:right}"
        "</style></head><body>"
    ]
    for number, title, right in (
        (1, "部门收支总表", ["预算数"]),
        (4, "财政拨款收支总表", ["合计", "一般公共预算", "政府性基金预算", "国有资本经营预算"]),
    ):
        html.append(f"<p>表{number}</p><h2>{title}</h2><p>部门：示例市统计局 单位：万元</p>")
        html.append(
            f"<table><tr><th colspan=2>收入</th><th colspan={len(right) + 1}>支出</th></tr>"
        )
        html.append("".join(f"<th>{h}</th>" for h in ["项目", "预算数", "项目", *right]))
        for row in _pair_lines(title):
            amounts = row[3:] + [""] * (len(right) - len(row[3:]))
            cells = [f"<td>{row[0]}</td>", f'<td class="n">{row[1]}</td>', f"<td>{row[2]}</td>"]
            cells += [f'<td class="n">{a}</td>' for a in amounts]
            html.append(f"<tr>{''.join(cells)}</tr>")
        html.append("</table>")
    pdf: bytes = HTML(string="".join(html) + "</body></html>").write_pdf()
    return pdf


def test_the_pair_tables_printed_as_a_pdf_with_wrapped_labels_read_as_from_the_text(
    tmp_path: Path,
) -> None:
    import pypdfium2 as pdfium

    from yusuan.parse import parse_file

    pdf = tmp_path / "pairs.pdf"
    pdf.write_bytes(_pair_pdf())
    pages = pdfium.PdfDocument(pdf.read_bytes())
    raw = "".join(pages[i].get_textpage().get_text_range() for i in range(len(pages)))
    assert "一、本年支\r\n出" in raw  # the labels do wrap
    read, text = parse_file(pdf).disclosure.tables, _parse().disclosure.tables
    for key in ("overview", "fiscal_overview"):
        assert read[key].columns == text[key].columns, key
        assert [(r.key, r.kind, r.texts, r.values) for r in read[key].rows] == [
            (r.key, r.kind, r.texts, r.values) for r in text[key].rows
        ], key
