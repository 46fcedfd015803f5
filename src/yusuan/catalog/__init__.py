"""政府收支分类科目: the official code lists as data files, looked up by year.

Files live in ``yusuan/data/catalog/<year>/functional.csv`` and ``economic.csv`` with
columns ``code,name,level,parent,source``.  A lookup of an unknown code returns ``None``;
it never raises.

A year's file may start with the comment ``# inherits: <year>``: it then holds only what
changed (new codes, new names) and every other entry comes from that earlier year.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Literal

Level = Literal["类", "款", "项"]


class CodeKind(StrEnum):
    functional = "functional"  # 支出功能分类
    economic = "economic"  # 部门预算支出经济分类


_LEVEL_BY_LENGTH: dict[CodeKind, dict[int, Level]] = {
    CodeKind.functional: {3: "类", 5: "款", 7: "项"},
    CodeKind.economic: {3: "类", 5: "款"},
}


def level_of(kind: CodeKind, code: str) -> Level | None:
    """The level a code's length implies, or None when the code is malformed."""
    if not code.isdigit():
        return None
    return _LEVEL_BY_LENGTH[kind].get(len(code))


def parent_of(code: str) -> str | None:
    """``2013101`` → ``20131`` → ``201`` → None."""
    return code[:-2] if len(code) > 3 else None


def display_code(code: str) -> str:
    """``2013101`` → ``201 31 01`` (the way tables print codes)."""
    parts = [code[:3]] + [code[i : i + 2] for i in range(3, len(code), 2)]
    return " ".join(parts)


@dataclass(frozen=True)
class CatalogEntry:
    code: str
    name: str
    level: Level
    parent: str | None
    kind: CodeKind
    source: str = ""


@dataclass(frozen=True)
class Catalog:
    """The code lists of one year."""

    year: int
    functional: Mapping[str, CatalogEntry] = field(default_factory=dict)
    economic: Mapping[str, CatalogEntry] = field(default_factory=dict)

    def table(self, kind: CodeKind) -> Mapping[str, CatalogEntry]:
        return self.functional if kind is CodeKind.functional else self.economic

    def get(self, kind: CodeKind, code: str) -> CatalogEntry | None:
        return self.table(kind).get(code)

    def name(self, kind: CodeKind, code: str) -> str | None:
        entry = self.get(kind, code)
        return entry.name if entry else None

    def categories(self, kind: CodeKind) -> list[CatalogEntry]:
        """All 类 of a kind in code order (表1 and 表4 list every 类)."""
        return sorted(
            (e for e in self.table(kind).values() if e.level == "类"), key=lambda e: e.code
        )

    def with_entries(self, entries: Iterable[CatalogEntry]) -> Catalog:
        """A copy with extra entries (a budget file's own ``codes``) added."""
        functional = dict(self.functional)
        economic = dict(self.economic)
        for entry in entries:
            (functional if entry.kind is CodeKind.functional else economic)[entry.code] = entry
        return Catalog(self.year, functional, economic)

    def __iter__(self) -> Iterator[CatalogEntry]:
        yield from self.functional.values()
        yield from self.economic.values()


def available_years() -> list[int]:
    root = resources.files("yusuan").joinpath("data", "catalog")
    return sorted(int(p.name) for p in root.iterdir() if p.name.isdigit())


_INHERITS = re.compile(r"^#\s*inherits:\s*(\d{4})\s*$")


def _read(year: int, kind: CodeKind) -> dict[str, CatalogEntry]:
    path = resources.files("yusuan").joinpath("data", "catalog", str(year), f"{kind.value}.csv")
    entries: dict[str, CatalogEntry] = {}
    with path.open(encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    for line in lines:
        if not line.startswith("#"):
            break
        match = _INHERITS.match(line)
        if match:
            base = int(match.group(1))
            if base >= year:
                raise ValueError(f"{path}: 只能沿用更早年份的科目表（{base}）")
            entries.update(_read(base, kind))
    rows = (line for line in lines if not line.startswith("#"))
    for row in csv.DictReader(rows):
        code = row["code"].strip()
        level = level_of(kind, code)
        if level is None or level != row["level"].strip():
            raise ValueError(f"{path}: 编码 {code} 的级次 {row['level']} 与长度不符")
        entries[code] = CatalogEntry(
            code=code,
            name=row["name"].strip(),
            level=level,
            parent=row["parent"].strip() or None,
            kind=kind,
            source=row.get("source", "").strip(),
        )
    return entries


@cache
def load_catalog(year: int) -> Catalog:
    """The catalog for ``year``: that year's files, else the latest earlier year's."""
    years = available_years()
    usable = [y for y in years if y <= year] or years[:1]
    chosen = usable[-1]
    return Catalog(
        year=chosen,
        functional=_read(chosen, CodeKind.functional),
        economic=_read(chosen, CodeKind.economic),
    )
