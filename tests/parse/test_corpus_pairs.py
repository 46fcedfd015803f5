"""表1/表4 of the corpus's real documents, in their own wordings of the 收支总表 lines.

The Ministry of Finance's template prints 本年收入合计 | 本年支出合计, 上年结转 | 结转下年 and
收入总计 | 支出总计 (tests/parse/test_national_template.py).  The real documents word the same
kinds of line otherwise: Jiangsu 2019 当年收入小计 | 当年支出小计, `上年结转资金 结转下年资金`
(labels only), 收入合计 | 支出合计, and a 支出用途 column (基本支出, 项目支出, 单位预留机动经费);
the Shanghai 决算 本年收入合计 | 本年支出合计, `使用非财政拨款结余 结余分配`,
`年初结转和结余 年末结转和结余`, 总计 | 总计 (表4: 年初/年末财政拨款结转和结余, with the
appropriations carried over numbered 一、二、三、 below it); the Shanghai budgets
1.一般公共预算资金 (表4: 一、一般公共预算资金).  Each line is read as what it is, on the text
and on the PDF, and the audit's 表1/表4 rules run on it: they pass on the documents as
published and find a mistake planted in one of these lines at that line.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from yusuan.audit import audit
from yusuan.audit.core import AuditReport, Finding, Status
from yusuan.model.disclosure import StatedRow, StatedTable
from yusuan.parse import ParseResult, parse_file, parse_text

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
JIANGSU = "jiangsu_provincial-npc-standing-committee_2019_dept-budget"
JIANGSU_TEXT = CORPUS / f"{JIANGSU}.pdfplumber.txt"
JIANGSU_PDF = CORPUS / f"{JIANGSU}_tables.pdf"
FINAL = "shanghai-putuo_cpc-social-work-dept_2024_final-accounts"
FINAL_TEXT = CORPUS / f"{FINAL}.pdfplumber.txt"
FINAL_PDF = CORPUS / f"{FINAL}.pdf"
GOV_OFFICE = "shanghai-putuo_gov-office_2025_dept-budget"
WANLI = "shanghai-putuo_wanli-street-office_2024_dept-budget"

pytestmark = pytest.mark.skipif(not CORPUS.exists(), reason="corpus not present")


@cache
def _parsed(path: Path) -> ParseResult:
    return parse_file(path, exact=True)


@cache
def _audited(path: Path) -> AuditReport:
    return audit(_parsed(path).disclosure)


def _changed(path: Path, changes: dict[str, str]) -> AuditReport:
    """The audit of ``path``'s text with each of ``changes`` made once."""
    text = path.read_text(encoding="utf-8")
    for old, new in changes.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return audit(parse_text(text, path.name, exact=True).disclosure)


def _lines(table: StatedTable) -> list[tuple[str, str, str | None, str | None]]:
    """The rows that are no category: key, kind, revenue and expenditure labels."""
    return [
        (r.key, r.kind, r.texts.get("revenue_label"), r.texts.get("expenditure_label"))
        for r in table.rows
        if not r.code
    ]


def _row(table: StatedTable, key: str) -> StatedRow:
    row = table.row(key)
    assert row is not None, key
    return row


def _status(report: AuditReport, *rules: str) -> dict[str, Status]:
    return {rule: report.result(rule).status for rule in rules}


def _table_findings(report: AuditReport) -> list[Finding]:
    return [
        f
        for f in report.findings
        if f.rule.startswith(("TBL", "XTB")) and f.severity.value != "info"
    ]


# ------------------------------------------------------------------ Jiangsu 2019
@pytest.mark.parametrize("path", [JIANGSU_TEXT, JIANGSU_PDF], ids=["text", "pdf"])
def test_jiangsu_overview_reads_its_subtotal_and_the_carry_lines(path: Path) -> None:
    overview = _parsed(path).disclosure.tables["overview"]
    # before: 当年收入小计 was the table's 合计 (收入合计 a second one, total#N) and
    # 上年结转资金结转下年资金 one revenue line
    assert _lines(overview)[-3:] == [
        ("rev:当年收入小计", "subtotal", "当年收入小计", "当年支出小计"),
        ("rev:上年结转资金", "item", "上年结转资金", "结转下年资金"),
        ("total", "total", "收入合计", None),
    ]
    assert _row(overview, "total").values["revenue_amount"] == Decimal("18330.37")
    # `2.政府性基金预算 三、国防支出 三、单位预留机动经费 2,557.89`: three cells, 203 among
    # the categories (before, 国防支出 was part of the 支出用途 label)
    defence = next(r for r in overview.rows if r.code == "203")
    assert defence.texts["revenue_label"] == "2.政府性基金预算"
    assert defence.texts["use_label"] == "三、单位预留机动经费"
    assert defence.values["use_amount"] == Decimal("2557.89")


@pytest.mark.parametrize("path", [JIANGSU_TEXT, JIANGSU_PDF], ids=["text", "pdf"])
def test_jiangsu_fiscal_overview_keeps_its_use_line_off_the_revenue_side(path: Path) -> None:
    fiscal = _parsed(path).disclosure.tables["fiscal_overview"]
    # `三、单位预留机动经费 2,557.89` prints only the 支出用途 cell: not a revenue line
    use = _row(fiscal, "use:三、单位预留机动经费")
    assert use.values.get("revenue_amount") is None
    assert use.values["use_amount"] == Decimal("2557.89")
    revenue = [r for r in fiscal.rows if r.key.startswith("rev:")]
    assert [r.key for r in revenue] == ["rev:一、一般公共预算", "rev:二、政府性基金预算"]
    uses = sum((r.values.get("use_amount") or Decimal(0) for r in fiscal.rows), Decimal(0))
    assert uses == _row(fiscal, "total").values["expenditure_amount"]  # 支出合计 18,330.37


@pytest.mark.parametrize("path", [JIANGSU_TEXT, JIANGSU_PDF], ids=["text", "pdf"])
def test_jiangsu_tables_1_and_4_rules_run_and_pass(path: Path) -> None:
    report = _audited(path)
    ran = _status(report, "TBL-SUM-001", "TBL-SUM-002", "TBL-SUM-005", "TBL-SUM-006", "TBL-SUM-018")
    assert set(ran.values()) == {Status.passed}, ran
    assert _status(report, "XTB-003", "XTB-011") == {
        "XTB-003": Status.passed,  # 当年支出小计 = 表3 合计
        "XTB-011": Status.passed,  # 表4 一、一般公共预算 = 表1 1.一般公共预算
    }
    # 表4 prints 支出用途, no functional category: nothing to add up (it had passed on nothing)
    assert report.result("TBL-SUM-017").status is Status.not_run
    assert _table_findings(report) == []


def test_jiangsu_carry_lines_planted_amounts_are_found_at_the_total() -> None:
    # 上年结转资金 printed with 100.00 the 收入合计 does not count (before: not looked at)
    report = _changed(
        JIANGSU_TEXT, {"上年结转资金 结转下年资金": "上年结转资金 100.00 结转下年资金"}
    )
    found = report.result("TBL-SUM-001").findings
    assert [(f.location.table, f.location.row, f.expected) for f in found] == [
        (1, "total", "18,430.37")
    ]
    # 结转下年资金 printed with 100.00 the 支出合计 does not count
    report = _changed(
        JIANGSU_TEXT, {"上年结转资金 结转下年资金": "上年结转资金 结转下年资金 100.00"}
    )
    found = report.result("TBL-SUM-005").findings
    assert [(f.location.row, f.location.column) for f in found] == [("total", "expenditure_amount")]
    # 当年收入小计 short of its lines: found at it, and 收入合计 then exceeds it
    report = _changed(
        JIANGSU_TEXT,
        {"当年收入小计 18,330.37": "当年收入小计 18,330.00"},
    )
    assert [f.location.row for f in report.result("TBL-SUM-002").findings] == ["rev:当年收入小计"]
    assert [f.location.row for f in report.result("TBL-SUM-001").findings] == ["total"]


# ------------------------------------------------------------------ Shanghai 决算 2024
@pytest.mark.parametrize("path", [FINAL_TEXT, FINAL_PDF], ids=["text", "pdf"])
def test_final_accounts_overview_last_rows(path: Path) -> None:
    overview = _parsed(path).disclosure.tables["overview"]
    # before: 本年收入合计 the 合计, a row rev:总计 (text) or the three label rows joined into
    # one with 307.82 (PDF), the note a revenue line, and 总计 a 支出用途 column
    assert _lines(overview)[-4:] == [
        ("rev:本年收入合计", "subtotal", "本年收入合计", "本年支出合计"),
        ("rev:使用非财政拨款结余", "item", "使用非财政拨款结余", "结余分配"),
        ("rev:年初结转和结余", "item", "年初结转和结余", "年末结转和结余"),
        ("total", "total", "总计", None),
    ]
    assert "use_amount" not in overview.columns
    total = _row(overview, "total").values
    assert (total["revenue_amount"], total["expenditure_amount"]) == (
        Decimal("307.82"),
        Decimal("307.82"),
    )
    if path.suffix == ".pdf":  # the three rows printed below 本年收入合计 are three lines
        lines = _parsed(path).disclosure.text_lines
        at = lines.index("使用非财政拨款结余 结余分配")
        assert list(lines[at + 1 : at + 3]) == [
            "年初结转和结余 年末结转和结余",
            "总计 307.82 总计 307.82",
        ]


@pytest.mark.parametrize("path", [FINAL_TEXT, FINAL_PDF], ids=["text", "pdf"])
def test_final_accounts_fiscal_overview_lines(path: Path) -> None:
    fiscal = _parsed(path).disclosure.tables["fiscal_overview"]
    lines = _lines(fiscal)
    assert lines[0] == ("rev:本年收入合计", "subtotal", "本年收入合计", "本年支出合计")
    assert lines[1] == (
        "rev:年初财政拨款结转和结余",
        "item",
        "年初财政拨款结转和结余",
        "年末财政拨款结转和结余",
    )
    assert lines[-1] == ("total", "total", "总计", None)  # the note below it is no line
    year = _row(fiscal, "rev:本年收入合计").values
    assert (year["expenditure_total"], year["general_budget"]) == (
        Decimal("307.82"),
        Decimal("307.82"),
    )


@pytest.mark.parametrize("path", [FINAL_TEXT, FINAL_PDF], ids=["text", "pdf"])
def test_final_accounts_tables_1_and_4_rules_run_and_pass(path: Path) -> None:
    report = _audited(path)
    rules = (
        "TBL-SUM-001",
        "TBL-SUM-002",
        "TBL-SUM-005",
        "TBL-SUM-006",
        "TBL-SUM-014",
        "TBL-SUM-015",
        "TBL-SUM-016",
        "TBL-SUM-017",
        "TBL-SUM-018",
        "XTB-003",
        "XTB-011",  # before: not run (一、一般公共预算财政拨款 was no 一般公共预算 line)
        "XTB-012",
        "XTB-032",  # before: not run, as XTB-011
        "XTB-035",  # before: not run (六、经营收入 was no 事业单位经营收入 line)
    )
    ran = _status(report, *rules)
    assert set(ran.values()) == {Status.passed}, ran
    assert _table_findings(report) == []


def test_final_accounts_planted_carryover_is_found_at_its_line() -> None:
    # 表1: 年初结转和结余 printed with 5.00 the 总计 does not count
    report = _changed(
        FINAL_TEXT, {"年初结转和结余 年末结转和结余": "年初结转和结余 5.00 年末结转和结余"}
    )
    found = report.result("TBL-SUM-001").findings
    assert [(f.location.table, f.location.row, f.expected) for f in found] == [
        (1, "total", "312.82")
    ]
    # 表4: an appropriation carried over, numbered 三、 below 年初财政拨款结转和结余, is one of
    # its parts: found at that line, not counted again into 总计
    report = _changed(
        FINAL_TEXT,
        {"三、国有资本经营预算财政拨款\n总计": "三、国有资本经营预算财政拨款 5.00\n总计"},
    )
    found = report.result("TBL-SUM-015").findings
    assert [(f.location.table, f.location.row) for f in found] == [
        (4, "rev:年初财政拨款结转和结余")
    ]
    assert report.result("TBL-SUM-014").status is Status.passed


def test_final_accounts_money_carried_forward_leaves_table_5_uncompared() -> None:
    # 表4 with 5.00 of its 一般公共预算 revenue carried forward (年末财政拨款结转和结余): it adds
    # up, and 表5, the year's spending, is not its revenue
    report = _changed(
        FINAL_TEXT,
        {
            "一、一般公共预算财政拨款 307.82": "一、一般公共预算财政拨款 312.82",
            "本年收入合计 307.82 本年支出合计 307.82 307.82": (
                "本年收入合计 312.82 本年支出合计 307.82 307.82"
            ),
            "年初财政拨款结转和结余 年末财政拨款结转和结余": (
                "年初财政拨款结转和结余 年末财政拨款结转和结余 5.00 5.00"
            ),
            "总计 307.82 总计 307.82 307.82": "总计 312.82 总计 312.82 312.82",
        },
    )
    rules = ("TBL-SUM-014", "TBL-SUM-015", "TBL-SUM-016", "TBL-SUM-017", "TBL-SUM-018", "XTB-012")
    ran = _status(report, *rules)
    assert set(ran.values()) == {Status.passed}, ran
    assert report.result("XTB-032").status is Status.not_applicable


# ------------------------------------------------------------------ Shanghai budgets
@pytest.mark.parametrize(
    "path",
    [
        CORPUS / f"{name}{suffix}"
        for name in (GOV_OFFICE, WANLI)
        for suffix in (".pdfplumber.txt", ".pdf")
    ],
    ids=lambda p: p.name,
)
def test_shanghai_budgets_general_budget_lines_are_compared(path: Path) -> None:
    report = _audited(path)
    # 表4 一、一般公共预算资金 = 表1 1.一般公共预算资金 = 表5 合计 (before: both not run)
    assert _status(report, "XTB-011", "XTB-032") == {
        "XTB-011": Status.passed,
        "XTB-032": Status.passed,
    }
    assert _table_findings(report) == []


def test_shanghai_budget_planted_general_budget_line_is_found() -> None:
    path = CORPUS / f"{GOV_OFFICE}.pdfplumber.txt"
    # 表1's 1.一般公共预算资金 printed 1 万元 short: 表4's line no longer equals it
    report = _changed(
        path, {"1. 一般公共预算资金 91,016,775.35": "1. 一般公共预算资金 91,006,775.35"}
    )
    found = report.result("XTB-011").findings
    assert [(f.location.table, f.location.row, f.expected, f.actual) for f in found] == [
        (4, "rev:一、一般公共预算资金", "9,100.68", "9,101.68")
    ]
    assert [(r.table, r.row) for f in found for r in f.related] == [(1, "rev:1.一般公共预算资金")]
