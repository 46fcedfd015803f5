"""The national template's tables as ``pdftotext -layout`` prints them from a PDF.

A narrow column's label wraps in a PDF (``事业收`` / ``入``); ``pdftotext -layout`` prints the
pieces on two or three lines, each at its column, so the header's lines joined in turn do not
hold 事业收入 or 上级补助收入 and the template's 表2 was read by the seed's layout (wrong
columns, 21 false findings).  The header is now read column by column from where the pieces
stand.  The PDFs are printed here with WeasyPrint from the text fixture's own tables (ruled
grids, labels left-aligned or centred, with and without a group label over the income
columns), and their ``pdftotext -layout`` text is read alone and in place of the fixture's
tables: the same columns and rows as the fixture, and nothing its audit does not find.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from yusuan.audit import audit
from yusuan.model.disclosure import StatedTable
from yusuan.parse import ParseResult, parse_text
from yusuan.parse.tables import header_text, locate
from yusuan.parse.text import compact, read_text

TEXT = (Path(__file__).parent / "data" / "national_template.txt").read_text(encoding="utf-8")

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="poppler-utils (scripts/debian-packages.txt) not installed",
)

#: 表2 and 表3 as the template prints them: the labels left of the source columns, the group
#: label over them (if printed), the source columns
_HEADERS = {
    "revenue": (
        2,
        "部门收入总表",
        ["科目编码", "科目名称", "合计", "上年结转"],
        "本年收入",
        [
            "一般公共预算拨款收入",
            "政府性基金预算拨款收入",
            "国有资本经营预算拨款收入",
            "财政专户管理资金收入",
            "事业收入",
            "事业单位经营收入",
            "上级补助收入",
            "附属单位上缴收入",
            "其他收入",
        ],
    ),
    "expenditure": (
        3,
        "部门支出总表",
        ["科目编码", "科目名称", "合计"],
        None,
        ["基本支出", "项目支出", "上缴上级支出", "事业单位经营支出", "对附属单位补助支出"],
    ),
}

_STYLE = (
    '<html><head><meta charset="utf-8"><style>@page{{size:A4 landscape;margin:1.5cm}}'
    "body{{font-size:9pt}} table{{border-collapse:collapse;width:100%;page-break-after:always}}"
    "td,th{{border:0.5pt solid #000;padding:2pt;font-weight:normal;text-align:{align}}}"
    "td.n{{text-align:right}}</style></head><body>"
)


def _parse(text: str, name: str = "national_template.txt") -> ParseResult:
    return parse_text(text, name)


def _amount(v: Decimal | None) -> str:
    return f"{v:,.2f}" if v else ""


def _grid_pdf(result: ParseResult, align: str, group: bool) -> bytes:
    """表2 and 表3 of ``result`` as ruled grids (blank cells for zeros)."""
    from weasyprint import HTML

    html = [_STYLE.format(align=align)]
    for key, (number, title, lead, over, sources) in _HEADERS.items():
        table = result.disclosure.tables[key]
        html.append(f"<p>表{number}</p><h2>{title}</h2><p>部门：示例市统计局 单位：万元</p><table>")
        if group and over:
            html.append(
                "<tr>"
                + "".join(f"<th rowspan=2>{h}</th>" for h in lead)
                + f"<th colspan={len(sources)}>{over}</th></tr>"
                + "<tr>"
                + "".join(f"<th>{h}</th>" for h in sources)
                + "</tr>"
            )
        else:
            html.append("<tr>" + "".join(f"<th>{h}</th>" for h in lead + sources) + "</tr>")
        for row in table.rows:
            head = (
                f"<td>{row.code}</td><td>{row.label}</td>"
                if row.code
                else "<td colspan=2>合计</td>"
            )
            cells = "".join(
                f'<td class="n">{_amount(row.values.get(c))}</td>' for c in table.columns
            )
            html.append(f"<tr>{head}{cells}</tr>")
        html.append("</table>")
    pdf: bytes = HTML(string="".join(html) + "</body></html>").write_pdf()
    return pdf


def _layout(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "tables.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _in_place(text: str, layout: str, first: str, upto: str) -> str:
    """``text`` with the tables from the line ``first`` up to the line ``upto`` replaced by
    ``layout`` (page breaks as line breaks)."""
    lines = text.split("\n")
    a, b = lines.index(first), lines.index(upto)
    return "\n".join([*lines[:a], layout.replace("\f", "\n"), *lines[b:]])


def _rows(table: StatedTable) -> list[tuple[str, dict[str, Decimal]]]:
    return [(r.key, {c: v for c, v in r.values.items() if v}) for r in table.rows]


def _findings(result: ParseResult) -> set[tuple[str, str]]:
    return {(f.rule, f.message) for f in audit(result.disclosure).findings if f.severity != "info"}


def _column(layout: str, word: str) -> int:
    """Where ``word`` begins on the first line that prints it as a cell of its own."""
    for line in layout.splitlines():
        m = re.search(rf"(?<!\S){re.escape(word)}(?!\S)", line)
        if m:
            return m.start()
    raise AssertionError(word)


@pytest.fixture(scope="module")
def fixture_read() -> tuple[ParseResult, set[tuple[str, str]]]:
    result = _parse(TEXT)
    return result, _findings(result)


@pytest.mark.parametrize("align", ["left", "center"])
@pytest.mark.parametrize("group", [False, True], ids=["one-level", "under-本年收入"])
def test_wrapped_headers_printed_by_pdftotext_layout_read_the_templates_columns(
    tmp_path: Path,
    fixture_read: tuple[ParseResult, set[tuple[str, str]]],
    align: str,
    group: bool,
) -> None:
    text, text_findings = fixture_read
    layout = _layout(_grid_pdf(text, align, group), tmp_path)
    # the labels do wrap, onto lines of their own: joined in turn, the lines lose the words
    assert "事业收入" not in compact(layout) and "上级补助收入" not in compact(layout)
    assert "事业收" in layout and "事业单位经" in layout
    # a centred label's last piece begins right of the piece above; a left-aligned one's at it
    if align == "center":
        assert _column(layout, "转") > _column(layout, "上年结")
    else:
        assert _column(layout, "转") == _column(layout, "上年结")
    # two cells of a line one space apart (a CJK character is one position on a grid of half
    # its width): one run of text, cut at the space
    if not group:
        assert "上年结 一般公共预算拨 " in layout

    alone = _parse(layout, "national_template.layout.txt")
    spliced = _parse(_in_place(TEXT, layout, "表2", "表4"))
    for read in (alone, spliced):
        for key in _HEADERS:
            got, want = read.disclosure.tables[key], text.disclosure.tables[key]
            assert got.columns == want.columns, key
            assert _rows(got) == _rows(want), key
    assert spliced.disclosure.tables["revenue"].columns[:3] == (
        "total",
        "carryover",
        "general_budget",
    )
    # read in place of the fixture's tables: nothing the fixture's own audit does not find
    assert _findings(spliced) - text_findings == set()


_THREE_HEADER = "合计 因公出国（境）费 公务用车购置及运行费 公务接待费\n"
_THREE_VALUES = "\n10.00 8.00 8.00 2.00\n"
_THREE_LABELS = {
    "overseas_travel": "因公出国（境）费",
    "vehicles": "公务用车购置及运行费",
    "reception": "公务接待费",
}


def _three_public_pdf(result: ParseResult, order: list[str]) -> bytes:
    """The 三公 table as one row under a two-level header: 公务用车购置及运行费 over 小计,
    公务用车购置费 and 公务用车运行费, labels centred."""
    from weasyprint import HTML

    values = {r.key: r.values.get("total") for r in result.disclosure.tables["three_public"].rows}
    top = "<th rowspan=2>合计</th>" + "".join(
        f"<th colspan=3>{_THREE_LABELS[k]}</th>"
        if k == "vehicles"
        else f"<th rowspan=2>{_THREE_LABELS[k]}</th>"
        for k in order
    )
    below = "<th>小计</th><th>公务用车购置费</th><th>公务用车运行费</th>"
    cells = ["total"]
    for k in order:
        cells += ["vehicles", "vehicle_purchase", "vehicle_operation"] if k == "vehicles" else [k]
    row = "".join(f'<td class="n">{_amount(values.get(c))}</td>' for c in cells)
    html = (
        _STYLE.format(align="center")
        + "<p>表7</p><h2>一般公共预算“三公”经费支出表</h2><p>部门：示例市统计局 单位：万元</p>"
        + f"<table><tr>{top}</tr><tr>{below}</tr><tr>{row}</tr></table></body></html>"
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


@pytest.mark.parametrize(
    "order",
    [["overseas_travel", "vehicles", "reception"], ["overseas_travel", "reception", "vehicles"]],
    ids=["公务用车-then-公务接待", "公务接待-then-公务用车"],
)
def test_the_three_public_row_under_a_two_level_header_reads_as_its_text(
    tmp_path: Path, order: list[str]
) -> None:
    """The group label 公务用车购置及运行费 prints on a line above the others: read in turn,
    the words come in neither order the 三公 layouts know, and the seed's layout read the
    row (false TBL-SUM-035/037 findings).  Column by column, the group label stands where it
    spans.  (因公出国 is 1.00 here: with a blank cell the text alone cannot tell 因公出国 from
    公务接待 in the second order.)"""
    head = " ".join(["合计", *(_THREE_LABELS[k] for k in order)]) + "\n"
    amounts = {"overseas_travel": "1.00", "vehicles": "8.00 8.00", "reception": "2.00"}
    row = "\n" + " ".join(["11.00", *(amounts[k] for k in order)]) + "\n"
    assert TEXT.count(_THREE_HEADER) == 1 and TEXT.count(_THREE_VALUES) == 1
    text = TEXT.replace(_THREE_HEADER, head).replace(_THREE_VALUES, row)
    as_text = _parse(text)
    layout = _layout(_three_public_pdf(as_text, order), tmp_path)
    lines = [ln for ln in layout.splitlines() if ln.strip()]
    vehicles = next(k for k, ln in enumerate(lines) if "公务用车购置及运行费" in ln)
    assert "因公出国（境）费" not in lines[vehicles]  # the group label has a line of its own
    assert "因公出国（境）费" in lines[vehicles + 1]

    read = _parse(_in_place(text, layout, "表7", "表8"))
    got, want = read.disclosure.tables["three_public"], as_text.disclosure.tables["three_public"]
    assert got.columns == want.columns
    assert _rows(got) == _rows(want)
    assert dict(_rows(got))["overseas_travel"] == {"total": Decimal("1.00")}
    assert _findings(read) - _findings(as_text) == set()


def test_lines_without_columns_are_joined_as_before(tmp_path: Path) -> None:
    """Text that prints no column (cells one space apart, nothing indented: pdfplumber's, the
    fixture's, the same -layout text with its spaces squeezed) keeps its header's lines joined
    in turn; only -layout's lines are read column by column."""
    layout = _layout(_grid_pdf(_parse(TEXT), "center", False), tmp_path)
    squeezed = "\n".join(" ".join(line.split()) for line in layout.splitlines())
    seed = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_2b87194ee213430c.txt"
    texts = {"fixture": TEXT, "squeezed": squeezed, "layout": layout}
    if seed.exists():
        texts["seed"] = seed.read_text(encoding="utf-8")
    headers: dict[str, list[tuple[str, str]]] = {}
    for name, text in texts.items():
        doc = read_text(text, name)
        headers[name] = [
            (header_text(doc.lines, f.start), header_text(doc.lines, f.start, doc))
            for f in locate(doc)
        ]
    for name in texts.keys() - {"layout"}:
        assert all(joined == read for joined, read in headers[name]), name
    # the -layout text's 表2 header is the one read otherwise
    joined, read = headers["layout"][0]
    assert "事业收入" in read and "事业收入" not in joined
    assert compact(squeezed) == compact(layout)
