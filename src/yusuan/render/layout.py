"""How a compiled table reads on the page: shared by the HTML, XLSX and terminal renderers.

A :class:`~yusuan.compile.Table` holds typed cells; this module decides what each cell shows
(thousands separators, blank zeros), which cells merge (the label of a total row spans the
empty code columns before it, as ``合 计`` does in the official tables), and which text cell
carries the indentation of ``Row.level``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from yusuan.compile.table import Column, ColumnGroup, ColumnKind, Row, Table
from yusuan.model.money import fmt_money

#: Tables at least this many columns wide are printed on landscape pages.
WIDE_COLUMNS = 9


@dataclass(frozen=True)
class DisplayCell:
    """One cell as shown: its text, the amount behind it (money cells), its span."""

    text: str
    kind: ColumnKind
    column: Column
    amount: Decimal | None = None  # non-zero amounts only; zero and missing show blank
    colspan: int = 1
    indent: int = 0  # levels of indentation (text cells)


def money_text(value: Decimal | None) -> str:
    """``5935.22`` → ``5,935.22``; zero and missing → blank, as the official tables print."""
    return fmt_money(value, blank_zero=True)


def indent_column(table: Table) -> int | None:
    """Index of the text column that carries ``Row.level`` (the first text column)."""
    for i, col in enumerate(table.columns):
        if col.kind == "text":
            return i
    return None


def display_cells(table: Table, row: Row) -> list[DisplayCell]:
    """The cells of ``row`` as drawn, with the empty cells before a total label merged."""
    columns = table.columns
    indented = indent_column(table)
    out: list[DisplayCell] = []
    pending = 0  # empty leading cells of a total row waiting to merge into its label
    for i, (col, value) in enumerate(zip(columns, row.cells, strict=True)):
        if col.kind == "money":
            amount = value if isinstance(value, Decimal) and value != 0 else None
            out.extend(_flush(columns, i, pending))
            pending = 0
            out.append(DisplayCell(money_text(amount), "money", col, amount))
            continue
        text = "" if value is None else str(value)
        if row.kind == "total" and not text and not out:
            pending += 1
            continue
        indent = row.level if i == indented and row.kind != "total" else 0
        out.append(DisplayCell(text, col.kind, col, colspan=pending + 1, indent=indent))
        pending = 0
    out.extend(_flush(columns, len(columns), pending))
    return out


def _flush(columns: tuple[Column, ...], end: int, pending: int) -> list[DisplayCell]:
    """Empty cells that did not find a label to merge into stay as they were."""
    return [DisplayCell("", columns[j].kind, columns[j]) for j in range(end - pending, end)]


def header_labels(table: Table) -> list[str]:
    """One label per leaf column with its group path (``财政拨款（补助）/一般公共预算``)."""
    labels: list[str] = []

    def walk(node: ColumnGroup, path: tuple[str, ...]) -> None:
        if node.column:
            labels.append("\n".join((*path, node.label)))
            return
        for child in node.children:
            walk(child, (*path, node.label))

    for node in table.tree:
        walk(node, ())
    return labels


def is_wide(table: Table) -> bool:
    """Printed on a landscape page (many columns)."""
    return len(table.columns) >= WIDE_COLUMNS


def is_compact(table: Table) -> bool:
    """Printed narrower (smaller type, narrower columns): the layout asks for it."""
    return bool(table.meta.get("compact"))


def sheet_name(table: Table) -> str:
    """``表1 部门收支总体情况表`` — at most 31 characters, as Excel requires."""
    name = f"表{table.number} {table.title}"
    for bad in "[]:*?/\\":
        name = name.replace(bad, "_")
    return name[:31]
