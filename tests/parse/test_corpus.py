"""The corpus of real disclosures (three more layouts): every table found adds up."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.parse import ParseResult, check_totals, parse_file

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

TEXTS = sorted(CORPUS.glob("*.pdfplumber.txt"))
PDFS = sorted(CORPUS.glob("*.pdf"))
_cache: dict[Path, ParseResult] = {}


def _parse(path: Path) -> ParseResult:
    if path not in _cache:
        _cache[path] = parse_file(path)
    return _cache[path]


@pytest.mark.parametrize("path", TEXTS + PDFS, ids=lambda p: p.name)
def test_tables_satisfy_their_own_totals(path: Path) -> None:
    result = _parse(path)
    tables = result.disclosure.tables
    if "narrative" in path.name:
        assert not tables  # the Jiangsu narrative PDF holds prose only
        return
    assert len(tables) >= 9
    for table in tables.values():
        assert check_totals(table) is not False, (path.name, table.key)
    assert all(t.totals_ok is not False for t in result.report.tables)


@pytest.mark.parametrize("path", TEXTS + PDFS, ids=lambda p: p.name)
def test_unplaced_list_is_short_and_never_a_table_cell(path: Path) -> None:
    result = _parse(path)
    report = result.report
    # prose this vocabulary has no topic for (决算 comparisons, Jiangsu reasons) stays listed
    assert len(report.unplaced) <= 60, [u.context for u in report.unplaced]
    table_lines = {
        r.line for t in result.disclosure.tables.values() for r in t.rows if r.line is not None
    }
    assert not [u for u in report.unplaced if u.line in table_lines]


def test_units_in_yuan_are_normalised_to_wanyuan() -> None:
    result = _parse(CORPUS / "shanghai-putuo_gov-office_2025_dept-budget.pdfplumber.txt")
    overview = result.disclosure.tables["overview"]
    total = overview.row("total")
    assert total is not None
    # printed: 收入总计 91,016,775.35 元
    assert total.values["revenue_amount"] == Decimal("9101.68")
    assert {s.unit for s in result.report.tables if s.key == "overview"} == {"元"}
    basic = result.disclosure.tables["general_budget_basic"].row("total")
    assert basic is not None and basic.values["operating"] == Decimal("213.28")
    three = result.disclosure.tables["three_public"]
    assert three.value("overseas_travel", "total") == Decimal("839.00")
    assert three.value("reception", "total") == Decimal("28.50")
    assert three.value("office_running_costs", "total") == Decimal("213.28")


def test_empty_tables_keep_their_note() -> None:
    result = _parse(CORPUS / "shanghai-putuo_gov-office_2025_dept-budget.pdfplumber.txt")
    status = {t.key: t for t in result.report.tables}
    assert status["fund_budget_expenditure"].status == "empty_with_note"
    assert "空表" in (status["fund_budget_expenditure"].note or "")


def test_final_accounts_side_by_side_economic_list() -> None:
    result = _parse(
        CORPUS / "shanghai-putuo_cpc-social-work-dept_2024_final-accounts.pdfplumber.txt"
    )
    basic = result.disclosure.tables["general_budget_basic"]
    assert basic.value("30101", "total") == Decimal("14.12")
    assert basic.value("30201", "total") == Decimal("3.78")
    assert basic.value("30108", "total") == Decimal("6.18")  # name wrapped around the code


def test_jiangsu_rotated_table_pages_read_from_the_pdf() -> None:
    result = _parse(
        CORPUS / "jiangsu_provincial-npc-standing-committee_2019_dept-budget_tables.pdf"
    )
    t5 = result.disclosure.tables["general_budget_expenditure"]
    assert t5.value("2010101", "total") == Decimal("7448.20")
    assert t5.value("total", "total") == Decimal("18330.37")
    three = result.disclosure.tables["three_public"]
    assert three.value("total", "total") == Decimal("767.60")
    assert three.value("vehicle_purchase", "total") == Decimal("0.00")
    assert three.value("meetings", "total") == Decimal("1469.73")


def test_pdf_and_its_text_agree() -> None:
    name = "shanghai-putuo_wanli-street-office_2024_dept-budget"
    a = _parse(CORPUS / f"{name}.pdf").disclosure.tables
    b = _parse(CORPUS / f"{name}.pdfplumber.txt").disclosure.tables
    assert a.keys() == b.keys()
    for key in a:
        va = {r.key: r.values for r in a[key].rows}
        vb = {r.key: r.values for r in b[key].rows}
        assert va == vb, key
