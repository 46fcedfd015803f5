"""What the pages and the API show, computed from a stored disclosure.

Tables are drawn from the tables *as stated* (what a parsed document prints; for a compiled
budget the same as its compiled tables), laid out in the official column trees.  Charts and
comparisons read the same stated tables, so a parsed document and a budget file look alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from yusuan.catalog import display_code
from yusuan.compile import compile_tables
from yusuan.compile.layouts import table_layout
from yusuan.compile.table import Cell, Column, ColumnGroup, Row, Table
from yusuan.model.budget import Budget, Department
from yusuan.model.disclosure import PART_LABELS, Disclosure, StatedRow, StatedTable
from yusuan.model.money import ZERO
from yusuan.store import FileInfo

TABLE_ORDER = (
    "overview",
    "revenue",
    "expenditure",
    "fiscal_overview",
    "general_budget_expenditure",
    "general_budget_basic",
    "general_budget_projects",
    "fund_budget_expenditure",
    "state_capital_expenditure",
    "three_public",
)


@cache
def _empty_tables(year: int) -> dict[str, Table]:
    """The ten tables of an empty budget: their column trees are the official layout."""
    empty = Budget(year=year, department=Department(name="-"))
    return {t.key: t for t in compile_tables(empty)}


@cache
def _revenue_levels() -> dict[str, int]:
    out: dict[str, int] = {}
    for key in ("overview", "fiscal_overview"):
        spec = table_layout(key)
        for row in spec.get("revenue_rows", []) + spec.get("carryover_rows", []):
            out.setdefault(f"rev:{row['label']}", int(row.get("level", 0)))
    return out


def _level(row: StatedRow) -> int:
    code = row.code or (row.key if row.key.isdigit() else None)
    if code and code.isdigit():
        return {3: 0, 5: 1, 7: 2}.get(len(code), 0)
    if row.kind == "project":
        return 3
    return _revenue_levels().get(row.key, 0)


def _cell(column: Column, row: StatedRow) -> Cell:
    if column.kind == "money":
        return row.values.get(column.key)
    return row.texts.get(column.key)


def display_table(stated: StatedTable, year: int) -> Table:
    """A stated table as a :class:`Table` in the official layout (for the render macro)."""
    template = _empty_tables(year if 2000 <= year <= 2100 else 2023).get(stated.key)
    if template is None:
        columns = tuple(Column(k, k, "money") for k in stated.columns)
        tree = tuple(ColumnGroup(c.label, column=c) for c in columns)
        number, title = stated.number or 0, stated.title
    else:
        tree, number, title = template.tree, template.number, stated.title or template.title
        columns = template.columns
    rows = tuple(
        Row(
            key=r.key,
            kind=r.kind,
            cells=tuple(_cell(c, r) for c in columns),
            level=_level(r),
            code=r.code,
        )
        for r in stated.rows
    )
    return Table(
        number=stated.number or number,
        key=stated.key,
        title=title,
        department=stated.department or "",
        year=year,
        tree=tree,
        rows=rows,
        unit=stated.unit,
        note=stated.note,
    )


def display_tables(disclosure: Disclosure) -> list[Table]:
    """The tables to show, in the official order; compiled budgets use the compiler's own."""
    if disclosure.origin == "compiled" and disclosure.budget is not None:
        return list(compile_tables(disclosure.budget))
    year = disclosure.year or 2023
    ordered = sorted(
        disclosure.tables.values(),
        key=lambda t: (TABLE_ORDER.index(t.key) if t.key in TABLE_ORDER else 99, t.number or 0),
    )
    return [display_table(t, year) for t in ordered]


def tables_json(disclosure: Disclosure) -> list[dict[str, Any]]:
    out = []
    for table in display_tables(disclosure):
        out.append(
            {
                "number": table.number,
                "key": table.key,
                "title": table.title,
                "unit": table.unit,
                "note": table.note,
                "columns": [
                    {"key": c.key, "label": c.label, "kind": c.kind} for c in table.columns
                ],
                "rows": [
                    {
                        "key": r.key,
                        "kind": r.kind,
                        "code": r.code,
                        "cells": [format(c, "f") if isinstance(c, Decimal) else c for c in r.cells],
                    }
                    for r in table.rows
                ],
            }
        )
    return out


# --- charts -----------------------------------------------------------------------------


def _f(value: Decimal | None) -> float:
    """Chart values only (display, never arithmetic): a float rounded to the cent."""
    return float(value or ZERO)


def _name(row: StatedRow) -> str:
    return row.texts.get("name") or row.label or row.key


def _coded(table: StatedTable | None, length: int) -> list[StatedRow]:
    if table is None:
        return []
    return [r for r in table.rows if r.code and len(r.code) == length and r.kind != "total"]


def functional_tree(disclosure: Disclosure) -> list[dict[str, Any]]:
    """表3 as a tree 类 → 款 → 项 with amounts (treemap / sunburst)."""
    table = disclosure.tables.get("expenditure")
    nodes: list[dict[str, Any]] = []
    for cat in _coded(table, 3):
        sections = []
        for sec in _coded(table, 5):
            if sec.code and cat.code and sec.code.startswith(cat.code):
                items = [
                    {"name": f"{i.code} {_name(i)}", "value": _f(i.values.get("total"))}
                    for i in _coded(table, 7)
                    if i.code and sec.code and i.code.startswith(sec.code)
                ]
                sections.append(
                    {
                        "name": f"{sec.code} {_name(sec)}",
                        "value": _f(sec.values.get("total")),
                        "children": [i for i in items if i["value"]],
                    }
                )
        nodes.append(
            {
                "name": f"{cat.code} {_name(cat)}",
                "value": _f(cat.values.get("total")),
                "children": [s for s in sections if s["value"]],
            }
        )
    return [n for n in nodes if n["value"]]


def _total_row(table: StatedTable | None) -> StatedRow | None:
    if table is None:
        return None
    return table.row("total") or next((r for r in table.rows if r.kind == "total"), None)


def economic_bars(disclosure: Disclosure) -> dict[str, Any]:
    """Economic 类: 基本支出 (表6) and 项目支出 (表7 column totals), 一般公共预算."""
    basic = {r.code or "": r for r in _coded(disclosure.tables.get("general_budget_basic"), 3)}
    projects = _total_row(disclosure.tables.get("general_budget_projects"))
    codes = sorted(
        set(basic)
        | {k for k, v in (projects.values if projects else {}).items() if k.isdigit() and v}
    )
    names = {code: _name(row) for code, row in basic.items()}
    for node in _empty_tables(disclosure.year or 2023)["general_budget_projects"].columns:
        if node.key.isdigit():
            names.setdefault(node.key, node.label)
    return {
        "categories": [f"{c} {names.get(c, '')}".strip() for c in codes],
        "basic": [_f(basic[c].values.get("total")) if c in basic else 0.0 for c in codes],
        "project": [_f(projects.values.get(c)) if projects else 0.0 for c in codes],
    }


def basic_vs_project(disclosure: Disclosure) -> list[dict[str, Any]]:
    total = _total_row(disclosure.tables.get("expenditure"))
    if total is None:
        return []
    return [
        {"name": "基本支出", "value": _f(total.values.get("basic"))},
        {"name": "项目支出", "value": _f(total.values.get("project"))},
    ]


_SOURCE_COLUMNS = (
    "general_budget",
    "general_budget_transfer",
    "government_fund",
    "government_fund_transfer",
    "state_capital",
    "state_capital_transfer",
    "special_account",
    "unit_funds",
    "carryover_fiscal",
    "carryover_non_fiscal",
)


def fund_sources(disclosure: Disclosure) -> list[dict[str, Any]]:
    """资金来源 from the total row of 表2."""
    total = _total_row(disclosure.tables.get("revenue"))
    if total is None:
        return []
    labels = {c.key: c.label for c in _empty_tables(disclosure.year or 2023)["revenue"].columns}
    out = []
    for key in _SOURCE_COLUMNS:
        value = total.values.get(key)
        if value:
            out.append({"name": labels.get(key, key), "value": _f(value)})
    return out


def category_totals(disclosure: Disclosure) -> dict[str, tuple[str, Decimal]]:
    """Functional 类 → (name, 表3 total)."""
    table = disclosure.tables.get("expenditure")
    return {r.code: (_name(r), r.values.get("total") or ZERO) for r in _coded(table, 3) if r.code}


def year_over_year(current: Disclosure, prior: Disclosure) -> dict[str, Any]:
    now, before = category_totals(current), category_totals(prior)
    codes = sorted(set(now) | set(before))
    now_total = _total_row(current.tables.get("expenditure"))
    before_total = _total_row(prior.tables.get("expenditure"))
    return {
        "years": [prior.year, current.year],
        "categories": ["合计"]
        + [f"{c} {(now.get(c) or before.get(c) or ('', ZERO))[0]}" for c in codes],
        "prior": [_f(before_total.values.get("total") if before_total else None)]
        + [_f(before[c][1]) if c in before else 0.0 for c in codes],
        "current": [_f(now_total.values.get("total") if now_total else None)]
        + [_f(now[c][1]) if c in now else 0.0 for c in codes],
    }


def charts(disclosure: Disclosure, prior: Disclosure | None = None) -> dict[str, Any]:
    return {
        "functional": functional_tree(disclosure),
        "economic": economic_bars(disclosure),
        "basic_project": basic_vs_project(disclosure),
        "sources": fund_sources(disclosure),
        "year_over_year": year_over_year(disclosure, prior) if prior is not None else None,
    }


# --- comparison ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    table: int
    table_key: str
    title: str
    row: str
    label: str
    column: str
    column_label: str
    a: Decimal | None
    b: Decimal | None

    @property
    def delta(self) -> Decimal:
        return (self.b or ZERO) - (self.a or ZERO)

    def to_dict(self) -> dict[str, Any]:
        def s(v: Decimal | None) -> str | None:
            return None if v is None else format(v, "f")

        return {
            "table": self.table,
            "table_key": self.table_key,
            "row": self.row,
            "label": self.label,
            "column": self.column,
            "column_label": self.column_label,
            "a": s(self.a),
            "b": s(self.b),
            "difference": format(self.delta, "f"),
        }


def _row_label(rows: tuple[StatedRow | None, ...], column: str) -> str:
    """The label a reader knows the row by, for the side of the table ``column`` is on."""
    present = [r for r in rows if r is not None]
    for side in ("revenue", "expenditure"):  # 表1 and 表4 hold two sides in one row
        if column.startswith(side):
            for r in present:
                if f"{side}_label" in r.texts:
                    return r.texts[f"{side}_label"]
            if present[0].key == "total":
                return "收入总计" if side == "revenue" else "支出总计"
    first = present[0]
    if first.kind == "project":
        return first.texts.get("project", first.label)
    code = f"{first.code} " if first.code else ""
    return f"{code}{first.label or first.texts.get('name', '') or first.key}".strip()


def compare(a: Disclosure, b: Disclosure, only_changes: bool = False) -> list[Difference]:
    """Every money cell stated in either disclosure, row by row, table by table."""
    out: list[Difference] = []
    year = a.year or b.year or 2023
    templates = _empty_tables(year)
    for key in TABLE_ORDER:
        ta, tb = a.tables.get(key), b.tables.get(key)
        if ta is None and tb is None:
            continue
        template = templates[key]
        labels = {c.key: c.label for c in template.columns}
        money = [c.key for c in template.columns if c.kind == "money"]
        keys: list[str] = []
        for table in (ta, tb):
            for r in table.rows if table else ():
                if r.key not in keys:
                    keys.append(r.key)
        for row_key in keys:
            ra = ta.row(row_key) if ta else None
            rb = tb.row(row_key) if tb else None
            for col in money:
                va = ra.values.get(col) if ra else None
                vb = rb.values.get(col) if rb else None
                if not va and not vb:
                    continue
                if only_changes and (va or ZERO) == (vb or ZERO):
                    continue
                out.append(
                    Difference(
                        table=template.number,
                        table_key=key,
                        title=template.title,
                        row=row_key,
                        label=_row_label((ra, rb), col),
                        column=col,
                        column_label=labels.get(col, col),
                        a=va,
                        b=vb,
                    )
                )
    return out


def finding_place(
    disclosure: Disclosure,
    table: int | None,
    row: str | None,
    column: str | None,
    line: int | None,
    part: str | None = None,
    files: Sequence[FileInfo] = (),
) -> str:
    """Where a finding points, in the words printed on the page (not the internal keys).

    ``表2 “208 05 行政事业单位养老支出”行 “总计”列 第 223 行`` rather than
    ``表2 “20805”行 “total”列``; in a document of several ``files``, the file and its own
    line too (``第 400 行（表格.pdf 第 35 行）``).
    """
    bits: list[str] = []
    stated = next((t for t in disclosure.tables.values() if t.number == table), None)
    if table is not None:
        bits.append(f"表{table}")
    elif part:
        bits.append(PART_LABELS.get(part, part))
    if row:
        bits.append(f"“{_finding_row(stated, row, column)}”行")
    if column:
        bits.append(f"“{_column_label(stated, disclosure.year or 2023, column)}”列")
    if line is not None:
        bits.append(f"第 {line} 行{line_in_file(files, line)}")
    return " ".join(bits) or "全文"


def line_in_file(files: Sequence[FileInfo], line: int | None) -> str:
    """``（表格.pdf 第 35 行）``: which of several files line ``line`` of the document read as
    one is in, and its line there; empty for a document of one file."""
    if line is None:
        return ""
    for f in files:
        if f.first_line is not None and f.holds(line):
            return f"（{f.filename} 第 {line - f.first_line + 1} 行）"
    return ""


def _finding_row(stated: StatedTable | None, key: str, column: str | None) -> str:
    found = stated.row(key) if stated is not None else None
    if found is not None and column:
        for side in ("revenue", "expenditure"):  # 表1 and 表4: two sides in one printed row
            if column.startswith(side) and f"{side}_label" in found.texts:
                return found.texts[f"{side}_label"]
    code = found.code if found is not None and found.code else (key if key.isdigit() else None)
    label = found.label.strip() if found is not None else ""
    if code:
        return f"{display_code(code)} {label}".strip()
    if label:
        return label
    if key == "total" or key.startswith("total#"):
        return "合计"
    return key.removeprefix("project:").removeprefix("rev:")


def _column_label(stated: StatedTable | None, year: int, key: str) -> str:
    if stated is None:
        return key
    for col in display_table(stated, year).columns:
        if col.key == key:
            return col.label
    return key
