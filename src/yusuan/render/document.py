"""The whole disclosure: 概况, the ten tables, 情况说明 with the 绩效目标表, 名词解释.

The prose is written by the Jinja2 text templates in ``templates/document/`` from the facts of
:func:`yusuan.compile.narrative.narrative`.  A rendered text is a list of :class:`Block` s (one
per line: part title, heading, paragraph, or a placeholder where tables go), which every output
format lays out its own way: HTML (and PDF through it), XLSX and DOCX read the same blocks, so
the prose is the same in all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from yusuan.compile import compile_tables
from yusuan.compile.disclose import stated_performance
from yusuan.compile.narrative import Narrative, narrative
from yusuan.compile.table import Table
from yusuan.model.budget import Budget
from yusuan.model.disclosure import StatedPerformanceTable
from yusuan.model.money import fmt_money
from yusuan.render.html import environment

BlockKind = Literal["part", "h1", "h2", "p", "tables", "performance", "signature"]
_MARKS: tuple[tuple[str, BlockKind], ...] = (("= ", "part"), ("## ", "h2"), ("# ", "h1"))
_PLACEHOLDERS: dict[str, BlockKind] = {"@tables": "tables", "@performance": "performance"}

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for 一、二、… and （十一）)."""
    if n < 0 or n > 99:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def percent_text(value: Decimal) -> str:
    """``3331.72`` → ``3,331.72`` (the number before %)."""
    return f"{value:,.2f}"


def clause(text: str) -> str:
    """A reason as a clause: without the full stop it may end with, on one line."""
    return " ".join(text.split()).rstrip("。；;.，, ")


@cache
def text_environment() -> Environment:
    """The environment of the prose templates (plain text, not escaped)."""
    env = Environment(
        loader=PackageLoader("yusuan.render", "templates"),
        autoescape=False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["wan"] = fmt_money
    env.filters["pct"] = percent_text
    env.filters["cn"] = chinese_number
    env.filters["clause"] = clause
    return env


@cache
def glossary_entries() -> tuple[dict[str, str], ...]:
    """名词解释 entries (term, definition) from ``data/glossary_section.yaml``."""
    text = resources.files("yusuan").joinpath("data", "glossary_section.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return tuple({"term": e["term"], "definition": e["definition"]} for e in data["entries"])


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""


def blocks_of(text: str) -> list[Block]:
    """Rendered template text → blocks, one per non-empty line."""
    out: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line in _PLACEHOLDERS:
            out.append(Block(_PLACEHOLDERS[line]))
            continue
        for mark, kind in _MARKS:
            if line.startswith(mark):
                out.append(Block(kind, line[len(mark) :].strip()))
                break
        else:
            out.append(Block("p", line))
    return out


@dataclass(frozen=True)
class Document:
    """A budget's disclosure, ready to lay out."""

    title: str
    department: str
    year: int
    narrative: Narrative
    tables: tuple[Table, ...]
    performance: tuple[StatedPerformanceTable, ...]
    blocks: tuple[Block, ...]
    signature: tuple[str, ...]  # 落款: department, date

    @property
    def text(self) -> str:
        """The prose as plain text (what a reader of the document reads, tables aside)."""
        return "\n".join(b.text for b in self.blocks if b.text)


def render_prose(template: str, **context: Any) -> list[Block]:
    return blocks_of(text_environment().get_template(f"document/{template}").render(**context))


_LAST: list[tuple[Budget, Document]] = []


def document(budget: Budget) -> Document:
    """The whole disclosure of ``budget`` (the last one is kept: writers share it)."""
    if _LAST and _LAST[0][0] is budget:
        return _LAST[0][1]
    doc = _document(budget)
    _LAST[:] = [(budget, doc)]
    return doc


def _document(budget: Budget) -> Document:
    n = narrative(budget)
    blocks: list[Block] = []
    blocks += render_prose("profile.txt.j2", n=n)
    blocks += render_prose("tables.txt.j2", n=n)
    blocks += render_prose("narrative.txt.j2", n=n)
    blocks += render_prose("glossary.txt.j2", glossary=glossary_entries())
    signature = [budget.department.name]
    if budget.published_on:
        d = budget.published_on
        signature.append(f"{d.year}年{d.month:02d}月{d.day:02d}日")
    blocks += [Block("signature", line) for line in signature]
    return Document(
        title=f"{budget.department.name}{budget.year}年部门预算",
        department=budget.department.name,
        year=budget.year,
        narrative=n,
        tables=tuple(compile_tables(budget)),
        performance=stated_performance(budget),
        blocks=tuple(blocks),
        signature=tuple(signature),
    )


# ---------------------------------------------------------------- HTML
def weight_text(value: Decimal) -> str:
    """指标分值权重: ``7`` for 7.00, ``2.5`` for 2.50."""
    normal = value.normalize()
    return f"{normal:f}" if normal == normal.to_integral() else f"{value:f}".rstrip("0")


@cache
def html_environment() -> Environment:
    """The HTML environment of :mod:`yusuan.render.html` with the document's filters added."""
    env = environment().overlay()
    env.filters = dict(env.filters)
    env.filters["weight"] = weight_text
    env.filters["wan"] = fmt_money
    return env


def document_html(doc: Document, *, for_pdf: bool = False) -> str:
    """The whole document as one self-contained HTML page (print CSS: A4)."""
    template = html_environment().get_template("document/document.html.j2")
    return template.render(doc=doc, for_pdf=for_pdf)


def write_document_html(budget: Budget, path: str | Path) -> None:
    """Write the whole disclosure of ``budget`` as one HTML page."""
    Path(path).write_text(document_html(document(budget)), encoding="utf-8")


# ---------------------------------------------------------------- 绩效目标表 as a grid
PERFORMANCE_TITLE = "项目支出绩效目标表"
INDICATOR_COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标值",
    "指标值设置依据",
    "上年完成值",
    "指标分值权重",
    "指标赋分规则",
    "佐证资料",
)


@dataclass(frozen=True)
class GridCell:
    """A cell of a 绩效目标表 laid out on the 9-column indicator grid (XLSX, DOCX)."""

    value: str | Decimal | None
    colspan: int = 1
    header: bool = False
    number: bool = False


def performance_grid(pt: StatedPerformanceTable, doc: Document) -> tuple[list[list[GridCell]], int]:
    """The rows of a 绩效目标表 and the index of its indicator header row."""

    def head(text: str, span: int = 1) -> GridCell:
        return GridCell(text, span, header=True)

    def amount(value: Decimal | None) -> GridCell:
        return GridCell(value, number=True)

    rows: list[list[GridCell]] = [
        [head("预算单位"), GridCell(doc.department, 8)],
        [head("项目名称"), GridCell(pt.project, 4), head("项目负责人"), GridCell(pt.manager, 3)],
        [
            head("项目资金（万元）"),
            head("年度预算总额"),
            amount(pt.total),
            head("其中：财政拨款"),
            amount(pt.fiscal),
            head("其他资金"),
            amount(pt.other),
            GridCell(None, 2),
        ],
        [head("项目总体目标"), GridCell(pt.goal, 8)],
        [head(label) for label in INDICATOR_COLUMNS],
    ]
    previous = None
    for i in pt.indicators:
        same1 = previous is not None and previous.level1 == i.level1
        same2 = same1 and previous is not None and previous.level2 == i.level2
        rows.append(
            [
                GridCell("" if same1 else i.level1),
                GridCell("" if same2 else i.level2),
                GridCell(i.name),
                GridCell(i.target),
                GridCell(i.basis),
                GridCell(i.prior_value),
                GridCell(weight_text(i.weight) if i.weight is not None else None),
                GridCell(i.scoring_rule),
                GridCell(None),
            ]
        )
        previous = i
    return rows, 4


# ---------------------------------------------------------------- XLSX
_TEXT_FONT = "宋体"


def document_workbook(doc: Document) -> Workbook:
    """Every table (one sheet each), the prose parts and each 绩效目标表 (one sheet each).

    Sheets in the document's order: 第一部分 概况, 表1 … 表10, 第三部分 情况说明,
    绩效目标表 1 … n, 第四部分 名词解释.
    """
    from openpyxl.styles import Alignment, Font

    from yusuan.render.xlsx import tables_workbook

    wb = tables_workbook(doc.tables)
    table_sheets = len(doc.tables)
    plain = Font(name=_TEXT_FONT, size=11)
    fonts = {
        "part": Font(name=_TEXT_FONT, size=16, bold=True),
        "h1": Font(name=_TEXT_FONT, size=12, bold=True),
        "h2": Font(name=_TEXT_FONT, size=11, bold=True),
    }
    wrap = Alignment(wrap_text=True, vertical="top")
    centred = Alignment(horizontal="center", vertical="center")
    right = Alignment(horizontal="right")

    def text_sheet(title: str, blocks: list[Block], index: int | None) -> None:
        ws = wb.create_sheet(_sheet_title(title), index)
        ws.column_dimensions["A"].width = 110
        for row, block in enumerate(blocks, start=1):
            cell = _text_cell(ws, row, 1, block.text)
            cell.font = fonts.get(block.kind, plain)
            cell.alignment = (
                centred if block.kind == "part" else right if block.kind == "signature" else wrap
            )
            if block.kind == "p":
                # a row tall enough for the wrapped text (about 52 CJK characters a line)
                ws.row_dimensions[row].height = 15 * (1 + len(block.text) // 52)
        ws.sheet_view.showGridLines = False
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    sections = _by_part(doc.blocks)
    position = 0
    for title, blocks in sections:
        placeholders = [b.kind for b in blocks]
        text = [b for b in blocks if b.kind not in ("tables", "performance")]
        if "tables" in placeholders:
            position += table_sheets  # the tables stand for part 2
            continue
        text_sheet(title, text, position)
        position += 1
        if "performance" in placeholders:
            for i, pt in enumerate(doc.performance, start=1):
                ws = wb.create_sheet(_sheet_title(f"绩效目标表{i} {pt.project}"), position)
                _performance_sheet(ws, pt, doc)
                position += 1
    wb.properties.title = doc.title
    return wb


def _text_cell(ws: Worksheet, row: int, column: int, value: Any) -> Any:
    """A cell holding ``value``; text starting with “=” (a target such as “=5辆”) stays text,
    which openpyxl would otherwise write as a formula that reads back empty."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def _performance_sheet(ws: Worksheet, pt: StatedPerformanceTable, doc: Document) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    plain = Font(name=_TEXT_FONT, size=10)
    ncols = len(INDICATOR_COLUMNS)
    ws.cell(row=1, column=1, value=PERFORMANCE_TITLE).font = Font(
        name=_TEXT_FONT, size=16, bold=True
    )
    ws.cell(row=2, column=1, value=f"（{doc.year} 年）").font = plain
    for r in (1, 2):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncols)
        ws.cell(row=r, column=1).alignment = Alignment(horizontal="center")
    rows, header_at = performance_grid(pt, doc)
    first = 3
    for r, grid_row in enumerate(rows, start=first):
        c = 1
        for cell in grid_row:
            target = _text_cell(ws, r, c, cell.value)
            target.font = plain
            target.alignment = Alignment(
                horizontal="center" if cell.header else "right" if cell.number else "left",
                vertical="center",
                wrap_text=True,
            )
            if cell.number:
                target.number_format = "#,##0.00"
            for k in range(cell.colspan):
                ws.cell(row=r, column=c + k).border = border
            if cell.colspan > 1:
                ws.merge_cells(
                    start_row=r, start_column=c, end_row=r, end_column=c + cell.colspan - 1
                )
            c += cell.colspan
        longest = max(len(str(cell.value or "")) / cell.colspan for cell in grid_row)
        ws.row_dimensions[r].height = 15 * max(1, 1 + int(longest) // 9)
    for i, width in enumerate((10, 12, 18, 14, 12, 10, 10, 14, 10), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.print_title_rows = f"{first + header_at}:{first + header_at}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.sheet_view.showGridLines = False


def _sheet_title(title: str) -> str:
    for bad in "[]:*?/\\":
        title = title.replace(bad, "_")
    return title[:31]


def _by_part(blocks: tuple[Block, ...]) -> list[tuple[str, list[Block]]]:
    """Blocks grouped by part (title: the part's title without the department)."""
    out: list[tuple[str, list[Block]]] = []
    for block in blocks:
        if block.kind == "part" or not out:
            title = " ".join(block.text.split()[:1]) if block.kind == "part" else "前言"
            out.append((_PART_SHORT.get(title, title), []))
        out[-1][1].append(block)
    return out


_PART_SHORT = {
    "第一部分": "第一部分 概况",
    "第二部分": "第二部分 公开表",
    "第三部分": "第三部分 情况说明",
    "第四部分": "第四部分 名词解释",
}


def write_document_xlsx(budget: Budget, path: str | Path) -> None:
    """Write the whole disclosure of ``budget`` as a workbook."""
    document_workbook(document(budget)).save(str(path))
