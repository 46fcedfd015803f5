"""The 三公 table printed with last year's budget beside this year's.

Many regions print the Ministry of Finance's one-row 三公 table (``data/national_template.txt``,
表7) with its columns twice, side by side: last year's budget and this year's (2023年预算数 |
2024年预算数, 上年预算数 | 本年预算数), sometimes a third group, the change (增减额, 增减变化) or
its rate (增减率).  Text drops blank cells, so the row is only a run of amounts.  The stated
table keeps this year's amounts in ``total`` (the column every rule reads) and last year's in
``prior_year``, the change in ``change``; a rate group is named and left unplaced.  Before, the
first six amounts — last year's — were read as this year's.

The documents here are the template with its 三公 table so printed and a 情况说明 section on
三公 that states this year's parts and their change from last year's budget.
"""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.audit import audit
from yusuan.audit.core import AuditReport, Status
from yusuan.parse import ParseResult, parse_text

TEXT = (Path(__file__).parent / "data" / "national_template.txt").read_text(encoding="utf-8")

#: the template's 三公 table: header of two lines, then its one row (blank cells not printed)
_TABLE = (
    "合计 因公出国（境）费 公务用车购置及运行费 公务接待费\n"
    "小计 公务用车购置费 公务用车运行费\n"
    "10.00 8.00 8.00 2.00\n"
)
_VEHICLES_FIRST = "合计 因公出国（境）费 公务用车购置及运行费 公务接待费"
_RECEPTION_FIRST = "合计 因公出国（境）费 公务接待费 公务用车购置及运行费"
_SUB = "小计 公务用车购置费 公务用车运行费"

#: each group's amounts by column: 2023 (last year) and 2024 (this year) differ in every part
#: but 购置费 (blank in both); 表6 prints 30217 公务接待费 2.00 and 30231 运行维护费 8.00
LAST = {
    "total": "12.50",
    "overseas_travel": "1.00",
    "vehicles": "9.00",
    "vehicle_purchase": "",
    "vehicle_operation": "9.00",
    "reception": "2.50",
}
THIS = {
    "total": "10.50",
    "overseas_travel": "0.50",
    "vehicles": "8.00",
    "vehicle_purchase": "",
    "vehicle_operation": "8.00",
    "reception": "2.00",
}
CHANGE = {
    "total": "-2.00",
    "overseas_travel": "-0.50",
    "vehicles": "-1.00",
    "vehicle_purchase": "",
    "vehicle_operation": "-1.00",
    "reception": "-0.50",
}
RATE = {
    "total": "-16.00%",
    "overseas_travel": "-50.00%",
    "vehicles": "-11.11%",
    "vehicle_purchase": "",
    "vehicle_operation": "-11.11%",
    "reception": "-20.00%",
}
_ORDERS = {
    _VEHICLES_FIRST: [
        "total",
        "overseas_travel",
        "vehicles",
        "vehicle_purchase",
        "vehicle_operation",
        "reception",
    ],
    _RECEPTION_FIRST: [
        "total",
        "overseas_travel",
        "reception",
        "vehicles",
        "vehicle_purchase",
        "vehicle_operation",
    ],
}

#: the 情况说明's section on 三公, consistent with THIS and LAST
_PROSE = (
    "二、“三公”经费预算情况说明\n"
    "示例市统计局2024年一般公共预算“三公”经费预算数为10.50万元，其中：因公出国（境）费0.50万元，"
    "公务用车购置费0.00万元，公务用车运行费8.00万元，公务接待费2.00万元。\n"
    "2024年“三公”经费比上年预算减少2.00万元，下降16.00%，其中：因公出国（境）费减少0.50万元，"
    "下降50.00%，主要原因是压减出国任务；公务用车购置费增加0.00万元，增长0.00%；"
    "公务用车运行费减少1.00万元，下降11.11%，主要原因是压减车辆运行费用；公务接待费减少0.50万元，"
    "下降20.00%，主要原因是厉行节约。\n"
)

_GROUPS = {"2023年预算数": LAST, "2024年预算数": THIS, "上年预算数": LAST, "本年预算数": THIS}
_GROUPS |= {"增减额": CHANGE, "增减变化": CHANGE, "增减率": RATE}


def document(labels: list[str], order: str = _VEHICLES_FIRST, prose: str = _PROSE) -> str:
    """The template with its 三公 table printed as one group of columns per label, left to
    right (amounts from ``_GROUPS``), in ``order`` of 公务接待费 and 公务用车."""
    amounts = [_GROUPS[label][column] for label in labels for column in _ORDERS[order]]
    table = (
        " ".join(labels)
        + "\n"
        + " ".join([order] * len(labels))
        + "\n"
        + " ".join([_SUB] * len(labels))
        + "\n"
        + " ".join(a for a in amounts if a)
        + "\n"
    )
    assert TEXT.count(_TABLE) == 1
    return TEXT.replace(_TABLE, table) + prose


def _parse(text: str) -> ParseResult:
    return parse_text(text, "national_template.txt")


def _column(result: ParseResult, column: str) -> dict[str, Decimal]:
    table = result.disclosure.tables["three_public"]
    return {r.key: r.values[column] or Decimal(0) for r in table.rows}


def _as_read(amounts: dict[str, str]) -> dict[str, Decimal]:
    return {k: Decimal(v.rstrip("%") or "0") for k, v in amounts.items()}


def _findings(report: AuditReport) -> list[str]:
    """Findings of the rules comparing tables and prose (the template's 情况说明 is cut short:
    its missing sections are reported by the CMP rules, whatever the 三公 table says)."""
    return [
        f"{f.rule} {f.message}"
        for f in report.findings
        if f.rule.startswith(("TBL", "XTB", "PRS")) and f.severity != "info"
    ]


_CASES = {
    "years": (["2023年预算数", "2024年预算数"], _VEHICLES_FIRST),
    "years, 公务接待费 first": (["2023年预算数", "2024年预算数"], _RECEPTION_FIRST),
    "this year first": (["本年预算数", "上年预算数"], _VEHICLES_FIRST),
    "with 增减额": (["上年预算数", "本年预算数", "增减额"], _RECEPTION_FIRST),
    "with 增减变化": (["2023年预算数", "2024年预算数", "增减变化"], _VEHICLES_FIRST),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_this_years_amounts_are_read_and_last_years_placed_beside_them(case: str) -> None:
    labels, order = _CASES[case]
    result = _parse(document(labels, order))
    table = result.disclosure.tables["three_public"]
    assert table.number == 7
    assert _column(result, "total") == _as_read(THIS)
    assert _column(result, "prior_year") == _as_read(LAST)
    if "增减额" in labels or "增减变化" in labels:
        assert table.columns == ("total", "prior_year", "change")
        assert _column(result, "change") == _as_read(CHANGE)
    else:
        assert table.columns == ("total", "prior_year")
    assert "three_public" not in result.disclosure.guessed_tables
    # every amount of the row is a cell of the table: last year's too
    row_no = table.rows[0].line
    assert not [u for u in result.report.unplaced if u.line == row_no]
    cells = [r.values[c] for r in table.rows for c in table.columns]
    assert result.report.placed["cell"] >= len([v for v in cells if v])
    # the rebuilt budget's 上年 三公 parts are last year's column
    assert result.disclosure.budget is not None
    prior = result.disclosure.budget.prior_year
    assert prior is not None and prior.three_public is not None
    assert prior.three_public.total == Decimal("12.50")
    assert prior.three_public.reception == Decimal("2.50")


@pytest.mark.parametrize("case", sorted(_CASES))
def test_the_consistent_document_gives_no_finding_and_the_two_years_are_compared(
    case: str,
) -> None:
    labels, order = _CASES[case]
    report = audit(_parse(document(labels, order)).disclosure)
    assert _findings(report) == []
    ran = {r.rule.id: r.status for r in report.results}
    # this year's amounts against the prose (PRS-018/019), the stated changes against this
    # year − last year (PRS-060), the rates against the changes (PRS-030/031), each year's
    # parts adding up (TBL-SUM-036/037)
    for rule in (
        "PRS-018",
        "PRS-019",
        "PRS-060",
        "PRS-030",
        "PRS-031",
        "TBL-SUM-036",
        "TBL-SUM-037",
    ):
        assert ran[rule] is Status.passed, rule
    expected = Status.passed if "增减额" in labels or "增减变化" in labels else Status.not_run
    assert ran["TBL-SUM-042"] is expected


def _planted(labels: list[str], order: str) -> str:
    """This year's 公务接待费 printed 1.50 instead of 2.00 (its 合计 10.00: the table adds up),
    the prose as before."""
    before = dict(THIS)
    THIS.update(total="10.00", reception="1.50")
    try:
        return document(labels, order)
    finally:
        THIS.update(before)


@pytest.mark.parametrize("case", sorted(_CASES))
def test_a_mistake_in_this_years_reception_is_found(case: str) -> None:
    labels, order = _CASES[case]
    result = _parse(_planted(labels, order))
    assert _column(result, "total")["reception"] == Decimal("1.50")
    assert _column(result, "prior_year")["reception"] == Decimal("2.50")
    report = audit(result.disclosure)
    found = {(f.rule, f.location.table, f.location.row) for f in report.findings}
    # the prose's 公务接待费 2.00 is not the table's; nor its change −0.50 (1.50 − 2.50)
    messages = {f.rule: [] for f in report.findings}
    for f in report.findings:
        messages[f.rule].append(f.message)
    assert [m for m in messages.get("PRS-019", []) if "表7“公务接待费”行 合计 1.50" in m]
    assert [m for m in messages.get("PRS-060", []) if "本年数 1.50 − 上年预算数 2.50 = -1.00" in m]
    if "增减额" in labels or "增减变化" in labels:
        # the table's own change column no longer agrees with its two years
        assert ("TBL-SUM-042", 7, "reception") in found
    else:
        assert "TBL-SUM-042" not in messages


def test_last_years_amounts_are_not_taken_for_this_years() -> None:
    """The same document read before: its first six amounts as this year's 三公 (12.50 …),
    the prose and 表6 then disagreeing with it.  Now the prose's figures pass and a planted
    mistake in last year's 公务接待费 is not taken for this year's."""
    before = dict(LAST)
    LAST.update(total="13.00", reception="3.00")
    try:
        text = document(["2023年预算数", "2024年预算数"])
    finally:
        LAST.update(before)
    report = audit(_parse(text).disclosure)
    ran = {r.rule.id: r.status for r in report.results}
    assert ran["PRS-018"] is Status.passed and ran["PRS-019"] is Status.passed
    # the prose says 公务接待费 fell by 0.50, the table by 1.00 (2.00 − 3.00): found, naming
    # last year's cell
    (change,) = [f for f in report.findings if f.rule == "PRS-060" and "公务接待费" in f.message]
    assert "本年数 2.00 − 上年预算数 3.00" in change.message
    assert [(r.row, r.column) for r in change.related] == [
        ("reception", "total"),
        ("reception", "prior_year"),
    ]


def test_a_rate_group_is_named_and_left_unplaced() -> None:
    result = _parse(document(["2023年预算数", "2024年预算数", "增减额", "增减率"]))
    assert _column(result, "total") == _as_read(THIS)
    assert _column(result, "change") == _as_read(CHANGE)
    warnings = [w for w in result.report.warnings if "增减率" in w]
    assert warnings and "5 个数字未读入表格" in warnings[0], result.report.warnings
    unplaced = [u.text for u in result.report.unplaced]
    assert [u for u in unplaced if u.endswith("%")] == [v for v in RATE.values() if v]


def test_groups_the_header_does_not_name_are_not_read() -> None:
    """Labels over one set of columns (each column's two years interleaved, or unnamed
    groups): which amount is which year's is unknown — the table is reported unreadable and
    its numbers left unplaced, not read as this year's."""
    text = TEXT.replace(
        _TABLE.split("\n")[0], "2023年预算数 2024年预算数\n" + _TABLE.split("\n")[0]
    )
    text = text.replace(
        "\n10.00 8.00 8.00 2.00\n", "\n12.50 10.00 1.00 9.00 8.00 9.00 8.00 2.50 2.00\n"
    )
    result = _parse(text)
    assert "three_public" not in result.disclosure.tables
    assert "three_public" in result.disclosure.unreadable_tables
    assert "无法确定各组是哪一年" in result.disclosure.unreadable_tables["three_public"]
    report = audit(result.disclosure)
    ran = {r.rule.id: r.status for r in report.results}
    assert ran["TBL-SUM-036"] is Status.not_run


def test_a_group_printed_blank_leaves_the_years_a_guess_and_the_rules_not_run() -> None:
    """Last year's group all blank (no 三公 budget last year) and no change printed: the run
    of amounts fits either year.  The table is listed as guessed, and a rule that would find
    fault with it reports not run instead of a false error."""
    before = dict(LAST)
    LAST.update(dict.fromkeys(LAST, ""))
    try:
        prose = _PROSE.split("\n")[0] + "\n" + _PROSE.split("\n")[1] + "\n"  # amounts, no change
        result = _parse(document(["2023年预算数", "2024年预算数"], prose=prose))
    finally:
        LAST.update(before)
    guessed = result.disclosure.guessed_tables.get("three_public", "")
    assert "哪些数字属于哪一年是推测的" in guessed
    assert [w for w in result.report.warnings if guessed in w]
    report = audit(result.disclosure)
    assert [f for f in _findings(report) if f.startswith(("PRS-018", "PRS-019"))] == []
    ran = {r.rule.id: r.status for r in report.results}
    assert ran["PRS-018"] in (Status.passed, Status.not_run)


_NAMES = {"total": "合计", "overseas_travel": "因公出国（境）费", "reception": "公务接待费"}


def _grid_pdf(labels: list[str], order: str, align: str) -> bytes:
    """The grouped 三公 table as a ruled grid (WeasyPrint): each group's label over its six
    columns, 公务用车购置及运行费 over 小计/购置费/运行费, the other labels spanning both lines,
    blank cells for the blank amounts."""
    from weasyprint import HTML

    columns = _ORDERS[order]
    top = "".join(f"<th colspan=6>{label}</th>" for label in labels)
    middle = "".join(
        f"<th rowspan=2>{_NAMES[c]}</th>"
        if c in _NAMES
        else "<th colspan=3>公务用车购置及运行费</th>"
        if c == "vehicles"
        else ""
        for c in columns
    )
    below = "<th>小计</th><th>公务用车购置费</th><th>公务用车运行费</th>"
    row = "".join(f'<td class="n">{_GROUPS[label][c]}</td>' for label in labels for c in columns)
    html = (
        '<html><head><meta charset="utf-8"><style>@page{size:A4 landscape;margin:1.5cm}'
        "body{font-size:9pt} table{border-collapse:collapse;width:100%}"
        f"td,th{{border:0.5pt solid #000;padding:2pt;font-weight:normal;text-align:{align}}}"
        "td.n{text-align:right}</style></head><body>"
        "<p>表7</p><h2>一般公共预算“三公”经费支出表</h2><p>部门：示例市统计局 单位：万元</p>"
        f"<table><tr>{top}</tr><tr>{middle * len(labels)}</tr><tr>{below * len(labels)}</tr>"
        f"<tr>{row}</tr></table></body></html>"
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
@pytest.mark.parametrize(
    ("labels", "order", "align"),
    [
        (["2023年预算数", "2024年预算数"], _VEHICLES_FIRST, "left"),
        (["本年预算数", "上年预算数"], _RECEPTION_FIRST, "center"),
        (["上年预算数", "本年预算数", "增减额"], _RECEPTION_FIRST, "center"),
        (["2023年预算数", "2024年预算数", "增减额", "增减率"], _VEHICLES_FIRST, "left"),
    ],
)
def test_the_table_as_pdftotext_layout_prints_it_reads_as_its_text(
    tmp_path: Path, labels: list[str], order: str, align: str
) -> None:
    """A PDF of the grouped table, extracted with ``pdftotext -layout`` (each group's label on a
    line of its own, 公务用车购置及运行费 above the other labels; with four groups the labels
    wrap in their narrow cells: 因公出国 / （境）费, 公务接 / 待费), read in place of the text's
    表7: the same table, the same findings."""
    pdf = tmp_path / "three_public.pdf"
    pdf.write_bytes(_grid_pdf(labels, order, align))
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    if len(labels) > 2:  # four groups: the labels wrap in their narrow cells
        assert "（境）费" in layout and "因公出国（境）费" not in layout
    text = document(labels, order)
    lines = text.split("\n")
    at, upto = lines.index("表7"), lines.index("表8")
    read = _parse("\n".join([*lines[:at], layout.replace("\f", "\n"), *lines[upto:]]))
    as_text = _parse(text)
    got, want = read.disclosure.tables["three_public"], as_text.disclosure.tables["three_public"]
    assert got.columns == want.columns
    assert [(r.key, r.values) for r in got.rows] == [(r.key, r.values) for r in want.rows]
    assert _column(read, "total") == _as_read(THIS)
    assert _findings(audit(read.disclosure)) == _findings(audit(as_text.disclosure)) == []
