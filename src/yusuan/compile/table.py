"""Tables as data: columns (a tree for multi-level headers), rows of typed cells."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from yusuan.model.money import ZERO

ColumnKind = Literal["code", "text", "money"]
RowKind = Literal["item", "subtotal", "total", "heading", "project"]
Cell = Decimal | str | None


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ColumnKind


@dataclass(frozen=True)
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class ColumnGroup:
    """A node of the column tree: a leaf column or a labelled group of children."""

    label: str
    column: Column | None = None
    children: tuple[ColumnGroup, ...] = ()

    @property
    def width(self) -> int:
        return 1 if self.column else sum(c.width for c in self.children)

    @property
    def depth(self) -> int:
        return 1 if self.column else 1 + max(c.depth for c in self.children)

    def leaves(self) -> Iterator[Column]:
        if self.column:
            yield self.column
        for child in self.children:
            yield from child.leaves()


@dataclass(frozen=True)
class Row:
    key: str  # stable id: a code, a project name, "total", "rev:…"
    kind: RowKind
    cells: tuple[Cell, ...]
    level: int = 0  # 0 类 / 1 款 / 2 项 (indent)
    code: str | None = None


@dataclass(frozen=True)
class Table:
    number: int
    key: str
    title: str
    department: str
    year: int
    tree: tuple[ColumnGroup, ...]
    rows: tuple[Row, ...]
    unit: str = "万元"
    note: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(leaf for node in self.tree for leaf in node.leaves())

    def column_index(self, key: str) -> int:
        for i, col in enumerate(self.columns):
            if col.key == key:
                return i
        raise KeyError(f"表{self.number}没有列 {key}")

    def header_rows(self) -> list[list[HeaderCell]]:
        """Header rows with colspan/rowspan, as the official tables draw them."""
        depth = max(node.depth for node in self.tree)
        out: list[list[HeaderCell]] = [[] for _ in range(depth)]

        def place(node: ColumnGroup, row: int) -> None:
            if node.column:
                out[row].append(HeaderCell(node.label, 1, depth - row))
                return
            out[row].append(HeaderCell(node.label, node.width, 1))
            for child in node.children:
                place(child, row + 1)

        for node in self.tree:
            place(node, 0)
        return out

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(f"表{self.number}没有行 {key}")

    def value(self, row_key: str, column_key: str) -> Cell:
        return self.row(row_key).cells[self.column_index(column_key)]

    def money(self, row_key: str, column_key: str) -> Decimal:
        cell = self.value(row_key, column_key)
        return cell if isinstance(cell, Decimal) else ZERO

    @property
    def is_empty(self) -> bool:
        """No non-zero amount anywhere (an 空表)."""
        return not any(isinstance(c, Decimal) and c != 0 for r in self.rows for c in r.cells)
