"""False findings the auditor reported on real documents, traced to the parser."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.model.disclosure import StatedTable
from yusuan.parse import check_totals, parse_file, parse_text

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
PUTUO_2025 = CORPUS / "shanghai-putuo_gov-office_2025_dept-budget.pdfplumber.txt"


def test_tables_in_yuan_add_up_exactly_when_kept_exact() -> None:
    """Putuo prints its tables in 元; they add up to the 元.  Rounded per cell, 表6's 301
    misses its 款 by 0.01; kept exact, every table adds up with no tolerance."""
    rounded = parse_file(PUTUO_2025)
    exact = parse_file(PUTUO_2025, exact=True)
    t6_rounded = rounded.disclosure.tables["general_budget_basic"]
    assert check_totals(t6_rounded, rounding=False) is False
    for table in exact.disclosure.tables.values():
        assert check_totals(table, rounding=False) is not False, table.key
    t6 = exact.disclosure.tables["general_budget_basic"]
    row = t6.row("301")
    assert row is not None
    kids = [r for r in t6.rows if r.code and len(r.code) == 5 and r.code.startswith("301")]
    total = row.values["total"]
    assert total is not None
    assert total == sum((r.values["total"] or Decimal(0) for r in kids), Decimal(0))
    assert total != total.quantize(Decimal("0.01"))  # 元 kept: more than two decimals
    # the rebuilt budget holds cents (Money), rounded half-up, and says so
    budget = exact.disclosure.budget
    assert budget is not None
    assert all(line.amount == line.amount.quantize(Decimal("0.01")) for line in budget.basic)
    assert any("四舍五入到万元两位小数" in w for w in exact.report.warnings)


DATA = Path(__file__).resolve().parent / "data"


def test_project_names_split_from_subject_names_the_document_prints(tmp_path: Path) -> None:
    """项 declared under ``codes:`` (not in the catalog): 表7's name column is split from the
    project column by the name 表3/表5 print for that code, not joined onto the project."""
    pytest.importorskip("weasyprint")
    from yusuan.model.load import load_budget
    from yusuan.render.pdf import write_pdf

    budget = load_budget(DATA / "carry.yaml")
    path = tmp_path / "carry.pdf"
    write_pdf(budget, path)
    result = parse_file(path)
    t7 = result.disclosure.tables["general_budget_projects"]
    projects = {r.code: r.label for r in t7.rows if r.kind == "project"}
    assert projects == {"2130153": "高标准农田建设", "2130108": "动物防疫补助"}
    assert not [w for w in result.report.warnings if "科目名称与科目表不符" in w]
    explained = {p.name for p in result.disclosure.projects}
    assert set(projects.values()) <= explained


def test_own_pdf_of_an_institution_without_three_public_money(tmp_path: Path) -> None:
    """A 事业单位 with no 三公 money, its performance table printed one cell per column: the
    parser reads “没有……“三公”经费支出” as 0, the unit kind from “为事业单位”, and the
    project's funds (80.00 / 80.00 / 0.00) from under their header."""
    pytest.importorskip("weasyprint")
    from yusuan.model.budget import UnitKind
    from yusuan.model.load import load_budget
    from yusuan.render.pdf import write_pdf

    path = tmp_path / "school.pdf"
    write_pdf(load_budget(DATA / "school.yaml"), path)
    result = parse_file(path)
    d = result.disclosure
    three = [c.value for c in d.claims if c.topic == "three_public.total.amount"]
    assert three and all(Decimal(str(v)) == 0 for v in three)
    assert d.budget is not None
    assert d.budget.department.kind is UnitKind.institution
    [perf] = d.performance
    assert (perf.total, perf.fiscal, perf.other) == (
        Decimal("80.00"),
        Decimal("80.00"),
        Decimal("0.00"),
    )


@pytest.mark.parametrize(
    ("name", "department"),
    [
        (
            "jiangsu_provincial-npc-standing-committee_2019_dept-budget_narrative.pdf",
            "江苏省人大常委会办公厅",
        ),
        (
            "shanghai-putuo_cpc-social-work-dept_2024_final-accounts.pdf",
            "中共上海市普陀区委社会工作部",
        ),
        (
            "shanghai-putuo_cpc-social-work-dept_2024_final-accounts.pdfplumber.txt",
            "中共上海市普陀区委社会工作部",
        ),
    ],
)
def test_department_named_by_the_title(name: str, department: str) -> None:
    """No 编制部门 line in any table: the cover and part titles name the department."""
    result = parse_file(CORPUS / name)
    assert result.disclosure.department == department
    assert not [w for w in result.report.warnings if "未能识别部门名称" in w]


def test_department_absent_is_a_warning_not_a_failure() -> None:
    text = PUTUO_2025.read_text("utf-8").replace("上海市普陀区人民政府办公室", "")
    result = parse_text(text, "anonymous.txt")
    assert result.disclosure.department is None
    assert result.disclosure.tables
    assert any("未能识别部门名称" in w for w in result.report.warnings)


def test_basic_expenditure_sentence_is_not_the_total() -> None:
    """Jiangsu: “…一般公共预算财政拨款\n基本支出预算9312.9万元，其中” is 基本支出, not
    支出预算合计 (18,330.37)."""
    path = CORPUS / "jiangsu_provincial-npc-standing-committee_2019_dept-budget.pdfplumber.txt"
    claims = parse_file(path).disclosure.claims
    totals = {c.value for c in claims if c.topic == "expenditure.total"}
    assert totals == {Decimal("18330.37")}


@pytest.mark.parametrize("suffix", [".pdfplumber.txt", ".pdf"])
def test_shanghai_three_public_columns_in_printed_order(suffix: str) -> None:
    """Shanghai budgets print 合计 | 因公出国 | 公务接待费 | 公务用车 (小计 购置 运行) |
    机关运行经费; Wanli fills all seven (the prose confirms: 接待 1.35, 用车 46.56 = 25 + 21.56)."""
    path = CORPUS / f"shanghai-putuo_wanli-street-office_2024_dept-budget{suffix}"
    t10 = parse_file(path).disclosure.tables["three_public"]
    got = {r.key: r.values["total"] for r in t10.rows}
    assert got == {
        "total": Decimal("47.91"),
        "overseas_travel": Decimal("0.00"),
        "reception": Decimal("1.35"),
        "vehicles": Decimal("46.56"),
        "vehicle_purchase": Decimal("25.00"),
        "vehicle_operation": Decimal("21.56"),
        "office_running_costs": Decimal("443.18"),
    }


def test_final_accounts_pdf_side_by_side_table_reads_as_its_text() -> None:
    """决算 表6 in the PDF: “科目编码301 …” glued to the header and “0.0010.23” (two amounts
    without a gap) on the totals line; read back it equals the pdfplumber text's table."""
    stem = "shanghai-putuo_cpc-social-work-dept_2024_final-accounts"
    from_pdf = parse_file(CORPUS / f"{stem}.pdf").disclosure.tables["general_budget_basic"]
    from_txt = parse_file(CORPUS / f"{stem}.pdfplumber.txt").disclosure.tables[
        "general_budget_basic"
    ]

    def rows(t: StatedTable) -> list[tuple[str, str | None, Decimal | None]]:
        return sorted((r.key, r.code, r.values.get("total")) for r in t.rows)

    assert rows(from_pdf) == rows(from_txt)
    assert {"301", "302", "303", "310"} <= {r.key for r in from_pdf.rows}
    assert check_totals(from_pdf) is True  # 决算 cells are each rounded from 元


@pytest.mark.parametrize("suffix", [".pdfplumber.txt", ".pdf"])
def test_final_accounts_grand_total_line_keeps_both_sides(suffix: str) -> None:
    """决算 表4 “总计 307.82 总计 307.82 307.82”: the first 总计 is the revenue side."""
    path = CORPUS / f"shanghai-putuo_cpc-social-work-dept_2024_final-accounts{suffix}"
    t4 = parse_file(path).disclosure.tables["fiscal_overview"]
    grand = [r for r in t4.rows if r.kind == "total" and r.label == "总计"]
    assert len(grand) == 1
    v = grand[0].values
    assert (v["revenue_amount"], v["expenditure_total"], v["general_budget"]) == (
        Decimal("307.82"),
        Decimal("307.82"),
        Decimal("307.82"),
    )


def test_final_accounts_no_three_public_sentence_is_a_zero_claim() -> None:
    """“…2024 年度无“三公”经费财政\n拨款支出。” states the 三公 total: 0."""
    path = CORPUS / "shanghai-putuo_cpc-social-work-dept_2024_final-accounts.pdfplumber.txt"
    claims = parse_file(path).disclosure.claims
    values = [c.value for c in claims if c.topic == "three_public.total.amount"]
    assert values and all(Decimal(str(v)) == 0 for v in values)
