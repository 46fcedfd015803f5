"""Text that other tools extract from the corpus PDFs (poppler's pdftotext, the commonest;
pdfminer, which pdfplumber is built on).

``pdftotext -layout`` keeps each table row on one line: its tables read as the PDF's own.
``pdftotext`` without options and pdfminer's ``extract_text`` list table cells one per line,
column by column: no row can be read back from that, so the parser must not pretend to (a
reviewer would see dozens of false errors): the tables are reported unreadable, their numbers
unplaced, and the rules that need them not run, with the reason.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pdfminer.high_level import extract_text

from yusuan.audit import audit
from yusuan.audit.core import AuditReport, Status
from yusuan.parse import ParseResult, parse_file, parse_text

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
BUDGETS = [
    CORPUS / "shanghai-putuo_gov-office_2025_dept-budget.pdf",
    CORPUS / "shanghai-putuo_wanli-street-office_2024_dept-budget.pdf",
    CORPUS / "jiangsu_provincial-npc-standing-committee_2019_dept-budget_tables.pdf",
]
FINAL_ACCOUNT = CORPUS / "shanghai-putuo_cpc-social-work-dept_2024_final-accounts.pdf"
TABLE_PDFS = [*BUDGETS, FINAL_ACCOUNT]

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils (scripts/debian-packages.txt) not installed",
)


def _pdfminer(pdf: Path) -> ParseResult:
    return parse_text(extract_text(pdf), f"{pdf.stem}.txt")


def _pdftotext(pdf: Path, *options: str) -> ParseResult:
    text = subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return parse_text(text, f"{pdf.stem}.txt")


def _cells(result: ParseResult) -> dict[str, list[tuple[str, dict[str, str]]]]:
    """Each table's rows: key (less the line number that tells repeated labels apart) and
    amounts."""
    return {
        key: [(r.key.split("#")[0], {c: str(v) for c, v in r.values.items()}) for r in t.rows]
        for key, t in result.disclosure.tables.items()
    }


@pytest.mark.parametrize("pdf", BUDGETS, ids=lambda p: p.stem)
def test_layout_text_reads_the_same_tables_as_the_pdf(pdf: Path) -> None:
    assert _cells(_pdftotext(pdf, "-layout")) == _cells(parse_file(pdf))


@pytest.mark.parametrize("option", ["-layout", "-raw"])
def test_final_account_text_reads_the_pdfs_code_tables(option: str) -> None:
    """pdftotext prints some of 决算 表6's codes glued to their names (``310资本性支出``), alone
    on a line above their names and amounts (``30299`` / ``其他商品和服务支出 0.20``), or, with
    ``-raw``, with their amounts ahead of the other list's next code (``6.18 30206 电费``): each
    reads as the row the PDF prints (5 of its rows were lost, the audit gave 6 false CAT-005
    errors), and the audit finds what the PDF's does, warnings too."""

    def rows(result: ParseResult) -> dict[str, dict[str, dict[str, str]]]:
        # by key: the PDF prints 31099's half on the line of the totals, after them
        return {t: dict(cells) for t, cells in _cells(result).items()}

    def findings(result: ParseResult) -> set[tuple[str, str, str]]:
        return {(f.rule, f.severity, f.message) for f in audit(result.disclosure).findings}

    text, pdf = _pdftotext(FINAL_ACCOUNT, option), parse_file(FINAL_ACCOUNT)
    got, want = rows(text), rows(pdf)
    # 表1 has no codes: its three label rows below 本年收入合计 (使用非财政拨款结余 / 年初结转和
    # 结余 / 总计) read as three from either (the PDF reader had joined them into one); -raw
    # wraps its long labels (三、 / 国有资本经营预算…), so its 表1 is not compared
    if option == "-raw":
        for table in (got, want):
            del table["overview"]
    assert got == want
    basic = "general_budget_basic"  # no row twice
    assert len(text.disclosure.tables[basic].rows) == len(pdf.disclosure.tables[basic].rows)
    assert findings(text) == findings(pdf)
    assert not text.report.unplaced


COLUMN_ORDERED = [(pdf, "pdftotext") for pdf in TABLE_PDFS] + [(BUDGETS[0], "pdfminer")]


def _column_ordered(pdf: Path, tool: str) -> ParseResult:
    return _pdftotext(pdf) if tool == "pdftotext" else _pdfminer(pdf)


@pytest.mark.parametrize(("pdf", "tool"), COLUMN_ORDERED, ids=lambda p: getattr(p, "stem", p))
def test_cells_listed_column_by_column_are_not_read_as_rows(pdf: Path, tool: str) -> None:
    result = _column_ordered(pdf, tool)
    report = result.report
    statuses = {t.key: t.status for t in report.tables}
    # every table (of the nine or more each publishes) is said to be unreadable: none is
    # read, none is missing
    assert len(statuses) >= 9
    assert set(statuses.values()) == {"unreadable"}
    assert result.disclosure.tables == {}
    assert set(result.disclosure.unreadable_tables) == set(statuses)
    assert any("pdftotext -layout" in w for w in report.warnings)
    assert sum("pdftotext -layout" in w for w in report.warnings) == 1
    # nothing lost: every number is placed or listed, and the tables' amounts are listed
    assert report.tokens_total == sum(report.placed.values()) + len(report.unplaced)
    assert "cell" not in report.placed
    assert len(report.unplaced) > 100
    # the prose is read as from the PDF
    assert report.claims == parse_file(pdf).report.claims


@pytest.mark.parametrize(("pdf", "tool"), COLUMN_ORDERED, ids=lambda p: getattr(p, "stem", p))
def test_audit_of_unreadable_tables_finds_nothing_the_pdf_does_not(pdf: Path, tool: str) -> None:
    def failed(report: AuditReport) -> set[str]:
        return {r.rule.id for r in report.results if r.status is Status.failed}

    report = audit(_column_ordered(pdf, tool).disclosure)
    # no table "missing" (they are there, unreadable), no arithmetic on rows misread
    assert failed(report) <= failed(audit(parse_file(pdf).disclosure))
    not_run = [r.reason or "" for r in report.results if r.status is Status.not_run]
    assert any("未能读取" in reason for reason in not_run)


def test_pdfplumber_texts_are_not_taken_for_column_order() -> None:
    for path in sorted(CORPUS.glob("*.pdfplumber.txt")):
        result = parse_file(path)
        assert result.disclosure.unreadable_tables == {}, path.name


@pytest.mark.parametrize("pdf", BUDGETS, ids=lambda p: p.stem)
def test_pdftotext_pages_are_the_pdfs(pdf: Path) -> None:
    """Its form feeds number the pages as the PDF's own reading does; no page number is left
    among the numbers."""
    text, from_pdf = _pdftotext(pdf, "-layout"), parse_file(pdf)
    assert text.report.pages == from_pdf.report.pages > 0
    assert not [u for u in text.report.unplaced if u.context.strip() == u.text]
