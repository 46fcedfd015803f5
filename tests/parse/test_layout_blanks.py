"""Blank cells of a table row read from where ``pdftotext -layout`` prints the amounts.

Text loses blank cells: ``2010502 一般行政管理事务 100.00 80.00 20.00`` does not say which of
eleven columns 80.00 and 20.00 are in, and the table's identities do not either when every row
of the table splits the same way; the parser then places them by a prior and warns
("列位置无法唯一确定").  ``pdftotext -layout`` prints each amount under its column, as the PDF
reader reads it from character boxes (``pdf._fill_blanks``).  Here real PDFs are printed (the
national template's 表2 with its amounts under 上级补助收入, a column the prior does not
favour; yusuan's own sample, whose 表7 spreads projects over the economic columns), their
``-layout`` text is read, and the amounts land in the columns they print under, with no
warning; text that shows no column, or rows that do not line up, are read as before.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.model import load_budget
from yusuan.model.disclosure import StatedTable
from yusuan.parse import ParseResult, parse_file, parse_text

TEXT = (Path(__file__).parent / "data" / "national_template.txt").read_text(encoding="utf-8")
SAMPLE = Path(__file__).parents[2] / "src" / "yusuan" / "samples" / "atushi-2023.yaml"
GUESS = "列位置无法唯一确定"
#: 表7's warning when its economic columns are placed by the totals
PROJECTS_GUESS = "表7 的经济分类列由合计行推定"

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils (scripts/debian-packages.txt) not installed",
)

#: 表2 as the template prints it: the labels left of the source columns, the sources
LEAD = ["科目编码", "科目名称", "合计", "上年结转"]
SOURCES = [
    "一般公共预算拨款收入",
    "政府性基金预算拨款收入",
    "国有资本经营预算拨款收入",
    "财政专户管理资金收入",
    "事业收入",
    "事业单位经营收入",
    "上级补助收入",
    "附属单位上缴收入",
    "其他收入",
]

_STYLE = (
    '<html><head><meta charset="utf-8"><style>@page{{size:A4 landscape;margin:1.5cm}}'
    "body{{font-size:9pt}} table{{border-collapse:collapse;width:100%}}"
    "td,th{{border:0.5pt solid #000;padding:2pt;font-weight:normal;text-align:{align}}}"
    "td.n{{text-align:right}}</style></head><body>"
)

Rows = list[tuple[str, str | None, str, dict[str, Decimal]]]  # key, code, label, amounts


def _revenue_rows() -> tuple[tuple[str, ...], Rows]:
    """The template's 表2 with its 事业收入 amounts under 上级补助收入 instead: every row that
    has one splits as 一般公共预算 + 上级补助, which the identities cannot tell from any other
    two sources."""
    table: StatedTable = parse_text(TEXT, "national_template.txt").disclosure.tables["revenue"]
    rows: Rows = []
    for r in table.rows:
        values = {c: v for c, v in r.values.items() if v}
        if "business_income" in values:
            values["superior_subsidy"] = values.pop("business_income")
        rows.append((r.key, r.code, r.label, values))
    assert sum("superior_subsidy" in v for *_, v in rows) == 4
    return table.columns, rows


def _amount(v: Decimal | None) -> str:
    return f"{v:,.2f}" if v else ""


def _revenue_pdf(columns: tuple[str, ...], rows: Rows, align: str, group: bool) -> bytes:
    """表2 as a ruled grid (blank cells for zeros), labels wrapping in their narrow columns."""
    from weasyprint import HTML

    html = [_STYLE.format(align=align), "<p>表2</p><h2>部门收入总表</h2>"]
    html.append("<p>部门：示例市统计局 单位：万元</p><table>")
    if group:
        html.append(
            "<tr>"
            + "".join(f"<th rowspan=2>{h}</th>" for h in LEAD)
            + f"<th colspan={len(SOURCES)}>本年收入</th></tr><tr>"
            + "".join(f"<th>{h}</th>" for h in SOURCES)
            + "</tr>"
        )
    else:
        html.append("<tr>" + "".join(f"<th>{h}</th>" for h in LEAD + SOURCES) + "</tr>")
    for _key, code, label, values in rows:
        head = f"<td>{code}</td><td>{label}</td>" if code else "<td colspan=2>合计</td>"
        cells = "".join(f'<td class="n">{_amount(values.get(c))}</td>' for c in columns)
        html.append(f"<tr>{head}{cells}</tr>")
    html.append("</table></body></html>")
    pdf: bytes = HTML(string="".join(html)).write_pdf()
    return pdf


def _layout(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _read(result: ParseResult, key: str) -> Rows:
    table = result.disclosure.tables[key]
    return [(r.key, r.code, r.label, {c: v for c, v in r.values.items() if v}) for r in table.rows]


def _amounts(rows: Rows) -> list[tuple[str, dict[str, Decimal]]]:
    return [(key, values) for key, _, _, values in rows]


def _guesses(result: ParseResult, number: int) -> list[str]:
    return [w for w in result.report.warnings if w.startswith(f"表{number}（") and GUESS in w]


@pytest.fixture(scope="module")
def revenue() -> tuple[tuple[str, ...], Rows]:
    return _revenue_rows()


@pytest.mark.parametrize("align", ["left", "center"])
@pytest.mark.parametrize("group", [False, True], ids=["one-level", "under-本年收入"])
def test_template_revenue_amounts_land_in_the_columns_they_print_under(
    tmp_path: Path, revenue: tuple[tuple[str, ...], Rows], align: str, group: bool
) -> None:
    pytest.importorskip("weasyprint")
    columns, rows = revenue
    pdf = tmp_path / "revenue.pdf"
    pdf.write_bytes(_revenue_pdf(columns, rows, align, group))
    layout = _layout(pdf)
    # the blank cells are lost: 2010502's line prints three amounts of eleven columns
    line = next(ln for ln in layout.splitlines() if ln.strip().startswith("2010502"))
    assert re.findall(r"\d+\.\d\d", line) == ["100.00", "80.00", "20.00"]
    read = parse_text(layout, "revenue.layout.txt")
    assert read.disclosure.tables["revenue"].columns == columns
    assert _amounts(_read(read, "revenue")) == _amounts(rows)
    assert not _guesses(read, 2)
    # as the PDF reader reads the same PDF from its character boxes
    assert _amounts(_read(parse_file(pdf), "revenue")) == _amounts(rows)


def _as_extracted_without_columns(columns: tuple[str, ...], rows: Rows) -> str:
    """表2 as PDF text that keeps no column (pdfplumber's, the fixture's): one line per row,
    cells one space apart, blank cells dropped."""
    out = ["表2", "部门收入总表", "部门：示例市统计局 单位：万元", " ".join(LEAD + SOURCES)]
    for _key, code, label, values in rows:
        head = f"{code} {label}" if code else "合计"
        out.append(" ".join([head, *(_amount(values[c]) for c in columns if c in values)]))
    return "\n".join(out) + "\n"


def test_text_without_columns_still_places_by_the_identities_and_warns(
    revenue: tuple[tuple[str, ...], Rows],
) -> None:
    columns, rows = revenue
    read = parse_text(_as_extracted_without_columns(columns, rows), "revenue.txt")
    assert read.disclosure.tables["revenue"].columns == columns
    # a guess, said to be one: the 20.00 taken for another source than 上级补助收入
    assert _guesses(read, 2)
    got = dict(_amounts(_read(read, "revenue")))
    assert "superior_subsidy" not in got["2010502"]
    assert got["2010502"]["total"] == Decimal("100.00")


def test_layout_rows_that_do_not_line_up_are_read_as_text_without_columns(
    tmp_path: Path, revenue: tuple[tuple[str, ...], Rows]
) -> None:
    """One row's 20.00 printed three positions right of the others': the columns are not
    clean, so the table is read as before (by its identities, with the warning)."""
    pytest.importorskip("weasyprint")
    columns, rows = revenue
    pdf = tmp_path / "revenue.pdf"
    pdf.write_bytes(_revenue_pdf(columns, rows, "left", False))
    lines = _layout(pdf).splitlines()
    at = next(i for i, ln in enumerate(lines) if ln.strip().startswith("2010502"))
    lines[at] = re.sub(r"(\s+)(20\.00)$", r"\1   \2", lines[at])
    read = parse_text("\n".join(lines) + "\n", "revenue.layout.txt")
    assert _guesses(read, 2)
    assert "superior_subsidy" not in dict(_amounts(_read(read, "revenue")))["2010502"]


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("weasyprint")
    from yusuan.render.pdf import write_pdf

    path = tmp_path_factory.mktemp("pdf") / "sample.pdf"
    write_pdf(load_budget(SAMPLE), path)
    return path


def test_sample_projects_economic_columns_from_layout_text_are_the_pdfs(
    sample_pdf: Path,
) -> None:
    want = _read(parse_file(sample_pdf), "general_budget_projects")
    # projects in several economic columns, each row printing fewer amounts than columns
    spread = {c for *_, values in want for c in values if c != "total"}
    assert len(spread) >= 3
    read = parse_text(_layout(sample_pdf), "sample.layout.txt")
    assert _amounts(_read(read, "general_budget_projects")) == _amounts(want)
    assert not [w for w in read.report.warnings if PROJECTS_GUESS in w or GUESS in w]


def test_sample_projects_from_raw_text_are_still_placed_by_the_totals(sample_pdf: Path) -> None:
    """``pdftotext -raw`` keeps no column: 表7's economic columns are placed as before, by the
    table's totals, and the rows left a choice are named."""
    text = subprocess.run(
        ["pdftotext", "-raw", str(sample_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    read = parse_text(text, "sample.raw.txt")
    assert [w for w in read.report.warnings if PROJECTS_GUESS in w]
